/*
 * sandbox.c - one trace, one child process (see sandbox.h).
 *
 * The child reports its result through a pipe and ends with _exit(0); any
 * other ending (a signal, an exit status, no result) means the allocator
 * stopped it. A handler for the fatal signals runs on its own stack (so
 * that a stack overflow can be reported too), records the signal, the
 * faulting address and where that address lies relative to the heap in the
 * shared progress page, and lets the signal kill the child.
 */
#define _GNU_SOURCE
#include "sandbox.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "memlib.h"

static struct progress private_progress;
struct progress *progress = &private_progress;

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS};

const char *phase_name(enum phase phase)
{
    switch (phase) {
    case PHASE_STARTING: return "before the first op";
    case PHASE_INIT: return "in mm_init";
    case PHASE_CHECK_1: return "during the checked replay";
    case PHASE_CHECK_2: return "during the second run of the trace (does mm_init reset all state?)";
    case PHASE_TIMING: return "during the timed replay";
    case PHASE_REFERENCE: return "during the reference allocator's timed replay";
    default: return "after the replays";
    }
}

/* The top of the child's stack and how far it may grow down. */
static uintptr_t stack_top, stack_reach;

static enum fault_region region_of(uintptr_t addr)
{
    uintptr_t lo = (uintptr_t)mem_heap_lo(), brk = lo + mem_heapsize();
    if (addr <= stack_top && stack_top - addr <= stack_reach)
        return FAULT_STACK;
    if (addr < 4096)
        return FAULT_NEAR_NULL;
    if (addr >= (uintptr_t)mem_arena_lo() && addr < (uintptr_t)mem_arena_hi())
        return addr < brk ? FAULT_IN_HEAP : FAULT_ABOVE_BREAK;
    if (addr < lo && lo - addr <= 65536)
        return FAULT_BELOW_HEAP;
    return FAULT_ELSEWHERE;
}

static void on_fatal_signal(int signo, siginfo_t *info, void *context)
{
    (void)context;
    progress->signal = signo;
    progress->fault_address = (uintptr_t)info->si_addr;
    progress->fault_region = region_of((uintptr_t)info->si_addr);
    /* Returning re-runs the faulting instruction under the default action
     * (abort() raises again itself); for signals sent with kill, raise. */
    signal(signo, SIG_DFL);
    if (info->si_code <= 0)
        raise(signo);
}

static void install_fatal_handlers(void)
{
    static char alternate_stack[1 << 16];
    stack_t ss = {.ss_sp = alternate_stack, .ss_size = sizeof alternate_stack};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fatal_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++)
        sigaction(fatal_signals[i], &sa, NULL);
}

static double wall_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void run_in_child(void (*body)(void *, void *), void *arg, void *result,
                         size_t result_size, int fd)
{
    char here;
    struct rlimit limit;
    stack_top = (uintptr_t)&here;
    stack_reach = getrlimit(RLIMIT_STACK, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY
                      ? (uintptr_t)limit.rlim_cur + (1u << 20)
                      : (uintptr_t)64 << 20;
    install_fatal_handlers();
    body(arg, result);
    const char *p = result;
    size_t left = result_size;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            _exit(3);
        p += n;
        left -= (size_t)n;
    }
    _exit(0);
}

void sandbox_run(void (*body)(void *arg, void *result), void *arg, void *result,
                 size_t result_size, unsigned timeout_secs, bool isolate,
                 void (*tick)(void *arg, const struct progress *now),
                 struct sandbox_report *report)
{
    memset(report, 0, sizeof *report);
    if (!isolate) {
        memset(&private_progress, 0, sizeof private_progress);
        progress = &private_progress;
        body(arg, result);
        report->ending = ENDED_NORMALLY;
        report->last = private_progress;
        return;
    }
    struct progress *shared = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE,
                                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int fds[2];
    if (shared == MAP_FAILED || pipe(fds) != 0) {
        perror("mdriver: cannot start a child process");
        exit(2);
    }
    memset(shared, 0, sizeof *shared);
    fflush(NULL);
    pid_t child = fork();
    if (child < 0) {
        perror("mdriver: fork");
        exit(2);
    }
    if (child == 0) {
        close(fds[0]);
        progress = shared;
        run_in_child(body, arg, result, result_size, fds[1]);
    }
    close(fds[1]);
    size_t received = 0;
    double deadline = wall_seconds() + timeout_secs;
    bool timed_out = false;
    for (;;) {
        struct pollfd pfd = {.fd = fds[0], .events = POLLIN};
        int ready = poll(&pfd, 1, 200);
        if (ready > 0) {
            ssize_t n = read(fds[0], (char *)result + received, result_size - received);
            if (n == 0 || (n < 0 && errno != EINTR))
                break;
            if (n > 0)
                received += (size_t)n;
            if (received == result_size)
                break;
        }
        if (tick != NULL)
            tick(arg, shared);
        if (timeout_secs > 0 && wall_seconds() > deadline) {
            timed_out = true;
            kill(child, SIGKILL);
            break;
        }
    }
    close(fds[0]);
    int status;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR)
        ;
    report->last = *shared;
    munmap(shared, sizeof *shared);
    if (timed_out)
        report->ending = ENDED_TIMEOUT;
    else if (WIFSIGNALED(status)) {
        report->ending = ENDED_SIGNAL;
        report->signal = WTERMSIG(status);
    } else if (received == result_size && WEXITSTATUS(status) == 0)
        report->ending = ENDED_NORMALLY;
    else {
        report->ending = ENDED_EXIT;
        report->exit_status = WEXITSTATUS(status);
    }
}

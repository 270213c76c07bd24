/*
 * sandbox.c - starting, talking to and ending the allocator's process
 * (see sandbox.h; the protocol is in mailbox.h).
 *
 * The driver starts the host program with posix_spawn, in a process group
 * of its own, with only the descriptors of mailbox.h open (a checked
 * replay's arena is a new memfd, a timed replay's heap the process's own
 * fresh memory, so every replay's heap starts all zero), nothing of the
 * driver's environment, and address-space randomization off (set once for
 * the driver's children), so that the same allocator makes the same
 * addresses every time.
 *
 * Waiting for a reply, the driver spins briefly, then sleeps in slices of
 * WAIT_SLICE_MS; after each slice it checks whether the process ended (the
 * exit status the kernel reports is the only account of that it believes),
 * whether time ran out, and shows the allocator's output. When time runs
 * out it sends SIGXCPU, which the host's handler answers with a fault
 * report (where it was looping), and SIGKILL soon after.
 *
 * The driver is its processes' subreaper, so a process that the allocator
 * managed to start (only possible where seccomp is unavailable) is
 * reparented to the driver and killed when the host ends.
 *
 * A 32-bit driver that runs under qemu-i386, because the kernel cannot run
 * 32-bit programs, is told so by MDRIVER_EMULATOR (the emulator's path, set
 * by ./mdriver of a 32-bit build): it starts the host program under the
 * same emulator. qemu-user does not pass a guest's seccomp filter on to the
 * kernel (it refuses to install it, since the filter would also bind the
 * emulator's own system calls), so such a process is unconfined, and the
 * driver says so once.
 */
#define _GNU_SOURCE
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "seccomp.h"
#include "symbolize.h"
#include "syscalls.h"

enum {
    WAIT_SLICE_MS = 10,     /* between checks on a process that is quiet */
    TICK_MS = 100,          /* between progress displays */
    GRACE_MS = 300,         /* for a process to die of SIGXCPU */
    EXIT_WAIT_SECS = 60,    /* for valgrind to write its counts and exit */
    LIBC_HEAP_BYTES = 1 << 20,
    HIGH_FD = 100,          /* descriptors are moved here before spawning */
};


static const char *host_program;
static bool unconfined_reported;

/* The emulator this driver runs under, or NULL (see the top). Only a
 * 32-bit driver is ever emulated: a 64-bit one ignores the variable, so
 * that nothing in its environment can start the allocator unconfined. */
static const char *emulator(void)
{
    if (sizeof(void *) != 4)
        return NULL;
    const char *path = getenv("MDRIVER_EMULATOR");
    return path != NULL && *path != '\0' ? path : NULL;
}

void sandbox_set_host_program(const char *path)
{
    host_program = path;
    /* Same addresses in every run; orphans come back to the driver. */
    int persona = personality(0xffffffff);
    if (persona != -1)
        personality((unsigned long)persona | ADDR_NO_RANDOMIZE);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    /* Undumpable: no other process of this user, the allocator's
     * included, may open this one's descriptors through /proc/PID/fd
     * (its standard output carries the result) or read its memory. */
    prctl(PR_SET_DUMPABLE, 0);
}

double monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- verdicts about endings ------------------------------------------ */

static const char *entry_of(enum request request)
{
    switch (request) {
    case REQUEST_INIT: return "mm_init";
    case REQUEST_MALLOC: return "mm_malloc";
    case REQUEST_FREE: return "mm_free";
    case REQUEST_REALLOC: return "mm_realloc";
    case REQUEST_CALLOC: return "mm_calloc";
    case REQUEST_CHECKHEAP: return "mm_checkheap";
    default: return "";
    }
}

/* The op a timed replay was at: the first without an answer. */
static void locate_in_replay(struct host *h)
{
    if (h->answers == NULL)
        return;
    uint32_t i = 0;
    while (i < h->spec.op_count && h->answers[i] != 0)
        i++;
    h->at_op = i < h->spec.op_count;
    h->op_index = i;
}

static void begin_verdict(struct host *h, enum verdict_kind kind)
{
    locate_in_replay(h);
    h->verdict = (struct verdict){.kind = kind, .phase = h->spec.phase, .at_op = h->at_op,
                                  .op_index = h->op_index};
    snprintf(h->verdict.entry, sizeof h->verdict.entry, "%s",
             h->box != NULL ? entry_of((enum request)h->last_request) : "");
}

static enum fault_region region_of(const struct host *h, uint64_t address, uint64_t sp)
{
    uint64_t lo = MEM_ARENA_ADDRESS, brk = lo + (h->spec.mode == HOST_TIMED ? h->spec.heap_cap
                                                                             : h->arena.brk);
    if (address < 4096)
        return REGION_NEAR_NULL;
    if (address >= lo && address < lo + MAX_HEAP)
        return address < brk ? REGION_IN_HEAP : REGION_ABOVE_BREAK;
    if (address < lo && lo - address <= 65536)
        return REGION_BELOW_HEAP;
    if (sp != 0 && (address > sp ? address - sp : sp - address) <= 65536)
        return REGION_STACK;
    return REGION_ELSEWHERE;
}

/* What the fault report adds, when it is about the signal that ended the
 * process. */
static const struct fault_report *report_for(const struct host *h, int signo)
{
    const struct fault_report *f = &h->box->fault;
    return f->signal == (uint32_t)signo ? f : NULL;
}

static void judge_signal(struct host *h, int signo, bool timed_out)
{
    struct fault_report report = {0};
    const struct fault_report *f = report_for(h, signo);
    if (f != NULL)
        report = *f; /* one copy: the process is gone, but be sure */
    if (timed_out) {
        begin_verdict(h, VERDICT_TIMED_OUT);
        h->verdict.seconds = h->timeout_secs;
    } else if (signo == SIGSYS && h->confined) {
        begin_verdict(h, VERDICT_FORBIDDEN_CALL);
        report.call[sizeof report.call - 1] = '\0';
        if (f != NULL && report.call[0] != '\0') {
            h->verdict.forbidden = FORBIDDEN_HEAP_OWNER;
            snprintf(h->verdict.call, sizeof h->verdict.call, "%s", report.call);
        } else {
            const char *name = f != NULL ? syscall_name(report.syscall) : NULL;
            h->verdict.forbidden = FORBIDDEN_SYSCALL;
            if (name != NULL)
                snprintf(h->verdict.call, sizeof h->verdict.call, "%s", name);
            else if (f != NULL)
                snprintf(h->verdict.call, sizeof h->verdict.call, "number %d", report.syscall);
            else
                snprintf(h->verdict.call, sizeof h->verdict.call, "(not reported)");
        }
    } else {
        begin_verdict(h, VERDICT_CRASHED);
        h->verdict.signal = signo;
        bool fault = f != NULL && report.code > 0 && signo != SIGABRT;
        h->verdict.address = fault ? report.address : 0;
        h->verdict.region = fault ? region_of(h, report.address, report.stack_pointer)
                                  : REGION_NONE;
    }
    if (f != NULL && host_program != NULL)
        symbolize(h->program, &report, h->verdict.where, sizeof h->verdict.where);
}

/* The process ended with status, unasked. */
static void judge_ending(struct host *h, int status, bool timed_out)
{
    if (WIFSIGNALED(status)) {
        judge_signal(h, WTERMSIG(status), timed_out);
        return;
    }
    begin_verdict(h, VERDICT_EXITED);
    h->verdict.exit_status = WEXITSTATUS(status);
}

/* ---- the process ---------------------------------------------------- */

/* The text of a small file of /proc, NUL-terminated; false if unreadable. */
static bool read_proc(const char *path, char *text, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, text, size - 1) : -1;
    if (fd >= 0)
        close(fd);
    text[n > 0 ? n : 0] = '\0';
    return n > 0;
}

/* Kill whatever the allocator's process left behind: with the driver as
 * subreaper, its orphans are now the driver's children. */
static void reap_strays(void)
{
    char path[64], text[4096];
    snprintf(path, sizeof path, "/proc/self/task/%d/children", (int)getpid());
    read_proc(path, text, sizeof text);
    for (char *p = text;;) {
        char *end;
        long pid = strtol(p, &end, 10);
        if (end == p)
            break;
        kill((pid_t)pid, SIGKILL);
        waitpid((pid_t)pid, NULL, 0);
        p = end;
    }
}

/* The process is gone: make sure its group is too, and anything it left. */
static void finish(struct host *h)
{
    h->ended = true;
    kill(-h->pid, SIGKILL);
    reap_strays();
}

/* Reap the process if it ended; true when it has. */
static bool reap(struct host *h, int *status)
{
    if (h->ended)
        return true;
    pid_t got;
    do
        got = waitpid(h->pid, status, WNOHANG);
    while (got < 0 && errno == EINTR);
    if (got != h->pid)
        return false;
    finish(h);
    return true;
}

/* Kill the process now and reap it; its exit status. */
static int kill_and_reap(struct host *h)
{
    int status = 0;
    kill(h->pid, SIGKILL);
    while (waitpid(h->pid, &status, 0) < 0 && errno == EINTR)
        ;
    finish(h);
    return status;
}

/* Time is up: ask where it is (SIGXCPU), then kill it. */
static void stop_hung(struct host *h)
{
    kill(h->pid, SIGXCPU);
    int status = 0;
    double give_up = monotonic_seconds() + GRACE_MS / 1000.0;
    while (!reap(h, &status) && monotonic_seconds() < give_up)
        usleep(5000);
    if (!h->ended)
        status = kill_and_reap(h);
    judge_signal(h, WIFSIGNALED(status) ? WTERMSIG(status) : SIGKILL, true);
}

/* Wait for the next reply. False when the process ended or time ran out
 * first (the verdict is made). */
static bool await_reply(struct host *h, enum reply *kind, uint64_t *value)
{
    double next_tick = monotonic_seconds() + TICK_MS / 1000.0;
    for (;;) {
        if (doorbell_wait(&h->box->to_driver, &h->replies_seen, &h->spin,
                          WAIT_SLICE_MS * 1000000L)) {
            *kind = (enum reply)h->box->reply;
            *value = h->box->value;
            return true;
        }
        int status;
        if (reap(h, &status)) {
            judge_ending(h, status, false);
            return false;
        }
        double now = monotonic_seconds();
        if (h->spec.deadline > 0 && now > h->spec.deadline) {
            stop_hung(h);
            return false;
        }
        if (now >= next_tick) {
            output_show_new(&h->output, h->spec.show_output);
            if (h->spec.tick != NULL)
                h->spec.tick(h->spec.tick_arg, h);
            next_tick = now + TICK_MS / 1000.0;
        }
    }
}

static bool protocol_broken(struct host *h)
{
    kill_and_reap(h);
    begin_verdict(h, VERDICT_FAILED_CHECK);
    h->verdict.check = CHECK_PROTOCOL;
    snprintf(h->verdict.detail, sizeof h->verdict.detail,
             "the allocator's process wrote over the driver's mailbox (a reply it never sends)");
    return false;
}

/* Whether the C library's heap in the process was ever touched. */
static bool libc_heap_used(const struct host *h)
{
    return h->libc_heap_fd >= 0 && lseek(h->libc_heap_fd, 0, SEEK_DATA) >= 0;
}

static bool forbid_libc_heap(struct host *h)
{
    kill_and_reap(h);
    begin_verdict(h, VERDICT_FORBIDDEN_CALL);
    h->verdict.forbidden = FORBIDDEN_LIBC_HEAP;
    snprintf(h->verdict.call, sizeof h->verdict.call, "malloc");
    return false;
}

/* ---- starting -------------------------------------------------------- */

static int high(int fd)
{
    if (fd < 0)
        return -1;
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, HIGH_FD);
    close(fd);
    return moved;
}

static int new_memfd(const char *name, size_t bytes)
{
    int fd = memfd_create(name, MFD_CLOEXEC);
    if (fd >= 0 && ftruncate(fd, (off_t)bytes) != 0) {
        close(fd);
        return -1;
    }
    return high(fd);
}

/* The host program's path: host_program is relative to the folder of the
 * running driver. */
static bool locate_program(char *out, size_t len)
{
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return false;
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    *slash = '\0';
    return snprintf(out, len, "%s/%s", self, host_program) < (int)len &&
           access(out, X_OK) == 0;
}

/* Whether the kernel holds the process to a seccomp filter. */
static bool is_confined(pid_t pid)
{
    char path[64], text[4096];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    const char *field = read_proc(path, text, sizeof text) ? strstr(text, "\nSeccomp:") : NULL;
    return field != NULL && atoi(field + strlen("\nSeccomp:")) == 2;
}

static void toggle_collect(const struct allocator *a, char args[4][128], int *count)
{
    if (!a->uses_heap) {
        for (int i = 0; i < 4; i++)
            snprintf(args[(*count)++], 128, "--toggle-collect=%s", a->entry_points[i]);
        return;
    }
    char prefix[64] = "mm_";
    if (strcmp(a->name, "mm") != 0) {
        snprintf(prefix, sizeof prefix, "%s_mm_", a->name);
        for (char *c = prefix; *c != '\0'; c++)
            if (*c == '-')
                *c = '_';
    }
    snprintf(args[(*count)++], 128, "--toggle-collect=%s*", prefix);
}

static bool spawn(struct host *h, int devnull)
{
    bool timed = h->spec.mode == HOST_TIMED;
    int arena_fd = high(dup(timed ? devnull : h->arena.fd));
    int output_fd = timed ? devnull : h->output.fd;
    /* Every source is above the targets, so no dup2 below overwrites one. */
    int ops_fd = high(dup(timed ? h->spec.ops_fd : devnull));
    int answers_fd = high(dup(timed ? h->spec.answers->fd : devnull));
    int libc_heap_fd = h->libc_heap_fd >= 0 ? h->libc_heap_fd : devnull;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, devnull, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, output_fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, output_fd, STDERR_FILENO);
    posix_spawn_file_actions_adddup2(&actions, h->mailbox_fd, HOST_FD_MAILBOX);
    posix_spawn_file_actions_adddup2(&actions, arena_fd, HOST_FD_ARENA);
    posix_spawn_file_actions_adddup2(&actions, ops_fd, HOST_FD_OPS);
    posix_spawn_file_actions_adddup2(&actions, answers_fd, HOST_FD_ANSWERS);
    posix_spawn_file_actions_adddup2(&actions, libc_heap_fd, HOST_FD_LIBC_HEAP);
    posix_spawn_file_actions_addclosefrom_np(&actions, HOST_FD_COUNT);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                              POSIX_SPAWN_SETSIGDEF);
    /* jemalloc needs more static TLS than a program gets by default. Under
     * -I, glibc's memcpy and memset keep to their vector loops: valgrind
     * counts a "rep movsb" as one instruction per byte, which would make a
     * large copy look ten times dearer than it is. */
    char *environment[] = {
        h->spec.valgrind_out == NULL
            ? "GLIBC_TUNABLES=glibc.rtld.optional_static_tls=65536"
            : "GLIBC_TUNABLES=glibc.rtld.optional_static_tls=65536:"
              "glibc.cpu.x86_rep_movsb_threshold=1000000000:"
              "glibc.cpu.x86_rep_stosb_threshold=1000000000",
        NULL};
    char out_arg[4200], collect[4][128];
    char *argv[16];
    int argc = 0, collects = 0;
    if (h->spec.valgrind_out != NULL) {
        snprintf(out_arg, sizeof out_arg, "--callgrind-out-file=%s", h->spec.valgrind_out);
        argv[argc++] = "valgrind";
        argv[argc++] = "--tool=callgrind";
        argv[argc++] = "--vgdb=no"; /* no pipes to remove at exit */
        argv[argc++] = "--collect-atstart=no";
        argv[argc++] = out_arg;
        toggle_collect(h->spec.allocator, collect, &collects);
        for (int i = 0; i < collects; i++)
            argv[argc++] = collect[i];
    }
    if (h->spec.valgrind_out == NULL && emulator() != NULL)
        argv[argc++] = (char *)emulator();
    argv[argc++] = h->program;
    argv[argc] = NULL;
    int error = h->spec.valgrind_out != NULL
                    ? posix_spawnp(&h->pid, "valgrind", &actions, &attributes, argv, environment)
                    : posix_spawn(&h->pid, argv[0], &actions, &attributes, argv, environment);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    close(arena_fd);
    close(ops_fd);
    close(answers_fd);
    if (error != 0) {
        errno = error;
        return false;
    }
    return true;
}

/* The kernel could confine the process, and it is not confined: something
 * kept the host program's own code from doing it. */
static bool not_confined(struct host *h)
{
    kill_and_reap(h);
    begin_verdict(h, VERDICT_FAILED_CHECK);
    h->verdict.check = CHECK_PROTOCOL;
    snprintf(h->verdict.detail, sizeof h->verdict.detail,
             "the allocator's process did not confine itself with seccomp, which this kernel "
             "offers (does mm.c replace a function of the C library?)");
    return false;
}

static void say_unconfined(void)
{
    if (unconfined_reported)
        return;
    unconfined_reported = true;
    if (emulator() != NULL)
        fprintf(stderr, "mdriver: this kernel cannot run 32-bit programs, so the allocator "
                        "runs under %s, which cannot hold it to a seccomp filter: its system "
                        "calls are not checked\n",
                emulator());
    else
        fprintf(stderr, "mdriver: seccomp is not available here, so the allocator runs "
                        "unconfined: its system calls are not checked\n");
}

static _Noreturn void start_failed(struct host *h, const char *why)
{
    if (h->output.fd >= 0)
        output_close(&h->output, true);
    fprintf(stderr, "mdriver: cannot start the allocator's process (%s): %s\n",
            host_program != NULL ? host_program : "no host program", why);
    exit(2);
}

static bool start_process(struct host *h)
{
    if (!locate_program(h->program, sizeof h->program))
        start_failed(h, "the host program is missing: run make");
    const struct host_spec *s = &h->spec;
    int devnull = high(open("/dev/null", O_RDWR | O_CLOEXEC));
    h->mailbox_fd = new_memfd("mdriver-mailbox", sizeof *h->box);
    if (devnull < 0 || h->mailbox_fd < 0 ||
        (s->mode == HOST_CHECKED && !arena_create(&h->arena, 0, false)) ||
        !output_open(&h->output, s->allocator->name))
        start_failed(h, strerror(errno));
    h->output.fd = high(h->output.fd);
    bool confine = s->allocator->uses_heap;
    if (confine)
        h->libc_heap_fd = new_memfd("mdriver-libc-heap", LIBC_HEAP_BYTES);
    if (s->mode == HOST_TIMED)
        h->answers = s->answers->answers;
    h->box = mmap(NULL, sizeof *h->box, PROT_READ | PROT_WRITE, MAP_SHARED, h->mailbox_fd, 0);
    if (h->box == MAP_FAILED)
        start_failed(h, strerror(errno));
    struct host_setup *setup = &h->box->setup;
    snprintf(setup->allocator, sizeof setup->allocator, "%s", s->allocator->name);
    setup->driver_pid = (int32_t)getpid();
    setup->mode = s->mode;
    setup->confinement = !confine ? CONFINE_NONE
                         : s->valgrind_out != NULL ? CONFINE_VALGRIND
                                                   : CONFINE_STRICT;
    setup->heap_cap = s->heap_cap;
    setup->op_count = s->op_count;
    setup->id_count = s->id_count;
    setup->fill_payloads = !s->allocator->uses_heap;
    setup->output_limit = ALLOCATOR_OUTPUT_LIMIT;
    setup->libc_heap_bytes = LIBC_HEAP_BYTES;
    h->last_request = 0;
    if (!spawn(h, devnull))
        start_failed(h, strerror(errno));
    close(devnull);
    /* No allocator code runs before READY: an ending before it is the
     * host program's, or the machine's. */
    enum reply kind;
    uint64_t value;
    if (!await_reply(h, &kind, &value))
        start_failed(h, "it ended while setting up; what it printed is above");
    if (kind != REPLY_READY)
        return protocol_broken(h);
    h->confined = confine && is_confined(h->pid);
    if (confine && !h->confined && seccomp_available() && emulator() == NULL)
        return not_confined(h);
    if (confine && !h->confined)
        say_unconfined();
    return true;
}

bool host_start(struct host *h, const struct host_spec *spec)
{
    *h = (struct host){.spec = *spec, .mailbox_fd = -1, .libc_heap_fd = -1};
    h->arena.fd = -1;
    h->output.fd = -1;
    h->timeout_secs = spec->deadline > 0
                          ? (unsigned)(spec->deadline - monotonic_seconds() + 0.5)
                          : 0;
    if (!spec->in_process)
        return start_process(h);
    if (!arena_create(&h->arena, 0, true))
        start_failed(h, strerror(errno));
    return true;
}

/* ---- calls ----------------------------------------------------------- */

static uint64_t call_in_process(struct host *h, enum request request, uint64_t x, uint64_t y)
{
    const struct allocator *a = h->spec.allocator;
    switch (request) {
    case REQUEST_INIT: return (uint64_t)(int64_t)a->init();
    case REQUEST_MALLOC: return (uintptr_t)a->malloc((size_t)x);
    case REQUEST_FREE: a->free((void *)(uintptr_t)x); return 0;
    case REQUEST_REALLOC: return (uintptr_t)a->realloc((void *)(uintptr_t)x, (size_t)y);
    case REQUEST_CALLOC: return (uintptr_t)a->calloc((size_t)x, (size_t)y);
    case REQUEST_CHECKHEAP: return (uint64_t)(int64_t)a->checkheap((int)x);
    default: return 0;
    }
}

bool host_call(struct host *h, enum request request, uint64_t x, uint64_t y,
               uint64_t *result)
{
    if (request == REQUEST_INIT)
        arena_empty(&h->arena);
    if (h->spec.in_process) {
        *result = call_in_process(h, request, x, y);
        return true;
    }
    if (h->ended)
        return false;
    h->last_request = request;
    h->box->request = request;
    h->box->argument[0] = x;
    h->box->argument[1] = y;
    doorbell_ring(&h->box->to_host);
    for (;;) {
        enum reply kind;
        uint64_t value;
        if (!await_reply(h, &kind, &value))
            return false;
        if (kind == REPLY_ANSWER) {
            *result = value;
            break;
        }
        if (kind != REPLY_GROW)
            return protocol_broken(h);
        size_t old = 0;
        bool granted = value <= SIZE_MAX && arena_grow(&h->arena, (size_t)value, &old);
        h->box->request = REQUEST_GROWN;
        h->box->argument[0] = granted;
        h->box->argument[1] = old;
        doorbell_ring(&h->box->to_host);
    }
    if (h->confined && libc_heap_used(h))
        return forbid_libc_heap(h);
    return true;
}

/* The CPU time the kernel has counted for the process. */
static double process_seconds(clockid_t clock)
{
    struct timespec ts;
    if (clock_gettime(clock, &ts) != 0)
        return 0;
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The state letter of /proc/PID/stat: 'R' running, 'S' sleeping... */
static char process_state(int stat_fd)
{
    char text[512];
    ssize_t n = pread(stat_fd, text, sizeof text - 1, 0);
    if (n <= 0)
        return 'X';
    text[n] = '\0';
    const char *close_paren = strrchr(text, ')');
    return close_paren != NULL && close_paren[1] == ' ' ? close_paren[2] : 'X';
}

/* Wait until the host sleeps in the kernel for its next request. The
 * kernel adds a process's running time to its CPU clock only when the
 * process stops running, so only then does a reading of the clock hold
 * all of its work, and no more. */
static void wait_until_asleep(struct host *h, int stat_fd)
{
    while (!atomic_load(&h->box->to_host.sleeping) && !reap(h, &(int){0}))
        doorbell_pause();
    while (!h->ended && process_state(stat_fd) == 'R')
        doorbell_pause();
}

bool host_replay(struct host *h, double *cpu_seconds, uint64_t *heap_end)
{
    if (h->spec.in_process) {
        /* Unreachable: the timer replays -X traces itself. */
        return false;
    }
    clockid_t clock;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)h->pid);
    int stat_fd = open(path, O_RDONLY | O_CLOEXEC);
    if (clock_getcpuclockid(h->pid, &clock) != 0 || stat_fd < 0)
        return protocol_broken(h);
    /* The host waits busy, yielding: its clock is at most one yield old. */
    double start = process_seconds(clock);
    h->last_request = REQUEST_REPLAY;
    h->box->request = REQUEST_REPLAY;
    doorbell_ring(&h->box->to_host);
    enum reply kind;
    uint64_t value;
    bool replied = await_reply(h, &kind, &value);
    if (replied && kind == REPLY_ANSWER)
        wait_until_asleep(h, stat_fd);
    close(stat_fd);
    if (!replied)
        return false;
    if (kind != REPLY_ANSWER)
        return protocol_broken(h);
    *cpu_seconds = process_seconds(clock) - start;
    *heap_end = value;
    if (h->confined && libc_heap_used(h))
        return forbid_libc_heap(h);
    return true;
}

bool host_stop(struct host *h, bool exit_cleanly)
{
    bool clean = true;
    if (h->pid > 0 && !h->ended) {
        int status = 0;
        if (exit_cleanly) {
            h->box->request = REQUEST_EXIT;
            doorbell_ring(&h->box->to_host);
            double give_up = monotonic_seconds() + EXIT_WAIT_SECS;
            while (!reap(h, &status) && monotonic_seconds() < give_up)
                usleep(2000);
            clean = h->ended && WIFEXITED(status) && WEXITSTATUS(status) == 0;
        }
        if (!h->ended)
            kill_and_reap(h);
    }
    if (h->box != NULL && h->box != MAP_FAILED)
        h->output_bytes = output_close(&h->output, h->spec.show_output);
    if (h->box != NULL && h->box != MAP_FAILED)
        munmap(h->box, sizeof *h->box);
    const int fds[] = {h->mailbox_fd, h->libc_heap_fd};
    for (size_t i = 0; i < sizeof fds / sizeof *fds; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    arena_destroy(&h->arena);
    h->box = NULL;
    h->answers = NULL;
    h->mailbox_fd = h->libc_heap_fd = -1;
    return clean;
}

const char *host_emulator(void)
{
    return emulator();
}

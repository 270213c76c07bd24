/*
 * host.c - the allocator's process: a small program that serves one
 * allocator to the driver (protocol in shared/mailbox.h).
 *
 * The driver starts it fresh for every replay (driver/spawn.h), so it holds
 * nothing of the driver's: no trace, no options, no result, and no memory
 * of an earlier replay; it sees no file, and a first seccomp filter holds
 * it from its first instruction. It is built from one kind of allocator's
 * objects (served.h: mm.o alone, or the reference allocators, or the
 * production ones), the allocator's side of memlib.c and this loop. Before
 * the allocator's first instruction runs it:
 *
 *   1. maps the mailbox, the arena at MEM_ARENA_ADDRESS (a page below it
 *      never accessible) and, for a timed replay, the ops and answers;
 *   2. installs handlers for fatal signals on a stack of their own, which
 *      write a fault report (signal, address, call stack) to the mailbox:
 *      the process's own account, which the driver sets beside the
 *      kernel's;
 *   3. makes the C library's heap the watched one (libc_heap.c), caps its
 *      own output, and confines itself with its second, strict seccomp
 *      filter (shared/seccomp.h); under valgrind it first lets go of the files
 *      valgrind needed to start;
 *   4. replies READY.
 *
 * The heap's owner here is the driver: in a checked replay, every mem_sbrk
 * asks it (GROW) and waits for its answer, and the arena's file ends at the
 * page of the break the driver granted, so a byte beyond it raises SIGBUS.
 * In a timed replay, mem_sbrk grants itself up to heap_cap, the high-water
 * mark the checked replay reached, in memory of this process alone, so that
 * timing costs no messages; the driver checks the answers instead.
 *
 * Nothing written here is believed by the driver beyond what it can check;
 * see shared/mailbox.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <execinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <ucontext.h>
#include <unistd.h>

#include <sys/mount.h>

#include "config.h"
#include "external.h"
#include "libc_heap.h"
#include "memlib.h"
#include "served.h"
#include "shared/mailbox.h"
#include "shared/replay.h"
#include "shared/seccomp.h"

/* Only the production host opens libraries, only the student's host has a
 * team record, and the production host keeps the C library's own heap. */
#pragma weak external_load
#pragma weak student_team
#pragma weak libc_heap_move_to

/* Where the host program's code lies, for the fault report. */
extern char __executable_start[], etext[];

static struct mailbox *box;
static uint32_t requests_seen;
static uint64_t heap_cap; /* a timed replay's heap may grow to this */
static size_t heap_size;  /* the break granted so far */

/* The host cannot go on (a broken mailbox, a failed set-up): say why
 * without the C library's buffers, which could want its heap. */
static _Noreturn void give_up(const char *why)
{
    static const char prefix[] = "mdriver host: ";
    (void)!write(STDERR_FILENO, prefix, sizeof prefix - 1);
    (void)!write(STDERR_FILENO, why, strlen(why));
    (void)!write(STDERR_FILENO, "\n", 1);
    _exit(125);
}

static void reply(enum reply kind, uint64_t value)
{
    box->reply = kind;
    box->value = value;
    doorbell_ring(&box->to_driver);
}

/* A checked replay spins for the next request, which usually comes within
 * microseconds; a timed one sleeps at once (NULL), so that the CPU time the
 * driver reads for it holds nothing but the replay. */
static struct doorbell_spin checked_spin, *spin = &checked_spin;

static enum request next_request(void)
{
    /* A wake-up meant for an earlier wait can end this one early. */
    while (!doorbell_wait(&box->to_host, &requests_seen, spin, 0))
        ;
    return (enum request)box->request;
}

/* ---- the heap's owner in this process -------------------------------- */

static bool grow_by_asking(size_t incr, size_t *old_size)
{
    reply(REPLY_GROW, incr);
    if (next_request() != REQUEST_GROWN)
        give_up("the driver did not answer a growth of the heap");
    *old_size = (size_t)box->argument[1];
    return box->argument[0] != 0;
}

static bool grow_up_to_cap(size_t incr, size_t *old_size)
{
    if (incr > heap_cap - heap_size)
        return false;
    *old_size = heap_size;
    heap_size += incr;
    return true;
}

/* mem_init, mem_reset_brk or mem_deinit, called by the allocator. */
static void refuse(const char *call)
{
    snprintf(box->fault.call, sizeof box->fault.call, "%s", call);
    raise(SIGSYS);
    _exit(126);
}

static struct mem_owner owner = {.refuse = refuse};

/* ---- fault reports --------------------------------------------------- */

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT,
                                    SIGTRAP, SIGSYS, SIGXCPU};

/* Where the interrupted code was: its instruction and its stack. */
static void interrupted_at(const void *context, uintptr_t *pc, uintptr_t *sp)
{
    const ucontext_t *uc = context;
#if defined(__x86_64__)
    *pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    *sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
#elif defined(__i386__)
    *pc = (uintptr_t)uc->uc_mcontext.gregs[REG_EIP];
    *sp = (uintptr_t)uc->uc_mcontext.gregs[REG_ESP];
#elif defined(__aarch64__)
    *pc = (uintptr_t)uc->uc_mcontext.pc;
    *sp = (uintptr_t)uc->uc_mcontext.sp;
#else
    (void)uc;
    *pc = *sp = 0;
#endif
}

/* Record the signal first (so that a second fault while unwinding still
 * leaves it), then the call stack from the interrupted instruction on, then
 * die of the signal: SA_RESETHAND has restored its default action. */
static void on_fatal_signal(int signo, siginfo_t *info, void *context)
{
    struct fault_report *f = &box->fault;
    f->code = info->si_code;
    f->address = (uintptr_t)info->si_addr;
    uintptr_t pc, sp;
    interrupted_at(context, &pc, &sp);
    f->stack_pointer = sp;
    f->syscall = signo == SIGSYS ? info->si_syscall : -1;
    f->frames[0] = pc;
    f->depth = 1;
    f->signal = (uint32_t)signo;
    void *stack[FAULT_FRAMES + 4];
    int n = backtrace(stack, FAULT_FRAMES + 4), from = 0;
    while (from < n && (uintptr_t)stack[from] != f->frames[0])
        from++;
    for (int i = from + 1; i < n && f->depth < FAULT_FRAMES; i++)
        f->frames[f->depth++] = (uintptr_t)stack[i];
    /* A fault re-raises itself when the instruction runs again; a signal
     * sent by kill or seccomp must be raised again. */
    if (info->si_code <= 0 || signo == SIGSYS || signo == SIGXCPU)
        raise(signo);
}

static void install_fault_handlers(void)
{
    static char alternate_stack[1 << 16];
    stack_t ss = {.ss_sp = alternate_stack, .ss_size = sizeof alternate_stack};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fatal_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++)
        sigaction(fatal_signals[i], &sa, NULL);
    box->fault.executable_start = (uintptr_t)__executable_start;
    box->fault.executable_end = (uintptr_t)etext;
    /* The unwinder loads its library on first use: use it now, while
     * files may still be opened. */
    void *warm[2];
    backtrace(warm, 2);
}

/* ---- set-up ---------------------------------------------------------- */

static void *map_descriptor(int fd, size_t bytes, int protection)
{
    void *p = mmap(NULL, bytes, protection, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED)
        give_up("cannot map a file the driver passed");
    return p;
}

enum { HUGE_PAGE = 2u << 20 };
_Static_assert(MEM_ARENA_ADDRESS % HUGE_PAGE == 0,
               "the arena starts on a huge page, so that its huge pages are whole");

/* The arena at its fixed address, with a page below it that is never
 * accessible. A checked replay's heap is the driver's memfd, which ends at
 * the page of the break the driver granted. A timed replay's heap is memory
 * of this process alone, all zero, as large as the checked replay's
 * high-water mark (rounded up to a huge page, which the kernel may use to
 * spare the replay translation misses) and mapped in before the replay. */
static char *map_arena(const struct host_setup *setup)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    char *guard = mmap((void *)(MEM_ARENA_ADDRESS - page), page + MAX_HEAP, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (guard != (void *)(MEM_ARENA_ADDRESS - page))
        give_up("cannot place the heap at its address");
    char *arena = guard + page;
    if (setup->mode == HOST_CHECKED) {
        if (mmap(arena, MAX_HEAP, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
                 HOST_FD_ARENA, 0) == MAP_FAILED)
            give_up("cannot map the heap");
        return arena;
    }
    size_t span = (size_t)((setup->heap_cap + HUGE_PAGE - 1) & ~(uint64_t)(HUGE_PAGE - 1));
    if (span > MAX_HEAP)
        span = MAX_HEAP;
    if (span > 0 && mprotect(arena, span, PROT_READ | PROT_WRITE) != 0)
        give_up("cannot open the heap");
    madvise(arena, span, MADV_HUGEPAGE);
    return arena;
}

/* Map in every page of a shared file that a timed replay will use, so that
 * the replay pays no page faults: in one call where the kernel can
 * (MADV_POPULATE_READ or _WRITE, Linux 5.14), else by reading each page. */
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#endif

static void populate(const void *start, size_t bytes, int advice)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (bytes == 0 || madvise((void *)start, (bytes + page - 1) & ~(page - 1), advice) == 0)
        return;
    for (size_t offset = 0; offset < bytes; offset += page)
        (void)((const volatile char *)start)[offset];
}

/* Under valgrind, the files it needed to start (driver/spawn.h) are let go of:
 * from here on the process sees only the system's read-only files, its
 * own program, and the file callgrind writes its counts to at the end. */
static void let_go_of_start_up_files(void)
{
    if (umount2("/proc", MNT_DETACH) != 0 && errno != EINVAL && errno != ENOENT)
        give_up("cannot let go of /proc");
    if (umount2("/tmp", MNT_DETACH) != 0 && errno != EINVAL && errno != ENOENT)
        give_up("cannot let go of /tmp");
}

static void confine(const struct host_setup *setup)
{
    struct rlimit output = {setup->output_limit, setup->output_limit};
    signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &output);
    enum confinement how = (enum confinement)setup->confinement;
    if (how == CONFINE_NONE)
        return;
    if (how == CONFINE_COUNTED && setup->own_view)
        let_go_of_start_up_files();
    if (libc_heap_move_to != NULL)
        libc_heap_move_to(map_descriptor(HOST_FD_LIBC_HEAP, setup->libc_heap_bytes,
                                         PROT_READ | PROT_WRITE),
                          setup->libc_heap_bytes);
    /* If the kernel cannot, the driver sees it in /proc and says so. */
    seccomp_confine(how);
}

/* ---- serving --------------------------------------------------------- */

/* Production allocators live outside the arena, where the driver cannot
 * write: their payloads are written here, every byte, so that the
 * process's resident memory shows what they use. */
static void fill(const struct host_setup *setup, void *p, size_t bytes)
{
    if (setup->fill_payloads && p != NULL)
        memset(p, 0xA5, bytes);
}

static _Noreturn void serve_checked(const struct mm_functions *a,
                                    const struct host_setup *setup)
{
    for (;;) {
        enum request request = next_request();
        uint64_t x = box->argument[0], y = box->argument[1];
        uint64_t result = 0;
        void *p;
        switch (request) {
        case REQUEST_INIT: /* the driver has emptied the heap */
            mem_attach((void *)MEM_ARENA_ADDRESS, 0, &owner);
            result = (uint64_t)(int64_t)a->init();
            break;
        case REQUEST_MALLOC:
            p = a->malloc((size_t)x);
            fill(setup, p, (size_t)x);
            result = (uintptr_t)p;
            break;
        case REQUEST_FREE: a->free((void *)(uintptr_t)x); break;
        case REQUEST_REALLOC:
            p = a->realloc((void *)(uintptr_t)x, (size_t)y);
            fill(setup, p, (size_t)y);
            result = (uintptr_t)p;
            break;
        case REQUEST_CALLOC: result = (uintptr_t)a->calloc((size_t)x, (size_t)y); break;
        case REQUEST_CHECKHEAP: result = (uint64_t)(int64_t)a->checkheap((int)x); break;
        case REQUEST_TEAM:
            if (student_team != NULL)
                student_team(box->team);
            break;
        case REQUEST_EXIT: _exit(0);
        case REQUEST_REPLAY: /* a timed host's request */
        case REQUEST_GROWN:  /* only the answer to a growth */
        default:             /* the mailbox is shared memory: any number */
            give_up("an unknown request");
        }
        reply(REPLY_ANSWER, result);
    }
}

/* A production allocator takes its memory from the system as it goes; a
 * heap allocator's comes pre-faulted from the arena. So that a production
 * allocator's replay also starts with its memory in hand, as it would in a
 * program that has been running, it replays the trace once untimed first
 * and frees what is left. (Only the kit's trusted allocators come here: an
 * allocator under test could remember the first replay.) */
static void warm_up(const struct mm_functions *a, const struct op *ops,
                    const struct host_setup *setup, void **slots)
{
    replay_ops(a, ops, setup->op_count, slots, NULL);
    for (uint32_t id = 0; id <= setup->id_count; id++) {
        a->free(slots[id]);
        slots[id] = NULL;
    }
}

/* The replay that is timed, or counted under -I: mm_init and every op.
 * Its name is the one -I's meter counts inside (driver/icount.h): a reserved
 * identifier, so that no mm.c can define a function of the same name. */
__attribute__((noinline)) void __mdriver_counted_replay(const struct mm_functions *a,
                                                        const struct op *ops, uint32_t count,
                                                        void **slots, uint64_t *answers);

void __mdriver_counted_replay(const struct mm_functions *a, const struct op *ops,
                              uint32_t count, void **slots, uint64_t *answers)
{
    a->init();
    answers[count] = INIT_RETURNED;
    replay_ops(a, ops, count, slots, answers);
}

static _Noreturn void serve_timed(const struct mm_functions *a, const struct host_setup *setup,
                                  char *arena, bool warm)
{
    size_t ops_bytes = (size_t)setup->op_count * sizeof(struct op);
    size_t answers_bytes = ((size_t)setup->op_count + 1) * sizeof(uint64_t);
    const struct op *ops = map_descriptor(HOST_FD_OPS, ops_bytes ? ops_bytes : 1, PROT_READ);
    uint64_t *answers = map_descriptor(HOST_FD_ANSWERS, answers_bytes, PROT_READ | PROT_WRITE);
    size_t slots_bytes = ((size_t)setup->id_count + 1) * sizeof(void *);
    void **slots = mmap(NULL, slots_bytes, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (slots == MAP_FAILED)
        give_up("no memory for the block table");
    memset(slots, 0, slots_bytes); /* its own pages, not the shared zero page */
    populate(arena, (size_t)heap_cap, MADV_POPULATE_WRITE);
    populate(answers, answers_bytes, MADV_POPULATE_WRITE);
    populate(ops, ops_bytes, MADV_POPULATE_READ);
    if (warm)
        warm_up(a, ops, setup, slots);
    spin = NULL;
    confine(setup);
    reply(REPLY_READY, 0);
    /* Wait for REPLAY busy: a processor that slept starts slow (on a
     * virtual machine, twice as slow for the first hundred microseconds).
     * Then sleep for whatever comes next, so that the kernel closes its
     * account of the replay's CPU time. */
    doorbell_wait_busy(&box->to_host, &requests_seen);
    if ((enum request)box->request != REQUEST_REPLAY)
        give_up("an unknown request");
    __mdriver_counted_replay(a, ops, setup->op_count, slots, answers);
    reply(REPLY_ANSWER, mem_heapsize());
    for (;;)
        if (next_request() == REQUEST_EXIT)
            _exit(0);
}

int main(void)
{
    box = map_descriptor(HOST_FD_MAILBOX, sizeof *box, PROT_READ | PROT_WRITE);
    struct host_setup setup = box->setup;
    setup.allocator[sizeof setup.allocator - 1] = '\0';
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != (pid_t)setup.driver_pid)
        give_up("the driver is gone");
    setvbuf(stdout, NULL, _IONBF, 0);
    setvbuf(stderr, NULL, _IONBF, 0);
    install_fault_handlers();
    unsigned loaded = external_load != NULL ? external_load() : 0;
    const struct mm_functions *a = served_find(setup.allocator);
    if (a == NULL)
        give_up("the driver asked for an allocator this program does not have");
    char *arena = map_arena(&setup);
    heap_cap = setup.heap_cap;
    owner.grow = setup.mode == HOST_CHECKED ? grow_by_asking : grow_up_to_cap;
    mem_attach(arena, 0, &owner);
    if (setup.mode == HOST_TIMED)
        serve_timed(a, &setup, arena, external_load != NULL); /* only production ones warm up */
    confine(&setup);
    reply(REPLY_READY, loaded);
    serve_checked(a, &setup);
}

/*
 * sandbox.c - starting, talking to and ending an allocator's process (see
 * sandbox.h; the protocol is in shared/mailbox.h, the start in spawn.h).
 *
 * The process gets only the descriptors of shared/mailbox.h (a checked replay's
 * arena is a new memfd, a timed replay's heap the process's own fresh
 * memory, so every replay's heap starts all zero), an environment of the
 * driver's choosing, and address-space randomization off (set once for the
 * driver's children), so that the same allocator makes the same addresses
 * every time.
 *
 * Waiting for a reply, the driver spins briefly, then sleeps in slices of
 * WAIT_SLICE_MS; after each slice it checks whether the process ended (the
 * exit status and the signal the kernel reports are the only account of
 * that it believes), whether time ran out, and shows the allocator's
 * output. When time runs out it sends SIGXCPU, whose delivery the kernel
 * shows the driver (where the process was looping), and SIGKILL soon
 * after.
 *
 * The driver is its processes' subreaper, so a process that an allocator
 * outside the simulated heap managed to start is reparented to the driver
 * and killed when the host ends.
 *
 * A 32-bit driver that runs under qemu-i386, because the kernel cannot run
 * 32-bit programs, is told so by MDRIVER_EMULATOR (the emulator's path, set
 * by ./mdriver of a 32-bit build): it starts the host program under the
 * same emulator. qemu-user does not pass a guest's seccomp filter on to the
 * kernel (it refuses to install it, since the filter would also bind the
 * emulator's own system calls), so such a process is not confined, and
 * the driver says so once.
 */
#define _GNU_SOURCE
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "callgrind.h"
#include "config.h"
#include "die.h"
#include "shared/seccomp.h"
#include "spawn.h"
#include "symbolize.h"
#include "syscalls.h"

enum {
    WAIT_SLICE_MS = 10,     /* between checks on a process that is quiet */
    TICK_MS = 100,          /* between progress displays */
    GRACE_MS = 300,         /* for a process to die of SIGXCPU */
    START_SECS = 60,        /* for a process to set itself up */
    EXIT_WAIT_SECS = 60,    /* for valgrind to write its counts and exit */
    ASLEEP_SECS = 5,        /* for a process that replied to fall asleep */
    LIBC_HEAP_BYTES = 1 << 20,
    HIGH_FD = 100,          /* descriptors are moved here before spawning */
    /* Filters a host installs on itself: the first (spawn.h) and its own. */
    FILTERS_WHEN_CONFINED = 2,
};

const bool sandbox_isolates = true;

static const char *host_programs[HOST_KINDS];
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

void sandbox_set_host_programs(const char *const programs[HOST_KINDS])
{
    for (int i = 0; i < HOST_KINDS; i++)
        host_programs[i] = programs[i];
    /* Same addresses in every run; orphans come back to the driver. */
    int persona = personality(0xffffffff);
    if (persona != -1)
        personality((unsigned long)persona | ADDR_NO_RANDOMIZE);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    /* Undumpable: no other process of this user may open this one's
     * descriptors through /proc/PID/fd (its standard output carries the
     * result) or read its memory. */
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
    case REQUEST_REPLAY:
    case REQUEST_GROWN:
    case REQUEST_EXIT:
    case REQUEST_TEAM: return "";
    }
    return "";
}

/* The op a timed replay was at: mm_init until it returned, then the first
 * op without an answer. */
static void locate_in_replay(struct host *h)
{
    if (h->answers == NULL)
        return;
    if (h->answers[h->spec.op_count] != INIT_RETURNED) {
        h->at_op = false;
        h->last_request = REQUEST_INIT;
        return;
    }
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
             entry_of((enum request)h->last_request));
}

/* Where a faulting address lies. A general-protection fault (si_code
 * SI_KERNEL: a non-canonical address, such as a wild pointer made from a
 * broken header) has no address at all: the kernel says 0, which is not a
 * NULL pointer. */
static enum fault_region region_of(const struct host *h, int code, uint64_t address,
                                   uint64_t sp)
{
    if (code == SI_KERNEL)
        return REGION_UNKNOWN;
    uint64_t lo = MEM_ARENA_ADDRESS,
             brk = lo + (h->spec.mode == HOST_TIMED ? h->spec.heap_cap : h->arena.brk);
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

/* The process's own account of the signal that ended it, copied once (its
 * memory is the process's, and may say anything): NULL unless it is about
 * that signal and, where the kernel told the driver where the process
 * stopped, about that instruction too. */
static const struct fault_report *own_account(struct host *h, int signo,
                                              struct fault_report *copy)
{
    *copy = h->box->fault;
    copy->call[sizeof copy->call - 1] = '\0';
    if (copy->signal != (uint32_t)signo || copy->depth == 0 || copy->depth > FAULT_FRAMES)
        return NULL;
    /* A traced process's account holds only where the kernel saw it stop
     * (a SIGKILL it sent itself, which stops nowhere, has none). */
    if (h->traced && (!h->facts.seen || copy->frames[0] != h->facts.pc))
        return NULL;
    return copy;
}

/* Where the process stopped: the kernel's instruction, named with its
 * callers as the process's own stack walk found them. */
static void name_where(struct host *h, const struct fault_report *account)
{
    struct fault_report frames = {0};
    if (account != NULL)
        frames = *account;
    if (h->facts.seen) {
        frames.frames[0] = h->facts.pc;
        frames.depth = frames.depth > 0 ? frames.depth : 1;
    }
    if (frames.depth == 0)
        return;
    symbolize(h->program, &frames, h->verdict.where, sizeof h->verdict.where);
    /* A fault's instruction says what it touched; a signal's says nothing. */
    bool fault = h->facts.code > 0 && h->facts.signal != SIGSYS && h->facts.signal != SIGXCPU;
    if (h->facts.seen && fault && h->verdict.where[0] != '\0')
        describe_instruction(h->program, &h->facts, h->verdict.operands,
                             sizeof h->verdict.operands);
}

static void judge_signal(struct host *h, int signo, bool timed_out)
{
    struct fault_report copy;
    const struct fault_report *account = own_account(h, signo, &copy);
    const struct kernel_facts *k = h->facts.seen && h->facts.signal == signo ? &h->facts : NULL;
    if (timed_out) {
        begin_verdict(h, VERDICT_TIMED_OUT);
        h->verdict.seconds = h->timeout_secs;
    } else if (signo == SIGSYS && h->confined) {
        begin_verdict(h, VERDICT_FORBIDDEN_CALL);
        int number = k != NULL ? k->syscall : account != NULL ? account->syscall : -1;
        if (account != NULL && account->call[0] != '\0' && (k == NULL || k->code <= 0)) {
            /* Raised by the host itself: a call of the heap's owner. */
            h->verdict.forbidden = FORBIDDEN_HEAP_OWNER;
            snprintf(h->verdict.call, sizeof h->verdict.call, "%s", account->call);
        } else if (k != NULL && k->code <= 0) {
            /* A SIGSYS the process sent itself, not the kernel's refusal. */
            begin_verdict(h, VERDICT_CRASHED);
            h->verdict.signal = signo;
            h->verdict.region = REGION_NONE;
        } else {
            const char *name = number >= 0 ? syscall_name(number) : NULL;
            h->verdict.forbidden = FORBIDDEN_SYSCALL;
            if (name != NULL)
                snprintf(h->verdict.call, sizeof h->verdict.call, "%s", name);
            else if (number >= 0)
                snprintf(h->verdict.call, sizeof h->verdict.call, "number %d", number);
        }
    } else {
        begin_verdict(h, VERDICT_CRASHED);
        h->verdict.signal = signo;
        if (k != NULL && k->code > 0 && signo != SIGABRT) {
            h->verdict.address = k->address;
            h->verdict.region = region_of(h, k->code, k->address, k->sp);
        } else if (k == NULL && account != NULL && account->code > 0 && signo != SIGABRT) {
            h->verdict.address = account->address;
            h->verdict.region = region_of(h, account->code, account->address,
                                          account->stack_pointer);
        }
    }
    h->verdict.from_kernel = k != NULL;
    name_where(h, account);
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
        waitpid((pid_t)pid, NULL, __WALL);
        p = end;
    }
}

/* The process is gone: make sure its group is too, and anything it left
 * (only a production allocator's process, which is not confined, can have
 * started one). */
static void finish(struct host *h)
{
    h->ended = true;
    kill(-h->pid, SIGKILL);
    if (h->spec.allocator->host == HOST_OF_PRODUCTION)
        reap_strays();
}

/* Reap the process if it ended (letting every stop on the way go on);
 * true when it has. */
static bool reap(struct host *h, int *status)
{
    if (h->ended)
        return true;
    if (!tracer_reap(h->pid, false, status, &h->facts))
        return false;
    finish(h);
    return true;
}

/* Kill the process now and reap it; its exit status. */
static int kill_and_reap(struct host *h)
{
    int status = 0;
    kill(h->pid, SIGKILL);
    tracer_reap(h->pid, true, &status, &h->facts);
    finish(h);
    return status;
}

/* Time is up: ask where it is (SIGXCPU, whose delivery the kernel shows
 * the driver), then kill it. */
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

static bool past(double deadline) { return deadline > 0 && monotonic_seconds() > deadline; }

/* Send a request: the driver's half of the mailbox, and its ring. */
static void send(struct host *h, enum request request, uint64_t x, uint64_t y)
{
    h->sent_request = request;
    h->sent_argument[0] = x;
    h->sent_argument[1] = y;
    h->box->request = request;
    h->box->argument[0] = x;
    h->box->argument[1] = y;
    h->rings_sent++;
    doorbell_ring(&h->box->to_host);
}

/* Whether the driver's half of the mailbox is as the driver wrote it. */
static bool own_half_intact(const struct host *h)
{
    const struct mailbox *b = h->box;
    return b->request == h->sent_request && b->argument[0] == h->sent_argument[0] &&
           b->argument[1] == h->sent_argument[1] &&
           atomic_load(&b->to_host.count) == h->rings_sent;
}

/* Wait for the next reply until deadline (0: none). False when the process
 * ended or time ran out first (the verdict is made). A reply rung before
 * the process ended is taken first, so that what a process did last before
 * it died is judged the same way every time. */
static bool await_reply_until(struct host *h, double deadline, enum reply *kind,
                              uint64_t *value)
{
    double next_tick = monotonic_seconds() + TICK_MS / 1000.0;
    for (;;) {
        bool ended = false;
        int status;
        if (doorbell_wait(&h->box->to_driver, &h->replies_seen, &h->spin,
                          WAIT_SLICE_MS * 1000000L) ||
            ((ended = reap(h, &status)) &&
             doorbell_wait(&h->box->to_driver, &h->replies_seen, NULL, 1))) {
            *kind = (enum reply)h->box->reply;
            *value = h->box->value;
            return true;
        }
        if (ended) {
            judge_ending(h, status, false);
            return false;
        }
        if (past(deadline)) {
            stop_hung(h);
            return false;
        }
        double now = monotonic_seconds();
        if (now >= next_tick) {
            output_show_new(&h->output, h->spec.show_output);
            if (h->spec.tick != NULL)
                h->spec.tick(h->spec.tick_arg, h);
            next_tick = now + TICK_MS / 1000.0;
        }
    }
}

static bool await_reply(struct host *h, enum reply *kind, uint64_t *value)
{
    return await_reply_until(h, h->spec.deadline, kind, value);
}

static bool protocol_broken(struct host *h)
{
    kill_and_reap(h);
    begin_verdict(h, VERDICT_FAILED_CHECK);
    h->verdict.check = CHECK_PROTOCOL;
    snprintf(h->verdict.detail, sizeof h->verdict.detail,
             "the allocator's process wrote over the driver's mailbox (a reply it never sends, or the driver's own request)");
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

/* A host program's path: those of host_programs are relative to the
 * folder of the running driver. */
bool sandbox_program_path(enum host_kind kind, char *out, size_t len)
{
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0 || host_programs[kind] == NULL)
        return false;
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    *slash = '\0';
    return snprintf(out, len, "%s/%s", self, host_programs[kind]) < (int)len &&
           access(out, X_OK) == 0;
}

/* How many seccomp filters hold the process, as the kernel says (-1 when
 * it does not say). */
static int filters_holding(pid_t pid)
{
    char path[64], text[4096];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    if (!read_proc(path, text, sizeof text))
        return -1;
    const char *field = strstr(text, "\nSeccomp_filters:");
    if (field != NULL)
        return atoi(field + strlen("\nSeccomp_filters:"));
    field = strstr(text, "\nSeccomp:");
    return field != NULL && atoi(field + strlen("\nSeccomp:")) == 2 ? FILTERS_WHEN_CONFINED
                                                                    : 0;
}

/* The process's command line, environment, view and first filter. */
struct launch {
    struct spawn_request request;
    char *argv[16];
    char *envp[4];
    char tunables[256];
    char program_seen[SPAWN_PATH_BYTES]; /* the program's path as it sees it */
    struct callgrind_command counted;    /* -I */
};

/* jemalloc needs more static TLS than a program gets by default. */
static const char HOST_TUNABLES[] = "glibc.rtld.optional_static_tls=65536";

static void plan_launch(const struct host *h, struct launch *l)
{
    bool counted = h->spec.counts != NULL, dynamic = spawn_is_dynamic(h->program);
    struct spawn_request *r = &l->request;
    int argc = 0;
    *r = (struct spawn_request){.program = h->program, .counts = h->spec.counts,
                                .argv = l->argv, .envp = l->envp};
    snprintf(l->tunables, sizeof l->tunables, "GLIBC_TUNABLES=%s%s%s", HOST_TUNABLES,
             counted ? ":" : "", counted ? callgrind_tunables : "");
    l->envp[0] = l->tunables;
    l->envp[1] = "TMPDIR=/tmp";
    l->envp[2] = NULL;
    if (counted) {
        spawn_program_path(h->program, l->program_seen);
        /* Without callgrind there is no launcher, and spawn says so. */
        if (callgrind_command(&l->counted, l->program_seen, h->spec.counts->path_seen)) {
            r->launcher = l->counted.argv[0];
            r->argv = l->counted.argv;
            l->envp[2] = l->counted.launcher_env;
            l->envp[3] = NULL;
        }
        r->view = VIEW_SYSTEM | VIEW_OWN_PROC | VIEW_TMP | VIEW_PROGRAM;
        /* A driver under an emulator forks an emulated child, which cannot
         * install a filter; the host still confines itself under valgrind. */
        r->first_filter = emulator() != NULL ? FIRST_NONE : FIRST_OUTSIDE_REACH;
    } else if (emulator() != NULL) {
        /* The emulator refuses its guest's seccomp filters. */
        spawn_program_path(h->program, l->program_seen);
        r->launcher = emulator();
        r->view = VIEW_SYSTEM | VIEW_OWN_PROC | VIEW_PROGRAM;
        r->first_filter = FIRST_NONE;
        l->argv[argc++] = (char *)r->launcher;
        l->argv[argc++] = l->program_seen;
    } else {
        r->view = dynamic ? VIEW_SYSTEM | VIEW_OWN_PROC : 0;
        r->first_filter = dynamic ? FIRST_OUTSIDE_REACH : FIRST_START_UP;
        l->argv[argc++] = (char *)h->program;
    }
    l->argv[argc] = NULL;
}

static void fill_setup(struct host *h, bool dynamic)
{
    const struct host_spec *s = &h->spec;
    struct host_setup *setup = &h->box->setup;
    snprintf(setup->allocator, sizeof setup->allocator, "%s", s->allocator->name);
    setup->driver_pid = (int32_t)getpid();
    setup->mode = s->mode;
    setup->confinement = !s->allocator->uses_heap ? CONFINE_NONE
                         : s->counts != NULL      ? CONFINE_COUNTED
                         : dynamic                ? CONFINE_SANITIZED
                                                  : CONFINE_STRICT;
    setup->own_view = spawn_views_available();
    setup->heap_cap = s->heap_cap;
    setup->op_count = s->op_count;
    setup->id_count = s->id_count;
    setup->fill_payloads = !s->allocator->uses_heap;
    setup->output_limit = ALLOCATOR_OUTPUT_LIMIT;
    setup->libc_heap_bytes = LIBC_HEAP_BYTES;
}

static bool spawn(struct host *h, int devnull)
{
    bool timed = h->spec.mode == HOST_TIMED;
    struct launch launch;
    plan_launch(h, &launch);
    if (h->spec.counts != NULL && launch.request.launcher == NULL) {
        errno = ENOENT; /* valgrind, or its callgrind, is not installed */
        return false;
    }
    const int sources[HOST_FD_COUNT] = {
        [STDIN_FILENO] = devnull,
        [STDOUT_FILENO] = timed ? devnull : h->output.fd,
        [STDERR_FILENO] = timed ? devnull : h->output.fd,
        [HOST_FD_MAILBOX] = h->mailbox_fd,
        [HOST_FD_ARENA] = timed ? devnull : h->arena.fd,
        [HOST_FD_OPS] = timed ? h->spec.ops_fd : devnull,
        [HOST_FD_ANSWERS] = timed ? h->spec.answers->fd : devnull,
        [HOST_FD_LIBC_HEAP] = h->libc_heap_fd >= 0 ? h->libc_heap_fd : devnull,
    };
    /* Every source lies above the targets, so that no dup2 in the child
     * overwrites one still to be placed. */
    for (int i = 0; i < HOST_FD_COUNT; i++)
        launch.request.fds[i] = high(dup(sources[i]));
    struct spawn_result result;
    bool started = spawn_host(&launch.request, &result);
    for (int i = 0; i < HOST_FD_COUNT; i++)
        close(launch.request.fds[i]);
    if (!started) {
        fprintf(stderr, "mdriver: cannot start the allocator's process: it could not %s (%s)\n",
                result.failed_step, strerror(result.error));
        errno = result.error;
        return false;
    }
    h->pid = result.pid;
    /* valgrind's and an emulator's registers are not the allocator's. */
    h->traced = launch.request.launcher == NULL && tracer_attach(h->pid);
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
             "the allocator's process did not confine itself with its seccomp filter, which "
             "this kernel offers");
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
    die("cannot start the allocator's process (%s): %s",
        h->program != NULL ? h->program : "no host program", why);
}

static bool start_process(struct host *h)
{
    static char program[HOST_KINDS][4096];
    enum host_kind host = h->spec.allocator->host;
    if (program[host][0] == '\0' &&
        !sandbox_program_path(host, program[host], sizeof program[host]))
        start_failed(h, "the host program is missing: run make");
    h->program = program[host];
    const struct host_spec *s = &h->spec;
    int devnull = high(open("/dev/null", O_RDWR | O_CLOEXEC));
    h->mailbox_fd = new_memfd("mdriver-mailbox", sizeof *h->box);
    if (devnull < 0 || h->mailbox_fd < 0 ||
        (s->mode == HOST_CHECKED && !arena_create(&h->arena, 0, false)) ||
        !output_open(&h->output, s->allocator->name))
        start_failed(h, strerror(errno));
    h->output.fd = high(h->output.fd);
    bool confine = s->allocator->uses_heap, dynamic = spawn_is_dynamic(h->program);
    if (confine && !dynamic)
        h->libc_heap_fd = new_memfd("mdriver-libc-heap", LIBC_HEAP_BYTES);
    if (s->mode == HOST_TIMED)
        h->answers = s->answers->answers;
    h->box = mmap(NULL, sizeof *h->box, PROT_READ | PROT_WRITE, MAP_SHARED, h->mailbox_fd, 0);
    if (h->box == MAP_FAILED)
        start_failed(h, strerror(errno));
    fill_setup(h, dynamic);
    h->last_request = 0;
    if (!spawn(h, devnull))
        start_failed(h, strerror(errno));
    close(devnull);
    /* No allocator code runs before READY: an ending before it is the
     * host program's, or the machine's. */
    enum reply kind;
    uint64_t value;
    double deadline = monotonic_seconds() + START_SECS;
    if (s->deadline > 0 && s->deadline < deadline)
        deadline = s->deadline;
    if (!await_reply_until(h, deadline, &kind, &value)) {
        if (h->verdict.kind == VERDICT_TIMED_OUT)
            return false;
        start_failed(h, "it ended while setting up; what it printed is above");
    }
    if (kind != REPLY_READY)
        return protocol_broken(h);
    h->loaded = (unsigned)(value & ((1u << PRODUCTION_LIBRARIES) - 1));
    int filters = filters_holding(h->pid);
    h->confined = confine && filters >= FILTERS_WHEN_CONFINED;
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
    return start_process(h);
}

/* ---- calls ----------------------------------------------------------- */

bool host_call(struct host *h, enum request request, uint64_t x, uint64_t y,
               uint64_t *result)
{
    if (request == REQUEST_INIT)
        arena_empty(&h->arena);
    if (h->ended)
        return false;
    h->last_request = request;
    send(h, request, x, y);
    for (;;) {
        enum reply kind;
        uint64_t value;
        if (!await_reply(h, &kind, &value))
            return false;
        if (!own_half_intact(h))
            return protocol_broken(h);
        if (kind == REPLY_ANSWER) {
            *result = value;
            break;
        }
        if (kind != REPLY_GROW || h->spec.mode != HOST_CHECKED)
            return protocol_broken(h);
        size_t old = 0;
        bool granted = value <= SIZE_MAX && arena_grow(&h->arena, (size_t)value, &old);
        send(h, REQUEST_GROWN, granted, old);
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
 * all of its work, and no more. An honest host is asleep within
 * microseconds of its reply; false when it is still running ASLEEP_SECS
 * later: the process said its replay was done and went on running. */
static bool wait_until_asleep(struct host *h, int stat_fd)
{
    double give_up = monotonic_seconds() + ASLEEP_SECS;
    while (!atomic_load(&h->box->to_host.sleeping) || process_state(stat_fd) == 'R') {
        if (reap(h, &(int){0}))
            return true;
        if (past(give_up)) {
            kill_and_reap(h);
            begin_verdict(h, VERDICT_FAILED_CHECK);
            h->verdict.check = CHECK_PROTOCOL;
            snprintf(h->verdict.detail, sizeof h->verdict.detail,
                     "the allocator's process said its replay was done, then went on running "
                     "for %d s",
                     ASLEEP_SECS);
            return false;
        }
        doorbell_pause();
    }
    return true;
}

bool host_replay(struct host *h, double *cpu_seconds)
{
    clockid_t clock;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)h->pid);
    int stat_fd = open(path, O_RDONLY | O_CLOEXEC);
    if (clock_getcpuclockid(h->pid, &clock) != 0 || stat_fd < 0)
        return protocol_broken(h);
    /* The host waits busy, yielding: its clock is at most one yield old. */
    double start = process_seconds(clock);
    h->last_request = REQUEST_REPLAY;
    send(h, REQUEST_REPLAY, 0, 0);
    enum reply kind;
    uint64_t value;
    bool replied = await_reply(h, &kind, &value);
    bool asleep = replied && kind == REPLY_ANSWER && wait_until_asleep(h, stat_fd);
    close(stat_fd);
    if (!replied || (kind == REPLY_ANSWER && !asleep))
        return false;
    if (kind != REPLY_ANSWER || !own_half_intact(h) || h->ended)
        return h->ended ? false : protocol_broken(h);
    *cpu_seconds = process_seconds(clock) - start;
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
            send(h, REQUEST_EXIT, 0, 0);
            double give_up = monotonic_seconds() + EXIT_WAIT_SECS;
            while (!reap(h, &status) && monotonic_seconds() < give_up)
                usleep(2000);
            clean = h->ended && WIFEXITED(status) && WEXITSTATUS(status) == 0;
        }
        if (!h->ended)
            kill_and_reap(h);
    }
    if (h->box != NULL && h->box != MAP_FAILED) {
        h->output_bytes = output_close(&h->output, h->spec.show_output);
        munmap(h->box, sizeof *h->box);
    }
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

/* ---- questions for a host of their own ------------------------------- */

enum { QUESTION_SECS = 30 };

static bool ask(const struct allocator *a, enum request request, struct host *h,
                uint64_t *answer)
{
    struct host_spec spec = {.allocator = a, .mode = HOST_CHECKED, .phase = PHASE_CHECKED,
                             .deadline = monotonic_seconds() + QUESTION_SECS};
    return host_start(h, &spec) && host_call(h, request, 0, 0, answer);
}

void host_team(char fields[TEAM_FIELDS][4 * TEAM_FIELD_BYTES])
{
    static const struct allocator student = {.name = "mm", .uses_heap = true,
                                             .host = HOST_OF_STUDENT};
    struct host h;
    uint64_t answer;
    bool answered = ask(&student, REQUEST_TEAM, &h, &answer);
    for (int i = 0; i < TEAM_FIELDS; i++) {
        char raw[TEAM_FIELD_BYTES];
        memcpy(raw, answered ? h.box->team[i] : "", answered ? sizeof raw : 1);
        raw[sizeof raw - 1] = '\0';
        size_t used = 0;
        for (const unsigned char *c = (const unsigned char *)raw; *c != '\0'; c++)
            used += (size_t)snprintf(fields[i] + used, 4 * TEAM_FIELD_BYTES - used,
                                     *c >= 0x20 && *c < 0x7f ? "%c" : "\\x%02x", *c);
        fields[i][used] = '\0';
    }
    host_stop(&h, false);
}

unsigned host_production_libraries(void)
{
    static const struct allocator libc = {.name = "libc", .host = HOST_OF_PRODUCTION};
    struct host h;
    bool started = host_start(&h, &(struct host_spec){
                                      .allocator = &libc, .mode = HOST_CHECKED,
                                      .phase = PHASE_CHECKED,
                                      .deadline = monotonic_seconds() + QUESTION_SECS});
    unsigned loaded = started ? h.loaded : 0;
    host_stop(&h, false);
    return loaded;
}

const char *host_emulator(void)
{
    return emulator();
}

/*
 * seccomp.c - the filters of seccomp.h, written as BPF by hand.
 *
 * A filter sees the architecture, the system call's number and its
 * arguments. Every filter first refuses any architecture but the one this
 * program was built for (a 64-bit process may also make 32-bit or x32
 * calls, under other numbers). Then:
 *
 *   allow-lists (start-up, strict, counted): allowed numbers -> ALLOW;
 *       write/writev -> ALLOW if the fd is 1 or 2; kill/tkill/tgkill ->
 *       ALLOW if aimed at this process with a fatal signal (counted: any
 *       signal); anything else -> TRAP (SIGSYS, with the number in
 *       si_syscall), except in the counted filter, where mprotect with
 *       PROT_EXEC and anything else -> KILL: valgrind cannot hand a SIGSYS
 *       on to the program it runs (it stops with an internal error and
 *       exit(1)), so the process ends by the signal itself and the driver
 *       names a forbidden call, without its number
 *   deny-lists (outside reach, sanitized): refused numbers -> KILL;
 *       anything else -> ALLOW
 *
 * Each test is one "jump if equal" on the number; a test of an argument
 * loads it and then reloads nothing that a later test needs, since every
 * path through an argument test ends in a return.
 */
#define _GNU_SOURCE
#include "seccomp.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define FILTER_ARCH AUDIT_ARCH_X86_64
#elif defined(__i386__)
#define FILTER_ARCH AUDIT_ARCH_I386
#elif defined(__aarch64__)
#define FILTER_ARCH AUDIT_ARCH_AARCH64
#endif

#ifndef SECCOMP_RET_KILL_PROCESS
#define SECCOMP_RET_KILL_PROCESS SECCOMP_RET_KILL
#endif

enum { FILTER_CAPACITY = 256 };

struct filter {
    struct sock_filter code[FILTER_CAPACITY];
    unsigned short length;
    bool overflowed;
};

/* The low 32 bits of the first argument: every argument tested here is an
 * int, of which the kernel reads only those bits. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
enum { FIRST_ARGUMENT_LOW = offsetof(struct seccomp_data, args[0]) };
#else
enum { FIRST_ARGUMENT_LOW = offsetof(struct seccomp_data, args[0]) + 4 };
#endif

static void emit(struct filter *f, struct sock_filter insn)
{
    if (f->length == FILTER_CAPACITY)
        f->overflowed = true;
    else
        f->code[f->length++] = insn;
}

static void emit_return(struct filter *f, uint32_t action)
{
    emit(f, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, action));
}

static void load_number(struct filter *f)
{
    emit(f, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                                         offsetof(struct seccomp_data, nr)));
}

/* Refuse every call made under another architecture. */
static void require_arch(struct filter *f)
{
    emit(f, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                                         offsetof(struct seccomp_data, arch)));
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, FILTER_ARCH, 1, 0));
    emit_return(f, SECCOMP_RET_KILL_PROCESS);
    load_number(f);
#if defined(__x86_64__)
    /* x32 calls: the same numbers with bit 30 set. */
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1));
    emit_return(f, SECCOMP_RET_KILL_PROCESS);
#endif
}

/* Call nr gets action. */
static void answer(struct filter *f, long nr, uint32_t action)
{
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, 1));
    emit_return(f, action);
}

/* Call nr is allowed when its first argument is one of values[0..n), and
 * gets otherwise. */
static void allow_if_first_argument(struct filter *f, long nr, const uint32_t *values,
                                    unsigned n, uint32_t otherwise)
{
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0,
                                         (unsigned char)(n + 3)));
    emit(f, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, FIRST_ARGUMENT_LOW));
    for (unsigned i = 0; i < n; i++)
        emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, values[i],
                                             (unsigned char)(n - i), 0));
    emit_return(f, otherwise);
    emit_return(f, SECCOMP_RET_ALLOW);
}

/* Call nr is allowed when its argument at offset (an int) is value, and
 * then only if the argument at second (an int) is one of values[0..n);
 * otherwise it gets otherwise. */
static void allow_if_arguments(struct filter *f, long nr, uint32_t offset, uint32_t value,
                               uint32_t second, const uint32_t *values, unsigned n,
                               uint32_t otherwise)
{
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0,
                                         (unsigned char)(n + 5)));
    emit(f, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offset));
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, value, 0,
                                         (unsigned char)(n + 1)));
    emit(f, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, second));
    for (unsigned i = 0; i < n; i++)
        emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, values[i],
                                             (unsigned char)(n - i), 0));
    emit_return(f, otherwise);
    emit_return(f, SECCOMP_RET_ALLOW);
}

/* The low 32 bits of argument i. */
static uint32_t argument(int i) { return FIRST_ARGUMENT_LOW + (uint32_t)i * 8; }

/* The signals a process may send, to itself only: abort's SIGABRT, a fault
 * re-raised by its handler, and SIGSYS, with which the host refuses a call
 * of the allocator's. Stopping itself or anything else is refused. */
static const uint32_t fatal_signals[] = {SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE,
                                         SIGTRAP, SIGSYS,  SIGXCPU, SIGKILL};

static void allow_fatal_signals_to_self(struct filter *f, uint32_t otherwise)
{
    uint32_t self = (uint32_t)getpid();
    unsigned n = sizeof fatal_signals / sizeof *fatal_signals;
    allow_if_arguments(f, SYS_kill, argument(0), self, argument(1), fatal_signals, n, otherwise);
    allow_if_arguments(f, SYS_tkill, argument(0), self, argument(1), fatal_signals, n, otherwise);
    allow_if_arguments(f, SYS_tgkill, argument(0), self, argument(2), fatal_signals, n,
                       otherwise);
}

static void allow_all(struct filter *f, const long *calls, size_t n)
{
    for (size_t i = 0; i < n; i++)
        answer(f, calls[i], SECCOMP_RET_ALLOW);
}

/* What every allocator's process may do once confined. */
static const long strictly_allowed[] = {
    SYS_futex,       SYS_exit,         SYS_exit_group, SYS_rt_sigreturn,
    SYS_rt_sigprocmask, SYS_getpid,    SYS_gettid,     SYS_clock_gettime,
    SYS_gettimeofday, SYS_restart_syscall, SYS_sched_yield,
#ifdef SYS_sigreturn
    SYS_sigreturn,
#endif
#ifdef SYS_clock_gettime64
    SYS_clock_gettime64,
#endif
#ifdef SYS_futex_time64
    SYS_futex_time64,
#endif
};

static const uint32_t output_fds[] = {STDOUT_FILENO, STDERR_FILENO};

static void allow_output(struct filter *f, uint32_t otherwise)
{
    allow_if_first_argument(f, SYS_write, output_fds, 2, otherwise);
    allow_if_first_argument(f, SYS_writev, output_fds, 2, otherwise);
}

static void build_strict(struct filter *f)
{
    require_arch(f);
    allow_all(f, strictly_allowed, sizeof strictly_allowed / sizeof *strictly_allowed);
    allow_output(f, SECCOMP_RET_TRAP);
    allow_fatal_signals_to_self(f, SECCOMP_RET_TRAP);
    emit_return(f, SECCOMP_RET_TRAP);
}

/* What valgrind needs besides, while the replay runs and when it writes
 * its counts at the end: its own descriptors (the scheduler's pipe, its
 * log), its memory, the counts file. mprotect is allowed only without
 * PROT_EXEC: no code is made while the replay runs. */
static const long counted_allowed[] = {
    SYS_read, SYS_write, SYS_close, SYS_mmap, SYS_munmap, SYS_madvise, SYS_mremap,
    SYS_fstat, SYS_lseek, SYS_getcwd, SYS_readlink, SYS_rt_sigaction, SYS_rt_sigtimedwait,
    SYS_getppid, SYS_openat,
#ifdef SYS_newfstatat
    SYS_newfstatat,
#endif
#ifdef SYS_fstatat64
    SYS_fstatat64,
#endif
#ifdef SYS_open
    SYS_open, SYS_stat,
#endif
#ifdef SYS_statx
    SYS_statx,
#endif
#ifdef SYS_mmap2
    SYS_mmap2, SYS_fstat64, SYS__llseek, SYS_stat64,
#endif
};

static void refuse_executable_mprotect(struct filter *f)
{
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mprotect, 0, 4));
    emit(f, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, argument(2)));
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, PROT_EXEC, 0, 1));
    emit_return(f, SECCOMP_RET_KILL_PROCESS);
    emit_return(f, SECCOMP_RET_ALLOW);
}

static void build_counted(struct filter *f)
{
    require_arch(f);
    allow_all(f, strictly_allowed, sizeof strictly_allowed / sizeof *strictly_allowed);
    allow_all(f, counted_allowed, sizeof counted_allowed / sizeof *counted_allowed);
    refuse_executable_mprotect(f);
    /* valgrind signals itself with signals of its own. */
    const uint32_t self[] = {(uint32_t)getpid()};
    allow_if_first_argument(f, SYS_kill, self, 1, SECCOMP_RET_KILL_PROCESS);
    allow_if_first_argument(f, SYS_tkill, self, 1, SECCOMP_RET_KILL_PROCESS);
    allow_if_first_argument(f, SYS_tgkill, self, 1, SECCOMP_RET_KILL_PROCESS);
    emit_return(f, SECCOMP_RET_KILL_PROCESS);
}

/* What a static host program needs to start and set itself up, before its
 * own filter: the strict filter's calls, and memory, signal handlers,
 * limits and its own filter. The signals are not yet held to the process
 * itself: only the kit's code runs until the second filter. */
static const long start_up_allowed[] = {
    SYS_execveat, SYS_brk, SYS_mmap, SYS_munmap, SYS_mprotect, SYS_madvise,
    SYS_set_tid_address, SYS_set_robust_list, SYS_prlimit64, SYS_getrandom,
    SYS_rt_sigaction, SYS_sigaltstack, SYS_prctl, SYS_seccomp, SYS_getppid,
    SYS_fstat, SYS_ioctl, SYS_close, SYS_kill, SYS_tkill, SYS_tgkill,
    SYS_write, SYS_writev, SYS_readlinkat, SYS_uname,
#ifdef SYS_newfstatat
    SYS_newfstatat,
#endif
#ifdef SYS_arch_prctl
    SYS_arch_prctl,
#endif
#ifdef SYS_rseq
    SYS_rseq,
#endif
#ifdef SYS_readlink
    SYS_readlink,
#endif
#ifdef SYS_mmap2
    SYS_mmap2, SYS_set_thread_area, SYS_ugetrlimit, SYS_fstat64, SYS_statx,
#endif
};

static void build_start_up(struct filter *f)
{
    require_arch(f);
    allow_all(f, strictly_allowed, sizeof strictly_allowed / sizeof *strictly_allowed);
    allow_all(f, start_up_allowed, sizeof start_up_allowed / sizeof *start_up_allowed);
    emit_return(f, SECCOMP_RET_TRAP);
}

/* What a process whose start-up needs files (valgrind's, an emulator's,
 * the sanitizers') may still not do: start processes (it may execute a
 * program: valgrind's launcher executes the tool), reach into other
 * processes, change files or their names, open sockets, make namespaces or
 * mounts. */
static const long outside_reach[] = {
    SYS_clone, SYS_ptrace, SYS_process_vm_readv,
    SYS_process_vm_writev, SYS_unlinkat, SYS_renameat, SYS_linkat, SYS_symlinkat,
    SYS_mkdirat, SYS_mknodat, SYS_fchmodat, SYS_fchmod, SYS_fchownat, SYS_fchown,
    SYS_truncate, SYS_fallocate, SYS_socketpair, SYS_mount, SYS_unshare, SYS_setns,
    SYS_pivot_root, SYS_chroot, SYS_setitimer, SYS_timer_create,
    SYS_io_setup, SYS_io_uring_setup, SYS_pidfd_open, SYS_pidfd_getfd,
    SYS_pidfd_send_signal, SYS_userfaultfd, SYS_bpf, SYS_perf_event_open,
    SYS_name_to_handle_at, SYS_open_by_handle_at, SYS_keyctl, SYS_personality,
#ifdef SYS_clone3
    SYS_clone3,
#endif
#ifdef SYS_fork
    SYS_fork, SYS_vfork, SYS_rename, SYS_link, SYS_symlink, SYS_mknod, SYS_chmod,
    SYS_chown, SYS_lchown, SYS_alarm,
#endif
#ifdef SYS_renameat2
    SYS_renameat2,
#endif
#ifdef SYS_socket
    SYS_socket, SYS_connect, SYS_bind,
#endif
#ifdef SYS_socketcall
    SYS_socketcall,
#endif
};

static void build_outside_reach(struct filter *f)
{
    require_arch(f);
    for (size_t i = 0; i < sizeof outside_reach / sizeof *outside_reach; i++)
        answer(f, outside_reach[i], SECCOMP_RET_KILL_PROCESS);
    emit_return(f, SECCOMP_RET_ALLOW);
}

/* The sanitizer build's second filter: the first one's, with signals held
 * to the process itself. */
static void build_sanitized(struct filter *f)
{
    require_arch(f);
    for (size_t i = 0; i < sizeof outside_reach / sizeof *outside_reach; i++)
        answer(f, outside_reach[i], SECCOMP_RET_KILL_PROCESS);
    allow_fatal_signals_to_self(f, SECCOMP_RET_KILL_PROCESS);
    emit_return(f, SECCOMP_RET_ALLOW);
}

static struct sock_fprog made;
static struct filter building;

/* The program of a built filter, or NULL (errno set). */
static const struct sock_fprog *finish(void)
{
    if (building.overflowed) {
        errno = E2BIG;
        return NULL;
    }
    made = (struct sock_fprog){.len = building.length, .filter = building.code};
    return &made;
}

const void *seccomp_first_filter(enum first_filter which)
{
#ifndef FILTER_ARCH
    (void)which;
    return NULL;
#else
    building.length = 0;
    building.overflowed = false;
    if (which == FIRST_START_UP)
        build_start_up(&building);
    else
        build_outside_reach(&building);
    return finish();
#endif
}

bool seccomp_install(const void *program)
{
    if (program == NULL || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return false;
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, program) == 0)
        return true;
    /* valgrind does not know the seccomp call, but passes this one on. */
    return errno == ENOSYS && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, program, 0, 0) == 0;
}

bool seccomp_confine(enum confinement how)
{
#ifndef FILTER_ARCH
    (void)how;
    errno = ENOSYS;
    return false;
#else
    building.length = 0;
    building.overflowed = false;
    switch (how) {
    case CONFINE_STRICT: build_strict(&building); break;
    case CONFINE_COUNTED: build_counted(&building); break;
    case CONFINE_SANITIZED: build_sanitized(&building); break;
    case CONFINE_NONE: return true;
    }
    return seccomp_install(finish());
#endif
}

bool seccomp_available(void)
{
#ifndef FILTER_ARCH
    return false;
#else
    uint32_t action = SECCOMP_RET_TRAP;
    return syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0;
#endif
}

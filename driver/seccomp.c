/*
 * seccomp.c - the two filters of seccomp.h, written as BPF by hand.
 *
 * A filter sees the architecture, the system call's number and its
 * arguments. Both filters first refuse any architecture but the one this
 * program was built for (a 64-bit process may also make 32-bit or x32
 * calls, under other numbers). Then:
 *
 *   strict:   allowed numbers -> ALLOW; write/writev -> ALLOW if the fd is
 *             1 or 2; kill/tkill/tgkill -> ALLOW if aimed at this process;
 *             anything else -> TRAP (SIGSYS, with the number in si_syscall)
 *   valgrind: refused numbers -> KILL; kill/tkill/tgkill -> KILL unless
 *             aimed at this process; anything else -> ALLOW
 *
 * Each test is one "jump if equal" on the number; a test of the first
 * argument loads it and then reloads nothing, since every path through an
 * argument test ends in a return.
 */
#define _GNU_SOURCE
#include "seccomp.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
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

/* Signals may go to this process only (abort() sends itself SIGABRT). */
static void allow_signals_to_self(struct filter *f, uint32_t otherwise)
{
    const uint32_t self[] = {(uint32_t)getpid()};
    allow_if_first_argument(f, SYS_kill, self, 1, otherwise);
    allow_if_first_argument(f, SYS_tgkill, self, 1, otherwise);
    allow_if_first_argument(f, SYS_tkill, self, 1, otherwise);
}

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

static void build_strict(struct filter *f)
{
    static const uint32_t output_fds[] = {STDOUT_FILENO, STDERR_FILENO};
    require_arch(f);
    for (size_t i = 0; i < sizeof strictly_allowed / sizeof *strictly_allowed; i++)
        answer(f, strictly_allowed[i], SECCOMP_RET_ALLOW);
    allow_if_first_argument(f, SYS_write, output_fds, 2, SECCOMP_RET_TRAP);
    allow_if_first_argument(f, SYS_writev, output_fds, 2, SECCOMP_RET_TRAP);
    allow_signals_to_self(f, SECCOMP_RET_TRAP);
    emit_return(f, SECCOMP_RET_TRAP);
}

/* What a process under valgrind may not do: start processes or programs,
 * reach into other processes, change files or their names, open sockets,
 * change its limits or its view of the system. */
static const long refused_under_valgrind[] = {
    SYS_execve, SYS_execveat, SYS_clone, SYS_ptrace, SYS_process_vm_readv,
    SYS_process_vm_writev, SYS_unlinkat, SYS_renameat, SYS_linkat, SYS_symlinkat,
    SYS_mkdirat, SYS_mknodat, SYS_fchmodat, SYS_fchmod, SYS_fchownat, SYS_fchown,
    SYS_truncate, SYS_ftruncate, SYS_fallocate, SYS_socketpair, SYS_setrlimit,
    SYS_prlimit64, SYS_mount, SYS_umount2, SYS_unshare, SYS_setns, SYS_pivot_root,
    SYS_chroot, SYS_chdir, SYS_fchdir, SYS_setitimer, SYS_timer_create, SYS_memfd_create,
    SYS_io_setup, SYS_io_uring_setup, SYS_pidfd_open, SYS_pidfd_getfd,
    SYS_pidfd_send_signal, SYS_userfaultfd, SYS_bpf, SYS_perf_event_open,
    SYS_name_to_handle_at, SYS_open_by_handle_at, SYS_keyctl, SYS_personality,
#ifdef SYS_clone3
    SYS_clone3,
#endif
#ifdef SYS_fork
    SYS_fork, SYS_vfork, SYS_unlink, SYS_rename, SYS_link, SYS_symlink, SYS_mkdir,
    SYS_rmdir, SYS_mknod, SYS_chmod, SYS_chown, SYS_lchown, SYS_alarm,
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

static void build_valgrind(struct filter *f)
{
    require_arch(f);
    for (size_t i = 0; i < sizeof refused_under_valgrind / sizeof *refused_under_valgrind; i++)
        answer(f, refused_under_valgrind[i], SECCOMP_RET_KILL_PROCESS);
    allow_signals_to_self(f, SECCOMP_RET_KILL_PROCESS);
    emit_return(f, SECCOMP_RET_ALLOW);
}

bool seccomp_confine(enum confinement how)
{
#ifndef FILTER_ARCH
    (void)how;
    errno = ENOSYS;
    return false;
#else
    static struct filter f;
    f.length = 0;
    f.overflowed = false;
    if (how == CONFINE_STRICT)
        build_strict(&f);
    else
        build_valgrind(&f);
    if (f.overflowed) {
        errno = E2BIG;
        return false;
    }
    struct sock_fprog program = {.len = f.length, .filter = f.code};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return false;
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) == 0)
        return true;
    /* valgrind does not know the seccomp call, but passes this one on. */
    return errno == ENOSYS &&
           prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0) == 0;
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

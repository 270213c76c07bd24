/*
 * seccomp.h - confining the allocator's process to the system calls it
 * needs, with a seccomp filter written by hand in classic BPF.
 *
 * The allocator's process installs the filter on itself once it is set up
 * and before the allocator's first instruction runs. Strict confinement
 * (every allocator built from source) allows only: write and writev to
 * fds 1 and 2 (printf debugging), futex (waiting for the driver), exit,
 * rt_sigreturn and rt_sigprocmask (signal handling), getpid, gettid and
 * signals sent to itself (abort), and the clocks. Any other call, mmap, brk,
 * open or fork alike, is not made: the kernel raises SIGSYS instead, and
 * the process reports the call's number and dies of it.
 *
 * Under valgrind (-I) the allocator shares its process with valgrind,
 * which needs many calls of its own, so the filter there only refuses what
 * could reach outside the process: new processes and programs, signals to
 * other processes, changes to files and their names, sockets, limits.
 */
#ifndef SECCOMP_H
#define SECCOMP_H

#include <stdbool.h>

#include "mailbox.h"

/* Install the filter for how on this process (with no_new_privs). False,
 * with errno set, when the kernel or this architecture cannot. */
bool seccomp_confine(enum confinement how);

/* Whether this build has a filter for its architecture and the kernel
 * can apply it: when so, an allocator's process that is not confined has
 * been kept from it. */
bool seccomp_available(void);

#endif /* SECCOMP_H */

/*
 * seccomp.h - confining the allocator's process to the system calls it
 * needs, with seccomp filters written by hand in classic BPF.
 *
 * A host process is held by two filters, which the kernel both applies
 * (the stricter answer wins):
 *
 *   the first, installed by the driver's child before it executes the
 *   host program (driver/spawn.h), so that it holds from the program's first
 *   instruction:
 *     FIRST_START_UP       an allow-list of what a static host program
 *                          needs to start and set itself up: memory
 *                          mappings, signal handlers, limits, its own
 *                          filter, and what the strict filter allows;
 *     FIRST_OUTSIDE_REACH  for valgrind, an emulator or the sanitizer
 *                          build, whose start-up needs files and more: it
 *                          refuses what reaches outside the process (new
 *                          processes, other processes, changes to files,
 *                          sockets, namespaces, limits);
 *
 *   the second, installed by the host itself before it calls any of the
 *   allocator's code (seccomp_confine):
 *     CONFINE_STRICT       every allocator built from source: write and
 *                          writev to fds 1 and 2 (printf debugging), futex
 *                          (waiting for the driver), exit, rt_sigreturn and
 *                          rt_sigprocmask (signal handling), getpid,
 *                          gettid, the clocks, sched_yield, and the fatal
 *                          signals sent to itself (abort, and a fault
 *                          re-raised); anything else, mmap, brk, open or
 *                          kill(SIGSTOP) alike, is not made: the kernel
 *                          raises SIGSYS instead;
 *     CONFINE_COUNTED      under valgrind (-I): those, and what valgrind
 *                          itself needs while the replay runs and when it
 *                          writes its counts (reading and writing its own
 *                          descriptors, mapping its memory, opening the
 *                          counts file); never mprotect to executable;
 *     CONFINE_SANITIZED    the sanitizer build: what AddressSanitizer
 *                          needs too (it is never graded).
 */
#ifndef SECCOMP_H
#define SECCOMP_H

#include <stdbool.h>

#include "mailbox.h"

enum first_filter { FIRST_NONE, FIRST_START_UP, FIRST_OUTSIDE_REACH };

/* The first filter, made ready for seccomp_install (a static program: the
 * next call makes another). */
const void *seccomp_first_filter(enum first_filter which);

/* Set no_new_privs and install a filter on this process; false (errno
 * set) when the kernel refuses. */
bool seccomp_install(const void *program);

/* Make and install the second filter for how; false, with errno set,
 * when the kernel or this architecture cannot. */
bool seccomp_confine(enum confinement how);

/* Whether this build has filters for its architecture and the kernel can
 * apply them: when so, an allocator's process that is not confined has
 * been kept from it. */
bool seccomp_available(void);

#endif /* SECCOMP_H */

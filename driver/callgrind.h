/*
 * callgrind.h - the meter of -I: how a counted process is started under
 * valgrind's callgrind, and how its count is read. The one place that
 * knows callgrind's program, arguments, environment and file format.
 *
 * A counted process is started as
 *
 *   callgrind-ARCH-linux --tool=callgrind --vgdb=no --collect-atstart=no
 *       --toggle-collect=__mdriver_counted_replay
 *       --callgrind-out-file=COUNTS PROGRAM
 *
 * with VALGRIND_LAUNCHER set: the tool's own program for the driver's
 * architecture, which "valgrind", the launcher, would pick (but the
 * launcher is built for the machine, and a 32-bit driver's first filter,
 * which allows only 32-bit calls, would kill a 64-bit launcher at its
 * first call). Only what runs inside the host's __mdriver_counted_replay
 * is counted, whatever the allocator's functions are called. When the
 * process exits, callgrind writes its counts to COUNTS (a file of the
 * counts folder, spawn.h), and the total is read from the one "summary:"
 * line of the one document the file must hold.
 */
#ifndef CALLGRIND_H
#define CALLGRIND_H

#include <stdbool.h>

#include "spawn.h"

/* Whether valgrind and callgrind's program for this architecture are
 * installed (found once, on the PATH and where valgrind keeps its tools). */
bool callgrind_installed(void);

/* The glibc tunables a counted process needs besides every host's: its
 * memcpy and memset keep to their vector loops, since valgrind counts a
 * "rep movsb" as one instruction per byte, which would make a large copy
 * look ten times dearer than it is. */
extern const char callgrind_tunables[];

/* The command line of a counted process. */
struct callgrind_command {
    char *argv[8];                       /* callgrind's program first; NULL ends it */
    char launcher_env[4096 + 32];        /* "VALGRIND_LAUNCHER=...", for its environment */
    char counts_arg[SPAWN_PATH_BYTES + 32];
};

/* The command that counts program (its path as the process sees it),
 * writing its counts to counts_file (as the process sees it). False when
 * callgrind is not installed. */
bool callgrind_command(struct callgrind_command *c, const char *program,
                       const char *counts_file);

/* The instructions counted, from the counts folder of a process that
 * exited cleanly; false when the file is not one callgrind document with
 * one summary. */
bool callgrind_read_counts(const struct counts_folder *counts, double *instructions);

#endif /* CALLGRIND_H */

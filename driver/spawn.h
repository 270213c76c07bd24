/*
 * spawn.h - starting a host program confined from its first instruction.
 *
 * The new process is made with clone, and before it runs a single
 * instruction of the host program it is given, in this order:
 *
 *   1. its descriptors (shared/mailbox.h's, nothing else), its own process group,
 *      default signal actions, and death when the driver dies;
 *   2. a view of the files of its own: a new user and mount namespace
 *      whose root is an empty, read-only tmpfs, holding only what the
 *      program needs to start (spawn_view): nothing for a static host;
 *      the system's read-only /usr and libraries for a dynamic one; and
 *      for valgrind its own /proc entry, a /tmp, the host program as
 *      /host and a folder for its counts, /counts. No trace, no kit
 *      folder, no other process's /proc is there. Where the kernel
 *      lets no unprivileged user make namespaces, the process keeps the
 *      driver's view, and the driver says so once;
 *   3. no_new_privs and a first seccomp filter (shared/seccomp.h), which the host
 *      tightens before it calls any of the allocator's code;
 *
 * and then the program is executed, from a descriptor the driver opened
 * (a static host needs no file to start), or by its path in the new view.
 * The driver then attaches to it with ptrace (tracer.h), so that how it
 * ends is told by the kernel.
 */
#ifndef SPAWN_H
#define SPAWN_H

#include <stdbool.h>
#include <sys/types.h>

#include "shared/mailbox.h"
#include "shared/seccomp.h"

enum { SPAWN_PATH_BYTES = 4200 };

/* What the process needs to see, besides nothing. */
enum spawn_view {
    VIEW_SYSTEM = 1 << 0,   /* /usr, the libraries, /etc/ld.so.cache */
    VIEW_OWN_PROC = 1 << 1, /* /proc/self: its own entry, no other */
    VIEW_TMP = 1 << 2,      /* a small writable /tmp */
    VIEW_PROGRAM = 1 << 3,  /* the program as /host */
};

/* Where callgrind writes its counts (-I): a tmpfs of the process's own
 * view, /counts, which the driver keeps hold of through a descriptor the
 * child passes back before it executes the program, so that the counts
 * can be read once the process is gone; without a view, a folder of the
 * driver's own making. The process sees nothing else it could write. */
struct counts_folder {
    int fd;                            /* the folder, once the child has made it */
    char path_seen[SPAWN_PATH_BYTES];  /* the counts file, as the process sees it */
    char made[SPAWN_PATH_BYTES - 64]; /* a folder the driver made, or "" */
};

/* Ready c before a spawn. False (errno set) when the system refuses. */
bool counts_folder_prepare(struct counts_folder *c);

/* The counts file, opened for reading (-1 when it is not there, or is not
 * a regular file). */
int counts_folder_open_file(const struct counts_folder *c);

void counts_folder_release(struct counts_folder *c);

struct spawn_request {
    const char *program;      /* the host program's path */
    unsigned view;            /* enum spawn_view bits */
    enum first_filter first_filter;
    const char *launcher;     /* run program through this (valgrind or an
                                 emulator, by its path in the new view:
                                 argv[0] is it), or NULL */
    char *const *argv;        /* argv[0] is launcher's, or the program's */
    char *const *envp;
    int fds[HOST_FD_COUNT];   /* placed at 0 .. HOST_FD_COUNT - 1 */
    struct counts_folder *counts; /* -I, else NULL */
};

struct spawn_result {
    pid_t pid;
    const char *failed_step; /* when it did not start: what failed */
    int error;               /* and its errno */
};

/* Start the program; false when it could not be started (result says
 * why). */
bool spawn_host(const struct spawn_request *request, struct spawn_result *result);

/* Whether processes get a view of their own here (step 2): found out once,
 * and when not, said once on standard error, with why. */
bool spawn_views_available(void);

/* Whether the program is dynamically linked (needs the loader and the
 * libraries: VIEW_SYSTEM). */
bool spawn_is_dynamic(const char *program);

/* The program's path as the process will see it (VIEW_PROGRAM). */
void spawn_program_path(const char *program, char path[SPAWN_PATH_BYTES]);

#endif /* SPAWN_H */

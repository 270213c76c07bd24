/*
 * sandbox.h - running one trace in a child process.
 *
 * Whatever the allocator does (dereference garbage, abort, call exit,
 * overflow the stack, loop forever), only the child dies: the parent
 * learns how it ended and, from the page of progress shared with the
 * child, which op was running, and goes on with the next trace.
 */
#ifndef SANDBOX_H
#define SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "progress.h"

enum ending {
    ENDED_NORMALLY, /* the body ran to its end and its result arrived */
    ENDED_SIGNAL,   /* killed by a signal */
    ENDED_EXIT,     /* exit() or _exit() called before the body finished */
    ENDED_TIMEOUT,  /* still running after the time limit; killed */
};

struct sandbox_report {
    enum ending ending;
    int signal;           /* ENDED_SIGNAL: which */
    int exit_status;      /* ENDED_EXIT: the status */
    struct progress last; /* where the child was when it ended */
};

/* Run body(arg, result) in a child, and copy the child's result back.
 * tick(arg, now) is called about five times a second while waiting, with
 * the child's progress (for a progress display); it may be NULL. timeout_secs of 0 means no limit.
 * With isolate false the body runs in this process (for debuggers). */
void sandbox_run(void (*body)(void *arg, void *result), void *arg, void *result,
                 size_t result_size, unsigned timeout_secs, bool isolate,
                 void (*tick)(void *arg, const struct progress *now),
                 struct sandbox_report *report);

#endif /* SANDBOX_H */

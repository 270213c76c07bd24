/*
 * checker.h - replaying a trace with every result checked by the driver.
 *
 * The allocator runs in its own process (sandbox.h); the driver sends it
 * one op at a time and checks each answer itself, reading the heap through
 * its own view of the arena: every payload must be aligned, inside the heap
 * and disjoint from every live payload; payloads are filled with a per-block
 * pattern that must survive until realloc and free; calloc's memory must be
 * zero; no byte above the break may change; realloc(p, 0) must free p and
 * return NULL; a request that can never fit must return NULL.
 *
 * The trace is replayed twice in the same process, each time from an empty,
 * all-zero heap after mm_init: the second run must give exactly the
 * answers of the first. So an mm_init that does not reset all state is
 * caught, and so is an allocator whose answers depend on anything but the
 * trace (the timed replays are compared with the first run too).
 *
 * Debug levels: 0 checks nothing but NULL results; 1 (the default) checks
 * addresses and every byte of every payload; 2 also calls mm_checkheap
 * before every op and checks every live payload at the end.
 */
#ifndef CHECKER_H
#define CHECKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "allocator.h"
#include "observe.h"
#include "results.h"
#include "sandbox.h"
#include "trace.h"
#include "verdict.h"

struct check_options {
    int debug_level;
    unsigned timeout_secs;                /* for both runs together; 0: none */
    bool show_output;                     /* print what the allocator prints */
    const struct observation *observation; /* -T, -H: first run only; may be NULL */
    void (*tick)(void *arg, const struct host *h); /* progress display */
    void *tick_arg;
};

/* Ops between two samples of resident memory; requests from this size up
 * are sampled right after. */
enum { RSS_SAMPLE = 256, RSS_LARGE_REQUEST = 64 * 1024 };

/* Must be called once before check_trace. */
bool checker_init(void);

/* Replay trace twice with allocator a. */
void check_trace(const struct allocator *a, const struct trace *trace,
                 const struct check_options *options, struct check_result *result);

#endif /* CHECKER_H */

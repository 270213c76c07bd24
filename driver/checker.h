/*
 * checker.h - replaying a trace with every result checked.
 *
 * Each pass starts from an empty heap (mem_reset_brk, then mm_init). Every
 * payload the allocator returns is checked to be aligned, inside the heap
 * and disjoint from every live payload; payloads are filled with a
 * per-block pattern that must survive until realloc and free. The trace is
 * replayed twice, so that an mm_init that does not reset the allocator's
 * state is caught.
 *
 * Debug levels: 0 checks nothing but NULL results; 1 checks addresses and
 * the first and last CHECK_WINDOW bytes of every payload; 2 checks every
 * byte and calls mm_checkheap before every op.
 */
#ifndef CHECKER_H
#define CHECKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "allocator.h"
#include "observe.h"
#include "trace.h"

enum { ERROR_TEXT = 1024 };

struct check_result {
    bool valid;
    char error[ERROR_TEXT]; /* "file:line: op: what", when not valid */
    size_t heap_size;       /* heap high-water mark after the first pass */
    double util;            /* peak live bytes / heap_size */
    double check_secs;      /* thread CPU time of the first checked pass */
    uint64_t rss_growth;    /* allocators outside the simulated heap: how
                               much resident memory grew, at most, during
                               the first pass (sampled, see RSS_SAMPLE) */
};

/* Ops between two samples of resident memory; requests from this size up
 * are sampled right after. */
enum { RSS_SAMPLE = 256, RSS_LARGE_REQUEST = 64 * 1024 };

/* Must be called once, after mem_init, before check_trace. */
bool checker_init(void);

/* Replay trace twice with allocator a at the given debug level; during the
 * first pass, record what observation asks for (it may be NULL). */
void check_trace(const struct allocator *a, const struct trace *trace, int debug_level,
                 const struct observation *observation, struct check_result *result);

#endif /* CHECKER_H */

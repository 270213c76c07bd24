/*
 * observe.h - recording what the heap looks like, for the pictures.
 *
 * During the first checked pass of a trace the driver can write
 *   - a timeline: one CSV row per op with the heap size and the live
 *     payload bytes after it (-T FILE), and
 *   - a heap map: every live payload's offset and size at one moment,
 *     by default when live bytes peak (-H FILE, -O LINE), as one JSON
 *     object per line; if a check fails in that pass, a map of the blocks
 *     live when it failed follows.
 * A run that fails adds its verdict to both files (observe_verdict), so
 * that the pictures show where it failed and no utilization.
 * Both files are appended to, one allocator and trace after another, so
 * that several allocators can share one chart. tools/timeline.py and
 * tools/heapmap.py draw them.
 *
 * For the heap explorer (-E, explorer.h) it also keeps a recording in
 * memory: the address each op's call returned, as the driver received it,
 * and every growth of the heap. The explorer page rebuilds the heap at any
 * op from these and the trace.
 */
#ifndef OBSERVE_H
#define OBSERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "breakdown.h"
#include "trace.h"
#include "verdict.h"

struct observation {
    const char *timeline_path; /* -T: CSV rows appended here, or NULL */
    const char *heap_map_path; /* -H: a JSON heap map appended here, or NULL */
    uint32_t map_line;         /* -O: map after this trace line; 0: at the peak */
    bool record;               /* -E: keep a recording for the explorer page */
};

/* The heap's size after an op, kept only when it changed. */
struct heap_growth {
    uint32_t op_index;
    uint64_t heap_bytes;
};

/* What one checked run did, as the driver saw it. */
struct recording {
    uint32_t ops_done;           /* ops that passed every check */
    uint32_t ops_answered;       /* ops whose call returned: those done, and
                                    the op a check then failed on (not one
                                    that crashed, hung or was stopped) */
    uint64_t *answers;           /* per op: the address returned (0: NULL, or
                                    an op that returns none), for the first
                                    ops_answered ops */
    struct heap_growth *growth;  /* in op order */
    size_t growth_count, growth_capacity;
    uint64_t last_heap_bytes;
};

void recording_free(struct recording *r);

struct observer;

/* NULL when nothing is to be recorded (or a file cannot be opened, which is
 * reported on stderr). */
struct observer *observer_open(const struct observation *what, const char *allocator,
                               const struct trace *trace);

/* After op op_index: the heap's size and the live payload bytes. */
void observer_after_op(struct observer *o, uint32_t op_index, uint64_t heap_bytes,
                       uint64_t live_bytes);

/* The address op op_index returned (before its checks, so that the op a
 * check fails on has one too) and the heap's size after the call; never
 * called for a call that crashed, hung or was stopped, which returned
 * nothing. */
void observer_answer(struct observer *o, uint32_t op_index, uintptr_t answer,
                     uint64_t heap_bytes);

/* Whether the heap map is to be taken after op op_index. */
bool observer_wants_map(const struct observer *o, uint32_t op_index, uint64_t live_bytes);

/* Write the heap map (if -H asked for one); spans need not be sorted. */
void observer_write_map(struct observer *o, uint32_t op_index, uintptr_t heap_lo,
                        uint64_t heap_bytes, struct live_span *spans, size_t count);

/* After a run whose verdict is not valid: append to the -T file a row
 * with the verdict (its last column) and to the -H file a line with it,
 * each {"verdict": the -j verdict object, "message": the sentence}. */
void observe_verdict(const struct observation *what, const char *allocator,
                     const struct trace *t, const struct verdict *v);

/* Close the files; the recording, if one was kept, is handed to the
 * caller (who frees it with recording_free), else NULL. */
struct recording *observer_close(struct observer *o);

#endif /* OBSERVE_H */

/*
 * pipeline.h - running the traces: for each trace, check, then time or
 * count.
 *
 * For one allocator, each trace that can be run goes through these steps:
 *
 *   1. the checked replay (checker.h): every result checked, twice, in a
 *      process of the allocator's own; its verdict is the trace's unless a
 *      later step finds worse;
 *   2. when it passed, its weight scores throughput and the run is not
 *      -c: the reference allocator's checked replay of the same trace
 *      (once per trace, for all allocators: its heap size and answers
 *      bound and check the timed replays) and the trace's ops, sealed for
 *      the timed processes;
 *   3. the timing (timer.h) in settings.timing_rounds rounds, the median
 *      of their ratios kept; or under -I the instruction count (icount.h),
 *      the harness's own count taken out; an allocator of the simulated
 *      heap is timed too, and its count is not believed where its timing
 *      contradicts it (config.h, COUNT_TIME_AGREEMENT);
 *   4. a failed trace's verdict goes to the -T and -H files, every run to
 *      the explorer page, and each failure's sentence to stderr.
 *
 * The reference failing its own replay, valgrind failing to count, or the
 * system refusing what the timing needs ends the run with status 2: no
 * score could be believed.
 */
#ifndef PIPELINE_H
#define PIPELINE_H

#include <stdbool.h>

#include "allocator.h"
#include "explorer.h"
#include "observe.h"
#include "results.h"
#include "trace.h"

/* How every trace is run: the command line's choices (mdriver.c). */
struct pipeline_settings {
    int debug_level;           /* -d: checker.h */
    unsigned timeout_secs;     /* -s: time limit per trace; 0: none */
    bool correctness_only;     /* -c, or under an emulator: nothing timed */
    enum cost_unit cost_unit;  /* seconds; -I: instructions counted */
    int timing_rounds;         /* -r: rounds each trace is timed in */
    bool show_output;          /* print what the allocator prints */
    bool show_progress;        /* keep a progress line on stderr */
    struct observation observe; /* -T, -H, -O; -E records */
    struct explorer *explorer; /* the page -E is writing, or NULL */
};

struct pipeline;

/* A pipeline for count traces, which it reads but does not own; NULL when
 * out of memory. */
struct pipeline *pipeline_open(const struct pipeline_settings *settings,
                               const struct allocator *reference, struct trace *const *traces,
                               int count);

/* Run every trace with allocator a, one outcome per trace into outcomes
 * (all zero at first). A giant trace is not run: its verdict says so. */
void pipeline_run(struct pipeline *p, const struct allocator *a, struct trace_outcome *outcomes);

void pipeline_close(struct pipeline *p);

#endif /* PIPELINE_H */

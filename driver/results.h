/*
 * results.h - what the driver learned, as plain data: the checked replay
 * of a trace, its timing, everything learned about the trace, and one
 * allocator's run over all traces.
 *
 * The checker and the timer fill these in; the score (score.h) and every
 * output (report.h, explorer.h) are made from them. They hold no process,
 * host or mailbox type: what reads a result needs to know nothing of how
 * it was obtained.
 */
#ifndef RESULTS_H
#define RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "allocator.h"
#include "breakdown.h"
#include "verdict.h"

struct allocator;
struct recording;
struct trace;
struct unasked_calls;

/* The checked replay of a trace (checker.h). */
struct check_result {
    struct verdict verdict; /* VERDICT_OK, or the first thing that failed */
    size_t heap_size;       /* heap high-water mark of the first run */
    double util;            /* peak live bytes / heap_size */
    struct heap_breakdown breakdown; /* where heap_size went at the peak
                                        (measured: the replay was valid
                                        and used the simulated heap) */
    double check_secs;      /* wall time of the first run's ops (the process's start
                               and mm_init not counted) */
    uint64_t rss_growth;    /* allocators outside the heap: how much the
                               process's resident memory grew, at most
                               (sampled: checker.h, RSS_SAMPLE) */
    uint64_t output_bytes;  /* what the allocator printed */
    uint64_t *answers;      /* per op, answer_of() its result in the first
                               run (malloc'd; NULL unless valid) */
    struct recording *recording; /* -E: what the first run did (free with
                                    recording_free); NULL without -E */
};

/* What a replay's cost is measured in: one unit for a whole run. */
enum cost_unit {
    COST_SECONDS,      /* the CPU time of the replay's process, as the kernel
                          counts it */
    COST_INSTRUCTIONS, /* -I: the instructions callgrind counted in it
                          (icount.h) */
    COST_UNITS
};

/* The measured replays of a trace (timer.h, icount.h). */
struct timing {
    double cost;      /* the allocator's cheapest replay, in the run's unit */
    double ref_cost;  /* the reference allocator's cheapest replay */
    double ratio;     /* median over sample pairs of reference / allocator
                         cost; 0 when the allocator was too slow to time */
    int samples;      /* pairs taken */
    int rounds;       /* timings whose ratios were combined */
};

/* Everything learned about one trace for one allocator. */
struct trace_outcome {
    struct check_result check; /* the checked replay */
    struct verdict verdict;    /* the trace's verdict: the checked replay's,
                                  or what the timed replays found */
    bool timed;                /* timing (or -I) ran; ratio 0 when the
                                  allocator was too slow to time */
    struct timing timing;
};

/* One allocator's outcomes summed up (score.h). */
struct run_summary {
    int traces, valid;      /* traces run, and those that passed */
    int not_run;            /* giant traces, not run (trace.h) */
    int util_traces;        /* valid traces scored for utilization */
    double util;            /* their mean utilization */
    double ceiling;         /* their mean textbook ceiling (trace.h) */
    int thru_traces;        /* valid traces timed for throughput */
    double thru_ratio;      /* geometric mean of reference/allocator time */
    uint64_t ops;           /* ops of the timed traces */
    double cost, ref_cost;  /* total cost per replay over them, in the run's
                               unit */
    struct policy policy;   /* the grading policies of config.h */
    bool policy_failed;     /* broke one that scores 0: policy.verdict
                               is POLICY_FAILED */
    bool correctness_only;  /* -c: nothing timed, and no perf index */
    bool has_index;         /* at least one component could be scored
                               (never with -c) */
    double util_points, thru_points, perf_index; /* out of 100 */
};

/* One allocator's results over all traces. */
struct run {
    const struct allocator *allocator;
    const struct allocator *reference;
    struct trace *const *traces;
    const struct trace_outcome *outcomes;
    int count;
    struct run_summary summary;
    int debug_level;
    enum cost_unit cost_unit; /* what every cost of the run is measured in */
    const char *emulator; /* what the driver runs under (sandbox.h), or NULL */
    const struct unasked_calls *unasked; /* per trace: calls an older kit
                                            never made (compat.h) */
};

#endif /* RESULTS_H */

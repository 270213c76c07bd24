/*
 * score.h - utilization, throughput and the performance index.
 *
 * Utilization of a trace = peak live requested bytes / heap high-water
 * mark. Throughput is scored only relative to the reference allocator
 * timed in the same run: ratio = reference seconds / allocator seconds per
 * trace, combined over traces by the geometric mean (so that a trace that
 * runs longer does not count more). Both are mapped to [0, 1] by clamped
 * lines between the thresholds in config.h and weighted by UTIL_WEIGHT.
 */
#ifndef SCORE_H
#define SCORE_H

#include <stdbool.h>
#include <stdint.h>

#include "allocator.h"
#include "checker.h"
#include "timer.h"
#include "trace.h"
#include "verdict.h"

/* Everything learned about one trace for one allocator. */
struct trace_outcome {
    struct check_result check; /* the checked replay */
    struct verdict verdict;    /* the trace's verdict: the checked replay's,
                                  or what the timed replays found */
    bool timed;                /* timing (or -I) ran; ratio 0 when the
                                  allocator was too slow to time */
    struct timing timing;
};

struct run_summary {
    int traces, valid;      /* traces run, and those that passed */
    int not_run;            /* giant traces, not run (trace.h) */
    int util_traces;        /* valid traces scored for utilization */
    double util;            /* their mean utilization */
    double ceiling;         /* their mean textbook ceiling (trace.h) */
    int thru_traces;        /* valid traces timed for throughput */
    double thru_ratio;      /* geometric mean of reference/allocator time */
    uint64_t ops;           /* ops of the timed traces */
    double secs, ref_secs;  /* total seconds per replay over them */
    struct policy policy;   /* the grading policies of config.h */
    bool policy_failed;     /* broke one that scores 0: policy.verdict
                               is POLICY_FAILED */
    bool correctness_only;  /* -c: nothing timed, and no perf index */
    bool has_index;         /* at least one component could be scored
                               (never with -c) */
    double util_points, thru_points, perf_index; /* out of 100 */
};

/* The summary of a's outcomes on count traces, a's policy among them;
 * correctness_only for -c, which checks and measures utilization but
 * scores nothing. */
void summarize(const struct allocator *a, const struct policy *policy,
               struct trace *const *traces, const struct trace_outcome *outcomes, int count,
               bool correctness_only, struct run_summary *s);

/* Kops/s for ops replayed in secs (0 when secs is 0). */
double kops(uint64_t ops, double secs);

#endif /* SCORE_H */

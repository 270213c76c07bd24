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
#include "results.h"
#include "trace.h"
#include "verdict.h"

/* The summary of a's outcomes on count traces, a's policy among them;
 * correctness_only for -c, which checks and measures utilization but
 * scores nothing. */
void summarize(const struct allocator *a, const struct policy *policy,
               struct trace *const *traces, const struct trace_outcome *outcomes, int count,
               bool correctness_only, struct run_summary *s);

/* Kops/s for ops replayed in secs seconds (0 when secs is 0). */
double kops(uint64_t ops, double secs);

#endif /* SCORE_H */

/*
 * score.c - the performance index (formulas in score.h and config.h).
 */
#include "score.h"

#include <math.h>
#include <string.h>

#include "config.h"

static double clamped_line(double x, double lo, double hi)
{
    double v = (x - lo) / (hi - lo);
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

double kops(uint64_t ops, double secs) { return secs > 0 ? (double)ops / secs / 1000.0 : 0; }

void summarize(const struct allocator *a, const struct policy *policy,
               struct trace *const *traces, const struct trace_outcome *outcomes, int count,
               bool correctness_only, struct run_summary *s)
{
    memset(s, 0, sizeof *s);
    s->correctness_only = correctness_only;
    s->policy = *policy;
    s->policy_failed = policy->verdict == POLICY_FAILED;
    double util_sum = 0, ceiling_sum = 0, log_ratio_sum = 0;
    for (int i = 0; i < count; i++) {
        const struct trace_outcome *o = &outcomes[i];
        if (o->verdict.kind == VERDICT_NOT_RUN) {
            s->not_run++;
            continue;
        }
        s->traces++;
        if (!verdict_is_valid(&o->verdict))
            continue;
        s->valid++;
        if (a->uses_heap && weight_scores_util(traces[i]->weight)) {
            s->util_traces++;
            util_sum += o->check.util;
            ceiling_sum += utilization_ceiling(traces[i]->peak_bytes,
                                               traces[i]->peak_textbook_bytes);
        }
        /* A trace too slow to time has ratio 0, which makes the geometric
         * mean, and the throughput score, 0. */
        if (o->timed) {
            s->thru_traces++;
            log_ratio_sum += o->timing.ratio > 0 ? log(o->timing.ratio) : -INFINITY;
            if (o->timing.ratio > 0) {
                s->ops += traces[i]->num_ops;
                s->cost += o->timing.cost;
                s->ref_cost += o->timing.ref_cost;
            }
        }
    }
    if (s->util_traces > 0) {
        s->util = util_sum / s->util_traces;
        s->ceiling = ceiling_sum / s->util_traces;
    }
    if (s->thru_traces > 0)
        s->thru_ratio = exp(log_ratio_sum / s->thru_traces);

    /* A component with no trace to score it drops out, and the other
     * takes the whole weight. */
    double util_weight = s->util_traces > 0 ? UTIL_WEIGHT : 0;
    double thru_weight = s->thru_traces > 0 ? 1.0 - UTIL_WEIGHT : 0;
    bool failed = s->valid < s->traces || s->policy_failed;
    s->has_index = a->uses_heap && !correctness_only && (util_weight + thru_weight > 0 || failed);
    if (!s->has_index || util_weight + thru_weight == 0)
        return;
    double scale = 100.0 / (util_weight + thru_weight);
    s->util_points = scale * util_weight * clamped_line(s->util, UTIL_MIN, UTIL_MAX);
    s->thru_points = scale * thru_weight * clamped_line(s->thru_ratio, THRU_MIN, THRU_MAX);
    s->perf_index = failed ? 0 : s->util_points + s->thru_points;
}

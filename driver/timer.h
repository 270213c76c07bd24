/*
 * timer.h - measuring how fast an allocator replays a trace.
 *
 * A sample is one replay of the trace, mm_init included, in a fresh
 * allocator's process (sandbox.h) whose heap may grow to the high-water
 * mark the checked replay reached; the driver reads the process's CPU
 * clock, as the kernel counts it, while the process waits just before and
 * just after the replay, so only the allocator's work is timed. The
 * process's answers must be those of the checked replay, op for op: an
 * allocator cannot do less work when it is timed, and, starting from
 * nothing in a fresh process, cannot remember an earlier replay.
 *
 * The allocator and the reference allocator are sampled alternately
 * (A B A B ...), so that both see the same machine load, until the
 * SAMPLE_AGREE fastest samples of each agree within SAMPLE_TOLERANCE (at
 * least SAMPLE_MIN_PAIRS pairs, at most SAMPLE_MAX); the score uses the
 * median of the pairs' ratios.
 */
#ifndef TIMER_H
#define TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "allocator.h"
#include "results.h"
#include "sandbox.h"
#include "trace.h"
#include "verdict.h"

/* What every timed replay of one trace shares. */
struct timed_trace {
    const struct trace *trace;
    int ops_fd;                  /* the ops, in a sealed memfd */
    const struct check_result *reference; /* the reference's checked replay */
    unsigned timeout_secs;       /* for all the timing of the trace */
};

/* Write t's ops into a sealed memfd for timed replays; -1 on failure. */
int timed_trace_ops(const struct trace *t);

/* Time allocator a (whose checked replay is checked) against the
 * reference. Returns false when a timed replay of a failed: *v says how
 * (its checked replay passed, so the verdict is in the timed phase). A
 * timing that cannot finish in time leaves *v as VERDICT_TOO_SLOW and the
 * ratio 0. */
bool time_trace(const struct allocator *a, const struct allocator *ref,
                const struct timed_trace *tt, const struct check_result *checked,
                struct timing *out, struct verdict *v);

/* Where an allocator's timed replays of t answer; false (errno set) if
 * the system refuses. */
bool timed_answers_create(struct timed_answers *answers, const struct trace *t);
void timed_answers_destroy(struct timed_answers *answers);

/* One replay of a in a fresh process whose heap may grow to cap bytes,
 * answering in answers (all zero, and zeroed again after): its CPU
 * seconds. With counts (else NULL), under callgrind writing its counts
 * there. Its answers must be expected's (when not NULL). False with *v on
 * failure. */
bool replay_in_process_of_its_own(const struct allocator *a, const struct timed_trace *tt,
                                  size_t cap, struct timed_answers *answers,
                                  const uint64_t *expected, enum phase phase,
                                  struct counts_folder *counts,
                                  double deadline, double *cpu_seconds, struct verdict *v);

/* One timing from n rounds of the same trace, each with its own samples:
 * the median of their ratios, the fastest of their times, the sum of their
 * samples. */
void timing_combine(const struct timing *rounds, int n, struct timing *out);

#endif /* TIMER_H */

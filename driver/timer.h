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
 *
 * A replay's cost is in one unit for the whole run (enum cost_unit):
 * these CPU seconds, or, with -I, the instructions callgrind counts in the
 * same kind of replay (icount.h, callgrind.h); the one function that
 * replays in a process of its own measures either.
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

/* One replay to measure: of which allocator, how, and what it must
 * answer. */
struct measured_replay {
    const struct allocator *allocator;
    const struct timed_trace *tt;
    size_t heap_cap;           /* the heap may grow to this */
    const uint64_t *expected;  /* the checked replay's answers, or NULL */
    enum phase phase;          /* for its verdicts */
    enum cost_unit unit;       /* what its cost is measured in */
    double deadline;           /* monotonic seconds; 0: none */
};

/* Replay r in a fresh process, answering in answers (all zero, and zeroed
 * again after), and measure its cost in r's unit. Its answers must be
 * those expected. False with *v on failure; when callgrind could not
 * count, the driver stops (die.h): the run would prove nothing. */
bool replay_in_process_of_its_own(const struct measured_replay *r,
                                  struct timed_answers *answers, double *cost,
                                  struct verdict *v);

/* One timing from n rounds of the same trace, each with its own samples:
 * the median of their ratios, the cheapest of their costs, the sum of
 * their samples. */
void timing_combine(const struct timing *rounds, int n, struct timing *out);

#endif /* TIMER_H */

/*
 * timer.h - measuring how fast an allocator replays a trace.
 *
 * Only the allocator's work is timed: mm_init and the replay of the ops,
 * on the thread's CPU clock, with no checks. A sample repeats the replay
 * until it lasts SAMPLE_MIN_SECS; samples are taken until the SAMPLE_AGREE
 * fastest agree within SAMPLE_TOLERANCE (or SAMPLE_MAX were taken), and the
 * fastest is reported. The allocator and the reference allocator are
 * sampled alternately (A B A B ...), so that both see the same machine
 * load, and the score uses the median of the ratios of those adjacent
 * pairs, which load that changes from one moment to the next cannot tilt.
 */
#ifndef TIMER_H
#define TIMER_H

#include "allocator.h"
#include "trace.h"

struct timing {
    double secs;      /* seconds per replay of the allocator */
    double ref_secs;  /* seconds per replay of the reference allocator */
    double ratio;     /* median over sample pairs of reference / allocator time */
    int samples;      /* samples taken of each */
    int rounds;       /* processes whose ratios were combined */
};

/* Time allocator a and the reference ref on trace t. The trace must have
 * passed check_trace with a already. */
void time_trace(const struct allocator *a, const struct allocator *ref,
                const struct trace *t, struct timing *out);

/* One timing from n rounds of the same trace, each from its own process:
 * the median of their ratios, the fastest of their times, the sum of their
 * samples. */
void timing_combine(const struct timing *rounds, int n, struct timing *out);

#endif /* TIMER_H */

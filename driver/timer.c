/*
 * timer.c - the timed, unchecked replay (see timer.h).
 */
#define _GNU_SOURCE
#include "timer.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "memlib.h"
#include "progress.h"

static double thread_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The replay itself: nothing here but the calls and the id bookkeeping. */
static void replay(const struct allocator *a, const struct trace *t, void **payloads,
                   enum phase phase)
{
    progress->phase = phase;
    for (uint32_t i = 0; i < t->num_ops; i++) {
        const struct op *op = &t->ops[i];
        progress->op_index = i;
        void *p;
        switch (op->kind) {
        case OP_ALLOC:
            payloads[op->id] = a->malloc(size_argument(op->size));
            break;
        case OP_CALLOC:
            payloads[op->id] = a->calloc(size_argument(op->nmemb), size_argument(op->size));
            break;
        case OP_REALLOC:
            p = a->realloc(payloads[op->id], size_argument(op->size));
            if (op->size == 0 && p != NULL) { /* a block from realloc(NULL or p, 0) */
                a->free(p);
                p = NULL;
            }
            if (p != NULL || op->size == 0)
                payloads[op->id] = p;
            break;
        default:
            if (op->id != NULL_BLOCK_ID) {
                a->free(payloads[op->id]);
                payloads[op->id] = NULL;
            }
            else
                a->free(NULL);
        }
    }
}

/* Seconds per replay, averaged over reps replays. */
static double sample(const struct allocator *a, const struct trace *t, void **payloads,
                     unsigned reps, enum phase phase)
{
    double total = 0;
    for (unsigned r = 0; r < reps; r++) {
        memset(payloads, 0, t->num_ids * sizeof *payloads);
        if (a->uses_heap)
            mem_reset_brk();
        double start = thread_seconds();
        a->init();
        replay(a, t, payloads, phase);
        total += thread_seconds() - start;
        if (!a->uses_heap)
            for (uint32_t id = 0; id < t->num_ids; id++)
                a->free(payloads[id]);
    }
    return total / reps;
}

/* How many replays make a sample of at least SAMPLE_MIN_SECS. */
static unsigned calibrate(const struct allocator *a, const struct trace *t,
                          void **payloads, enum phase phase)
{
    unsigned reps = 1;
    while (reps < (1u << 20) &&
           sample(a, t, payloads, reps, phase) * reps < SAMPLE_MIN_SECS)
        reps *= 2;
    return reps;
}

/* Keeps the SAMPLE_AGREE fastest samples, in increasing order. */
struct fastest {
    double best[SAMPLE_AGREE];
    int count;
};

static void keep_if_fast(struct fastest *f, double secs)
{
    if (f->count == SAMPLE_AGREE && secs >= f->best[SAMPLE_AGREE - 1])
        return;
    int i = f->count < SAMPLE_AGREE ? f->count++ : SAMPLE_AGREE - 1;
    while (i > 0 && f->best[i - 1] > secs) {
        f->best[i] = f->best[i - 1];
        i--;
    }
    f->best[i] = secs;
}

static int agreed(const struct fastest *f)
{
    return f->count == SAMPLE_AGREE &&
           f->best[SAMPLE_AGREE - 1] <= f->best[0] * (1.0 + SAMPLE_TOLERANCE);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of n values, which it sorts. */
static double median(double *values, int n)
{
    qsort(values, (size_t)n, sizeof *values, by_value);
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void time_trace(const struct allocator *a, const struct allocator *ref,
                const struct trace *t, struct timing *out)
{
    void **payloads = calloc(t->num_ids + 1u, sizeof *payloads);
    mem_set_guard_pages(0);
    unsigned reps = calibrate(a, t, payloads, PHASE_TIMING);
    unsigned ref_reps = calibrate(ref, t, payloads, PHASE_REFERENCE);
    struct fastest mine = {.count = 0}, theirs = {.count = 0};
    double ratios[SAMPLE_MAX];
    int n = 0;
    while (n < SAMPLE_MAX &&
           (n < SAMPLE_MIN_PAIRS || !(agreed(&mine) && agreed(&theirs)))) {
        double my_secs = sample(a, t, payloads, reps, PHASE_TIMING);
        double ref_secs = sample(ref, t, payloads, ref_reps, PHASE_REFERENCE);
        keep_if_fast(&mine, my_secs);
        keep_if_fast(&theirs, ref_secs);
        ratios[n++] = ref_secs / my_secs;
    }
    mem_set_guard_pages(1);
    out->secs = mine.best[0];
    out->ref_secs = theirs.best[0];
    out->ratio = median(ratios, n);
    out->samples = n;
    out->rounds = 1;
    free(payloads);
}

void timing_combine(const struct timing *rounds, int n, struct timing *out)
{
    double ratios[TIMING_ROUNDS_MAX];
    struct timing combined = rounds[0];
    combined.samples = 0;
    for (int i = 0; i < n; i++) {
        ratios[i] = rounds[i].ratio;
        combined.samples += rounds[i].samples;
        if (rounds[i].secs < combined.secs)
            combined.secs = rounds[i].secs;
        if (rounds[i].ref_secs < combined.ref_secs)
            combined.ref_secs = rounds[i].ref_secs;
    }
    combined.ratio = median(ratios, n);
    combined.rounds = n;
    *out = combined;
}

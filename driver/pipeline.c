/*
 * pipeline.c - what the driver does with one trace for one allocator (see
 * pipeline.h).
 */
#include "pipeline.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checker.h"
#include "config.h"
#include "die.h"
#include "icount.h"
#include "sandbox.h"
#include "timer.h"

/* What every allocator's run of one trace shares: the reference
 * allocator's checked replay (its heap size and answers, for its timed
 * replays), its instruction count under -I, and the sealed ops. Made when
 * first needed. */
struct shared_trace {
    bool reference_checked;
    struct check_result reference;
    bool kit_counted;
    struct kit_counts kit;
    int ops_fd;
};

struct pipeline {
    struct pipeline_settings settings;
    const struct allocator *reference;
    struct trace *const *traces;
    int count;
    struct shared_trace *shared; /* one per trace */
};

struct job {
    const struct pipeline_settings *settings;
    const struct allocator *allocator;
    const struct trace *trace;
    int trace_number, trace_count; /* trace_number counts from 1 */
};

static void show_progress(void *arg, const struct host *h)
{
    const struct job *job = arg;
    if (!job->settings->show_progress)
        return;
    fprintf(stderr, "\r\033[K[%d/%d] %s %s: %s replay", job->trace_number, job->trace_count,
            job->allocator->name, job->trace->shown_path, phase_name(h->spec.phase));
    if (h->spec.mode == HOST_CHECKED)
        fprintf(stderr, ", op %" PRIu32 "/%" PRIu32, h->op_index + 1, job->trace->num_ops);
}

static struct check_options check_options_for(const struct job *job, int debug_level,
                                              bool observed, bool show_output)
{
    const struct pipeline_settings *s = job->settings;
    return (struct check_options){
        .debug_level = debug_level,
        .timeout_secs = s->timeout_secs,
        .show_output = show_output,
        .observation = observed ? &s->observe : NULL,
        .tick = show_progress,
        .tick_arg = (void *)job,
    };
}

static _Noreturn void reference_failed(const struct trace *t, const struct verdict *v)
{
    char message[MESSAGE_TEXT];
    verdict_describe(v, t, message, sizeof message);
    die("the reference allocator %s failed: %s", REFERENCE_ALLOCATOR, message);
}

/* The reference's checked replay of the job's trace (debug level 0: only
 * its heap size and answers are needed), and the sealed ops. */
static void prepare_timing(const struct job *job, const struct allocator *reference,
                           struct shared_trace *shared)
{
    if (shared->reference_checked)
        return;
    struct job quiet = *job;
    quiet.allocator = reference;
    struct check_options options = check_options_for(&quiet, 0, false, false);
    check_trace(reference, job->trace, &options, &shared->reference);
    if (shared->reference.verdict.kind != VERDICT_OK)
        reference_failed(job->trace, &shared->reference.verdict);
    shared->ops_fd = timed_trace_ops(job->trace);
    if (shared->ops_fd < 0)
        die("cannot hold the ops for timing: %s", strerror(errno));
    shared->reference_checked = true;
}

/* -I: the kit's counts for the trace (the reference's and the harness's),
 * from --reference-counts or counted now. */
static void count_kit(const struct job *job, const struct allocator *reference,
                      struct shared_trace *shared, const struct timed_trace *tt)
{
    if (shared->kit_counted || kit_counts_recall(job->trace, &shared->kit)) {
        shared->kit_counted = true;
        return;
    }
    struct verdict v;
    if (!count_instructions(reference, tt, shared->reference.heap_size,
                            shared->reference.answers, PHASE_REFERENCE, &shared->kit.reference,
                            &v) ||
        !count_instructions(&null_allocator, tt, 0, NULL, PHASE_REFERENCE,
                            &shared->kit.harness, &v))
        reference_failed(job->trace, &v);
    kit_counts_remember(job->trace, &shared->kit);
    shared->kit_counted = true;
}

/* -I: the allocator's instructions for the trace, the harness's taken out,
 * against the reference's. A count that leaves nothing for the allocator,
 * or that the timing of the same trace contradicts (config.h,
 * COUNT_TIME_AGREEMENT), is not believed. */
static void count_trace(const struct job *job, const struct allocator *reference,
                        struct shared_trace *shared, const struct timed_trace *tt,
                        struct trace_outcome *out)
{
    count_kit(job, reference, shared, tt);
    const struct check_result *mine = &out->check;
    double counted = shared->kit.reference;
    struct verdict v;
    if (job->allocator != reference &&
        !count_instructions(job->allocator, tt, mine->heap_size, mine->answers, PHASE_COUNTED,
                            &counted, &v)) {
        out->verdict = v;
        return;
    }
    double harness = shared->kit.harness, own = counted - harness,
           ref_own = shared->kit.reference - harness;
    if (own <= 0) {
        verdict_fail(&out->verdict, PHASE_COUNTED, false, 0, CHECK_METER,
                     "the meter counted %.0f instructions in the whole replay, no more than "
                     "the harness's own %.0f: the count is not believed",
                     counted, harness);
        return;
    }
    double ratio = ref_own / own;
    /* An allocator outside the heap spends time in the kernel (page faults,
     * returning memory) that no instruction count shows: only the heap
     * allocators, which make no system call while they replay, are held to
     * their timing. */
    if (job->allocator != reference && job->allocator->uses_heap) {
        struct timing timed;
        v = (struct verdict){.kind = VERDICT_OK};
        if (!time_trace(job->allocator, reference, tt, &out->check, &timed, &v)) {
            out->verdict = v;
            return;
        }
        if (v.kind == VERDICT_OK && ratio > COUNT_TIME_AGREEMENT * timed.ratio) {
            verdict_fail(&out->verdict, PHASE_COUNTED, false, 0, CHECK_METER,
                         "counted, it is %.2fx as fast as the reference, but timed, %.2fx: "
                         "more than COUNT_TIME_AGREEMENT = %.1f times apart, so the count is "
                         "not believed",
                         ratio, timed.ratio, COUNT_TIME_AGREEMENT);
            return;
        }
    }
    out->timed = true;
    out->timing = (struct timing){.cost = own, .ref_cost = ref_own, .ratio = ratio, .rounds = 1};
}

_Static_assert(1 <= TIMING_ROUNDS && TIMING_ROUNDS <= TIMING_ROUNDS_MAX,
               "config.h: the default number of rounds is one that -r accepts");

/* Time the trace in s->timing_rounds rounds and keep the median of their
 * ratios (TIMING_ROUNDS in config.h). */
static void time_rounds(const struct job *job, const struct allocator *reference,
                        const struct timed_trace *tt, struct trace_outcome *out)
{
    const struct pipeline_settings *s = job->settings;
    struct timing rounds[TIMING_ROUNDS_MAX];
    for (int n = 0; n < s->timing_rounds; n++) {
        struct verdict v = {.kind = VERDICT_OK};
        if (!time_trace(job->allocator, reference, tt, &out->check, &rounds[n], &v)) {
            out->verdict = v;
            return;
        }
        if (v.kind == VERDICT_TOO_SLOW) {
            out->verdict = v;
            out->timed = true;
            out->timing = (struct timing){.rounds = n + 1};
            return;
        }
    }
    out->timed = true;
    timing_combine(rounds, s->timing_rounds, &out->timing);
}

/* Check the job's trace, then time it (or count its instructions). */
static void run_trace(const struct job *job, const struct allocator *reference,
                      struct shared_trace *shared, struct trace_outcome *out)
{
    const struct pipeline_settings *s = job->settings;
    struct check_options options = check_options_for(job, s->debug_level, true, s->show_output);
    check_trace(job->allocator, job->trace, &options, &out->check);
    out->verdict = out->check.verdict;
    if (verdict_is_valid(&out->verdict) && !s->correctness_only &&
        weight_scores_thru(job->trace->weight)) {
        prepare_timing(job, reference, shared);
        struct timed_trace tt = {job->trace, shared->ops_fd, &shared->reference,
                                 s->timeout_secs};
        if (s->cost_unit == COST_INSTRUCTIONS) {
            tt.timeout_secs *= COUNTED_TIMEOUT_FACTOR;
            count_trace(job, reference, shared, &tt, out);
        } else {
            time_rounds(job, reference, &tt, out);
        }
    }
    if (!verdict_is_valid(&out->verdict))
        observe_verdict(&s->observe, job->allocator->name, job->trace, &out->verdict);
    explorer_add_run(s->explorer, job->trace_number - 1, job->allocator, &out->check,
                     &out->verdict);
    recording_free(out->check.recording);
    out->check.recording = NULL;
    free(out->check.answers);
    out->check.answers = NULL;
}

void pipeline_run(struct pipeline *p, const struct allocator *a, struct trace_outcome *outcomes)
{
    const struct pipeline_settings *s = &p->settings;
    for (int i = 0; i < p->count; i++) {
        struct trace *t = p->traces[i];
        if (t->giant.giant) {
            /* The reader has said why, once. */
            outcomes[i].verdict = verdict_not_run(t);
            explorer_add_run(s->explorer, i, a, &outcomes[i].check, &outcomes[i].verdict);
            continue;
        }
        struct job job = {s, a, t, i + 1, p->count};
        run_trace(&job, p->reference, &p->shared[i], &outcomes[i]);
        if (s->show_progress)
            fprintf(stderr, "\r\033[K");
        if (outcomes[i].verdict.kind != VERDICT_OK) {
            char message[MESSAGE_TEXT];
            verdict_describe(&outcomes[i].verdict, t, message, sizeof message);
            fprintf(stderr, "%s: %s\n", a->name, message);
        }
    }
}

struct pipeline *pipeline_open(const struct pipeline_settings *settings,
                               const struct allocator *reference, struct trace *const *traces,
                               int count)
{
    struct pipeline *p = malloc(sizeof *p);
    struct shared_trace *shared = calloc((size_t)count, sizeof *shared);
    if (p == NULL || shared == NULL) {
        free(p);
        free(shared);
        return NULL;
    }
    *p = (struct pipeline){*settings, reference, traces, count, shared};
    return p;
}

void pipeline_close(struct pipeline *p)
{
    for (int i = 0; i < p->count; i++) {
        free(p->shared[i].reference.answers);
        if (p->shared[i].reference_checked)
            close(p->shared[i].ops_fd);
    }
    free(p->shared);
    free(p);
}

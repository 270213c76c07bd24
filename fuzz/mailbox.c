/*
 * fuzz/mailbox.c - libFuzzer harness: a hostile allocator's process against
 * the driver.
 *
 * Each input is a seed and a small trace. The allocator under test is
 * fuzz/chaos.c, in a host program of its own (mdriver-host-chaos), whose
 * first malloc is given the seed: it picks one act of chaos on the mailbox
 * and the op to strike at (chaos.h). The driver checks the trace, then
 * times it against the reference, each phase with a short deadline, and
 * the harness holds it to three rules:
 *
 *   - it never hangs: every phase ends (libFuzzer's -timeout catches one
 *     that does not);
 *   - it never crashes (the sanitizers catch the driver's own faults);
 *   - it never passes a replay whose answers were not all given: an act
 *     that forges the end of a replay, wrecks the mailbox or stops the
 *     process never ends in a passed trace, and an honest run always does.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chaos.h"
#include "config.h"
#include "driver/allocator.h"
#include "driver/checker.h"
#include "driver/sandbox.h"
#include "driver/timer.h"
#include "driver/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { DEADLINE_SECS = 3, MAX_OPS = 24, MAX_SIZE = 4096 };

/* The chaos host, and the kit's hosts of the main build, relative to this
 * harness (build/fuzz/). */
static const char *const programs[HOST_KINDS] = {"mdriver-host-chaos", "../mdriver-host",
                                                 "../mdriver-host-libc"};

static const struct allocator chaos = {.name = "mm", .uses_heap = true,
                                       .host = HOST_OF_STUDENT};

/* "a 0 SEED", then the mallocs and frees the input's bytes choose, and
 * enough mallocs after them for the strike (chaos.c) to land. */
static struct trace *trace_of(uint32_t seed, const uint8_t *data, size_t size)
{
    char text[8192], body[7000];
    int ops = 1, ids = 1, mallocs = 1, used = 0;
    int strike = (int)(seed / CHAOS_ACTS % 64);
    used += snprintf(body + used, sizeof body - (size_t)used, "a 0 %u\n", (unsigned)seed);
    for (size_t i = 0; i + 1 < size && ops < MAX_OPS; i += 2, ops++) {
        if (data[i] % 3 == 0 && ids > 1) {
            used += snprintf(body + used, sizeof body - (size_t)used, "f %d\n", --ids);
        } else {
            used += snprintf(body + used, sizeof body - (size_t)used, "a %d %u\n", ids++,
                             1u + (unsigned)data[i + 1] * MAX_SIZE / 256);
            mallocs++;
        }
    }
    for (; mallocs <= strike; mallocs++, ops++)
        used += snprintf(body + used, sizeof body - (size_t)used, "a %d 16\n", ids++);
    snprintf(text, sizeof text, "1\n%d\n%d\n1\n%s", ids, ops, body);
    FILE *file = fmemopen(text, strlen(text), "r");
    if (file == NULL)
        return NULL;
    struct trace *t = trace_parse(file, "chaos.rep", HEADERS_GUESSED);
    fclose(file);
    return t;
}

/* Whether an act must keep the trace from passing. */
static bool never_passes(enum chaos_act act)
{
    return act == CHAOS_GARBAGE || act == CHAOS_FORGED_ANSWER_SPIN ||
           act == CHAOS_FORGED_ANSWER_SLEEP || act == CHAOS_STOPS_ITSELF;
}

static _Noreturn void broken_rule(const char *rule, uint32_t seed, const struct trace *t,
                                  const struct verdict *v)
{
    char message[MESSAGE_TEXT];
    verdict_describe(v, t, message, sizeof message);
    fprintf(stderr, "chaos act %u (seed %u): %s: %s\n", (unsigned)(seed % CHAOS_ACTS),
            (unsigned)seed, rule, message);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct allocator *reference;
    if (reference == NULL) {
        sandbox_set_host_programs(programs);
        if (!checker_init())
            abort();
        reference = allocator_find(REFERENCE_ALLOCATOR);
    }
    if (size < 4)
        return 0;
    /* The strike lands on one of the first ops, whatever the act. */
    uint32_t seed = (uint32_t)(data[0] | data[1] << 8 | (data[2] & 0x0f) << 16);
    seed = seed % (CHAOS_ACTS * MAX_OPS) + 1;
    enum chaos_act act = (enum chaos_act)(seed % CHAOS_ACTS);
    struct trace *t = trace_of(seed, data + 3, size - 3);
    if (t == NULL)
        return 0;
    struct check_options options = {.debug_level = 1, .timeout_secs = DEADLINE_SECS};
    struct check_result checked, ref;
    check_trace(&chaos, t, &options, &checked);
    struct verdict outcome = checked.verdict;
    if (outcome.kind == VERDICT_OK) {
        for (uint32_t i = 0; i < t->num_ops; i++)
            if (checked.answers[i] == 0)
                broken_rule("a checked op without an answer passed", seed, t, &outcome);
        struct check_options quiet = {.timeout_secs = DEADLINE_SECS};
        check_trace(reference, t, &quiet, &ref);
        struct timed_trace tt = {t, timed_trace_ops(t), &ref, DEADLINE_SECS};
        struct timing timing;
        if (!time_trace(&chaos, reference, &tt, &checked, &timing, &outcome) &&
            outcome.kind == VERDICT_OK)
            broken_rule("a failed timing left no verdict", seed, t, &outcome);
        close(tt.ops_fd);
        free(ref.answers);
    }
    if (never_passes(act) && verdict_is_valid(&outcome))
        broken_rule("a wrecked replay passed", seed, t, &outcome);
    if (act == CHAOS_NONE && !verdict_is_valid(&outcome))
        broken_rule("an honest replay failed", seed, t, &outcome);
    free(checked.answers);
    recording_free(checked.recording);
    trace_free(t);
    return 0;
}

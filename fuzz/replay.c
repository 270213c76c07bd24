/*
 * fuzz/replay.c - libFuzzer harness for the checked replay.
 *
 * Any input the trace reader accepts is replayed in this process (as -X
 * does) against the reference allocator, at debug level 2 when it is short
 * (level 1 when it is long, to keep every run well under a second). A
 * valid trace must replay without a single check failing, so any failure is
 * a bug in the checker or in the reference allocator: the harness aborts to
 * report it. Traces whose peak of live bytes could not fit the heap are
 * skipped, and a NULL from an exhausted heap is not a finding.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "driver/allocator.h"
#include "driver/checker.h"
#include "driver/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct allocator *reference;
    if (reference == NULL) {
        if (!checker_init())
            abort();
        reference = allocator_find(REFERENCE_ALLOCATOR);
    }
    if (size == 0)
        return 0;
    FILE *file = fmemopen((void *)data, size, "r");
    if (file == NULL)
        return 0;
    struct trace *t = trace_parse(file, "fuzz.rep");
    fclose(file);
    if (t == NULL)
        return 0;
    if (t->peak_bytes <= MAX_HEAP / 4 && t->num_ops <= 20000) {
        struct check_options options = {.debug_level = t->num_ops <= 1000 ? 2 : 1,
                                        .in_process = true};
        struct check_result result;
        check_trace(reference, t, &options, &result);
        /* Running out of heap is allowed: fragmentation can cost more
         * than the 4x margin on an adversarial trace. */
        if (result.verdict.kind != VERDICT_OK && result.verdict.check != CHECK_NULL) {
            char message[MESSAGE_TEXT];
            verdict_describe(&result.verdict, t, message, sizeof message);
            fprintf(stderr, "reference allocator failed a valid trace: %s\n", message);
            abort();
        }
        free(result.answers);
    }
    trace_free(t);
    return 0;
}

/*
 * fuzz/replay.c - libFuzzer harness for the checked replay.
 *
 * Any input the trace reader accepts is replayed in this process (as -X
 * does) against the reference allocator, at debug level 2 (every byte, and
 * mm_checkheap before every op). A valid trace must replay without a
 * single check failing, so any failure is a bug in the checker or in the
 * reference allocator: the harness aborts to report it. Traces whose peak
 * of live bytes could not fit the heap are skipped, and a NULL from an
 * exhausted heap is not a finding.
 *
 * The checker allocates for every id and op that a header declares, so a
 * trace that declares more than FUZZ_MAX_IDS ids or FUZZ_MAX_OPS ops is
 * skipped: each input then costs time in proportion to its length (which
 * `make fuzz` bounds with -max_len), and the fuzzer spends its runs on the
 * checks, not on clearing memory.
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

enum { FUZZ_MAX_IDS = 1024, FUZZ_MAX_OPS = 2048 };

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
    struct trace *t = trace_parse(file, "fuzz.rep", HEADERS_GUESSED);
    fclose(file);
    if (t == NULL)
        return 0;
    if (t->peak_bytes <= MAX_HEAP / 4 && t->num_ids <= FUZZ_MAX_IDS &&
        t->num_ops <= FUZZ_MAX_OPS) {
        struct check_options options = {.debug_level = 2};
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

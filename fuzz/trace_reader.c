/*
 * fuzz/trace_reader.c - libFuzzer harness for the trace reader.
 *
 * Any byte string is fed to trace_parse as a trace file: it must either
 * be refused with a message or yield a trace whose every op is in range,
 * on lines in order. Crashes, leaks and undefined behaviour are the
 * fuzzer's findings. The reader allocates for the ops and ids a file holds,
 * not for what its header declares, so each input costs time in proportion
 * to its length, which `make fuzz` bounds with -max_len.
 */
#define _GNU_SOURCE
#include <assert.h>
#include <stdint.h>
#include <stdio.h>

#include "driver/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    FILE *file = fmemopen((void *)data, size, "r");
    if (file == NULL)
        return 0;
    struct trace *t = trace_parse(file, "fuzz.rep", HEADERS_GUESSED);
    fclose(file);
    if (t == NULL)
        return 0;
    for (uint32_t i = 0; i < t->num_ops; i++) {
        const struct op *op = &t->ops[i];
        assert((op->id == NULL_BLOCK_ID && op->kind == OP_FREE) ||
               (op->id >= 0 && (uint32_t)op->id < t->num_ids));
        assert(i == 0 || op->line > t->ops[i - 1].line);
    }
    trace_free(t);
    return 0;
}

/*
 * replay.c - the timed loop (see replay.h).
 *
 * Besides the calls, it keeps only the block id -> payload table. The
 * special cases mirror the checked replay: realloc(NULL, 0) may return a
 * unique pointer, which is freed at once so that the block stays dead; a
 * realloc that fails leaves the block where it was.
 */
#define _GNU_SOURCE
#include "replay.h"

#include "mailbox.h"

void replay_ops(const struct mm_functions *a, const struct op *ops, uint32_t count, void **slots,
                volatile uint64_t *answers)
{
    for (uint32_t i = 0; i < count; i++) {
        const struct op *op = &ops[i];
        void *p = NULL;
        switch ((enum op_kind)op->kind) {
        case OP_ALLOC:
            p = slots[op->id] = a->malloc(size_argument(op->size));
            break;
        case OP_CALLOC:
            p = slots[op->id] = a->calloc(size_argument(op->nmemb), size_argument(op->size));
            break;
        case OP_REALLOC:
            p = a->realloc(slots[op->id], size_argument(op->size));
            if (op->size == 0 && p != NULL)
                a->free(p);
            if (op->size == 0)
                slots[op->id] = NULL;
            else if (p != NULL)
                slots[op->id] = p;
            break;
        case OP_FREE:
            if (op->id == NULL_BLOCK_ID) {
                a->free(NULL);
                break;
            }
            a->free(slots[op->id]);
            slots[op->id] = NULL;
        }
        if (answers != NULL)
            answers[i] = answer_of((uintptr_t)p);
    }
}

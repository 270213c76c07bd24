/*
 * breakdown.c - where the bytes of the heap went (see breakdown.h).
 */
#include "breakdown.h"

#include <stdlib.h>

static int by_address(const void *a, const void *b)
{
    const struct live_span *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

static void count_gap(struct heap_breakdown *b, uint64_t gap)
{
    if (gap == 0)
        return;
    if (gap <= SMALL_GAP_MAX) {
        b->small_gap_bytes += gap;
        b->small_gaps++;
    } else {
        b->large_gap_bytes += gap;
        b->large_gaps++;
    }
}

void breakdown_measure(struct heap_breakdown *b, struct live_span *spans, size_t count,
                       uintptr_t heap_lo, bool at_op, uint32_t op_index)
{
    *b = (struct heap_breakdown){.measured = true, .at_op = at_op, .op_index = op_index};
    qsort(spans, count, sizeof *spans, by_address);
    uint64_t cursor = 0; /* offset of the end of the last payload so far */
    for (size_t i = 0; i < count; i++) {
        if (spans[i].start < heap_lo || spans[i].start - heap_lo < cursor) {
            b->measured = false;
            return;
        }
        uint64_t offset = spans[i].start - heap_lo;
        count_gap(b, offset - cursor);
        b->live_bytes += spans[i].size;
        cursor = offset + spans[i].size;
    }
    b->payload_end = cursor;
}

void breakdown_finish(struct heap_breakdown *b, uint64_t heap_bytes)
{
    if (!b->measured || b->payload_end > heap_bytes) {
        b->measured = false;
        return;
    }
    b->heap_bytes = heap_bytes;
    b->top_bytes = heap_bytes - b->payload_end;
}

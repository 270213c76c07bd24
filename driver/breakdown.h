/*
 * breakdown.h - where the bytes of the heap went, seen from outside.
 *
 * Utilization is the peak of live requested bytes over the final heap
 * (score.h). The driver cannot read an allocator's headers or free lists:
 * all it knows is where each live payload lies. So at the moment that
 * sets utilization, the first op after which live bytes reach their peak,
 * it sorts the live payloads by address and splits the final heap into
 *
 *   live        the payload bytes requested (the utilization's numerator)
 *   small gaps  the bytes between two payloads, or before the first one,
 *               where that stretch is at most SMALL_GAP_MAX bytes: room
 *               for headers, footers and alignment padding
 *   large gaps  the same stretches when they are longer: room for free
 *               blocks
 *   top         from the end of the last payload to the final break:
 *               heap never used at the peak, or grown after it
 *
 *   heap = live + small gaps + large gaps + top, exactly.
 *
 * The split is a measurement, not the allocator's own accounting: a small
 * gap may hold a small free block, and a large one may be the padding of
 * a block rounded up to a power of two. README.md, "Where the bytes went",
 * relates it to internal and external fragmentation.
 */
#ifndef BREAKDOWN_H
#define BREAKDOWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A gap of up to this many bytes counts as small: an 8-byte header, an
 * 8-byte footer and 15 bytes of padding to 16-byte alignment fit in it,
 * and the smallest free block of a textbook allocator (header, two links,
 * footer) needs all of it. */
enum { SMALL_GAP_MAX = 32 };

/* A live payload: where it lies, for the split and for the heap map
 * (observe.h). */
struct live_span {
    uintptr_t start;
    uint64_t size;
    int32_t id;
};

struct heap_breakdown {
    bool measured;            /* the split is known: false for a trace
                                 with no ops, and for payloads that
                                 overlap or leave the heap (possible
                                 only at -d 0, which checks no address) */
    bool at_op;               /* after op op_index; false for a trace whose
                                 peak is 0, measured before any op */
    uint32_t op_index;
    uint64_t live_bytes;      /* payload bytes live at the peak */
    uint64_t small_gap_bytes; /* in gaps of at most SMALL_GAP_MAX bytes */
    uint64_t small_gaps;      /* how many such gaps */
    uint64_t large_gap_bytes; /* in longer gaps */
    uint64_t large_gaps;
    uint64_t payload_end;     /* offset of the end of the last payload */
    uint64_t top_bytes;       /* from payload_end to the final heap's end */
    uint64_t heap_bytes;      /* the final heap (utilization's denominator) */
};

/* Measure the gaps between the live payloads spans (in any order; they
 * are sorted here) of a heap starting at heap_lo, after op op_index (or
 * before any op when at_op is false). */
void breakdown_measure(struct heap_breakdown *b, struct live_span *spans, size_t count,
                       uintptr_t heap_lo, bool at_op, uint32_t op_index);

/* Close the split against the final heap size. */
void breakdown_finish(struct heap_breakdown *b, uint64_t heap_bytes);

#endif /* BREAKDOWN_H */

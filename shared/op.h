/*
 * op.h - one operation of a trace, as the driver hands it to the
 * allocator's process: the wire format of a timed replay.
 *
 * The trace reader (driver/trace.h) makes an array of these from a trace
 * file; the driver writes that array, unchanged, into the sealed memfd a
 * timed replay reads (shared/mailbox.h, fd 5), and the replay loop
 * (shared/replay.h) makes each op's call. Both programs of a build
 * compile this one definition, so they lay it out alike.
 */
#ifndef OP_H
#define OP_H

#include <stddef.h>
#include <stdint.h>

enum op_kind { OP_ALLOC = 'a', OP_REALLOC = 'r', OP_FREE = 'f', OP_CALLOC = 'c' };

/* The id of "f -1", free(NULL). */
#define NULL_BLOCK_ID (-1)

struct op {
    uint64_t size;  /* bytes requested (a, r), element size (c) */
    uint64_t nmemb; /* element count (c only) */
    int32_t id;     /* block id, or NULL_BLOCK_ID for "f -1" */
    uint32_t line;  /* line number in the file, for messages */
    uint8_t kind;   /* an enum op_kind */
};

/* A 64-bit size from a trace as a size_t argument: on 32-bit machines,
 * sizes that do not fit become SIZE_MAX, which no allocator can satisfy
 * either. */
static inline size_t size_argument(uint64_t n)
{
    return n > SIZE_MAX ? SIZE_MAX : (size_t)n;
}

#endif /* OP_H */

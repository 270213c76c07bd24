/*
 * naive.c - the simplest correct allocator there is: a bump allocator.
 * The starter mm.c is this file plus a team record.
 *
 * Every block is a 16-byte header followed by the payload, and blocks are
 * laid end to end in the order they were requested:
 *
 *    mem_heap_lo()
 *    |  header  |  payload ...  |  header  |  payload ...         | <- break
 *    +----------+---------------+----------+----------------------+
 *    | size     |               | size     |                      |
 *    +----------+---------------+----------+----------------------+
 *
 * The header holds the block's size (header included), so that realloc
 * knows how many bytes to copy and mm_checkheap can walk the heap. mm_free
 * does nothing: memory is never reused, so utilization is poor and long
 * traces run out of heap.
 *
 * The allocator has no state besides the blocks themselves: the first block
 * is at mem_heap_lo() and the next one is always at the break.
 *
 * Invariants
 *   1. Every block's size is a multiple of ALIGNMENT and at least a header
 *      plus one aligned unit of payload.
 *   2. The blocks tile the heap: the first starts at mem_heap_lo(), each
 *      one where the previous one ends, and the last ends at the break.
 *
 * Complexity: malloc O(1) (one mem_sbrk), free O(1), realloc O(size).
 * mm_checkheap walks the blocks by their sizes, O(blocks), and checks
 * invariants 1 and 2.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "memlib.h"
#include "mm.h"

enum {
    /* The header takes a whole alignment unit, so payloads stay aligned. */
    HEADER_SIZE = ALIGNMENT,
    /* A header and one aligned unit of payload. */
    MIN_BLOCK = HEADER_SIZE + ALIGNMENT,
};

/* A block, addressed at its header. */
typedef struct block {
    size_t size; /* bytes of the whole block, header included */
} block_t;

_Static_assert(sizeof(block_t) <= HEADER_SIZE, "the header must fit its space");

static inline size_t block_size(const block_t *b) { return b->size; }

static inline void *block_payload(block_t *b) { return (char *)b + HEADER_SIZE; }

static inline block_t *block_from_payload(void *payload)
{
    return (block_t *)((char *)payload - HEADER_SIZE);
}

static inline size_t payload_capacity(const block_t *b)
{
    return block_size(b) - HEADER_SIZE;
}

static inline block_t *block_next(block_t *b)
{
    return (block_t *)((char *)b + block_size(b));
}

static inline block_t *heap_first_block(void) { return mem_heap_lo(); }

/* The block size a request of `request` bytes needs: the header plus the
 * request rounded up to a multiple of ALIGNMENT. 0 when the block could
 * never fit in the heap (the arithmetic must never wrap around). */
static inline size_t block_size_for(size_t request)
{
    if (request > MAX_HEAP)
        return 0;
    size_t payload = (request + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
    return HEADER_SIZE + (payload == 0 ? ALIGNMENT : payload);
}

int mm_init(void)
{
    return 0;
}

/* A new block at the top of the heap; NULL when the heap cannot grow. */
void *mm_malloc(size_t size)
{
    size_t needed = block_size_for(size);
    if (needed == 0)
        return NULL;
    block_t *b = mem_sbrk((intptr_t)needed);
    if (b == (void *)-1)
        return NULL;
    b->size = needed;
    return block_payload(b);
}

void mm_free(void *ptr)
{
    (void)ptr;
}

void *mm_realloc(void *ptr, size_t size)
{
    if (ptr == NULL)
        return mm_malloc(size);
    if (size == 0) {
        mm_free(ptr);
        return NULL;
    }
    void *moved = mm_malloc(size);
    if (moved == NULL)
        return NULL;
    size_t old_payload = payload_capacity(block_from_payload(ptr));
    memcpy(moved, ptr, old_payload < size ? old_payload : size);
    mm_free(ptr);
    return moved;
}

void *mm_calloc(size_t nmemb, size_t size)
{
    size_t bytes;
    if (__builtin_mul_overflow(nmemb, size, &bytes))
        return NULL;
    void *p = mm_malloc(bytes);
    if (p != NULL)
        memset(p, 0, bytes);
    return p;
}

/* ---- Heap checker ------------------------------------------------------- */

/* Report the invariant `what` when it does not hold, naming the block by
 * its payload address; return whether it holds. */
static bool check(bool holds, block_t *b, const char *what)
{
    if (!holds)
        fprintf(stderr, "mm_checkheap: %s (block with payload %p)\n", what,
                block_payload(b));
    return holds;
}

int mm_checkheap(int verbose)
{
    char *end = (char *)mem_heap_hi() + 1;
    for (block_t *b = heap_first_block(); (char *)b < end; b = block_next(b)) {
        if (verbose)
            fprintf(stderr, "block with payload %p: %zu bytes\n",
                    block_payload(b), block_size(b));
        /* A block that breaks either invariant gives no next block to go
         * on to, so the walk stops at the first one. */
        if (!check(block_size(b) % ALIGNMENT == 0 && block_size(b) >= MIN_BLOCK, b,
                   "invariant 1: the size is whole alignment units, header and payload") ||
            !check(block_size(b) <= (size_t)(end - (char *)b), b,
                   "invariant 2: the block ends at or before the break"))
            return 0;
    }
    return 1;
}

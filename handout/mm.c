/*
 * mm.c - the allocator you write. This starting point is the simplest
 * correct allocator there is: a bump allocator.
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
 * traces run out of heap. That is what you are here to fix.
 *
 * What to replace: keep the six functions and their contracts (see mm.h),
 * and change everything else. Start with an implicit free list with
 * boundary tags (coalescing freed neighbours), then move to explicit or
 * segregated free lists; ./mdriver -V shows how each change scores.
 * mm_calloc and mm_checkheap may be deleted: the driver then supplies a
 * calloc on top of mm_malloc and a checkheap that checks nothing. Keep
 * mm_checkheap and make it check your invariants: ./mdriver -D calls it
 * before every operation. Fill in the team record below.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "memlib.h"
#include "mm.h"

team_t team = {
    "bump",          /* team name */
    "A. Student",    /* first member's full name */
    "student@example.edu", /* first member's login or email */
    "",              /* second member's full name, if any */
    "",              /* second member's login or email */
};

/* The header takes a whole alignment unit, so payloads stay aligned. */
#define HEADER_SIZE ALIGNMENT

typedef struct {
    size_t size; /* bytes of the whole block, header included */
} header_t;

_Static_assert(sizeof(header_t) <= HEADER_SIZE, "the header must fit its space");

static inline header_t *header_of(void *payload)
{
    return (header_t *)((char *)payload - HEADER_SIZE);
}

static inline void *payload_of(header_t *header)
{
    return (char *)header + HEADER_SIZE;
}

/* Round size up to a multiple of ALIGNMENT; 0 when the result would not fit
 * in size_t. */
static inline size_t round_up(size_t size)
{
    if (size > SIZE_MAX - (ALIGNMENT - 1))
        return 0;
    return (size + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
}

int mm_init(void)
{
    return 0;
}

/* A new block at the top of the heap; NULL when the request is too large
 * for the heap (the size arithmetic must never wrap around). */
void *mm_malloc(size_t size)
{
    size_t payload = round_up(size == 0 ? 1 : size);
    if (payload == 0 || payload > MAX_HEAP)
        return NULL;
    size_t block = payload + HEADER_SIZE;
    header_t *header = mem_sbrk((intptr_t)block);
    if (header == (void *)-1)
        return NULL;
    header->size = block;
    return payload_of(header);
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
    size_t old_payload = header_of(ptr)->size - HEADER_SIZE;
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

/* Walk the heap block by block: every size must be a whole number of
 * alignment units, at least a header and a payload, and the walk must end
 * exactly at the break. */
int mm_checkheap(int verbose)
{
    char *block = mem_heap_lo();
    char *end = (char *)mem_heap_hi() + 1;
    while (block < end) {
        size_t size = ((header_t *)block)->size;
        if (verbose)
            fprintf(stderr, "block %p: %zu bytes\n", (void *)block, size);
        if (size < HEADER_SIZE + ALIGNMENT || size % ALIGNMENT != 0 ||
            size > (size_t)(end - block)) {
            fprintf(stderr, "mm_checkheap: block %p: bad size %zu (heap ends at %p)\n",
                    (void *)block, size, (void *)end);
            return 0;
        }
        block += size;
    }
    return 1;
}

/*
 * hanging.c - grading fixture: an allocator that loops forever.
 *
 * A bump allocator: a 16-byte header holding the payload size, then the
 * payload; freed memory is never reused. So that a block which keeps
 * growing moves rarely, realloc gives the new block half as much again as
 * the old one, repeatedly, until the request fits, in whole alignment
 * units.
 *
 * The bug: half of a 16-byte payload rounds down to zero units, so
 * growing a block that was at most 16 bytes never ends. Traces that
 * realloc tiny blocks hang; the others pass. The grader must report
 * status "timeout".
 */
#include <stdint.h>
#include <string.h>

#include "config.h"
#include "memlib.h"
#include "mm.h"

typedef struct {
    size_t size;     /* payload bytes, a multiple of ALIGNMENT */
    size_t padding;  /* keeps the payload aligned */
} header_t;

static inline header_t *header_of(void *payload) { return (header_t *)payload - 1; }

static inline size_t round_up(size_t size)
{
    return (size + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
}

int mm_init(void)
{
    return 0;
}

void *mm_malloc(size_t size)
{
    if (size == 0 || size > MAX_HEAP)
        return NULL;
    size_t payload = round_up(size);
    header_t *header = mem_sbrk((intptr_t)(payload + sizeof(header_t)));
    if (header == (void *)-1)
        return NULL;
    header->size = payload;
    return header + 1;
}

void mm_free(void *ptr)
{
    (void)ptr;
}

void *mm_realloc(void *ptr, size_t size)
{
    if (ptr == NULL)
        return mm_malloc(size);
    if (size == 0 || size > MAX_HEAP)
        return NULL;
    size_t old = header_of(ptr)->size;
    if (size <= old)
        return ptr;
    size_t capacity = old;
    while (capacity < size)
        capacity += (capacity / 2) & ~(size_t)(ALIGNMENT - 1);
    void *moved = mm_malloc(capacity);
    if (moved != NULL)
        memcpy(moved, ptr, old);
    return moved;
}

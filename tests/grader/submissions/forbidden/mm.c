/*
 * forbidden/mm.c - grading fixture: an allocator that calls libc's malloc.
 *
 * A correct bump allocator (a 16-byte header holding the payload size,
 * then the payload; freed memory is never reused) that also keeps a
 * histogram of request sizes in memory from the C library's malloc and
 * free. Allocators may get memory only from mem_sbrk, so the build names
 * the calls, every trace fails when mm_init first calls malloc, and the
 * grader must report status "forbidden_calls".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "memlib.h"
#include "mm.h"

/* Requests counted by log2 of their size. */
#define SIZE_CLASSES 64

static size_t *requests_by_class;

static inline size_t payload_size(void *payload) { return *((size_t *)payload - 2); }

int mm_init(void)
{
    free(requests_by_class);
    requests_by_class = malloc(SIZE_CLASSES * sizeof *requests_by_class);
    if (requests_by_class == NULL)
        return -1;
    memset(requests_by_class, 0, SIZE_CLASSES * sizeof *requests_by_class);
    return 0;
}

void *mm_malloc(size_t size)
{
    if (size == 0 || size > MAX_HEAP)
        return NULL;
    requests_by_class[63 - __builtin_clzll((unsigned long long)size)]++;
    size_t payload = (size + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
    size_t *header = mem_sbrk((intptr_t)(payload + ALIGNMENT));
    if (header == (void *)-1)
        return NULL;
    header[0] = payload;
    return (char *)header + ALIGNMENT;
}

void mm_free(void *ptr)
{
    (void)ptr;
}

void *mm_realloc(void *ptr, size_t size)
{
    if (ptr == NULL)
        return mm_malloc(size);
    if (size == 0)
        return NULL;
    void *moved = mm_malloc(size);
    if (moved == NULL)
        return NULL;
    size_t old = payload_size(ptr);
    memcpy(moved, ptr, old < size ? old : size);
    return moved;
}

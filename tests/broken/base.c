/*
 * base.c - the correct allocator every broken allocator starts from.
 *
 * Each function is weak: a file in this folder redefines the one function
 * it breaks and calls base_* for everything else. Blocks are carved from
 * the top of the heap behind a 16-byte header that holds the payload size;
 * nothing is ever reused.
 */
#include "base.h"

#include <stdint.h>
#include <string.h>

#include "config.h"
#include "memlib.h"
#include "mm.h"

static inline size_t *size_field(void *payload) { return (size_t *)payload - 1; }

size_t base_payload_size(void *payload) { return *size_field(payload); }

void *base_malloc(size_t size)
{
    if (size > MAX_HEAP)
        return NULL;
    size_t rounded = (size + 15) & ~(size_t)15;
    char *block = mem_sbrk((intptr_t)(rounded + 16));
    if (block == (void *)-1)
        return NULL;
    char *payload = block + 16;
    *size_field(payload) = size;
    return payload;
}

void *base_realloc(void *ptr, size_t size)
{
    if (size == 0) {
        mm_free(ptr);
        return NULL;
    }
    void *moved = mm_malloc(size);
    if (moved != NULL && ptr != NULL) {
        size_t old = base_payload_size(ptr);
        memcpy(moved, ptr, old < size ? old : size);
        mm_free(ptr);
    }
    return moved;
}

void *base_calloc(size_t nmemb, size_t size)
{
    size_t bytes;
    if (__builtin_mul_overflow(nmemb, size, &bytes))
        return NULL;
    void *p = mm_malloc(bytes);
    if (p != NULL)
        memset(p, 0, bytes);
    return p;
}

__attribute__((weak)) int mm_init(void) { return 0; }
__attribute__((weak)) void *mm_malloc(size_t size) { return base_malloc(size); }
__attribute__((weak)) void mm_free(void *ptr) { (void)ptr; }
__attribute__((weak)) void *mm_realloc(void *ptr, size_t size) { return base_realloc(ptr, size); }
__attribute__((weak)) void *mm_calloc(size_t nmemb, size_t size) { return base_calloc(nmemb, size); }
__attribute__((weak)) int mm_checkheap(int verbose) { (void)verbose; return 1; }

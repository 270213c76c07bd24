/* A bump allocator whose realloc allocates, copies and frees inline (see
 * README.md). */
#include <stdint.h>
#include <string.h>

#include "memlib.h"
#include "mm.h"

enum { HEADER = 16 };

static inline size_t *header_of(void *p) { return (size_t *)((char *)p - HEADER); }

static inline void *allocate(size_t size)
{
    size_t block = (size + HEADER + 15) & ~(size_t)15;
    if (size > (size_t)1 << 40)
        return NULL;
    char *p = mem_sbrk((intptr_t)block);
    if (p == (void *)-1)
        return NULL;
    *(size_t *)p = size;
    return p + HEADER;
}

int mm_init(void) { return 0; }

void *mm_malloc(size_t size) { return allocate(size); }

void mm_free(void *ptr) { (void)ptr; }

void *mm_realloc(void *ptr, size_t size)
{
    if (size == 0)
        return NULL;
    void *p = allocate(size);
    if (p != NULL && ptr != NULL) {
        size_t old = *header_of(ptr);
        memcpy(p, ptr, old < size ? old : size);
    }
    return p;
}

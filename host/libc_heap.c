/*
 * libc_heap.c - the C library's heap inside the allocator's process.
 *
 * An allocator may take memory only from mem_sbrk: memory from anywhere
 * else would hold data the utilization score never sees. The build refuses
 * mm.c files that call malloc and its relatives by name; this file catches
 * the calls that no symbol shows, such as strdup or qsort calling malloc
 * inside the C library.
 *
 * The host program defines malloc, free, calloc, realloc and the aligned
 * variants itself, so that every caller in the process, the C library
 * included, reaches these instead of the C library's own. They hand out
 * blocks from a bump region and never reuse them:
 *
 *   - until the process is confined, from a private buffer: the host's own
 *     set-up (the stack unwinder, a production allocator's dlopen) needs a
 *     few blocks;
 *   - from then on, from fd 7, a memfd that the driver also holds. The
 *     driver asks the kernel whether any page of it holds data
 *     (lseek SEEK_DATA) after every operation: a page once touched stays,
 *     so no allocator can hide its use of this heap.
 *
 * The C library's own malloc is never linked in: its other names
 * (__libc_malloc...) are these functions too.
 */
#define _GNU_SOURCE
#include "libc_heap.h"

#include <errno.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Bytes for the host's own blocks before confinement. */
enum { SETUP_BYTES = 1 << 20, BLOCK_ALIGNMENT = 16 };
_Static_assert(BLOCK_ALIGNMENT % alignof(max_align_t) == 0,
               "a block is aligned for any object, as malloc's must be");

static alignas(BLOCK_ALIGNMENT) char setup_heap[SETUP_BYTES];

static struct {
    char *next; /* first free byte */
    char *end;  /* one past the region */
} region = {setup_heap, setup_heap + SETUP_BYTES};

void libc_heap_move_to(void *base, size_t bytes)
{
    region.next = base;
    region.end = (char *)base + bytes;
}

/* Each block is preceded by its size, so that realloc can copy it. */
static void *take(size_t bytes, size_t alignment)
{
    if (alignment < BLOCK_ALIGNMENT)
        alignment = BLOCK_ALIGNMENT;
    uintptr_t payload = ((uintptr_t)region.next + sizeof(size_t) + alignment - 1) &
                        ~(uintptr_t)(alignment - 1);
    if (bytes > (uintptr_t)region.end || payload > (uintptr_t)region.end - bytes) {
        errno = ENOMEM;
        return NULL;
    }
    ((size_t *)payload)[-1] = bytes;
    region.next = (char *)(payload + bytes);
    return (void *)payload;
}

void *malloc(size_t bytes) { return take(bytes, BLOCK_ALIGNMENT); }

void free(void *p) { (void)p; }

void *calloc(size_t nmemb, size_t size)
{
    size_t bytes;
    if (__builtin_mul_overflow(nmemb, size, &bytes)) {
        errno = ENOMEM;
        return NULL;
    }
    /* Blocks are never reused, and both regions start zeroed. */
    return take(bytes, BLOCK_ALIGNMENT);
}

void *realloc(void *old, size_t bytes)
{
    void *p = take(bytes, BLOCK_ALIGNMENT);
    if (p != NULL && old != NULL) {
        size_t old_bytes = ((size_t *)old)[-1];
        memcpy(p, old, old_bytes < bytes ? old_bytes : bytes);
    }
    return p;
}

void *reallocarray(void *old, size_t nmemb, size_t size)
{
    size_t bytes;
    if (__builtin_mul_overflow(nmemb, size, &bytes)) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(old, bytes);
}

void *memalign(size_t alignment, size_t bytes) { return take(bytes, alignment); }

void *aligned_alloc(size_t alignment, size_t bytes) { return take(bytes, alignment); }

int posix_memalign(void **result, size_t alignment, size_t bytes)
{
    void *p = take(bytes, alignment);
    if (p == NULL)
        return ENOMEM;
    *result = p;
    return 0;
}

void *valloc(size_t bytes) { return take(bytes, 4096); }

void *pvalloc(size_t bytes) { return take((bytes + 4095) & ~(size_t)4095, 4096); }

size_t malloc_usable_size(void *p) { return p == NULL ? 0 : ((size_t *)p)[-1]; }

/* The C library's own names for the same functions: in a static program
 * they would bring its allocator in beside these, so they are these too. */
void *__libc_malloc(size_t bytes);
void __libc_free(void *p);
void *__libc_calloc(size_t nmemb, size_t size);
void *__libc_realloc(void *old, size_t bytes);
void *__libc_memalign(size_t alignment, size_t bytes);
void *__libc_valloc(size_t bytes);
void *__libc_pvalloc(size_t bytes);

void *__libc_malloc(size_t bytes) { return malloc(bytes); }
void __libc_free(void *p) { free(p); }
void *__libc_calloc(size_t nmemb, size_t size) { return calloc(nmemb, size); }
void *__libc_realloc(void *old, size_t bytes) { return realloc(old, bytes); }
void *__libc_memalign(size_t alignment, size_t bytes) { return memalign(alignment, bytes); }
void *__libc_valloc(size_t bytes) { return valloc(bytes); }
void *__libc_pvalloc(size_t bytes) { return pvalloc(bytes); }

/*
 * memlib.c - the simulated heap: one arena, one break, guard pages above.
 *
 *          arena_lo               brk           open_top              arena_hi
 *   guard   |  heap (read/write)  |  slack (rw)   |   PROT_NONE ...      |
 *  +--------+---------------------+---------------+----------------------+
 *           |<-- mem_heapsize --->|
 *
 * The arena of MAX_HEAP bytes is reserved once with mmap, all of it
 * inaccessible, behind one guard page that is never opened, so that an
 * allocator writing just below its first block faults too. mem_sbrk moves the break up and opens, with mprotect, only
 * the pages the heap now reaches, so the bytes between the break and the
 * end of its page ("slack") are the only ones an allocator can touch
 * without owning them. mem_reset_brk closes every page again.
 *
 * Invariants: arena_lo <= brk <= open_top <= arena_lo + MAX_HEAP, and
 * open_top is page-aligned; with guard pages on (always, except while the
 * driver times replays) open_top is the break rounded up to a page.
 */
#define _GNU_SOURCE
#include "memlib.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"

/* The arena is placed at this address when it is free, so that the
 * addresses in error messages are the same from run to run. */
#if UINTPTR_MAX > 0xFFFFFFFFu
#define ARENA_HINT ((void *)(0x7e0000000000 - 4096))
#else
#define ARENA_HINT NULL
#endif

static struct {
    char *lo;       /* first byte of the arena and of the heap */
    char *brk;      /* one past the last heap byte */
    char *open_top; /* one past the last accessible byte */
    size_t page;    /* system page size */
    int unguarded;  /* nonzero: mem_reset_brk keeps pages open */
} heap;

static char *round_up_to_page(char *addr)
{
    uintptr_t a = (uintptr_t)addr;
    return (char *)((a + heap.page - 1) & ~(uintptr_t)(heap.page - 1));
}

void mem_init(void)
{
    heap.page = (size_t)sysconf(_SC_PAGESIZE);
    char *guard = mmap(ARENA_HINT, heap.page + MAX_HEAP, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (guard == MAP_FAILED) {
        fprintf(stderr, "mem_init: cannot reserve %zu bytes: %s\n",
                (size_t)MAX_HEAP, strerror(errno));
        exit(2);
    }
    heap.lo = heap.brk = heap.open_top = guard + heap.page;
}

void mem_deinit(void)
{
    if (heap.lo != NULL)
        munmap(heap.lo - heap.page, heap.page + MAX_HEAP);
    heap.lo = heap.brk = heap.open_top = NULL;
}

void *mem_sbrk(intptr_t incr)
{
    assert(heap.lo != NULL && "mem_sbrk called before mem_init");
    size_t used = (size_t)(heap.brk - heap.lo);
    if (incr < 0) {
        fprintf(stderr,
                "mem_sbrk: negative increment %jd refused (EINVAL): "
                "the heap would have shrunk from %zu bytes\n",
                (intmax_t)incr, used);
        errno = EINVAL;
        return (void *)-1;
    }
    if ((uintmax_t)incr > MAX_HEAP - used) {
        fprintf(stderr,
                "mem_sbrk: out of memory (ENOMEM): the heap would have been "
                "%ju bytes, more than MAX_HEAP = %zu\n",
                (uintmax_t)used + (uintmax_t)incr, (size_t)MAX_HEAP);
        errno = ENOMEM;
        return (void *)-1;
    }
    char *old_brk = heap.brk;
    heap.brk += incr;
    char *new_top = round_up_to_page(heap.brk);
    if (new_top > heap.open_top) {
        if (mprotect(heap.open_top, (size_t)(new_top - heap.open_top),
                     PROT_READ | PROT_WRITE) != 0) {
            fprintf(stderr, "mem_sbrk: mprotect failed: %s\n", strerror(errno));
            exit(2);
        }
        heap.open_top = new_top;
    }
    return old_brk;
}

void mem_reset_brk(void)
{
    heap.brk = heap.lo;
    if (heap.unguarded)
        return;
    if (heap.open_top > heap.lo)
        mprotect(heap.lo, (size_t)(heap.open_top - heap.lo), PROT_NONE);
    heap.open_top = heap.lo;
}

void mem_set_guard_pages(int enabled)
{
    heap.unguarded = !enabled;
    mem_reset_brk();
}

void *mem_heap_lo(void) { return heap.lo; }

void *mem_heap_hi(void) { return heap.brk - 1; }

size_t mem_heapsize(void) { return (size_t)(heap.brk - heap.lo); }

size_t mem_pagesize(void) { return heap.page; }

void *mem_memcpy(void *dst, const void *src, size_t n) { return memcpy(dst, src, n); }

void *mem_memset(void *ptr, int value, size_t n) { return memset(ptr, value, n); }

void *mem_arena_lo(void) { return heap.lo; }

void *mem_arena_hi(void) { return heap.lo + MAX_HEAP; }

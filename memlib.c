/*
 * memlib.c - the simulated heap, as an allocator sees it.
 *
 *          arena (MAX_HEAP bytes, at MEM_ARENA_ADDRESS)
 *   guard   |  heap (read/write)  |  rest of the page  |  faults ...   |
 *  +--------+---------------------+--------------------+---------------+
 *           lo                    lo + size (the break)
 *
 * This file keeps the allocator's view of the heap: where it starts and
 * how large it is. Every growth is decided by the heap's owner
 * (struct mem_owner): the driver's arena (driver/arena.c) when the driver
 * runs an allocator, the allocator's host process (host/host.c), which
 * asks the driver, or, in a test program that calls mem_init, the small
 * owner at the end of this file. The owner also makes sure that no page
 * above the break's page can be touched, and that the page below the heap
 * never can.
 *
 * Invariant: size <= MAX_HEAP, and size only grows while an owner holds
 * the heap.
 */
#define _GNU_SOURCE
#include "memlib.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"

static struct {
    char *lo;                     /* first byte of the heap */
    size_t size;                  /* bytes below the break */
    size_t page;                  /* the system's page size */
    const struct mem_owner *owner;
} heap;

void mem_attach(void *lo, size_t size, const struct mem_owner *owner)
{
    heap.lo = lo;
    heap.size = size;
    heap.page = (size_t)sysconf(_SC_PAGESIZE);
    heap.owner = owner;
}

void *mem_sbrk(intptr_t incr)
{
    if (incr < 0) {
        errno = EINVAL;
        return (void *)-1;
    }
    size_t old_size;
    if (heap.owner == NULL || (uintmax_t)incr > MAX_HEAP ||
        !heap.owner->grow((size_t)incr, &old_size)) {
        errno = ENOMEM;
        return (void *)-1;
    }
    heap.size = old_size + (size_t)incr;
    return heap.lo + old_size;
}

void *mem_heap_lo(void) { return heap.lo; }

void *mem_heap_hi(void) { return heap.lo + heap.size - 1; }

size_t mem_heapsize(void) { return heap.size; }

size_t mem_pagesize(void) { return heap.page; }

void *mem_memcpy(void *dst, const void *src, size_t n) { return memcpy(dst, src, n); }

void *mem_memset(void *ptr, int value, size_t n) { return memset(ptr, value, n); }

/* ---- the owner of a test program's own heap ------------------------- */
/*
 * mem_init reserves the arena with mmap, all of it inaccessible, behind one
 * guard page that is never opened; growing opens, with mprotect, only the
 * pages the heap now reaches. Invariant: open_top is the break rounded up
 * to a page.
 */

static char *open_top; /* one past the last accessible byte */

static char *round_up_to_page(char *addr)
{
    uintptr_t a = (uintptr_t)addr;
    return (char *)((a + heap.page - 1) & ~(uintptr_t)(heap.page - 1));
}

static bool grow_own_heap(size_t incr, size_t *old_size)
{
    if (incr > MAX_HEAP - heap.size)
        return false;
    char *new_top = round_up_to_page(heap.lo + heap.size + incr);
    if (new_top > open_top &&
        mprotect(open_top, (size_t)(new_top - open_top), PROT_READ | PROT_WRITE) != 0)
        return false;
    if (new_top > open_top)
        open_top = new_top;
    *old_size = heap.size;
    return true;
}

/* Its refuse is never called: mine() lets every call through. */
static const struct mem_owner own_heap = {.grow = grow_own_heap};

/* The three calls below belong to a test program that holds its own heap;
 * under any other owner they are refused. */
static bool mine(const char *call)
{
    if (heap.owner == NULL || heap.owner == &own_heap)
        return true;
    heap.owner->refuse(call);
    return false;
}

void mem_init(void)
{
    if (!mine("mem_init"))
        return;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    char *guard = mmap((void *)(MEM_ARENA_ADDRESS - page), page + MAX_HEAP, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (guard == MAP_FAILED) {
        fprintf(stderr, "mem_init: cannot reserve %zu bytes: %s\n", (size_t)MAX_HEAP,
                strerror(errno));
        exit(2);
    }
    mem_attach(guard + page, 0, &own_heap);
    open_top = heap.lo;
}

void mem_reset_brk(void)
{
    if (!mine("mem_reset_brk") || heap.lo == NULL)
        return;
    heap.size = 0;
    if (open_top > heap.lo)
        mprotect(heap.lo, (size_t)(open_top - heap.lo), PROT_NONE);
    open_top = heap.lo;
}

void mem_deinit(void)
{
    if (!mine("mem_deinit") || heap.lo == NULL)
        return;
    munmap(heap.lo - heap.page, heap.page + MAX_HEAP);
    heap.lo = open_top = NULL;
    heap.size = 0;
    heap.owner = NULL;
}

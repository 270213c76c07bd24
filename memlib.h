/*
 * memlib.h - the simulated heap that every allocator grows with mem_sbrk.
 *
 * One arena of MAX_HEAP bytes is reserved once by mem_init. The break
 * starts at its first byte; mem_sbrk moves it up. Bytes below the break
 * are readable and writable; whole pages above it are inaccessible, so a
 * write past the heap top faults at once instead of corrupting silently.
 */
#ifndef MEMLIB_H
#define MEMLIB_H

#include <stddef.h>
#include <stdint.h>

/* Reserve the arena. Exits with a message if the system refuses. */
void mem_init(void);

/* Release the arena. */
void mem_deinit(void);

/* Grow the heap by incr bytes and return the old break (the first new
 * byte). Returns (void *)-1 with errno = EINVAL for a negative increment,
 * or errno = ENOMEM when the heap would pass MAX_HEAP, and prints one line
 * saying which and how large the heap would have been. */
void *mem_sbrk(intptr_t incr);

/* Empty the heap: the break returns to the first byte and every page is
 * made inaccessible again. */
void mem_reset_brk(void);

/* First byte of the heap. */
void *mem_heap_lo(void);

/* Last byte of the heap (one below the break; mem_heap_lo() - 1 when the
 * heap is empty). */
void *mem_heap_hi(void);

/* Bytes between mem_heap_lo and the break. */
size_t mem_heapsize(void);

/* The system's page size. */
size_t mem_pagesize(void);

/* memcpy and memset under the names CMU's 2016+ kits use (their mm.c
 * files map memcpy and memset to these). */
void *mem_memcpy(void *dst, const void *src, size_t n);
void *mem_memset(void *ptr, int value, size_t n);

/* With guard pages off, mem_reset_brk leaves the pages it has opened
 * accessible, so that repeated timed replays pay no mprotect calls. The
 * checked replays always run with guard pages on (the default). */
void mem_set_guard_pages(int enabled);

/* Whole arena bounds, [lo, lo + MAX_HEAP), for the driver's diagnostics. */
void *mem_arena_lo(void);
void *mem_arena_hi(void);

#endif /* MEMLIB_H */

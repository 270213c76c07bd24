/*
 * memlib.h - the simulated heap that every allocator grows with mem_sbrk.
 *
 * The heap is one arena of MAX_HEAP bytes. Its break starts at the arena's
 * first byte; mem_sbrk moves it up. Bytes below the break are readable and
 * writable; every page at or above the break's page faults, so a write past
 * the heap top is caught at once instead of corrupting silently.
 *
 * The break is not the allocator's: it belongs to the heap's owner. When
 * ./mdriver replays a trace, the owner is the driver, in another process:
 * mem_sbrk asks it for more heap, and utilization is computed from what it
 * granted, never from what the allocator says. The heap never shrinks.
 */
#ifndef MEMLIB_H
#define MEMLIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- for allocators ------------------------------------------------ */

/* Grow the heap by incr bytes and return the old break (the first new
 * byte). Returns (void *)-1 with errno = EINVAL for a negative increment,
 * or errno = ENOMEM when the heap would pass MAX_HEAP. */
void *mem_sbrk(intptr_t incr);

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

/* ---- for the heap's owner, never for an allocator ------------------ */
/*
 * An allocator that calls any of these does not build (the kit's build
 * names the call), and inside the driver's process model they refuse at
 * run time: the heap and its break belong to the driver.
 */

/* Where the arena starts in every process that holds a heap, so that
 * addresses repeat from run to run. */
#if UINTPTR_MAX > 0xFFFFFFFFu
#define MEM_ARENA_ADDRESS ((uintptr_t)0x7e0000000000)
#else
#define MEM_ARENA_ADDRESS ((uintptr_t)0x60000000)
#endif

/* Whoever holds the heap: decides every growth, and answers an
 * allocator's call to a function that is not its to call. */
struct mem_owner {
    /* Whether the heap may grow by incr bytes; on yes, the heap's size
     * before the growth goes into *old_size. */
    bool (*grow)(size_t incr, size_t *old_size);
    /* Called instead of mem_init, mem_reset_brk or mem_deinit (named by
     * call); does not return. */
    void (*refuse)(const char *call);
};

/* Hand the heap at lo, size bytes already below the break, to owner.
 * After this, mem_init, mem_reset_brk and mem_deinit refuse. */
void mem_attach(void *lo, size_t size, const struct mem_owner *owner);

/* For test programs that hold their own heap: reserve an arena in this
 * process (exits with a message if the system refuses), empty it, or
 * release it. */
void mem_init(void);
void mem_reset_brk(void);
void mem_deinit(void);

#endif /* MEMLIB_H */

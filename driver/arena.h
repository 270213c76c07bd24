/*
 * arena.h - the driver's side of the simulated heap.
 *
 * The arena of a replay is a memfd of MAX_HEAP bytes at most, shared with
 * the allocator's process, which maps it at MEM_ARENA_ADDRESS. The driver
 * maps it too (its view), to check payloads, and holds the break: the
 * file's length is the break rounded up to a page, so a byte the allocator
 * touches past that page raises SIGBUS in its process. Growth is granted
 * here and only here, the break never moves down, and a fresh arena, or an
 * emptied one, is all zero.
 *
 * The in-process program of -X maps the arena at MEM_ARENA_ADDRESS itself
 * (placed) and lends it to the allocator in its own process.
 */
#ifndef ARENA_H
#define ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memlib.h"

struct arena {
    int fd;          /* the memfd; -1 when there is none */
    uint8_t *view;   /* the driver's mapping of all MAX_HEAP bytes */
    size_t page;     /* the system's page size */
    size_t brk;      /* bytes granted: the heap's size */
    size_t length;   /* the file's length: brk rounded up to a page, or
                        more when the arena was made for a timed replay */
    size_t refused;  /* size of the last growth refused, or 0 */
    bool placed;     /* mapped at MEM_ARENA_ADDRESS for an allocator here */
};

/* A new all-zero arena of length bytes (its break at 0); placed maps the
 * driver's view at MEM_ARENA_ADDRESS, for an allocator in this process.
 * False (errno set) when the system refuses. */
bool arena_create(struct arena *a, size_t length, bool placed);

/* Grant a growth of incr bytes, if the heap stays within MAX_HEAP. */
bool arena_grow(struct arena *a, size_t incr, size_t *old_brk);

/* Empty the heap: the break goes back to 0 and every byte is zero. */
void arena_empty(struct arena *a);

void arena_destroy(struct arena *a);

/* The driver's view of the allocator's address p, which must lie in the
 * arena. */
static inline uint8_t *arena_at(const struct arena *a, uintptr_t p)
{
    return a->view + (p - (uintptr_t)MEM_ARENA_ADDRESS);
}

#endif /* ARENA_H */

/*
 * blockmap.h - which payloads are live, ordered by address.
 *
 * The checker asks two questions of every new payload [start, end): does a
 * live payload begin inside it, and does the live payload that begins
 * below it reach into it? Both are answered in O(log64 of the arena size)
 * word operations (four levels for a 100 MiB arena), whatever the number of
 * live blocks, by a tree of bitmaps over the arena's ALIGNMENT-sized
 * granules. Only aligned addresses inside the arena may be stored: the
 * checker tests alignment and bounds first.
 */
#ifndef BLOCKMAP_H
#define BLOCKMAP_H

#include <stdbool.h>
#include <stdint.h>

/* Prepare an empty map over the arena [lo, lo + bytes). */
bool blockmap_init(uintptr_t lo, uintptr_t bytes);
void blockmap_deinit(void);

/* Forget every entry (cost proportional to the entries present). */
void blockmap_clear(void);

/* Record that block `id` begins at `start`. */
void blockmap_insert(uintptr_t start, int32_t id);

/* Forget the block that begins at `start`. */
void blockmap_remove(uintptr_t start);

/* The highest recorded start <= addr, or false when there is none. */
bool blockmap_at_or_below(uintptr_t addr, uintptr_t *start, int32_t *id);

/* The lowest recorded start >= addr, or false when there is none. */
bool blockmap_at_or_above(uintptr_t addr, uintptr_t *start, int32_t *id);

#endif /* BLOCKMAP_H */

/*
 * blockmap.h - which payloads are live, ordered by address.
 *
 * The checker asks of every new payload [start, start + span): does it
 * overlap a live payload, and if so, which? The answer costs a few word
 * operations on bitmaps over the arena's ALIGNMENT-sized granules (four
 * levels for a 100 MiB arena), whatever the number of live blocks, and
 * never touches the blocks themselves. Only aligned addresses inside the
 * arena may be stored, and stored payloads must not overlap: the checker
 * tests alignment, bounds and overlap before it inserts.
 */
#ifndef BLOCKMAP_H
#define BLOCKMAP_H

#include <stdbool.h>
#include <stdint.h>

/* Prepare an empty map over the arena [lo, lo + bytes). */
bool blockmap_init(uintptr_t lo, uintptr_t bytes);
void blockmap_deinit(void);

/* Forget every entry. */
void blockmap_clear(void);

/* Record that block id occupies [start, start + span), span > 0. */
void blockmap_insert(uintptr_t start, uint64_t span, int32_t id);

/* Forget the block recorded at [start, start + span). */
void blockmap_remove(uintptr_t start, uint64_t span);

/* Whether [start, start + span) overlaps a recorded block; if so, that
 * block's start and id. */
bool blockmap_find_overlap(uintptr_t start, uint64_t span, uintptr_t *other_start,
                           int32_t *other_id);

#endif /* BLOCKMAP_H */

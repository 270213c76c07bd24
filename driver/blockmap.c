/*
 * blockmap.c - live payloads as two ordered sets of granules.
 *
 * Each set is a tree of bitmaps. Level 0 has one bit per ALIGNMENT-sized
 * granule of the arena; each higher level has one bit per 64-bit word of
 * the level below, set when that word is non-zero, until a level fits in
 * one word:
 *
 *   level 2:  [..1.............]                 one word
 *   level 1:  [....1...........][..............]  bit = word below != 0
 *   level 0:  [...........1....][..............]  bit = a granule is marked
 *
 * A predecessor search looks in the current word below the given bit, and
 * when that is empty climbs one level to find the nearest non-empty word,
 * then descends with count-leading-zeros: a handful of word operations.
 *
 * "starts" marks the granule where each live payload begins, "ends" the
 * granule just past where it ends (rounded up). Because live payloads are
 * disjoint, a new payload [s, e) overlaps one iff
 *   - some payload starts in [s, e), or
 *   - the payload that starts last below s has no end mark in
 *     (its start, s]: it is still open at s.
 * Neither test reads a block record, so the check stays in the small,
 * cache-friendly bitmaps. The id of the block at each start sits in a
 * granule-indexed array that is read only to name the culprit.
 */
#include "blockmap.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

enum { MAX_LEVELS = 8 };

struct bittree {
    int levels;                  /* levels in use; the last has one word */
    uint64_t *bits[MAX_LEVELS];  /* bits[0] per granule, upward summaries */
    uint64_t words[MAX_LEVELS];  /* length of each level in words */
};

static struct {
    uintptr_t lo;          /* address of granule 0 */
    uint64_t granules;     /* granules in the arena */
    struct bittree starts; /* first granule of every live payload */
    struct bittree ends;   /* granule just past every live payload */
    int32_t *owner;        /* block id starting at each granule */
} map;

static inline uint64_t bits_up_to(unsigned bit) /* bits 0..bit inclusive */
{
    return bit == 63 ? ~UINT64_C(0) : (UINT64_C(2) << bit) - 1;
}

static inline uint64_t bits_from(unsigned bit) /* bits bit..63 */
{
    return ~UINT64_C(0) << bit;
}

static inline unsigned highest_bit(uint64_t word) { return 63u - (unsigned)__builtin_clzll(word); }

static inline unsigned lowest_bit(uint64_t word) { return (unsigned)__builtin_ctzll(word); }

/* ---- one tree of bitmaps ---------------------------------------------- */

static bool bittree_init(struct bittree *t, uint64_t count)
{
    t->levels = 0;
    do {
        assert(t->levels < MAX_LEVELS && "arena too large for the bitmap tree");
        t->words[t->levels] = (count + 63) / 64;
        t->bits[t->levels] = calloc(t->words[t->levels], sizeof(uint64_t));
        if (t->bits[t->levels] == NULL)
            return false;
        count = t->words[t->levels++];
    } while (count > 1);
    return true;
}

static void bittree_free(struct bittree *t)
{
    for (int level = 0; level < t->levels; level++)
        free(t->bits[level]);
    t->levels = 0;
}

static void bittree_clear(struct bittree *t)
{
    for (int level = 0; level < t->levels; level++)
        memset(t->bits[level], 0, t->words[level] * sizeof(uint64_t));
}

static void bittree_set(struct bittree *t, uint64_t index)
{
    for (int level = 0; level < t->levels; level++) {
        uint64_t *word = &t->bits[level][index / 64];
        bool was_empty = *word == 0;
        *word |= UINT64_C(1) << (index % 64);
        if (!was_empty)
            break;
        index /= 64;
    }
}

static void bittree_unset(struct bittree *t, uint64_t index)
{
    for (int level = 0; level < t->levels; level++) {
        uint64_t *word = &t->bits[level][index / 64];
        *word &= ~(UINT64_C(1) << (index % 64));
        if (*word != 0)
            break;
        index /= 64;
    }
}

/* Highest set index <= index at this level, or -1. */
static int64_t bittree_at_or_below(const struct bittree *t, int level, int64_t index)
{
    if (index < 0)
        return -1;
    uint64_t word = t->bits[level][index / 64] & bits_up_to((unsigned)(index % 64));
    if (word != 0)
        return (index & ~INT64_C(63)) + highest_bit(word);
    if (level + 1 == t->levels)
        return -1;
    int64_t nonempty = bittree_at_or_below(t, level + 1, index / 64 - 1);
    if (nonempty < 0)
        return -1;
    return nonempty * 64 + highest_bit(t->bits[level][nonempty]);
}

/* Lowest set index >= index at this level, or -1. */
static int64_t bittree_at_or_above(const struct bittree *t, int level, int64_t index)
{
    if ((uint64_t)index >= t->words[level] * 64)
        return -1;
    uint64_t word = t->bits[level][index / 64] & bits_from((unsigned)(index % 64));
    if (word != 0)
        return (index & ~INT64_C(63)) + lowest_bit(word);
    if (level + 1 == t->levels)
        return -1;
    int64_t nonempty = bittree_at_or_above(t, level + 1, index / 64 + 1);
    if (nonempty < 0)
        return -1;
    return nonempty * 64 + lowest_bit(t->bits[level][nonempty]);
}

/* ---- the map ---------------------------------------------------------- */

bool blockmap_init(uintptr_t lo, uintptr_t bytes)
{
    blockmap_deinit();
    map.lo = lo;
    map.granules = bytes / ALIGNMENT;
    /* One more end granule than start granules: a payload may end exactly
     * at the arena's end. */
    map.owner = calloc(map.granules, sizeof *map.owner);
    return map.owner != NULL && bittree_init(&map.starts, map.granules) &&
           bittree_init(&map.ends, map.granules + 1);
}

void blockmap_deinit(void)
{
    bittree_free(&map.starts);
    bittree_free(&map.ends);
    free(map.owner);
    memset(&map, 0, sizeof map);
}

void blockmap_clear(void)
{
    bittree_clear(&map.starts);
    bittree_clear(&map.ends);
}

static inline uint64_t start_granule(uintptr_t start)
{
    assert(start >= map.lo && (start - map.lo) % ALIGNMENT == 0 &&
           (start - map.lo) / ALIGNMENT < map.granules &&
           "blockmap holds only aligned addresses inside the arena");
    return (start - map.lo) / ALIGNMENT;
}

static inline uint64_t end_granule(uintptr_t start, uint64_t span)
{
    return (start - map.lo + span + ALIGNMENT - 1) / ALIGNMENT;
}

void blockmap_insert(uintptr_t start, uint64_t span, int32_t id)
{
    uint64_t first = start_granule(start);
    map.owner[first] = id;
    bittree_set(&map.starts, first);
    bittree_set(&map.ends, end_granule(start, span));
}

void blockmap_remove(uintptr_t start, uint64_t span)
{
    bittree_unset(&map.starts, start_granule(start));
    bittree_unset(&map.ends, end_granule(start, span));
}

bool blockmap_find_overlap(uintptr_t start, uint64_t span, uintptr_t *other_start,
                           int32_t *other_id)
{
    int64_t first = (int64_t)start_granule(start);
    int64_t last = (int64_t)end_granule(start, span) - 1;
    int64_t hit = bittree_at_or_above(&map.starts, 0, first);
    if (hit < 0 || hit > last) {
        int64_t below = bittree_at_or_below(&map.starts, 0, first - 1);
        if (below < 0 || bittree_at_or_below(&map.ends, 0, first) > below)
            return false;
        hit = below;
    }
    *other_start = map.lo + (uintptr_t)hit * ALIGNMENT;
    *other_id = map.owner[hit];
    return true;
}

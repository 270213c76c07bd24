/*
 * blockmap.c - an ordered set of payload starts as a tree of bitmaps.
 *
 * Level 0 has one bit per ALIGNMENT-sized granule of the arena, set where a
 * live payload begins. Each higher level has one bit per 64-bit word of
 * the level below, set when that word is non-zero, until a level fits in
 * one word:
 *
 *   level 2:  [..1.............]                 one word
 *   level 1:  [....1...........][..............]  bit = word below != 0
 *   level 0:  [...........1....][..............]  bit = a block starts here
 *
 * A predecessor search looks in the current word below the given bit, and
 * when that is empty climbs one level to find the nearest non-empty word,
 * then descends with count-leading-zeros: a handful of word operations.
 * The id of the block at each start lives in a granule-indexed array that
 * the kernel hands out as zero pages, touched only where blocks begin.
 */
#include "blockmap.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

enum { MAX_LEVELS = 8 };

static struct {
    uintptr_t lo;                /* address of granule 0 */
    uint64_t granules;           /* number of granules covered */
    int levels;                  /* levels in use; the last has one word */
    uint64_t *bits[MAX_LEVELS];  /* bits[0] per granule, upward summaries */
    uint64_t words[MAX_LEVELS];  /* length of each level in words */
    int32_t *owner;              /* block id starting at each granule */
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

bool blockmap_init(uintptr_t lo, uintptr_t bytes)
{
    blockmap_deinit();
    map.lo = lo;
    map.granules = bytes / ALIGNMENT;
    uint64_t count = map.granules;
    map.levels = 0;
    do {
        assert(map.levels < MAX_LEVELS && "arena too large for the bitmap tree");
        map.words[map.levels] = (count + 63) / 64;
        map.bits[map.levels] = calloc(map.words[map.levels], sizeof(uint64_t));
        if (map.bits[map.levels] == NULL)
            return false;
        count = map.words[map.levels++];
    } while (count > 1);
    map.owner = calloc(map.granules, sizeof *map.owner);
    return map.owner != NULL;
}

void blockmap_deinit(void)
{
    for (int level = 0; level < map.levels; level++)
        free(map.bits[level]);
    free(map.owner);
    memset(&map, 0, sizeof map);
}

void blockmap_clear(void)
{
    for (int level = 0; level < map.levels; level++)
        memset(map.bits[level], 0, map.words[level] * sizeof(uint64_t));
}

static inline uint64_t granule_of(uintptr_t addr)
{
    assert(addr >= map.lo && (addr - map.lo) % ALIGNMENT == 0 &&
           (addr - map.lo) / ALIGNMENT < map.granules &&
           "blockmap holds only aligned addresses inside the arena");
    return (addr - map.lo) / ALIGNMENT;
}

void blockmap_insert(uintptr_t start, int32_t id)
{
    uint64_t index = granule_of(start);
    map.owner[index] = id;
    for (int level = 0; level < map.levels; level++) {
        uint64_t *word = &map.bits[level][index / 64];
        bool was_empty = *word == 0;
        *word |= UINT64_C(1) << (index % 64);
        if (!was_empty)
            break;
        index /= 64;
    }
}

void blockmap_remove(uintptr_t start)
{
    uint64_t index = granule_of(start);
    for (int level = 0; level < map.levels; level++) {
        uint64_t *word = &map.bits[level][index / 64];
        *word &= ~(UINT64_C(1) << (index % 64));
        if (*word != 0)
            break;
        index /= 64;
    }
}

/* Highest set index <= index at this level, or -1. */
static int64_t find_at_or_below(int level, int64_t index)
{
    if (index < 0)
        return -1;
    uint64_t word = map.bits[level][index / 64] & bits_up_to((unsigned)(index % 64));
    if (word != 0)
        return (index & ~INT64_C(63)) + highest_bit(word);
    if (level + 1 == map.levels)
        return -1;
    int64_t nonempty = find_at_or_below(level + 1, index / 64 - 1);
    if (nonempty < 0)
        return -1;
    return nonempty * 64 + highest_bit(map.bits[level][nonempty]);
}

/* Lowest set index >= index at this level, or -1. */
static int64_t find_at_or_above(int level, int64_t index)
{
    if ((uint64_t)index >= map.words[level] * 64)
        return -1;
    uint64_t word = map.bits[level][index / 64] & bits_from((unsigned)(index % 64));
    if (word != 0)
        return (index & ~INT64_C(63)) + lowest_bit(word);
    if (level + 1 == map.levels)
        return -1;
    int64_t nonempty = find_at_or_above(level + 1, index / 64 + 1);
    if (nonempty < 0)
        return -1;
    return nonempty * 64 + lowest_bit(map.bits[level][nonempty]);
}

static bool found(int64_t index, uintptr_t *start, int32_t *id)
{
    if (index < 0 || (uint64_t)index >= map.granules)
        return false;
    *start = map.lo + (uintptr_t)index * ALIGNMENT;
    *id = map.owner[index];
    return true;
}

bool blockmap_at_or_below(uintptr_t addr, uintptr_t *start, int32_t *id)
{
    if (addr < map.lo)
        return false;
    uint64_t index = (addr - map.lo) / ALIGNMENT;
    if (index >= map.granules)
        index = map.granules - 1;
    return found(find_at_or_below(0, (int64_t)index), start, id);
}

bool blockmap_at_or_above(uintptr_t addr, uintptr_t *start, int32_t *id)
{
    uint64_t index = addr <= map.lo ? 0 : (addr - map.lo + ALIGNMENT - 1) / ALIGNMENT;
    if (index >= map.granules)
        return false;
    return found(find_at_or_above(0, (int64_t)index), start, id);
}

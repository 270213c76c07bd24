/*
 * buddy.c - a binary buddy allocator.
 *
 * Every block is a power of two in size and sits at an offset from its
 * region's origin that is a multiple of its own size. The algorithm in
 * three lines:
 *   1. malloc rounds the request plus its header up to a power of two 2^k,
 *      takes the smallest free block of order >= k, and splits it in halves
 *      until one half has order k; the other halves go on the free lists.
 *   2. free looks up the block's buddy, the other half of the block it was
 *      split from, at offset (offset XOR 2^k); while that buddy is free and
 *      whole (order k too), the two merge into one block of order k + 1.
 *   3. when no free block is large enough, the heap grows at its top.
 * No boundary tags and no heap walk are needed: the buddy's address is pure
 * arithmetic, so free is O(log heap) and merging never searches.
 *
 * Block layout (order k, size 2^k):
 *
 *   used block                          free block
 *   +-------+-------+--------+-------+  +-------+-------+--------+-------+
 *   | state | order | region | size  |  | state | order | region |   0   |
 *   +-------+-------+--------+-------+  +-------+-------+--------+-------+
 *   | payload, 16-aligned ...        |  | next           | prev          |
 *   | (2^k - 16 bytes)               |  +----------------+---------------+
 *   +--------------------------------+  | unused ...                     |
 *    4 bytes each                       +--------------------------------+
 *
 * The header is 16 bytes so that payloads keep the 16-byte alignment: every
 * block starts on a multiple of 32 from a 16-aligned origin. The smallest
 * block, 32 bytes, is the header plus the two free-list links. state is one
 * of two four-letter tags ("FREE", "USED") rather than a single bit, so that
 * a stray write over a header is noticed by mm_checkheap instead of being
 * read as a plausible block. size (payload_size) is what the caller asked
 * for; it bounds the bytes a realloc has to copy.
 *
 * Fragmentation. Rounding to a power of two is the price of the cheap
 * address arithmetic. A request that lands just above a power of two wastes
 * nearly half its block, one just below wastes almost nothing; averaged over
 * request sizes spread evenly on a logarithmic scale, a block is about
 * 1 / ln 2 = 1.44 times the size asked for (Knuth's estimate). The 16-byte
 * header makes it worse for the sizes programs love most: a request of
 * exactly 64 bytes needs 80 and gets a 128-byte block. Free memory is also
 * trapped: two free neighbours that are not buddies never merge.
 *
 * Heap growth. Each region is the prefix of an imaginary block as large as
 * the arena, starting at the region's origin, and the last region grows by
 * appending one free block at a time at the heap top, of order min(needed
 * order, alignment of the top). When the top is not yet aligned to the
 * needed size, the blocks appended first fill the gap up to that alignment;
 * each is freed like any other block, so it merges with free buddies below
 * it, and may itself produce a large enough block before the heap grows any
 * further. A free block at the top thus extends by just the missing part,
 * and the heap never rounds up to a power of two as a whole. (Doubling one
 * top-level block instead would leave up to half the heap unused and could
 * never use more than 64 MiB of the 100 MiB arena.)
 *
 * Regions. With a single origin, a 64 MiB block (a 32 MiB request plus its
 * header) could only sit at offset 0 or 64 MiB, and the second does not fit
 * in the arena. So when filling the gap up to the alignment and then adding
 * the block would run past the end of the arena, a new region begins at the
 * heap top, with that top as its origin. Buddies never cross a region
 * boundary, so memory in different regions never merges; that is why a new
 * region is opened only when the old one cannot place the block at all.
 * Each header names its region. The table of regions cannot fill up: a
 * region opens only when the arena's room R is less than the gap plus the
 * block, so less than twice the block, and the block then takes more than
 * R / 2; each opening halves the room at least, so after one region per
 * order no block of even 32 bytes could open another.
 *
 * realloc shrinks in place (freeing the upper halves it no longer needs)
 * and grows in place when the block is the lower half at every level up to
 * the new order and each upper buddy is free and whole or lies beyond the
 * heap top (which then grows). Otherwise it is malloc, copy, free.
 * Merging with a free lower buddy too, and sliding the payload down, was
 * tried: it improved no trace from tools/gentrace.py and made the
 * realloc-mixed ones about 3 points worse, so the simpler rule stays.
 *
 * Invariants:
 *   - Regions tile [base, base + heap_size) in order; region 0 starts at
 *     the base, and every region but the last ends where the next begins.
 *   - The blocks of a region tile it with no gap; a block of order k
 *     starts at an offset from the region's origin that is a multiple of
 *     2^k, and its header names that region.
 *   - free_lists[k] holds exactly the free blocks of order k, doubly linked
 *     (prev of the first is NULL); bit k of nonempty_orders is set iff that
 *     list is not empty.
 *   - No free block has a buddy that is free and of the same order: they
 *     would have been merged.
 *
 * Complexity: malloc O(log heap) (one bitmap scan, at most one split per
 * order), free O(log heap) (at most one merge per order), realloc the same
 * plus the copy.
 *
 * mm_checkheap verifies: the heap ends at the break and the regions tile
 * it; a walk by block sizes through each region finds a valid state tag,
 * an order in range, the right region, alignment to the block's own size
 * from the region's origin, no block running past the region's end, and
 * used blocks whose payload size fits, and covers each region exactly; no
 * free block's buddy is free with the same order; each free list contains
 * only free blocks of its order inside the heap, with consistent prev
 * links, no cycle, and as many entries as the walk found; the bitmap
 * agrees with the lists.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "memlib.h"
#include "mm.h"

enum {
    HEADER_SIZE = 16,   /* bytes before the payload; a multiple of ALIGNMENT */
    MIN_ORDER = 5,      /* smallest block, 32 bytes: header + next + prev */
    MAX_ORDER = 30,     /* largest order the arithmetic supports: 1 GiB */
    ORDER_SLOTS = MAX_ORDER + 1, /* free lists indexed by order; 0..4 unused */
    MAX_REGIONS = 32,   /* at most one region per order can ever open */
};

/* Four ASCII letters each, so that they read as words in a hex dump. */
enum {
    BLOCK_FREE_TAG = 0x45455246u, /* "FREE" in little-endian memory */
    BLOCK_USED_TAG = 0x44455355u, /* "USED" in little-endian memory */
};

_Static_assert(HEADER_SIZE % ALIGNMENT == 0,
               "the header must keep payloads aligned");
_Static_assert(((size_t)1 << MIN_ORDER) >= ALIGNMENT,
               "blocks aligned to their size must be aligned to ALIGNMENT");
_Static_assert(MAX_HEAP <= ((size_t)1 << MAX_ORDER),
               "every heap offset and request size must fit in 32 bits");
_Static_assert(MAX_REGIONS >= MAX_ORDER - MIN_ORDER + 1,
               "region 0 plus one region per order that can halve the room");

typedef struct block {
    uint32_t state;        /* BLOCK_FREE_TAG or BLOCK_USED_TAG */
    uint32_t order;        /* log2 of the block size, header included */
    uint32_t region;       /* index of the region holding the block */
    uint32_t payload_size; /* used: bytes the caller asked for; free: 0 */
} block;

typedef struct free_block {
    block header;
    struct free_block *next; /* next free block of the same order */
    struct free_block *prev; /* previous one, NULL for the list head */
} free_block;

_Static_assert(sizeof(block) == HEADER_SIZE, "header layout is 16 bytes");
_Static_assert(sizeof(free_block) <= ((size_t)1 << MIN_ORDER),
               "a free block's links must fit in the smallest block");

/* All allocator state; mm_init resets every field. */
static struct {
    char *base;       /* first heap byte; region origins count from here */
    size_t heap_size; /* bytes from base to the break */
    size_t region_origin[MAX_REGIONS]; /* offset of each region's start */
    unsigned region_count;             /* regions in use; the last grows */
    free_block *free_lists[ORDER_SLOTS]; /* free_lists[k]: free, order k */
    uint32_t nonempty_orders;            /* bit k: free_lists[k] != NULL */
} heap;

/* ---- Arithmetic on orders, regions and offsets ------------------------- */

static inline size_t order_size(unsigned order)
{
    return (size_t)1 << order;
}

/* Index of the lowest set bit; value must not be 0. */
static inline unsigned lowest_set_bit(size_t value)
{
    assert(value != 0 && "the lowest set bit of 0 is undefined");
    return (unsigned)__builtin_ctzll((unsigned long long)value);
}

/* Smallest k with 2^k >= value; value must be at least 2. */
static inline unsigned ceil_log2(size_t value)
{
    assert(value >= 2 && "ceil_log2 is only needed for sizes of 2 or more");
    return (unsigned)(64 - __builtin_clzll((unsigned long long)(value - 1)));
}

/* Order of the smallest block whose payload holds size bytes, or 0 when no
 * block in a heap of MAX_HEAP bytes could ever hold it. */
static unsigned order_for_request(size_t size)
{
    if (size > MAX_HEAP - HEADER_SIZE)
        return 0;
    unsigned order = ceil_log2(size + HEADER_SIZE);
    if (order < MIN_ORDER)
        order = MIN_ORDER;
    return order_size(order) <= MAX_HEAP ? order : 0;
}

/* Offset from the base at which region ends: the next region's origin,
 * or the heap top for the last region. */
static inline size_t region_end(unsigned region)
{
    return region + 1 < heap.region_count ? heap.region_origin[region + 1]
                                          : heap.heap_size;
}

/* Bytes in region. */
static inline size_t region_span(unsigned region)
{
    return region_end(region) - heap.region_origin[region];
}

static inline bool is_last_region(unsigned region)
{
    return region + 1 == heap.region_count;
}

/* The block at offset from region's origin. */
static inline block *block_at(unsigned region, size_t offset)
{
    return (block *)(heap.base + heap.region_origin[region] + offset);
}

/* Offset of b from its region's origin. */
static inline size_t block_offset(const block *b)
{
    return (size_t)((const char *)b - heap.base) -
           heap.region_origin[b->region];
}

static inline size_t block_size(const block *b)
{
    return order_size(b->order);
}

static inline bool block_is_free(const block *b)
{
    return b->state == BLOCK_FREE_TAG;
}

static inline void *block_payload(block *b)
{
    return (char *)b + HEADER_SIZE;
}

static inline block *payload_block(void *payload)
{
    return (block *)((char *)payload - HEADER_SIZE);
}

static inline size_t block_capacity(const block *b)
{
    return block_size(b) - HEADER_SIZE;
}

/* Offset of the buddy of the block of the given order at offset: the
 * other half of the block of order + 1 that contains it. */
static inline size_t buddy_offset(size_t offset, unsigned order)
{
    return offset ^ order_size(order);
}

/* The buddy's span always begins on a block boundary (a block straddling
 * it would overlap the twin half too), so when the span lies wholly inside
 * the region, its first bytes are a header. */
static inline bool buddy_in_region(unsigned region, size_t offset,
                                   unsigned order)
{
    return buddy_offset(offset, order) + order_size(order) <=
           region_span(region);
}

/* ---- Free lists --------------------------------------------------------- */

static void push_free(block *b, unsigned order, unsigned region)
{
    free_block *f = (free_block *)b;
    f->header.state = BLOCK_FREE_TAG;
    f->header.order = order;
    f->header.region = region;
    f->header.payload_size = 0;
    f->prev = NULL;
    f->next = heap.free_lists[order];
    if (f->next != NULL)
        f->next->prev = f;
    heap.free_lists[order] = f;
    heap.nonempty_orders |= (uint32_t)1 << order;
}

static void unlink_free(block *b)
{
    assert(block_is_free(b) && "only a free block can be on a free list");
    free_block *f = (free_block *)b;
    unsigned order = f->header.order;
    if (f->prev != NULL)
        f->prev->next = f->next;
    else
        heap.free_lists[order] = f->next;
    if (f->next != NULL)
        f->next->prev = f->prev;
    if (heap.free_lists[order] == NULL)
        heap.nonempty_orders &= ~((uint32_t)1 << order);
}

/* Remove and return a free block of the smallest order >= order, or NULL
 * when there is none. One bitmap scan finds the list. */
static block *take_smallest_free(unsigned order)
{
    uint32_t candidates = heap.nonempty_orders & ~(((uint32_t)1 << order) - 1);
    if (candidates == 0)
        return NULL;
    block *b = &heap.free_lists[lowest_set_bit(candidates)]->header;
    unlink_free(b);
    return b;
}

/* ---- Splitting and merging ---------------------------------------------- */

/* Halve b until it has the given order, putting each upper half on its
 * free list. An upper half cannot merge: its buddy is the part kept. */
static void split_to_order(block *b, unsigned order)
{
    assert(b->order >= order && "a block can only be split smaller");
    while (b->order > order) {
        b->order--;
        push_free((block *)((char *)b + block_size(b)), b->order, b->region);
    }
}

/* Make b free, merging it with its buddy as long as the buddy is free and
 * whole, and put the result on its free list. */
static void release(block *b)
{
    unsigned region = b->region;
    size_t offset = block_offset(b);
    unsigned order = b->order;
    while (order < MAX_ORDER && buddy_in_region(region, offset, order)) {
        block *buddy = block_at(region, buddy_offset(offset, order));
        if (!block_is_free(buddy) || buddy->order != order)
            break;
        unlink_free(buddy);
        offset &= ~order_size(order); /* the merged block starts lower */
        order++;
    }
    push_free(block_at(region, offset), order, region);
}

/* ---- Heap growth -------------------------------------------------------- */

/* Bytes the arena can still add to the heap. */
static inline size_t arena_room(void)
{
    return MAX_HEAP - mem_heapsize();
}

/* Extend the break by bytes and return the old break, or NULL when the
 * arena has no room (checked first, so mem_sbrk prints nothing). */
static char *grow_break(size_t bytes)
{
    if (bytes > arena_room())
        return NULL;
    void *old_break = mem_sbrk((intptr_t)bytes);
    if (old_break == (void *)-1)
        return NULL;
    heap.heap_size += bytes;
    return old_break;
}

/* Append one free block at the heap top on the way to holding a block of
 * the given order: of that order if the top is aligned to it, else of the
 * top's own alignment, which fills the gap. When the gap and the block
 * together do not fit in the arena, a new region starts at the top.
 * Returns false when the arena is full. */
static bool append_free_block(unsigned order)
{
    size_t size = order_size(order);
    if (size > arena_room())
        return false;
    size_t top = region_span(heap.region_count - 1);
    unsigned append_order = order;
    bool opens_region = false;
    if (top % size != 0) {
        size_t gap = size - top % size;
        if (gap + size <= arena_room())
            append_order = lowest_set_bit(top);
        else
            opens_region = true;
    }
    char *start = grow_break(order_size(append_order));
    if (start == NULL)
        return false;
    if (opens_region) {
        assert(heap.region_count < MAX_REGIONS &&
               "each new region halves the arena's room, so few open");
        heap.region_origin[heap.region_count++] = heap.heap_size -
                                                  order_size(append_order);
    }
    unsigned region = heap.region_count - 1;
    block *b = (block *)start;
    b->order = append_order;
    b->region = region;
    release(b);
    return true;
}

/* A block of exactly the given order, marked used, or NULL. */
static block *allocate_block(unsigned order)
{
    block *b = take_smallest_free(order);
    while (b == NULL) {
        if (!append_free_block(order))
            return NULL;
        b = take_smallest_free(order);
    }
    split_to_order(b, order);
    b->state = BLOCK_USED_TAG;
    return b;
}

/* ---- realloc in place --------------------------------------------------- */

/* Grow used block b to new_order without moving it, if at every level up
 * to new_order b's block is the lower half and the upper buddy is free and
 * whole or (in the last region) begins at the heap top, which then grows.
 * Returns false with nothing changed otherwise. */
static bool grow_in_place(block *b, unsigned new_order)
{
    unsigned region = b->region;
    size_t offset = block_offset(b);
    if (offset % order_size(new_order) != 0)
        return false; /* at some level b's block is the upper half */
    size_t span = region_span(region);
    size_t extension = 0;
    for (unsigned order = b->order; order < new_order; order++) {
        size_t upper = offset + order_size(order);
        if (upper == span) {
            if (!is_last_region(region))
                return false; /* the next region begins there */
            extension = offset + order_size(new_order) - span;
            break; /* every higher upper buddy lies beyond the top too */
        }
        block *buddy = block_at(region, upper);
        if (!block_is_free(buddy) || buddy->order != order)
            return false;
    }
    if (extension != 0 && grow_break(extension) == NULL)
        return false;
    for (unsigned order = b->order; order < new_order; order++) {
        size_t upper = offset + order_size(order);
        if (upper == span)
            break; /* from here on the upper halves are the new memory */
        unlink_free(block_at(region, upper));
    }
    b->order = new_order;
    return true;
}

/* ---- The mm.h interface ------------------------------------------------- */

int mm_init(void)
{
    memset(&heap, 0, sizeof heap);
    char *brk = mem_sbrk(0);
    if (brk == (void *)-1)
        return -1;
    size_t misalignment = (uintptr_t)brk % ALIGNMENT;
    if (misalignment != 0 &&
        mem_sbrk((intptr_t)(ALIGNMENT - misalignment)) == (void *)-1)
        return -1;
    heap.base = brk + (misalignment ? ALIGNMENT - misalignment : 0);
    heap.region_count = 1; /* region 0 starts at the base, empty */
    return 0;
}

void *mm_malloc(size_t size)
{
    unsigned order = order_for_request(size);
    if (order == 0)
        return NULL;
    block *b = allocate_block(order);
    if (b == NULL)
        return NULL;
    b->payload_size = (uint32_t)size;
    return block_payload(b);
}

void mm_free(void *ptr)
{
    if (ptr == NULL)
        return;
    block *b = payload_block(ptr);
    assert(b->state == BLOCK_USED_TAG &&
           "free of a pointer that is not an allocated block");
    release(b);
}

void *mm_realloc(void *ptr, size_t size)
{
    if (ptr == NULL)
        return mm_malloc(size);
    if (size == 0) {
        mm_free(ptr);
        return NULL;
    }
    unsigned new_order = order_for_request(size);
    if (new_order == 0)
        return NULL;
    block *b = payload_block(ptr);
    assert(b->state == BLOCK_USED_TAG &&
           "realloc of a pointer that is not an allocated block");
    if (new_order <= b->order) {
        split_to_order(b, new_order);
        b->payload_size = (uint32_t)size;
        return ptr;
    }
    if (grow_in_place(b, new_order)) {
        b->payload_size = (uint32_t)size;
        return ptr;
    }
    void *moved = mm_malloc(size);
    if (moved == NULL)
        return NULL;
    /* new_order > b->order, so the old payload is smaller than size. */
    memcpy(moved, ptr, b->payload_size);
    release(b);
    return moved;
}

void *mm_calloc(size_t nmemb, size_t size)
{
    if (nmemb != 0 && size > SIZE_MAX / nmemb)
        return NULL;
    size_t bytes = nmemb * size;
    void *payload = mm_malloc(bytes);
    if (payload != NULL)
        memset(payload, 0, bytes);
    return payload;
}

/* ---- Heap checker ------------------------------------------------------- */

/* Print one broken invariant, naming the block it was found at (where may
 * be NULL when the invariant concerns no single block). */
static void report(const void *where, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    if (where != NULL)
        fprintf(stderr, "mm_checkheap: block %p: ", where);
    else
        fputs("mm_checkheap: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
}

typedef enum {
    WALK_CLEAN,   /* every block is sound */
    WALK_FLAWED,  /* some block broke an invariant, but the walk went on */
    WALK_STOPPED, /* a header too broken to find the next block */
} walk_result;

/* Walk one region by block sizes, counting free blocks per order. */
static walk_result walk_region(unsigned region, int verbose,
                               size_t free_per_order[ORDER_SLOTS])
{
    walk_result result = WALK_CLEAN;
    size_t span = region_span(region);
    size_t offset = 0;
    while (offset < span) {
        block *b = block_at(region, offset);
        if (b->state != BLOCK_FREE_TAG && b->state != BLOCK_USED_TAG) {
            report(b, "state tag 0x%08x is neither FREE nor USED (walk stops)",
                   b->state);
            return WALK_STOPPED;
        }
        if (b->order < MIN_ORDER || b->order > MAX_ORDER) {
            report(b, "order %u outside [%d, %d] (walk stops)", b->order,
                   MIN_ORDER, MAX_ORDER);
            return WALK_STOPPED;
        }
        if (b->region != region) {
            report(b, "header names region %u but the block lies in region "
                      "%u (walk stops)", b->region, region);
            return WALK_STOPPED;
        }
        if (offset % block_size(b) != 0) {
            report(b, "offset %zu from its region's origin is not a multiple "
                      "of its size %zu (walk stops)", offset, block_size(b));
            return WALK_STOPPED;
        }
        if (block_size(b) > span - offset) {
            report(b, "size %zu runs past the end of region %u, %zu bytes "
                      "from its origin (walk stops)",
                   block_size(b), region, span);
            return WALK_STOPPED;
        }
        if (verbose > 0)
            fprintf(stderr, "  %p region %u offset %zu order %u size %zu %s\n",
                    (void *)b, region, offset, b->order, block_size(b),
                    block_is_free(b) ? "free" : "used");
        if (block_is_free(b)) {
            free_per_order[b->order]++;
            size_t buddy = buddy_offset(offset, b->order);
            /* Look only upward so that each pair is reported once. */
            if (buddy > offset && buddy_in_region(region, offset, b->order) &&
                block_is_free(block_at(region, buddy)) &&
                block_at(region, buddy)->order == b->order) {
                report(b, "free with order %u and so is its buddy %p: they "
                          "should have been merged",
                       b->order, (void *)block_at(region, buddy));
                result = WALK_FLAWED;
            }
        } else if (b->payload_size > block_capacity(b)) {
            report(b, "payload size %u exceeds the block's capacity %zu",
                   b->payload_size, block_capacity(b));
            result = WALK_FLAWED;
        }
        offset += block_size(b);
    }
    return result;
}

/* Check free list `order` against the walk's count of free blocks of that
 * order. */
static bool check_free_list(unsigned order, size_t expected)
{
    size_t seen = 0;
    free_block *prev = NULL;
    uintptr_t base = (uintptr_t)heap.base;
    for (free_block *f = heap.free_lists[order]; f != NULL; f = f->next) {
        uintptr_t at = (uintptr_t)f;
        if (at < base || at - base >= heap.heap_size) {
            report(f, "on free list %u but outside the heap", order);
            return false;
        }
        unsigned region = f->header.region;
        size_t from_base = at - base;
        if (region >= heap.region_count ||
            from_base < heap.region_origin[region] ||
            from_base >= region_end(region) ||
            (from_base - heap.region_origin[region]) % order_size(order) ||
            order_size(order) > region_end(region) - from_base) {
            report(f, "on free list %u but not the start of an order-%u "
                      "block of the region its header names",
                   order, order);
            return false;
        }
        if (!block_is_free(&f->header) || f->header.order != order) {
            report(f, "on free list %u but its header says %s, order %u",
                   order, block_is_free(&f->header) ? "free" : "not free",
                   f->header.order);
            return false;
        }
        if (f->prev != prev) {
            report(f, "prev link %p on free list %u should be %p",
                   (void *)f->prev, order, (void *)prev);
            return false;
        }
        if (++seen > expected) {
            report(f, "free list %u has more entries than the %zu free "
                      "order-%u blocks in the heap (a cycle?)",
                   order, expected, order);
            return false;
        }
        prev = f;
    }
    if (seen != expected) {
        report(heap.free_lists[order], "free list %u holds %zu blocks but "
                                       "the heap has %zu free order-%u blocks",
               order, seen, expected, order);
        return false;
    }
    return true;
}

/* The region table: origins in order, starting at the base, inside the
 * heap. */
static bool check_regions(void)
{
    if (heap.region_count == 0 || heap.region_count > MAX_REGIONS ||
        heap.region_origin[0] != 0) {
        report(NULL, "region table holds %u regions, the first at offset "
                     "%zu; expected 1 to %d starting at 0",
               heap.region_count, heap.region_origin[0], MAX_REGIONS);
        return false;
    }
    for (unsigned r = 1; r < heap.region_count; r++) {
        if (heap.region_origin[r] < heap.region_origin[r - 1] ||
            heap.region_origin[r] > heap.heap_size) {
            report(heap.base + heap.region_origin[r],
                   "region %u begins at offset %zu, out of order or past "
                   "the heap top %zu",
                   r, heap.region_origin[r], heap.heap_size);
            return false;
        }
    }
    return true;
}

int mm_checkheap(int verbose)
{
    char *heap_end = (char *)mem_heap_hi() + 1;
    if (heap.base + heap.heap_size != heap_end) {
        report(heap.base, "heap of %zu bytes from the base ends at %p, but "
                          "the break is at %p",
               heap.heap_size, (void *)(heap.base + heap.heap_size),
               (void *)heap_end);
        return 0;
    }
    if (!check_regions())
        return 0;
    if (verbose > 0)
        fprintf(stderr, "mm_checkheap: heap %p, %zu bytes, %u regions\n",
                (void *)heap.base, heap.heap_size, heap.region_count);
    bool ok = true;
    size_t free_per_order[ORDER_SLOTS] = {0};
    for (unsigned r = 0; r < heap.region_count; r++) {
        walk_result walk = walk_region(r, verbose, free_per_order);
        if (walk == WALK_STOPPED)
            return 0; /* the free-list counts would only repeat the damage */
        if (walk == WALK_FLAWED)
            ok = false;
    }
    for (unsigned order = 0; order < ORDER_SLOTS; order++) {
        bool listed = heap.free_lists[order] != NULL;
        bool flagged = (heap.nonempty_orders >> order) & 1;
        if (listed != flagged) {
            report(heap.free_lists[order], "free list %u is %s but its "
                                           "bitmap bit is %s",
                   order, listed ? "not empty" : "empty",
                   flagged ? "set" : "clear");
            ok = false;
        }
        if (order < MIN_ORDER) {
            if (listed) {
                report(heap.free_lists[order], "free list %u is below the "
                                               "smallest order %d",
                       order, MIN_ORDER);
                ok = false;
            }
            continue;
        }
        if (!check_free_list(order, free_per_order[order]))
            ok = false;
    }
    return ok;
}

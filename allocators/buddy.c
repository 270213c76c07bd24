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
 * The heap, from mem_heap_lo() to the break:
 *
 *   +---------------+-------------------------------+-----------------+
 *   | control block | region 0: blocks of 2^k bytes | region 1 ...    |
 *   +---------------+-------------------------------+-----------------+
 *                   ^ base, region 0's origin       ^ region 1's origin
 *
 * The control block holds all of the allocator's state: the free-list
 * heads, the bitmap of non-empty lists, the region table and the top.
 * mm_init places it with mem_sbrk; the allocator's only global is a
 * pointer to it.
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
 * R / 2; the room left is less than the block, so each later opening is
 * for a smaller order than the one before, and the first is below
 * MAX_ORDER. Region 0 and one region per order below MAX_ORDER are all
 * there can be.
 *
 * realloc shrinks in place (freeing the upper halves it no longer needs)
 * and grows in place when the block is the lower half at every level up to
 * the new order and each upper buddy is free and whole or lies beyond the
 * heap top (which then grows). Otherwise it is malloc, copy, free.
 *
 * Invariants
 *   1. The control block starts the heap, and the base (region 0's origin)
 *      follows it; base + top is the break.
 *   2. Regions tile [base, base + top) in order: there are 1 to
 *      MAX_REGIONS, region 0 starts at the base, every other one at or
 *      above the origin before it and at or below the top.
 *   3. The blocks of a region tile it with no gap: each block has the state
 *      tag FREE or USED and an order in [MIN_ORDER, MAX_ORDER], names its
 *      region, starts at an offset from the region's origin that is a
 *      multiple of its size 2^order, and ends within the region.
 *   4. A used block's payload size fits in its payload.
 *   5. No free block has a buddy that is free and of the same order: they
 *      would have been merged.
 *   6. The free list of order k holds exactly the free blocks of order k,
 *      doubly linked (prev of the first is NULL).
 *   7. Bit k of nonempty_orders is set iff the list of order k is not
 *      empty, and no bit outside [MIN_ORDER, MAX_ORDER] is set.
 *
 * Complexity: malloc O(log heap) (one bitmap scan, at most one split per
 * order), free O(log heap) (at most one merge per order), realloc the same
 * plus the copy.
 *
 * mm_checkheap checks invariants 1 and 2, then walks each region by block
 * sizes (invariants 3 to 5, counting the free blocks of each order), then
 * follows each free list (invariant 6: every entry is the start of a free
 * block of its order inside the heap, with consistent prev links, and the
 * list has as many entries as the walk found, which also ends a cycle),
 * and compares the bitmap with the lists (invariant 7). Each broken
 * invariant is one line on stderr with its number and the block, by its
 * payload address. A header too broken to find the next block from ends
 * the check.
 */
#include <assert.h>
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
    ORDER_COUNT = MAX_ORDER - MIN_ORDER + 1, /* one free list per order */
    /* Region 0, and at most one opening per order below MAX_ORDER. */
    MAX_REGIONS = ORDER_COUNT,
};

/* Four ASCII letters each, so that they read as words in a hex dump. */
enum {
    FREE_TAG = 0x45455246u, /* "FREE" in little-endian memory */
    USED_TAG = 0x44455355u, /* "USED" in little-endian memory */
};

_Static_assert(HEADER_SIZE % ALIGNMENT == 0,
               "the header must keep payloads aligned");
_Static_assert(((size_t)1 << MIN_ORDER) >= ALIGNMENT,
               "blocks aligned to their size must be aligned to ALIGNMENT");
_Static_assert(MAX_HEAP <= ((size_t)1 << MAX_ORDER),
               "every heap offset and request size must fit in 32 bits");

/* A block, addressed at its header. */
typedef struct block {
    uint32_t state;        /* FREE_TAG or USED_TAG */
    uint32_t order;        /* log2 of the block size, header included */
    uint32_t region;       /* index of the region holding the block */
    uint32_t payload_size; /* used: bytes the caller asked for; free: 0 */
} block_t;

/* A free block: the header, then the links of its order's free list. */
typedef struct free_block {
    block_t header;
    struct free_block *next; /* next free block of the same order */
    struct free_block *prev; /* previous one, NULL for the list head */
} free_block_t;

_Static_assert(sizeof(block_t) == HEADER_SIZE, "header layout is 16 bytes");
_Static_assert(sizeof(free_block_t) <= ((size_t)1 << MIN_ORDER),
               "a free block's links must fit in the smallest block");

/* All of the allocator's state, at the start of the heap. */
typedef struct {
    free_block_t *free_lists[ORDER_COUNT]; /* [k - MIN_ORDER]: free, order k */
    uint32_t nonempty_orders;              /* bit k: list k is not empty */
    uint32_t region_count;                 /* regions in use; the last grows */
    uint32_t region_origin[MAX_REGIONS];   /* offset of each from the base */
    uint32_t top;                          /* offset of the break from the base */
} control_t;

enum {
    /* The control block rounded up, so that the base stays aligned. */
    CONTROL_SIZE = (sizeof(control_t) + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT,
};

/* Where mm_init placed the control block: the allocator's only global. */
static control_t *control;

/* ---- Arithmetic on orders, regions and offsets ------------------------- */

/* The first byte after the control block: region 0's origin, from which
 * every region origin is counted. */
static inline char *heap_base(void) { return (char *)control + CONTROL_SIZE; }

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
    return region + 1 < control->region_count ? control->region_origin[region + 1]
                                              : control->top;
}

/* Bytes in region. */
static inline size_t region_span(unsigned region)
{
    return region_end(region) - control->region_origin[region];
}

static inline bool is_last_region(unsigned region)
{
    return region + 1 == control->region_count;
}

/* The block at offset from region's origin. */
static inline block_t *block_at(unsigned region, size_t offset)
{
    return (block_t *)(heap_base() + control->region_origin[region] + offset);
}

/* Offset of b from its region's origin. */
static inline size_t block_offset(const block_t *b)
{
    return (size_t)((const char *)b - heap_base()) -
           control->region_origin[b->region];
}

static inline size_t block_size(const block_t *b)
{
    return order_size(b->order);
}

static inline bool block_is_alloc(const block_t *b)
{
    return b->state == USED_TAG;
}

static inline void *block_payload(block_t *b)
{
    return (char *)b + HEADER_SIZE;
}

static inline block_t *block_from_payload(void *payload)
{
    return (block_t *)((char *)payload - HEADER_SIZE);
}

static inline size_t payload_capacity(const block_t *b)
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

static inline free_block_t **list_head(unsigned order)
{
    return &control->free_lists[order - MIN_ORDER];
}

static inline free_block_t *list_next(const free_block_t *f) { return f->next; }

static inline free_block_t *list_prev(const free_block_t *f) { return f->prev; }

/* Write the header of a free block of the given order and region. */
static void write_free_header(block_t *b, unsigned order, unsigned region)
{
    b->state = FREE_TAG;
    b->order = order;
    b->region = region;
    b->payload_size = 0;
}

/* Put the free block b at the head of its order's list. */
static void list_insert(block_t *b)
{
    assert(!block_is_alloc(b) && "only a free block goes on a free list");
    free_block_t *f = (free_block_t *)b;
    free_block_t **head = list_head(b->order);
    f->prev = NULL;
    f->next = *head;
    if (f->next != NULL)
        f->next->prev = f;
    *head = f;
    control->nonempty_orders |= (uint32_t)1 << b->order;
}

static void list_remove(block_t *b)
{
    assert(!block_is_alloc(b) && "only a free block can be on a free list");
    free_block_t *f = (free_block_t *)b;
    free_block_t **head = list_head(b->order);
    if (list_prev(f) != NULL)
        list_prev(f)->next = list_next(f);
    else
        *head = list_next(f);
    if (list_next(f) != NULL)
        list_next(f)->prev = list_prev(f);
    if (*head == NULL)
        control->nonempty_orders &= ~((uint32_t)1 << b->order);
}

/* A free block of the smallest order >= order, still on its list, or NULL
 * when there is none. One bitmap scan finds the list. */
static block_t *find_fit(unsigned order)
{
    uint32_t candidates = control->nonempty_orders & ~(((uint32_t)1 << order) - 1);
    if (candidates == 0)
        return NULL;
    return &(*list_head(lowest_set_bit(candidates)))->header;
}

/* ---- Splitting and merging ---------------------------------------------- */

/* Halve b until it has the given order, putting each upper half on its
 * free list. An upper half cannot merge: its buddy is the part kept. */
static void split(block_t *b, unsigned order)
{
    assert(b->order >= order && "a block can only be split smaller");
    while (b->order > order) {
        b->order--;
        block_t *upper = (block_t *)((char *)b + block_size(b));
        write_free_header(upper, b->order, b->region);
        list_insert(upper);
    }
}

/* Take the free block b off its list and make it a used block of the
 * given order, freeing the halves it does not need. */
static void place(block_t *b, unsigned order)
{
    list_remove(b);
    split(b, order);
    b->state = USED_TAG;
}

/* Make b free, merging it with its buddy as long as the buddy is free and
 * whole, and put the result on its free list. */
static void coalesce(block_t *b)
{
    unsigned region = b->region;
    size_t offset = block_offset(b);
    unsigned order = b->order;
    while (order < MAX_ORDER && buddy_in_region(region, offset, order)) {
        block_t *buddy = block_at(region, buddy_offset(offset, order));
        if (block_is_alloc(buddy) || buddy->order != order)
            break;
        list_remove(buddy);
        offset &= ~order_size(order); /* the merged block starts lower */
        order++;
    }
    block_t *merged = block_at(region, offset);
    write_free_header(merged, order, region);
    list_insert(merged);
}

/* ---- Heap growth -------------------------------------------------------- */

/* Bytes the arena can still add to the heap. */
static inline size_t arena_room(void)
{
    return MAX_HEAP - mem_heapsize();
}

/* Extend the break by bytes and return the old break, or NULL when the
 * arena has no room (checked first, so mem_sbrk prints nothing). */
static char *extend_heap(size_t bytes)
{
    if (bytes > arena_room())
        return NULL;
    void *old_break = mem_sbrk((intptr_t)bytes);
    if (old_break == (void *)-1)
        return NULL;
    control->top += (uint32_t)bytes;
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
    size_t top = region_span(control->region_count - 1);
    unsigned append_order = order;
    bool opens_region = false;
    if (top % size != 0) {
        size_t gap = size - top % size;
        if (gap + size <= arena_room())
            append_order = lowest_set_bit(top);
        else
            opens_region = true;
    }
    char *start = extend_heap(order_size(append_order));
    if (start == NULL)
        return false;
    if (opens_region) {
        assert(control->region_count < MAX_REGIONS &&
               "each new region is for a smaller order, so few open");
        control->region_origin[control->region_count++] =
            control->top - (uint32_t)order_size(append_order);
    }
    block_t *b = (block_t *)start;
    b->order = append_order;
    b->region = control->region_count - 1;
    coalesce(b);
    return true;
}

/* A block of exactly the given order, marked used, or NULL. */
static block_t *allocate_block(unsigned order)
{
    block_t *b = find_fit(order);
    while (b == NULL) {
        if (!append_free_block(order))
            return NULL;
        b = find_fit(order);
    }
    place(b, order);
    return b;
}

/* ---- realloc in place --------------------------------------------------- */

/* Grow used block b to new_order without moving it, if at every level up
 * to new_order b's block is the lower half and the upper buddy is free and
 * whole or (in the last region) begins at the heap top, which then grows.
 * Returns false with nothing changed otherwise. */
static bool grow_in_place(block_t *b, unsigned new_order)
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
        block_t *buddy = block_at(region, upper);
        if (block_is_alloc(buddy) || buddy->order != order)
            return false;
    }
    if (extension != 0 && extend_heap(extension) == NULL)
        return false;
    for (unsigned order = b->order; order < new_order; order++) {
        size_t upper = offset + order_size(order);
        if (upper == span)
            break; /* from here on the upper halves are the new memory */
        list_remove(block_at(region, upper));
    }
    b->order = new_order;
    return true;
}

/* ---- The mm.h interface ------------------------------------------------- */

int mm_init(void)
{
    char *start = mem_sbrk(CONTROL_SIZE);
    if (start == (void *)-1)
        return -1;
    assert((uintptr_t)start % ALIGNMENT == 0 && "the heap starts aligned");
    control = (control_t *)start;
    memset(control, 0, CONTROL_SIZE);
    control->region_count = 1; /* region 0 starts at the base, empty */
    return 0;
}

void *mm_malloc(size_t size)
{
    unsigned order = order_for_request(size);
    if (order == 0)
        return NULL;
    block_t *b = allocate_block(order);
    if (b == NULL)
        return NULL;
    b->payload_size = (uint32_t)size;
    return block_payload(b);
}

void mm_free(void *ptr)
{
    if (ptr == NULL)
        return;
    block_t *b = block_from_payload(ptr);
    assert(block_is_alloc(b) && "free of a pointer that is not an allocated block");
    coalesce(b);
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
    block_t *b = block_from_payload(ptr);
    assert(block_is_alloc(b) &&
           "realloc of a pointer that is not an allocated block");
    if (new_order <= b->order) {
        split(b, new_order);
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
    coalesce(b);
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

/* Report the invariant `what` when it does not hold, naming the block (if
 * any) by its payload address; return whether it holds. */
static bool check(bool holds, block_t *b, const char *what)
{
    if (holds)
        return true;
    if (b != NULL)
        fprintf(stderr, "mm_checkheap: %s (block with payload %p)\n", what,
                block_payload(b));
    else
        fprintf(stderr, "mm_checkheap: %s\n", what);
    return false;
}

/* Is the free block b's buddy free, whole and above it? Looking only
 * upward reports each unmerged pair once. */
static bool has_free_buddy_above(block_t *b, unsigned region, size_t offset)
{
    size_t buddy = buddy_offset(offset, b->order);
    if (buddy < offset || !buddy_in_region(region, offset, b->order))
        return false;
    block_t *twin = block_at(region, buddy);
    return !block_is_alloc(twin) && twin->order == b->order;
}

/* Walk one region by block sizes (invariants 3 to 5), counting its free
 * blocks per order. False when a header is too broken to find the next
 * block from. */
static bool walk_region(unsigned region, int verbose, size_t free_per_order[ORDER_COUNT],
                        bool *ok)
{
    size_t span = region_span(region);
    for (size_t offset = 0; offset < span;) {
        block_t *b = block_at(region, offset);
        if (!check(b->state == FREE_TAG || b->state == USED_TAG, b,
                   "invariant 3: the state tag is FREE or USED (the check stops here)") ||
            !check(b->order >= MIN_ORDER && b->order <= MAX_ORDER, b,
                   "invariant 3: the order is in range (the check stops here)") ||
            !check(b->region == region, b,
                   "invariant 3: the header names the region the block lies in "
                   "(the check stops here)") ||
            !check(offset % block_size(b) == 0, b,
                   "invariant 3: the block starts at a multiple of its size from its "
                   "region's origin (the check stops here)") ||
            !check(block_size(b) <= span - offset, b,
                   "invariant 3: the block ends within its region (the check stops here)"))
            return false;
        if (verbose > 0)
            fprintf(stderr, "  block with payload %p: region %u offset %zu order %u %s\n",
                    block_payload(b), region, offset, b->order,
                    block_is_alloc(b) ? "used" : "free");
        if (block_is_alloc(b)) {
            *ok &= check(b->payload_size <= payload_capacity(b), b,
                         "invariant 4: the payload size fits in the payload");
        } else {
            free_per_order[b->order - MIN_ORDER]++;
            *ok &= check(!has_free_buddy_above(b, region, offset), b,
                         "invariant 5: no free block has a free buddy of its order");
        }
        offset += block_size(b);
    }
    return true;
}

/* Could f be a free block of the given order? It must start an order-sized
 * block of the region its header names, inside the heap; reading its
 * fields is then safe. */
static bool entry_plausible(const free_block_t *f, unsigned order)
{
    uintptr_t base = (uintptr_t)heap_base();
    uintptr_t at = (uintptr_t)f;
    if (at < base || at - base + sizeof(free_block_t) > control->top)
        return false;
    size_t from_base = at - base;
    unsigned region = f->header.region;
    return region < control->region_count &&
           from_base >= control->region_origin[region] &&
           (from_base - control->region_origin[region]) % order_size(order) == 0 &&
           from_base < region_end(region) &&
           order_size(order) <= region_end(region) - from_base;
}

/* Follow the free list of the given order (invariant 6); `expected` is
 * the number of free blocks of that order the walk found. */
static bool list_consistent(unsigned order, size_t expected)
{
    bool ok = true;
    size_t seen = 0;
    free_block_t *before = NULL;
    for (free_block_t *f = *list_head(order); f != NULL;
         before = f, f = list_next(f)) {
        block_t *b = &f->header;
        if (!check(entry_plausible(f, order), before ? &before->header : NULL,
                   "invariant 6: the list link after this block leads to a block of "
                   "its order (the list walk stops here)") ||
            !check(++seen <= expected, b,
                   "invariant 6: the list is no longer than the heap's free blocks of "
                   "its order (the list walk stops here)"))
            return false;
        ok &= check(!block_is_alloc(b) && b->order == order, b,
                    "invariant 6: every entry is a free block of the list's order");
        ok &= check(list_prev(f) == before, b,
                    "invariant 6: each entry's prev is the entry before it");
    }
    return check(seen == expected, NULL,
                 "invariant 6: each list holds as many blocks as the heap has free "
                 "blocks of its order") &&
           ok;
}

/* The region table (invariant 2). */
static bool regions_consistent(void)
{
    if (!check(control->region_count >= 1 && control->region_count <= MAX_REGIONS &&
                   control->region_origin[0] == 0,
               NULL, "invariant 2: there are 1 to MAX_REGIONS regions, the first at the base"))
        return false;
    for (unsigned r = 1; r < control->region_count; r++) {
        if (!check(control->region_origin[r] >= control->region_origin[r - 1] &&
                       control->region_origin[r] <= control->top,
                   NULL, "invariant 2: each region begins at or above the one before it "
                         "and at or below the top"))
            return false;
    }
    return true;
}

int mm_checkheap(int verbose)
{
    char *heap_end = (char *)mem_heap_hi() + 1;
    if (!check(control == mem_heap_lo() && mem_heapsize() >= CONTROL_SIZE &&
                   heap_base() + control->top == heap_end,
               NULL, "invariant 1: the control block starts the heap and base + top is "
                     "the break (has mm_init run?)") ||
        !regions_consistent())
        return 0;
    if (verbose > 0)
        fprintf(stderr, "mm_checkheap: base %p, %u bytes, %u regions\n",
                (void *)heap_base(), control->top, control->region_count);
    bool ok = true;
    size_t free_per_order[ORDER_COUNT] = {0};
    for (unsigned r = 0; r < control->region_count; r++) {
        if (!walk_region(r, verbose, free_per_order, &ok))
            return 0; /* the list counts would only repeat the damage */
    }
    const uint32_t orders_in_range =
        (uint32_t)(((uint64_t)1 << (MAX_ORDER + 1)) - ((uint64_t)1 << MIN_ORDER));
    ok &= check((control->nonempty_orders & ~orders_in_range) == 0, NULL,
                "invariant 7: no bitmap bit is set outside [MIN_ORDER, MAX_ORDER]");
    for (unsigned order = MIN_ORDER; order <= MAX_ORDER; order++) {
        bool listed = *list_head(order) != NULL;
        bool flagged = (control->nonempty_orders >> order) & 1;
        ok &= check(listed == flagged, listed ? &(*list_head(order))->header : NULL,
                    "invariant 7: an order's bitmap bit is set iff its list is not empty");
        ok &= list_consistent(order, free_per_order[order - MIN_ORDER]);
    }
    return ok;
}

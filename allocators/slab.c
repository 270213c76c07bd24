/*
 * slab.c - the slab allocator of Bonwick ("The Slab Allocator: An
 * Object-Caching Kernel Memory Allocator", USENIX 1994): a cache per size
 * class, each a set of slabs of whole pages cut into equal slots, and runs
 * of whole pages for requests too large for any cache.
 *
 * The algorithm in four lines:
 *   1. A request of at most LARGEST_CLASS bytes goes to the cache of the
 *      smallest class that holds it, which takes a slot from a slab on its
 *      partial list, else from its empty slab, else from a new slab.
 *   2. A bitmap per slab says which of its slots are free; the slab moves
 *      between its cache's full, partial and empty lists as slots are
 *      taken and given back.
 *   3. An empty slab goes back to a pool of free pages, from which any
 *      cache, or any large request, can take it again.
 *   4. A larger request takes a run of whole pages from the pool; freed
 *      pages merge with free neighbours at once; the heap grows only when
 *      no free run is large enough.
 *
 * Compare simple.c, simple segregated storage: there a page once cut into
 * blocks of a class belongs to that class forever, and its free blocks are
 * found through links threaded through them. Here a slab knows how full it
 * is, so that an empty one can be recognised and its pages reused by any
 * other cache: the memory a class stops using is not lost to the others.
 *
 * Heap layout
 * -----------
 * The heap is a sequence of 4 KiB pages from heap_base, a page boundary, to
 * the break. Each page belongs to one slab, one run, or the control block:
 *
 *   page 0                                                          break
 *   | control | slab | slab | used run ....... | free run ... | slab |
 *
 * A slab of a cache is pages_per_slab pages (1 to 8) cut into equal slots,
 * with no header in a slot, allocated or free: everything about a slot
 * comes from its slab.
 *
 *   slab: n slots of slot_size bytes
 *   +--------+--------+-----+----------+----------+---------+
 *   | slot 0 | slot 1 | ... | slot n-1 | leftover | bitmap  |  <- bitmap at
 *   +--------+--------+-----+----------+----------+---------+     the end only
 *   bitmap bit i is set while slot i is free                   if n > 64
 *
 *   run: p pages given whole to one request, its payload on the first page
 *   +----------------------------------------------+
 *   | payload ............................... slack |
 *   +----------------------------------------------+
 *
 * The control block is itself a run, the first one of the heap to begin
 * with, holding every piece of the allocator's state:
 *
 *   +------------------------+----------+--------+------------------------+
 *   | bin_bitmap page_count  | run_bins | caches | page table:            |
 *   | capacity empty_held    | [64]     | [24]   | page_info[capacity]    |
 *   +------------------------+----------+--------+------------------------+
 *
 *   page_info, one per heap page (24 bytes)
 *   +-----------+------+-------+------------+-------------+------+------+
 *   | free_mask | kind | cache | free_slots | pages/head  | next | prev |
 *   +-----------+------+-------+------------+-------------+------+------+
 *       8          1      1         2             4          4      4
 *
 * The page table plays two parts. For a slab it is Bonwick's slab
 * descriptor, kept off the slab: the cache, the count of free slots, the
 * links of the cache list the slab is on, and for a slab of at most 64
 * slots its whole bitmap (free_mask), so that such a slab's pages hold
 * slots and nothing else (eight 512-byte slots fill a page exactly). Only
 * the 16, 32 and 48-byte classes have more slots per page (254, 127 and
 * 85): their bitmap words sit at the end of the slab, as Bonwick's
 * descriptor sits at the end of a small-object slab's page, for under 1%.
 * For runs, the table holds the boundary tags of the pages: a slab's or
 * run's first page (its head) has the kind and the page count; every other
 * page is INSIDE, and every page of a slab, and the last page of every run,
 * names its head. So free finds a slot's slab from any page of it, and a
 * run being freed finds its left neighbour's head from the page below it.
 *
 * Size classes: 16 bytes apart up to 64, then four to each power of two
 * (80, 96, 112, 128, 160, 192, ..., 1536, 1792, 2048): 24 caches, and no
 * slot more than 25% larger than the request it serves. Each cache sizes
 * its slabs by Bonwick's rule: the fewest whole pages (up to 8) whose
 * leftover after the slots and bitmap is at most 1/8 of the slab.
 *
 * Bonwick's other two ideas do not carry over. Object constructors keep
 * kernel objects initialised while cached; malloc hands out raw bytes.
 * Slab colouring starts each slab's slots at a different offset, so that
 * objects of different slabs use different cache lines; it spends memory,
 * and this heap is scored on memory.
 *
 * Policy
 * ------
 * Which partial slab: the head of the cache's partial list. A slab that
 * leaves the full list goes to the head: with one free slot it is the
 * fullest partial slab there can be, and filling the fullest slabs first
 * leaves the sparse ones to drain until they are empty, the only state in
 * which their pages can serve anyone else. Within a slab: the lowest free
 * slot, found with a find-first-set per bitmap word.
 *
 * When empty slabs are released: each cache keeps at most one, so that a
 * cache whose use hovers at a slab boundary does not cut and release a
 * slab on every other call; a second empty slab goes back to the pool at
 * once. When no free run fits a new slab or run, the kept empty slabs of
 * all caches go back too before the heap may grow: the "reap" that
 * Bonwick's allocator does when the system runs short of memory.
 *
 * Runs: best fit among the free runs. Bins 0 to 62 hold the free runs of 1
 * to 63 pages, one page count each, and a bitmap of the non-empty ones
 * finds the smallest that fits with one find-first-set; bin 63 holds the
 * longer runs and is searched whole. A run larger than needed is split,
 * the rest staying in the pool. When no free run fits, the heap grows by
 * the pages missing from the free run at its top, if it ends in one.
 *
 * realloc keeps a block where it is whenever the new size fits its slot,
 * and for a run whenever the new page count fits: a run shrinks by giving
 * its tail to the pool, and grows into a free right neighbour, or, when it
 * ends the heap (or its free right neighbour does), by growing the heap.
 * Otherwise it is malloc, copy, free.
 *
 * The control block moves
 * -----------------------
 * The page table needs an entry for every page, and the heap grows only
 * upwards, so the table cannot grow in place. When the heap is about to
 * outgrow it, the whole control block moves to a run with room for twice
 * the pages needed (the best-fitting free run, else new pages at the top)
 * and its old run goes back to the pool. Doubling makes the copying O(1)
 * per page over time and keeps the table under 1.2% of the heap (24 bytes
 * a page, with room for at most twice as many pages). Because of this, the
 * code names pages by their index, never by a pointer into the control
 * block, across any call that may grow the heap; the global control is the
 * one pointer to it.
 *
 * Fragmentation. Internal: a request is rounded up to its class (by up to
 * 25%) or to whole pages (by almost a page just above a page multiple),
 * plus slab leftovers, under 1/8 of a slab by construction. External: a
 * free slot serves only its own class, so the free slots of partial slabs
 * are lost to every other size until their slabs empty; each class in use
 * holds at least one slab; and free runs too small for the large request
 * at hand make the heap grow, as in any allocator that does not move
 * blocks.
 *
 * Invariants, numbered as mm_checkheap reports them:
 *   1. The heap is page_count whole pages from heap_base to the break, all
 *      within the page table's capacity; exactly one run is the control
 *      block, the one control points at, and it holds its page table.
 *   2. Heads tile the heap: from page 0, each head has a known kind and a
 *      page count that stays inside the heap, and the next head follows.
 *   3. Every page after a head is INSIDE; every page of a slab, and the
 *      last page of every run, names its head.
 *   4. No two free runs are neighbours.
 *   5. Bin b holds exactly the free runs whose page count maps to b, in a
 *      doubly linked list; bit b of bin_bitmap is set while bin b has runs.
 *   6. A slab belongs to a cache and spans that cache's pages per slab.
 *   7. A slab's bitmap has one bit set per free slot (free_slots of them)
 *      and none past its last slot.
 *   8. Every slab is on exactly one of its cache's lists, the one for its
 *      state: full (no slot free), empty (every slot free) or partial;
 *      each list is doubly linked.
 *   9. A cache holds at most one empty slab; empty_slabs_held counts them.
 *
 * Complexity: malloc and free of a slot are O(1), at most four bitmap
 * words looked at. A new slab or a run costs a bin lookup, O(1) for up to
 * 63 pages and a walk of the long bin beyond, plus, before the heap grows,
 * one pass over the caches to reap their empty slabs. Freeing a run merges
 * in O(1). Moving the control block is O(pages in the heap), once per
 * doubling of the heap.
 *
 * mm_checkheap walks the heap by its heads (invariants 1 to 4) and checks
 * each slab's cache, size and bitmap on the way (6, 7); then it follows
 * every bin and every cache list, never further than the walk's count of
 * what they should hold, so that a cycle ends the walk, and compares them
 * with that count (5, 8, 9). Each broken invariant is one line on stderr
 * naming its number and an address.
 */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "memlib.h"
#include "mm.h"

enum {
    PAGE_SHIFT = 12,
    PAGE_BYTES = 1 << PAGE_SHIFT, /* the unit of slabs and runs */
    MAX_PAGES = MAX_HEAP / PAGE_BYTES,
    GRANULE_LOG2 = 4,
    GRANULE = 1 << GRANULE_LOG2, /* slot sizes are multiples of this */

    /* Classes are GRANULE apart up to SUBCLASSES * GRANULE bytes, then
     * SUBCLASSES to each power of two up to LARGEST_CLASS
     * (docs/allocators.md compares other spacings and limits). */
    SUBCLASS_LOG2 = 2,
    SUBCLASSES = 1 << SUBCLASS_LOG2,
    LARGEST_CLASS_LOG2 = 11,
    LARGEST_CLASS = 1 << LARGEST_CLASS_LOG2,
    CACHE_COUNT =
        SUBCLASSES * (LARGEST_CLASS_LOG2 - GRANULE_LOG2 - SUBCLASS_LOG2 + 1),

    /* Bonwick's rule: a slab is the fewest pages whose leftover is at most
     * 1/WASTE_DIVISOR of it. */
    WASTE_DIVISOR = 8,
    MAX_SLAB_PAGES = 8,
    BITMAP_BITS = 64, /* slots one bitmap word covers */

    /* Bins 0..LONG_BIN-1 hold free runs of 1..LONG_BIN pages, one page
     * count each; bin LONG_BIN holds every longer run. One bit per bin in
     * a 64-bit bin_bitmap. */
    BIN_COUNT = 64,
    LONG_BIN = BIN_COUNT - 1,
};

_Static_assert(GRANULE == ALIGNMENT, "slots of every class stay aligned");
_Static_assert(CACHE_COUNT <= 256, "a slab's cache index is one byte");
_Static_assert(MAX_SLAB_PAGES * PAGE_BYTES / 8 <= UINT16_MAX,
               "a bitmap offset within a slab fits 16 bits");

/* What a page is, as letters so that they read in a hex dump. Every kind
 * but PAGE_INSIDE marks a head: the first page of a slab or run. */
enum page_kind {
    PAGE_CONTROL = 'C',  /* the control block's run */
    PAGE_SLAB = 'S',     /* a slab */
    PAGE_USED_RUN = 'R', /* a run given to one large request */
    PAGE_FREE_RUN = 'F', /* a run in the pool of free pages */
    PAGE_INSIDE = 'i',   /* any page of a slab or run after its head */
};

static const uint32_t NO_PAGE = UINT32_MAX; /* the end of a list */

/* The page table's entry for one page. */
typedef struct {
    uint64_t free_mask;  /* slab of <= 64 slots: bit i set while slot i free */
    uint8_t kind;        /* enum page_kind */
    uint8_t cache;       /* slab: its cache */
    uint16_t free_slots; /* slab: how many of its slots are free */
    union {
        uint32_t pages;  /* head: pages in its slab or run */
        uint32_t head;   /* inside page: index of its head */
    };
    uint32_t next;       /* head: next on its cache list or bin */
    uint32_t prev;       /* head: previous one, NO_PAGE for the first */
} page_info;

/* A cache: the slabs of one size class. */
typedef struct {
    uint32_t slot_size;      /* the class size */
    uint16_t slots_per_slab; /* n */
    uint8_t pages_per_slab;
    uint8_t bitmap_words;    /* words in a slab's bitmap */
    uint16_t bitmap_offset;  /* from a slab's start to its bitmap words, or
                                0 when free_mask in the head is the bitmap */
    uint32_t partial;        /* slabs with free and used slots */
    uint32_t full;           /* slabs with no free slot */
    uint32_t empty;          /* at most one slab with every slot free */
} cache_t;

/* The control block: all the allocator's state, in a run of the heap. */
typedef struct {
    uint64_t bin_bitmap;          /* bit b set while run_bins[b] has runs */
    uint32_t page_count;          /* pages in the heap */
    uint32_t capacity;            /* pages the page table has entries for */
    uint32_t empty_slabs_held;    /* slabs on the caches' empty lists */
    uint32_t run_bins[BIN_COUNT]; /* free runs by page count */
    cache_t caches[CACHE_COUNT];
    page_info pages[];            /* the page table */
} heap_control;

static heap_control *control; /* the control block, wherever it is now */
static char *heap_base;       /* page 0 */

/* ---- Pages and the page table ------------------------------------------ */

static inline page_info *page(uint32_t index)
{
    return &control->pages[index];
}

static inline char *page_address(uint32_t index)
{
    return heap_base + (size_t)index * PAGE_BYTES;
}

static inline uint32_t page_index_of(const void *addr)
{
    return (uint32_t)(((uintptr_t)addr - (uintptr_t)heap_base) >> PAGE_SHIFT);
}

/* The head of the slab or run that holds page index: right for a head, any
 * page of a slab, and the last page of a run (invariant 3). */
static inline uint32_t head_of(uint32_t index)
{
    const page_info *info = page(index);
    return info->kind == PAGE_INSIDE ? info->head : index;
}

static inline void mark_inside(uint32_t index, uint32_t head)
{
    page(index)->kind = PAGE_INSIDE;
    page(index)->head = head;
}

/* Make pages [first, first + pages) a run of kind, tagged at both ends. */
static void mark_run(uint32_t first, enum page_kind kind, uint32_t pages)
{
    *page(first) = (page_info){.kind = (uint8_t)kind, .pages = pages,
                               .next = NO_PAGE, .prev = NO_PAGE};
    if (pages > 1)
        mark_inside(first + pages - 1, first);
}

static inline size_t control_bytes(uint32_t capacity)
{
    return offsetof(heap_control, pages) + (size_t)capacity * sizeof(page_info);
}

static inline uint32_t pages_for(size_t bytes)
{
    return (uint32_t)((bytes + PAGE_BYTES - 1) / PAGE_BYTES);
}

/* ---- Lists of head pages ------------------------------------------------ */

static inline uint32_t list_next(uint32_t index) { return page(index)->next; }
static inline uint32_t list_prev(uint32_t index) { return page(index)->prev; }

static void list_insert(uint32_t *list, uint32_t index)
{
    page_info *info = page(index);
    info->prev = NO_PAGE;
    info->next = *list;
    if (*list != NO_PAGE)
        page(*list)->prev = index;
    *list = index;
}

static void list_remove(uint32_t *list, uint32_t index)
{
    page_info *info = page(index);
    if (info->prev != NO_PAGE)
        page(info->prev)->next = info->next;
    else
        *list = info->next;
    if (info->next != NO_PAGE)
        page(info->next)->prev = info->prev;
}

/* ---- The pool of free pages --------------------------------------------- */

static inline unsigned bin_of(uint32_t pages)
{
    return pages <= LONG_BIN ? pages - 1 : LONG_BIN;
}

static void bin_insert(uint32_t run)
{
    unsigned bin = bin_of(page(run)->pages);
    list_insert(&control->run_bins[bin], run);
    control->bin_bitmap |= UINT64_C(1) << bin;
}

static void bin_remove(uint32_t run)
{
    assert(page(run)->kind == PAGE_FREE_RUN && "only free runs are in bins");
    unsigned bin = bin_of(page(run)->pages);
    list_remove(&control->run_bins[bin], run);
    if (control->run_bins[bin] == NO_PAGE)
        control->bin_bitmap &= ~(UINT64_C(1) << bin);
}

/* Give pages [first, first + pages) to the pool, merged with the free runs
 * on either side. */
static void coalesce(uint32_t first, uint32_t pages)
{
    uint32_t end = first + pages;
    if (end < control->page_count && page(end)->kind == PAGE_FREE_RUN) {
        bin_remove(end);
        pages += page(end)->pages;
        mark_inside(end, first);
    }
    if (first > 0) {
        uint32_t left = head_of(first - 1);
        if (page(left)->kind == PAGE_FREE_RUN) {
            bin_remove(left);
            pages += page(left)->pages;
            mark_inside(first, left);
            first = left;
        }
    }
    mark_run(first, PAGE_FREE_RUN, pages);
    bin_insert(first);
}

/* The free run with the fewest pages >= pages, or NO_PAGE. */
static uint32_t find_fit(uint32_t pages)
{
    uint64_t bins = control->bin_bitmap & (~UINT64_C(0) << bin_of(pages));
    if (bins == 0)
        return NO_PAGE;
    unsigned bin = (unsigned)__builtin_ctzll(bins);
    if (bin != LONG_BIN)
        return control->run_bins[bin];
    uint32_t best = NO_PAGE;
    for (uint32_t run = control->run_bins[LONG_BIN]; run != NO_PAGE;
         run = list_next(run)) {
        uint32_t have = page(run)->pages;
        if (have >= pages && (best == NO_PAGE || have < page(best)->pages)) {
            best = run;
            if (have == pages)
                break;
        }
    }
    return best;
}

/* Take the first pages of free run as a run of kind; the rest stays in
 * the pool. */
static void place(uint32_t run, enum page_kind kind, uint32_t pages)
{
    uint32_t have = page(run)->pages;
    assert(have >= pages && "a run is placed in a large enough free run");
    bin_remove(run);
    mark_run(run, kind, pages);
    if (have > pages) {
        /* The free run's right neighbour is not free (invariant 4), so the
         * rest has nothing to merge with. */
        mark_run(run + pages, PAGE_FREE_RUN, have - pages);
        bin_insert(run + pages);
    }
}

/* ---- Growing the heap --------------------------------------------------- */

/* Move the break up by pages, or return false (printing nothing) when the
 * arena has no room for them. */
static bool grow_break(uint32_t pages)
{
    if (pages > (MAX_HEAP - mem_heapsize()) / PAGE_BYTES)
        return false;
    return mem_sbrk((intptr_t)pages * PAGE_BYTES) != (void *)-1;
}

/* Count pages new at the top of the heap in, with their entries written
 * as the inside of a run beginning at the first of them. */
static uint32_t join_heap(uint32_t pages)
{
    uint32_t first = control->page_count;
    control->page_count += pages;
    for (uint32_t i = first; i < first + pages; i++)
        *page(i) = (page_info){.kind = PAGE_INSIDE, .head = first,
                               .next = NO_PAGE, .prev = NO_PAGE};
    return first;
}

/* Grow the heap by pages, into the pool, where they merge with a free run
 * at the top. The page table must have room for them. */
static bool add_pages(uint32_t pages)
{
    assert(control->page_count + pages <= control->capacity &&
           "the page table has an entry for every heap page");
    if (!grow_break(pages))
        return false;
    coalesce(join_heap(pages), pages);
    return true;
}

/* Move the control block to a run with room in its page table for twice
 * the needed pages: the best fit in the pool, else new pages at the top.
 * Its old run goes back to the pool. Any pointer into the control block
 * is stale afterwards. */
static bool move_control(uint32_t needed)
{
    uint32_t capacity = needed <= MAX_PAGES / 2 ? 2 * needed : MAX_PAGES;
    uint32_t pages = pages_for(control_bytes(capacity));
    heap_control *old = control;
    uint32_t old_first = page_index_of(old);
    uint32_t old_pages = page(old_first)->pages;
    uint32_t at = find_fit(pages);
    if (at != NO_PAGE) {
        place(at, PAGE_CONTROL, pages);
        control = memcpy(page_address(at), old, control_bytes(old->page_count));
    } else {
        if (!grow_break(pages))
            return false;
        at = old->page_count;
        control = memcpy(page_address(at), old, control_bytes(old->page_count));
        join_heap(pages);
        mark_run(at, PAGE_CONTROL, pages);
    }
    control->capacity = capacity;
    coalesce(old_first, old_pages);
    return true;
}

/* Make the free run at the top of the heap at least pages long, growing
 * the heap (and the page table with it) by what is missing. Returns that
 * run, or NO_PAGE when the arena is full. */
static uint32_t extend_heap(uint32_t pages)
{
    for (;;) {
        uint32_t top = head_of(control->page_count - 1);
        uint32_t have =
            page(top)->kind == PAGE_FREE_RUN ? page(top)->pages : 0;
        if (have >= pages)
            return top; /* the control block's old run joined the top run */
        uint32_t missing = pages - have;
        if (control->page_count + missing <= control->capacity)
            return add_pages(missing) ? head_of(control->page_count - 1)
                                      : NO_PAGE;
        if (missing > MAX_PAGES - control->page_count ||
            !move_control(control->page_count + missing))
            return NO_PAGE;
    }
}

/* ---- Caches and slabs --------------------------------------------------- */

/* Slot size of cache c. */
static inline size_t class_size(unsigned c)
{
    if (c < SUBCLASSES)
        return (size_t)(c + 1) * GRANULE;
    unsigned power = c / SUBCLASSES - 1;
    unsigned step = c % SUBCLASSES + 1;
    return (size_t)(SUBCLASSES + step) << (GRANULE_LOG2 + power);
}

/* The cache of the smallest slots that hold size <= LARGEST_CLASS bytes.
 * Above SUBCLASSES * GRANULE, the bit below the top one, and the one below
 * that, of size - 1 pick the class within its power of two. */
static inline unsigned class_of(size_t size)
{
    if (size <= SUBCLASSES * GRANULE)
        return (unsigned)((size - (size != 0)) >> GRANULE_LOG2);
    size_t last_byte = size - 1;
    unsigned top_bit = 63 - (unsigned)__builtin_clzll(last_byte);
    unsigned shift = top_bit - SUBCLASS_LOG2;
    return SUBCLASSES * (shift - GRANULE_LOG2) + (unsigned)(last_byte >> shift);
}

/* The bitmap of slab: free_mask in its page table entry, or words at the
 * end of the slab. */
static inline uint64_t *slab_bitmap(uint32_t slab, const cache_t *cache)
{
    if (cache->bitmap_offset == 0)
        return &page(slab)->free_mask;
    return (uint64_t *)(page_address(slab) + cache->bitmap_offset);
}

static inline size_t bitmap_words_for(size_t slots)
{
    return (slots + BITMAP_BITS - 1) / BITMAP_BITS;
}

/* Size cache c's slabs by Bonwick's rule. Slots fit in one bitmap word up
 * to 64 a slab, which the page table holds; more need words on the slab. */
static void plan_cache(cache_t *cache, unsigned c)
{
    size_t size = class_size(c);
    size_t pages, slots = 0, words = 1;
    for (pages = 1; pages <= MAX_SLAB_PAGES; pages++) {
        size_t bytes = pages * PAGE_BYTES;
        slots = bytes / size;
        words = 1;
        if (slots > BITMAP_BITS) {
            while (slots * size + bitmap_words_for(slots) * 8 > bytes)
                slots--;
            words = bitmap_words_for(slots);
        }
        if ((bytes - slots * size) * WASTE_DIVISOR <= bytes)
            break;
    }
    assert(pages <= MAX_SLAB_PAGES && "every class meets the waste rule");
    *cache = (cache_t){
        .slot_size = (uint32_t)size,
        .slots_per_slab = (uint16_t)slots,
        .pages_per_slab = (uint8_t)pages,
        .bitmap_words = (uint8_t)words,
        .bitmap_offset = words > 1 ? (uint16_t)(pages * PAGE_BYTES - words * 8)
                                   : 0,
        .partial = NO_PAGE,
        .full = NO_PAGE,
        .empty = NO_PAGE,
    };
}

/* Give every cache's empty slab back to the pool. */
static void release_empty_slabs(void)
{
    for (unsigned c = 0; c < CACHE_COUNT; c++) {
        cache_t *cache = &control->caches[c];
        uint32_t slab = cache->empty;
        if (slab != NO_PAGE) {
            list_remove(&cache->empty, slab);
            coalesce(slab, cache->pages_per_slab);
        }
    }
    control->empty_slabs_held = 0;
}

/* Pages for a slab or run, placed as kind: the best free run; failing
 * that, the best once the caches' empty slabs are back in the pool;
 * failing that, the top of the heap, grown. Returns the first page, or
 * NO_PAGE. May move the control block. */
static uint32_t take_pages(enum page_kind kind, uint32_t pages)
{
    uint32_t run = find_fit(pages);
    if (run == NO_PAGE && control->empty_slabs_held > 0) {
        release_empty_slabs();
        run = find_fit(pages);
    }
    if (run == NO_PAGE)
        run = extend_heap(pages);
    if (run != NO_PAGE)
        place(run, kind, pages);
    return run;
}

/* A new slab for cache c, every slot free, on no list; or NO_PAGE. May
 * move the control block. */
static uint32_t new_slab(unsigned c)
{
    uint32_t pages = control->caches[c].pages_per_slab;
    uint32_t slab = take_pages(PAGE_SLAB, pages);
    if (slab == NO_PAGE)
        return NO_PAGE;
    const cache_t *cache = &control->caches[c];
    for (uint32_t i = slab + 1; i < slab + pages; i++)
        mark_inside(i, slab);
    page(slab)->cache = (uint8_t)c;
    page(slab)->free_slots = cache->slots_per_slab;
    uint64_t *bitmap = slab_bitmap(slab, cache);
    for (unsigned w = 0; w < cache->bitmap_words; w++) {
        unsigned slots_here = cache->slots_per_slab - w * BITMAP_BITS;
        bitmap[w] = slots_here >= BITMAP_BITS
                        ? ~UINT64_C(0)
                        : (UINT64_C(1) << slots_here) - 1;
    }
    return slab;
}

static inline void move_slab(uint32_t *from, uint32_t *to, uint32_t slab)
{
    list_remove(from, slab);
    list_insert(to, slab);
}

/* Put a slab with free slots on cache c's empty partial list: the cache's
 * empty slab if it keeps one, else a new slab. Returns it, or NO_PAGE.
 * May move the control block. */
static uint32_t refill_partial(unsigned c)
{
    cache_t *cache = &control->caches[c];
    uint32_t slab = cache->empty;
    if (slab != NO_PAGE) {
        control->empty_slabs_held--;
        move_slab(&cache->empty, &cache->partial, slab);
        return slab;
    }
    slab = new_slab(c);
    if (slab != NO_PAGE)
        list_insert(&control->caches[c].partial, slab);
    return slab;
}

static void *cache_alloc(unsigned c)
{
    cache_t *cache = &control->caches[c];
    uint32_t slab = cache->partial;
    if (slab == NO_PAGE) {
        slab = refill_partial(c);
        if (slab == NO_PAGE)
            return NULL;
        cache = &control->caches[c]; /* the control block may have moved */
    }
    uint64_t *bitmap = slab_bitmap(slab, cache);
    unsigned w = 0;
    while (bitmap[w] == 0)
        w++;
    unsigned slot = w * BITMAP_BITS + (unsigned)__builtin_ctzll(bitmap[w]);
    bitmap[w] &= bitmap[w] - 1;
    if (--page(slab)->free_slots == 0)
        move_slab(&cache->partial, &cache->full, slab);
    return page_address(slab) + (size_t)slot * cache->slot_size;
}

/* Free the slot at ptr in slab. A slab leaving the full list goes to the
 * head of the partial list (it is the fullest partial slab); a slab whose
 * last used slot this was becomes its cache's empty slab, or goes back to
 * the pool when the cache has one already. */
static void cache_free(uint32_t slab, void *ptr)
{
    page_info *info = page(slab);
    cache_t *cache = &control->caches[info->cache];
    size_t offset = (size_t)((char *)ptr - page_address(slab));
    unsigned slot = (unsigned)(offset / cache->slot_size);
    assert(offset % cache->slot_size == 0 && slot < cache->slots_per_slab &&
           "free of a pointer that is not a slot of its slab");
    uint64_t *word = &slab_bitmap(slab, cache)[slot / BITMAP_BITS];
    uint64_t bit = UINT64_C(1) << (slot % BITMAP_BITS);
    assert(!(*word & bit) && "double free of a slot");
    *word |= bit;
    if (info->free_slots++ == 0)
        move_slab(&cache->full, &cache->partial, slab);
    if (info->free_slots < cache->slots_per_slab)
        return;
    list_remove(&cache->partial, slab);
    if (cache->empty == NO_PAGE) {
        list_insert(&cache->empty, slab);
        control->empty_slabs_held++;
    } else {
        coalesce(slab, cache->pages_per_slab);
    }
}

/* ---- Runs for large requests -------------------------------------------- */

static void *run_alloc(size_t size)
{
    uint32_t run = take_pages(PAGE_USED_RUN, pages_for(size));
    return run == NO_PAGE ? NULL : page_address(run);
}

/* Resize used run to pages where it is, if it can: shrink by giving the
 * tail to the pool; grow into a free right neighbour, and, when the run or
 * that neighbour ends the heap, by growing the heap. */
static bool resize_run(uint32_t run, uint32_t pages)
{
    for (;;) {
        uint32_t have = page(run)->pages;
        if (pages <= have) {
            if (pages < have) {
                mark_run(run, PAGE_USED_RUN, pages);
                coalesce(run + pages, have - pages);
            }
            return true;
        }
        uint32_t end = run + have;
        bool right_free =
            end < control->page_count && page(end)->kind == PAGE_FREE_RUN;
        uint32_t reach = have + (right_free ? page(end)->pages : 0);
        if (reach >= pages) {
            bin_remove(end);
            mark_inside(end, run);
            mark_run(run, PAGE_USED_RUN, pages);
            if (reach > pages) {
                mark_run(run + pages, PAGE_FREE_RUN, reach - pages);
                bin_insert(run + pages);
            }
            return true;
        }
        uint32_t missing = pages - reach;
        if (run + reach != control->page_count ||
            missing > MAX_PAGES - control->page_count)
            return false;
        if (control->page_count + missing > control->capacity) {
            /* The control block may land just above the run: look again. */
            if (!move_control(control->page_count + missing))
                return false;
        } else if (!add_pages(missing)) {
            return false;
        }
    }
}

/* ---- The mm.h interface ------------------------------------------------- */

int mm_init(void)
{
    control = NULL;
    char *brk = mem_sbrk(0);
    if (brk == (void *)-1)
        return -1;
    size_t misalignment = (uintptr_t)brk % PAGE_BYTES;
    size_t pad = misalignment != 0 ? PAGE_BYTES - misalignment : 0;
    if (mem_sbrk((intptr_t)(pad + PAGE_BYTES)) == (void *)-1)
        return -1;
    heap_base = brk + pad;
    control = (heap_control *)heap_base;
    control->bin_bitmap = 0;
    control->page_count = 1;
    control->capacity =
        (uint32_t)((PAGE_BYTES - control_bytes(0)) / sizeof(page_info));
    control->empty_slabs_held = 0;
    for (unsigned bin = 0; bin < BIN_COUNT; bin++)
        control->run_bins[bin] = NO_PAGE;
    for (unsigned c = 0; c < CACHE_COUNT; c++)
        plan_cache(&control->caches[c], c);
    assert(class_size(CACHE_COUNT - 1) == LARGEST_CLASS &&
           "the last cache holds LARGEST_CLASS bytes");
    mark_run(0, PAGE_CONTROL, 1);
    return 0;
}

void *mm_malloc(size_t size)
{
    if (size <= LARGEST_CLASS) {
        unsigned c = class_of(size);
        assert(class_size(c) >= size && (c == 0 || class_size(c - 1) < size) &&
               "class_of picks the smallest class that holds size");
        return cache_alloc(c);
    }
    if (size > MAX_HEAP)
        return NULL;
    return run_alloc(size);
}

void mm_free(void *ptr)
{
    if (ptr == NULL)
        return;
    uint32_t head = head_of(page_index_of(ptr));
    if (page(head)->kind == PAGE_SLAB) {
        cache_free(head, ptr);
        return;
    }
    assert(page(head)->kind == PAGE_USED_RUN && ptr == page_address(head) &&
           "free of a pointer that is not an allocated block");
    coalesce(head, page(head)->pages);
}

void *mm_realloc(void *ptr, size_t size)
{
    if (ptr == NULL)
        return mm_malloc(size);
    if (size == 0) {
        mm_free(ptr);
        return NULL;
    }
    if (size > MAX_HEAP)
        return NULL;
    uint32_t head = head_of(page_index_of(ptr));
    size_t capacity;
    if (page(head)->kind == PAGE_SLAB) {
        capacity = control->caches[page(head)->cache].slot_size;
        if (size <= capacity)
            return ptr;
    } else {
        assert(page(head)->kind == PAGE_USED_RUN && ptr == page_address(head) &&
               "realloc of a pointer that is not an allocated block");
        if (resize_run(head, pages_for(size)))
            return ptr;
        capacity = (size_t)page(head)->pages * PAGE_BYTES;
    }
    void *moved = mm_malloc(size);
    if (moved == NULL)
        return NULL;
    /* Only a block smaller than size moves, so all of it is kept. */
    memcpy(moved, ptr, capacity);
    mm_free(ptr);
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

/* Print what broke and where, when holds is false; return holds. */
static bool check(bool holds, const void *where, const char *what)
{
    if (!holds)
        fprintf(stderr, "mm_checkheap: %s (at %p)\n", what, where);
    return holds;
}

/* The cache list a slab belongs on, by how many of its slots are free. */
enum slab_state { SLAB_FULL, SLAB_PARTIAL, SLAB_EMPTY, SLAB_STATES };

static inline enum slab_state slab_state(const cache_t *cache,
                                         unsigned free_slots)
{
    return free_slots == 0                       ? SLAB_FULL
           : free_slots == cache->slots_per_slab ? SLAB_EMPTY
                                                 : SLAB_PARTIAL;
}

static inline uint32_t *slab_list(cache_t *cache, enum slab_state state)
{
    return state == SLAB_FULL      ? &cache->full
           : state == SLAB_PARTIAL ? &cache->partial
                                   : &cache->empty;
}

static bool is_head_kind(unsigned kind)
{
    return kind == PAGE_CONTROL || kind == PAGE_SLAB ||
           kind == PAGE_USED_RUN || kind == PAGE_FREE_RUN;
}

/* What the walk finds, for the list checks to compare with. */
typedef struct {
    uint32_t free_runs;
    uint32_t slabs[CACHE_COUNT][SLAB_STATES];
} heap_census;

/* Invariants 6 and 7 for the slab at head; count it in census. */
static bool check_slab(uint32_t head, heap_census *census)
{
    const page_info *info = page(head);
    const void *at = page_address(head);
    if (!check(info->cache < CACHE_COUNT, at,
               "invariant 6: a slab belongs to a cache"))
        return false;
    const cache_t *cache = &control->caches[info->cache];
    if (!check(info->pages == cache->pages_per_slab, at,
               "invariant 6: a slab spans its cache's pages per slab"))
        return false;
    const uint64_t *bitmap = slab_bitmap(head, cache);
    unsigned words = cache->bitmap_words, bits_set = 0;
    for (unsigned w = 0; w < words; w++)
        bits_set += (unsigned)__builtin_popcountll(bitmap[w]);
    unsigned last_word_slots = cache->slots_per_slab - (words - 1) * BITMAP_BITS;
    uint64_t past_last_slot =
        last_word_slots < BITMAP_BITS ? ~UINT64_C(0) << last_word_slots : 0;
    bool ok = check(bits_set == info->free_slots &&
                        info->free_slots <= cache->slots_per_slab,
                    at, "invariant 7: a slab's bitmap has a bit set for each "
                        "of its free slots");
    ok &= check(!(bitmap[words - 1] & past_last_slot), at,
                "invariant 7: no bitmap bit is set past a slab's last slot");
    /* Counted whenever its list can be told, so that a broken bitmap is
     * not reported again as a slab on the wrong list. */
    if (info->free_slots <= cache->slots_per_slab)
        census->slabs[info->cache][slab_state(cache, info->free_slots)]++;
    return ok;
}

/* Walk the heap by its heads, checking invariants 1 to 4, 6 and 7 and
 * counting in census. Returns false when a head is too broken to step
 * over, which ends the walk; *ok becomes false when anything is wrong. */
static bool walk_heads(int verbose, heap_census *census, bool *ok)
{
    uint32_t count = control->page_count, control_runs = 0;
    bool previous_free = false;
    for (uint32_t at = 0; at < count;) {
        const page_info *info = page(at);
        const void *where = page_address(at);
        if (!check(is_head_kind(info->kind) && info->pages >= 1 &&
                       info->pages <= count - at,
                   where, "invariant 2: a head has a kind and a page count "
                          "inside the heap (the walk stops)"))
            return false;
        uint32_t pages = info->pages;
        if (verbose)
            fprintf(stderr, "mm_checkheap: page %u: %c, %u pages\n", at,
                    info->kind, pages);
        for (uint32_t i = at + 1; i < at + pages; i++) {
            bool names_head = info->kind == PAGE_SLAB || i == at + pages - 1;
            *ok &= check(page(i)->kind == PAGE_INSIDE &&
                             (!names_head || page(i)->head == at),
                         page_address(i),
                         "invariant 3: a page after a head is inside, naming "
                         "the head in a slab and at a run's end");
        }
        bool is_free = info->kind == PAGE_FREE_RUN;
        *ok &= check(!(is_free && previous_free), where,
                     "invariant 4: no two free runs are neighbours");
        previous_free = is_free;
        census->free_runs += is_free;
        if (info->kind == PAGE_CONTROL) {
            control_runs++;
            *ok &= check((char *)control == where &&
                             control_bytes(control->capacity) <=
                                 (size_t)pages * PAGE_BYTES,
                         where, "invariant 1: the control run is the control "
                                "block and holds its page table");
        }
        if (info->kind == PAGE_SLAB)
            *ok &= check_slab(at, census);
        at += pages;
    }
    *ok &= check(control_runs == 1, control,
                 "invariant 1: the heap has one control run");
    return true;
}

/* Follow a list of heads, each of which must satisfy belongs(head, which),
 * with prev links mirroring next links, for at most limit heads. Returns
 * its length, or UINT32_MAX when it is broken. */
static uint32_t check_list(uint32_t first, uint32_t limit,
                           bool (*belongs)(uint32_t, unsigned), unsigned which,
                           const char *what)
{
    uint32_t length = 0, previous = NO_PAGE;
    for (uint32_t at = first; at != NO_PAGE; at = list_next(at)) {
        bool in_heap = at < control->page_count;
        if (!check(in_heap && belongs(at, which) &&
                       list_prev(at) == previous && length < limit,
                   in_heap ? page_address(at) : NULL, what))
            return UINT32_MAX;
        previous = at;
        length++;
    }
    return length;
}

static bool is_free_run_of_bin(uint32_t at, unsigned bin)
{
    return page(at)->kind == PAGE_FREE_RUN && bin_of(page(at)->pages) == bin;
}

/* which is cache * SLAB_STATES + state. */
static bool is_slab_in_state(uint32_t at, unsigned which)
{
    unsigned c = which / SLAB_STATES;
    const cache_t *cache = &control->caches[c];
    return page(at)->kind == PAGE_SLAB && page(at)->cache == c &&
           page(at)->free_slots <= cache->slots_per_slab &&
           slab_state(cache, page(at)->free_slots) == which % SLAB_STATES;
}

int mm_checkheap(int verbose)
{
    if (!check(control != NULL && (char *)control >= heap_base &&
                   heap_base + (size_t)control->page_count * PAGE_BYTES ==
                       (char *)mem_heap_hi() + 1 &&
                   control->page_count <= control->capacity,
               heap_base, "invariant 1: the heap is page_count whole pages "
                          "from its base to the break, within capacity"))
        return 0;
    bool ok = true;
    heap_census census;
    memset(&census, 0, sizeof census);
    if (!walk_heads(verbose, &census, &ok))
        return 0;

    uint32_t binned = 0;
    for (unsigned bin = 0; bin < BIN_COUNT; bin++) {
        uint32_t first = control->run_bins[bin];
        bool marked = (control->bin_bitmap >> bin) & 1;
        ok &= check(marked == (first != NO_PAGE), heap_base,
                    "invariant 5: a bin's bit is set while it holds runs");
        uint32_t length = check_list(first, census.free_runs - binned,
                                     is_free_run_of_bin, bin,
                                     "invariant 5: a bin is a doubly linked "
                                     "list of the free runs of its size");
        if (length == UINT32_MAX)
            return 0;
        binned += length;
    }
    ok &= check(binned == census.free_runs, heap_base,
                "invariant 5: every free run is in a bin");

    uint32_t empty_slabs = 0;
    for (unsigned c = 0; c < CACHE_COUNT; c++) {
        cache_t *cache = &control->caches[c];
        for (unsigned s = SLAB_FULL; s < SLAB_STATES; s++) {
            uint32_t expected = census.slabs[c][s];
            uint32_t length =
                check_list(*slab_list(cache, s), expected, is_slab_in_state,
                           c * SLAB_STATES + s,
                           "invariant 8: a cache list is a doubly linked "
                           "list of the cache's slabs in its state");
            if (length == UINT32_MAX)
                return 0;
            ok &= check(length == expected, cache,
                        "invariant 8: every slab is on its cache's list for "
                        "its state");
        }
        ok &= check(census.slabs[c][SLAB_EMPTY] <= 1, cache,
                    "invariant 9: a cache holds at most one empty slab");
        empty_slabs += census.slabs[c][SLAB_EMPTY];
    }
    ok &= check(empty_slabs == control->empty_slabs_held, control,
                "invariant 9: empty_slabs_held counts the empty slabs");
    return ok;
}

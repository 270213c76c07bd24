/*
 * simple.c - simple segregated storage: fixed-size blocks carved out of
 * whole pages, one size class per page, no per-block header.
 *
 * The algorithm in three lines:
 *   1. A small request is rounded up to one of 22 size classes. Each class
 *      owns a set of 4 KiB pages ("slabs") cut into blocks of exactly that
 *      size, and a singly linked list of its free blocks threaded through
 *      the blocks themselves; malloc pops the head, free pushes it back.
 *   2. When a class's list is empty, a new page is cut up for it; pages are
 *      never split further, never merged, and never change class.
 *   3. A request larger than the largest class gets a run of whole pages of
 *      its own; freed runs are binned by length and serve later runs and
 *      slabs, and adjacent free runs are merged, lazily, before the heap
 *      grows.
 *
 * The heap, from mem_heap_lo() to the break:
 *
 *   +---------------+--------+--------+---------------+--------+-----+
 *   | control block | slab   | slab   | run (3 pages) | slab   | ... |
 *   +---------------+--------+--------+---------------+--------+-----+
 *                   ^ base: pages are counted from here
 *
 * The control block holds all of the allocator's state: the class lists,
 * the run bins, the last run and the table from sizes to classes. mm_init
 * places it with mem_sbrk; the allocator's only global is a pointer to it.
 *
 * A block has no header. Its size is a property of its page: every slab
 * and every run begins with a 16-byte descriptor, and since slabs are one
 * page and pages are counted from the base, rounding a payload's distance
 * from the base down to a multiple of 4096 finds the descriptor. (A run's
 * payload is in its first page, so the same rounding finds the run's
 * descriptor too.)
 *
 *   slab page (4096 bytes), class of size s, n = 4080 / s blocks
 *   +------------+---------+---------+-----+-----------+----------+
 *   | descriptor | block 0 | block 1 | ... | block n-1 | leftover |
 *   +------------+---------+---------+-----+-----------+----------+
 *    16 bytes     s bytes; a free block holds only the next link
 *
 *   run of p pages
 *   +------------+-----------------------------------------------+
 *   | descriptor | payload (p * 4096 - 16 bytes)                 |
 *   +------------+-----------------------------------------------+
 *                 a free run keeps its bin's next and prev links here
 *
 *   descriptor: | kind (4) | size_class (2) | free_blocks (2) |
 *               | pages (4) | checker_tally (4) |
 *
 * kind is one of three four-letter tags ("SLAB", "USED" run, "FREE" run),
 * so a page that is not a descriptor, or a descriptor hit by a stray
 * write, is recognised. Slabs are one page because the rounding must land
 * on the descriptor from every block; a multi-page slab would need a
 * descriptor on each page, or a page table.
 *
 * Size classes. Up to 128 bytes the classes are 16 bytes apart. Above
 * that each class is the largest multiple of 16 of which n blocks still
 * fit in a slab, for n = 25, 21, 18, 15, 12, 10, 9, 8, 7, 6, 5, 4, 3, 2:
 * a slab's leftover stays below n granules, and neighbouring classes are
 * 12% to 50% apart. Beyond 2032 bytes (two per slab) a whole page per
 * block is no worse than a slab, so runs take over.
 *
 * Large runs. Free runs are kept in doubly linked bins by page count:
 * one bin for each count from 1 to 31 pages, and one for all longer runs.
 * A new run (or a new slab, which is a one-page run) takes the best fit:
 * the head of the first non-empty exact bin, else the best fit in the
 * long bin; the pages it does not need become a free run of their own.
 * The exact bins keep that search short: one list of every free run would
 * be walked from end to end on every large request.
 *
 * A run does not merge with its neighbours when it is freed: without
 * boundary tags it cannot find the run below it. Instead, when no free run
 * fits and some run was freed since the last time, one walk over the
 * descriptors in address order merges every group of adjacent free runs
 * and rebins them. Only if that fails too does the heap grow, and then
 * only by the pages missing when the last run of the heap (last_run) is
 * free. Without the merging, a block grown by realloc would leave a trail
 * of freed runs, each too small for the next step; the walk costs time
 * only when the heap would otherwise grow.
 *
 * realloc stays in place when the new size fits the block's class or run
 * (a run that shrinks gives its tail pages back as a free run), grows a
 * run in place when it ends at the heap top, and otherwise is malloc,
 * copy, free.
 *
 * Fragmentation. Internal: a request is rounded up to its class (by less
 * than 16 bytes up to 128, by less than the gap to the next class above),
 * a run to whole pages (almost a page lost just above a page multiple),
 * plus the slab leftovers. External, and worse: a free block can only
 * serve its own class, so a program that frees many 48-byte blocks and
 * then asks for 64-byte ones grows the heap while holding all the free
 * memory it needs, and a slab whose blocks are all free still belongs to
 * its class. Every class in use also costs at least one page, which
 * dominates tiny heaps. This is the price of the speed: small malloc and
 * free are a few loads and stores, with no searching, splitting or
 * merging.
 *
 * Invariants
 *   1. The control block starts the heap and the base follows it; from the
 *      base to the break (end) the heap is whole pages.
 *   2. Slabs and runs tile [base, end): each starts with a descriptor of
 *      kind SLAB, USED or FREE whose page count fits in the heap; a slab is
 *      one page and names a class in range; a run names RUN_CLASS.
 *   3. A slab counts no more free blocks than it holds.
 *   4. The list of class c holds exactly the free blocks of class c: each
 *      lies on a block boundary of a slab of class c, and each slab's
 *      free_blocks counts its blocks on that list.
 *   5. The run bins hold exactly the runs of kind FREE, each in the bin for
 *      its page count, doubly linked (prev of the first is NULL).
 *   6. last_run is the slab or run that ends at the break (NULL while the
 *      heap holds none).
 *   7. Unless runs_freed_since_merge is set, no two free runs are
 *      adjacent: the last merging walk joined them all.
 *
 * Complexity: small malloc and free O(1); a new slab O(blocks per slab)
 * to thread its blocks, plus what a new run costs; large malloc O(bins)
 * for runs under 32 pages and O(long free runs) above, plus O(slabs +
 * runs) for a merging walk, at most one per heap growth that follows a
 * run being freed; large free O(1).
 *
 * mm_checkheap checks invariant 1, walks the descriptors (invariants 2, 3,
 * 6 and 7, summing the slabs' free counts per class and counting the free
 * runs), follows every class list (invariant 4: each entry inside the
 * heap, in a slab of the list's class, on a block boundary; no list longer
 * than its slabs' counts allow, which catches a block listed twice: in a
 * singly linked list that is a cycle), compares each slab's count with the
 * entries found in it, and follows the run bins (invariant 5). The
 * per-slab count uses each descriptor's checker_tally as scratch space,
 * the only field mm_checkheap writes. Each broken invariant is one line on
 * stderr with its number and a payload address: the block's, the run's,
 * or for a slab its first block's. A descriptor too broken to find the
 * next one from ends the check.
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
    PAGE_BYTES = 4096,     /* slab and run unit */
    DESCRIPTOR_SIZE = 16,  /* at the start of every slab and run */
    SLAB_CAPACITY = PAGE_BYTES - DESCRIPTOR_SIZE, /* bytes for blocks */
    GRANULE = ALIGNMENT,   /* class sizes are multiples of this */
};

/* Four ASCII letters each, so that they read as words in a hex dump. */
enum {
    SLAB_TAG = 0x42414c53u,     /* "SLAB" in little-endian memory */
    RUN_USED_TAG = 0x44455355u, /* "USED" */
    RUN_FREE_TAG = 0x45455246u, /* "FREE" */
};

/* Block sizes of the classes, ascending; blocks per slab in the comments. */
static const uint16_t class_sizes[] = {
    16,   /* 255 */ 32,  /* 127 */ 48,  /* 85 */  64,  /* 63 */
    80,   /* 51 */  96,  /* 42 */  112, /* 36 */  128, /* 31 */
    160,  /* 25 */  192, /* 21 */  224, /* 18 */  272, /* 15 */
    336,  /* 12 */  400, /* 10 */  448, /* 9 */   496, /* 8 */
    576,  /* 7 */   672, /* 6 */   816, /* 5 */   1008, /* 4 */
    1360, /* 3 */   2032, /* 2 */
};

enum {
    EXACT_RUN_BINS = 31, /* bins 0..30: runs of exactly 1..31 pages */
    LONG_RUN_BIN = EXACT_RUN_BINS, /* every longer run, searched best fit */
    RUN_BIN_COUNT = LONG_RUN_BIN + 1,
    CLASS_COUNT = sizeof class_sizes / sizeof class_sizes[0],
    LARGEST_CLASS = 2032,
    RUN_CLASS = CLASS_COUNT, /* size_class of a run's descriptor */
    GRANULE_SLOTS = LARGEST_CLASS / GRANULE + 1, /* sizes 0..LARGEST_CLASS */
};

_Static_assert(DESCRIPTOR_SIZE % ALIGNMENT == 0,
               "blocks after the descriptor must stay aligned");
_Static_assert(PAGE_BYTES % ALIGNMENT == 0, "pages must be aligned");
_Static_assert(LARGEST_CLASS * 2 <= SLAB_CAPACITY,
               "the largest class must fit twice in a slab");

/* The first 16 bytes of every slab and run. */
typedef struct {
    uint32_t kind;          /* SLAB_TAG, RUN_USED_TAG or RUN_FREE_TAG */
    uint16_t size_class;    /* slab: index into class_sizes; run: RUN_CLASS */
    uint16_t free_blocks;   /* slab: its blocks on the class free list */
    uint32_t pages;         /* pages governed: 1 for a slab, p for a run */
    uint32_t checker_tally; /* mm_checkheap's count of listed blocks */
} descriptor_t;

/* A free block of a slab: nothing but the link of its class list. */
typedef struct free_block {
    struct free_block *next; /* next free block of the same class */
} free_block_t;

/* A free run: its descriptor, then the links of its bin. */
typedef struct free_run {
    descriptor_t descriptor;
    struct free_run *next; /* next free run in the same bin */
    struct free_run *prev; /* previous one, NULL for the bin's head */
} free_run_t;

_Static_assert(sizeof(descriptor_t) == DESCRIPTOR_SIZE,
               "descriptor layout is 16 bytes");
_Static_assert(sizeof(free_block_t) <= GRANULE,
               "the next link must fit in the smallest block");

/* All of the allocator's state, at the start of the heap. */
typedef struct {
    free_block_t *class_lists[CLASS_COUNT]; /* free blocks per class, LIFO */
    free_run_t *run_bins[RUN_BIN_COUNT];    /* free runs by page count */
    char *end;                              /* the break: past the last page */
    descriptor_t *last_run;      /* the slab or run ending at the break */
    bool runs_freed_since_merge; /* coalesce_runs could find new pairs */
    uint8_t class_of_granules[GRANULE_SLOTS]; /* ceil(size/16) -> class */
} control_t;

enum {
    /* The control block rounded up, so that the base stays aligned. */
    CONTROL_SIZE = (sizeof(control_t) + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT,
};

/* Where mm_init placed the control block: the allocator's only global. */
static control_t *control;

/* ---- Pages, descriptors and classes ------------------------------------ */

/* The first byte after the control block, where the first page starts. */
static inline char *heap_base(void) { return (char *)control + CONTROL_SIZE; }

/* The descriptor of the slab or run holding addr: its page's start. */
static inline descriptor_t *page_of(const void *addr)
{
    size_t from_base = (size_t)((const char *)addr - heap_base());
    return (descriptor_t *)(heap_base() + (from_base & ~(size_t)(PAGE_BYTES - 1)));
}

static inline char *page_after_descriptor(descriptor_t *d)
{
    return (char *)d + DESCRIPTOR_SIZE;
}

static inline size_t class_size(unsigned size_class)
{
    return class_sizes[size_class];
}

/* The class of a request of at most LARGEST_CLASS bytes. */
static inline unsigned class_of(size_t size)
{
    return control->class_of_granules[(size + GRANULE - 1) / GRANULE];
}

static inline size_t blocks_per_slab(unsigned size_class)
{
    return SLAB_CAPACITY / class_size(size_class);
}

/* The payload bytes of the block at payload: its class size in a slab,
 * everything after the descriptor in a run. */
static inline size_t payload_capacity(const void *payload)
{
    const descriptor_t *d = page_of(payload);
    if (d->kind == SLAB_TAG)
        return class_size(d->size_class);
    return (size_t)d->pages * PAGE_BYTES - DESCRIPTOR_SIZE;
}

/* Pages for a run whose payload holds size bytes; size <= MAX_HEAP. */
static inline size_t pages_for_run(size_t size)
{
    return (size + DESCRIPTOR_SIZE + PAGE_BYTES - 1) / PAGE_BYTES;
}

static inline char *pages_end(descriptor_t *d)
{
    return (char *)d + (size_t)d->pages * PAGE_BYTES;
}

static void set_descriptor(descriptor_t *d, uint32_t kind, unsigned size_class,
                           size_t pages)
{
    d->kind = kind;
    d->size_class = (uint16_t)size_class;
    d->free_blocks = 0;
    d->pages = (uint32_t)pages;
    d->checker_tally = 0;
}

/* ---- Runs of pages ------------------------------------------------------ */

/* Extend the break by bytes and return the old break, or NULL when the
 * arena has no room (checked first, so mem_sbrk prints nothing). */
static char *extend_heap(size_t bytes)
{
    if (bytes > MAX_HEAP - mem_heapsize())
        return NULL;
    void *old_break = mem_sbrk((intptr_t)bytes);
    if (old_break == (void *)-1)
        return NULL;
    control->end = (char *)old_break + bytes;
    return old_break;
}

static inline unsigned run_bin(size_t pages)
{
    return pages <= EXACT_RUN_BINS ? (unsigned)pages - 1 : LONG_RUN_BIN;
}

static inline free_run_t *list_next(const free_run_t *run) { return run->next; }

static inline free_run_t *list_prev(const free_run_t *run) { return run->prev; }

/* Put free run on the head of the bin for its page count. */
static void list_insert(free_run_t *run)
{
    free_run_t **head = &control->run_bins[run_bin(run->descriptor.pages)];
    run->prev = NULL;
    run->next = *head;
    if (run->next != NULL)
        run->next->prev = run;
    *head = run;
}

static void list_remove(free_run_t *run)
{
    assert(run->descriptor.kind == RUN_FREE_TAG && "only a free run is in a bin");
    if (list_prev(run) != NULL)
        list_prev(run)->next = list_next(run);
    else
        control->run_bins[run_bin(run->descriptor.pages)] = list_next(run);
    if (list_next(run) != NULL)
        list_next(run)->prev = list_prev(run);
}

/* Mark pages [start, start + pages * PAGE_BYTES) a free run. */
static void free_pages(char *start, size_t pages)
{
    free_run_t *run = (free_run_t *)start;
    set_descriptor(&run->descriptor, RUN_FREE_TAG, RUN_CLASS, pages);
    list_insert(run);
    control->runs_freed_since_merge = true;
}

/* Cut d down to pages, returning the pages after them as a free run. */
static void trim_run(descriptor_t *d, size_t pages)
{
    assert(pages >= 1 && pages <= d->pages && "a run keeps 1..all pages");
    if (pages < d->pages) {
        char *tail = (char *)d + pages * PAGE_BYTES;
        free_pages(tail, d->pages - pages);
        if (control->last_run == d)
            control->last_run = (descriptor_t *)tail;
        d->pages = (uint32_t)pages;
    }
}

/* A free run with the fewest pages >= pages, still in its bin, or NULL.
 * The head of the first non-empty exact bin is such a run; the long bin
 * is searched for the best fit (the first exact fit ends the search). */
static free_run_t *find_fit(size_t pages)
{
    for (unsigned bin = run_bin(pages); bin < LONG_RUN_BIN; bin++) {
        if (control->run_bins[bin] != NULL)
            return control->run_bins[bin];
    }
    free_run_t *best = NULL;
    for (free_run_t *run = control->run_bins[LONG_RUN_BIN]; run != NULL;
         run = list_next(run)) {
        size_t have = run->descriptor.pages;
        if (have >= pages && (best == NULL || have < best->descriptor.pages)) {
            best = run;
            if (have == pages)
                break;
        }
    }
    return best;
}

/* Take the free run off its bin and make it a used run of pages pages,
 * freeing the pages it does not need. */
static descriptor_t *place(free_run_t *run, size_t pages)
{
    list_remove(run);
    run->descriptor.kind = RUN_USED_TAG;
    trim_run(&run->descriptor, pages);
    return &run->descriptor;
}

/* Merge each group of adjacent free runs into one, in a single walk over
 * the heap in address order, and rebin the free runs. */
static void coalesce_runs(void)
{
    memset(control->run_bins, 0, sizeof control->run_bins);
    control->runs_freed_since_merge = false;
    free_run_t *open = NULL; /* the free run a following free run joins */
    char *at = heap_base();
    while (at < control->end) {
        descriptor_t *d = (descriptor_t *)at;
        at = pages_end(d);
        if (d->kind != RUN_FREE_TAG) {
            if (open != NULL)
                list_insert(open);
            open = NULL;
        } else if (open != NULL) {
            open->descriptor.pages += d->pages;
            if (control->last_run == d)
                control->last_run = &open->descriptor;
        } else {
            open = (free_run_t *)d;
        }
    }
    if (open != NULL)
        list_insert(open);
}

/* A run of exactly pages pages, descriptor to be set by the caller: the
 * best-fitting free run, trimmed; failing that, the same after merging
 * adjacent free runs (only worth a walk if a run was freed since the last
 * one); failing that, the free run at the heap top extended by the
 * missing pages, or new pages from the top. */
static descriptor_t *take_pages(size_t pages)
{
    free_run_t *run = find_fit(pages);
    if (run == NULL && control->runs_freed_since_merge) {
        coalesce_runs();
        run = find_fit(pages);
    }
    if (run != NULL)
        return place(run, pages);
    descriptor_t *top = control->last_run;
    bool top_is_free = top != NULL && top->kind == RUN_FREE_TAG;
    size_t reused = top_is_free ? top->pages : 0;
    char *start = extend_heap((pages - reused) * PAGE_BYTES);
    if (start == NULL)
        return NULL;
    descriptor_t *d = (descriptor_t *)start;
    if (top_is_free) {
        list_remove((free_run_t *)top);
        d = top;
    }
    d->kind = RUN_USED_TAG;
    d->pages = (uint32_t)pages;
    control->last_run = d;
    return d;
}

/* ---- Slabs and blocks --------------------------------------------------- */

/* Cut a fresh page into blocks of size_class and list them, lowest address
 * first. Returns false when the arena is full. */
static bool add_slab(unsigned size_class)
{
    descriptor_t *d = take_pages(1);
    if (d == NULL)
        return false;
    set_descriptor(d, SLAB_TAG, size_class, 1);
    size_t size = class_size(size_class);
    size_t count = blocks_per_slab(size_class);
    char *first = page_after_descriptor(d);
    for (size_t i = count; i-- > 0;) {
        free_block_t *b = (free_block_t *)(first + i * size);
        b->next = control->class_lists[size_class];
        control->class_lists[size_class] = b;
    }
    d->free_blocks = (uint16_t)count;
    return true;
}

static void *allocate_small(unsigned size_class)
{
    if (control->class_lists[size_class] == NULL && !add_slab(size_class))
        return NULL;
    free_block_t *b = control->class_lists[size_class];
    control->class_lists[size_class] = b->next;
    page_of(b)->free_blocks--;
    return b;
}

static void *allocate_run(size_t size)
{
    descriptor_t *d = take_pages(pages_for_run(size));
    if (d == NULL)
        return NULL;
    set_descriptor(d, RUN_USED_TAG, RUN_CLASS, d->pages);
    return page_after_descriptor(d);
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
    control->end = heap_base();
    unsigned size_class = 0;
    for (size_t granules = 0; granules < GRANULE_SLOTS; granules++) {
        while (class_size(size_class) < granules * GRANULE)
            size_class++;
        assert(class_size(size_class) % GRANULE == 0 &&
               "class sizes must keep every block aligned");
        control->class_of_granules[granules] = (uint8_t)size_class;
    }
    assert(class_size(CLASS_COUNT - 1) == LARGEST_CLASS &&
           "LARGEST_CLASS must name the last entry of class_sizes");
    return 0;
}

void *mm_malloc(size_t size)
{
    if (size <= LARGEST_CLASS)
        return allocate_small(class_of(size));
    if (size > MAX_HEAP)
        return NULL;
    return allocate_run(size);
}

void mm_free(void *ptr)
{
    if (ptr == NULL)
        return;
    descriptor_t *d = page_of(ptr);
    if (d->kind == SLAB_TAG) {
        free_block_t *b = ptr;
        b->next = control->class_lists[d->size_class];
        control->class_lists[d->size_class] = b;
        d->free_blocks++;
        return;
    }
    assert(d->kind == RUN_USED_TAG && ptr == page_after_descriptor(d) &&
           "free of a pointer that is not an allocated block");
    free_pages((char *)d, d->pages);
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
    descriptor_t *d = page_of(ptr);
    size_t capacity = payload_capacity(ptr);
    if (d->kind == SLAB_TAG) {
        if (size <= capacity)
            return ptr;
    } else {
        assert(d->kind == RUN_USED_TAG &&
               "realloc of a pointer that is not an allocated block");
        size_t pages = pages_for_run(size);
        if (pages <= d->pages) {
            trim_run(d, pages);
            return ptr;
        }
        if (d == control->last_run &&
            extend_heap((pages - d->pages) * PAGE_BYTES) != NULL) {
            d->pages = (uint32_t)pages;
            return ptr;
        }
    }
    void *moved = mm_malloc(size);
    if (moved == NULL)
        return NULL;
    /* The block does not record the size asked for; its capacity is
     * smaller than size here, and copying all of it keeps that prefix. */
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

/* Report the invariant `what` when it does not hold, naming the block (if
 * any) by its payload address; return whether it holds. */
static bool check(bool holds, const void *payload, const char *what)
{
    if (holds)
        return true;
    if (payload != NULL)
        fprintf(stderr, "mm_checkheap: %s (block with payload %p)\n", what, payload);
    else
        fprintf(stderr, "mm_checkheap: %s\n", what);
    return false;
}

/* The payload that names a slab or run in the checker's messages: the
 * run's payload, or the slab's first block. */
static inline const void *named_payload(descriptor_t *d)
{
    return page_after_descriptor(d);
}

/* Walk the slabs and runs by their page counts (invariants 2, 3, 6 and 7);
 * add each slab's free count to free_per_class, count the free runs, and
 * clear the tallies. False when a descriptor is too broken to find the
 * next one from. */
static bool walk_pages(int verbose, size_t free_per_class[CLASS_COUNT],
                       size_t *free_run_count, bool *ok)
{
    bool previous_was_free_run = false;
    descriptor_t *last = NULL;
    for (char *at = heap_base(); at < control->end; at = pages_end(last)) {
        descriptor_t *d = (descriptor_t *)at;
        size_t pages_left = (size_t)(control->end - at) / PAGE_BYTES;
        if (!check(d->kind == SLAB_TAG || d->kind == RUN_USED_TAG ||
                       d->kind == RUN_FREE_TAG,
                   named_payload(d),
                   "invariant 2: the descriptor's kind is SLAB, USED or FREE "
                   "(the check stops here)") ||
            !check(d->pages >= 1 && d->pages <= pages_left &&
                       (d->kind != SLAB_TAG || d->pages == 1),
                   named_payload(d),
                   "invariant 2: the page count fits in the heap, one for a slab "
                   "(the check stops here)"))
            return false;
        last = d;
        if (verbose > 0)
            fprintf(stderr, "  page %p: %s, class %u, %u pages, %u free blocks\n",
                    (void *)d,
                    d->kind == SLAB_TAG       ? "slab"
                    : d->kind == RUN_USED_TAG ? "used run"
                                              : "free run",
                    d->size_class, d->pages, d->free_blocks);
        d->checker_tally = 0;
        bool free_run = d->kind == RUN_FREE_TAG;
        if (d->kind == SLAB_TAG) {
            bool class_ok = check(d->size_class < CLASS_COUNT, named_payload(d),
                                  "invariant 2: a slab names a class in range");
            bool count_ok = class_ok &&
                            check(d->free_blocks <= blocks_per_slab(d->size_class),
                                  named_payload(d),
                                  "invariant 3: a slab counts no more free blocks "
                                  "than it holds");
            if (count_ok)
                free_per_class[d->size_class] += d->free_blocks;
            *ok &= count_ok;
        } else {
            *ok &= check(d->size_class == RUN_CLASS, named_payload(d),
                         "invariant 2: a run names RUN_CLASS");
        }
        *ok &= check(!(free_run && previous_was_free_run) ||
                         control->runs_freed_since_merge,
                     named_payload(d),
                     "invariant 7: no free run follows a free run unless a merge is "
                     "pending");
        *free_run_count += free_run;
        previous_was_free_run = free_run;
    }
    *ok &= check(control->last_run == last,
                 control->last_run ? named_payload(control->last_run) : NULL,
                 "invariant 6: last_run is the slab or run that ends at the break");
    return true;
}

/* Is b the start of a block of the slab of size_class that holds it? */
static bool on_block_boundary(const free_block_t *b, unsigned size_class)
{
    uintptr_t at = (uintptr_t)b;
    descriptor_t *d = page_of(b);
    uintptr_t first = (uintptr_t)page_after_descriptor(d);
    if (d->kind != SLAB_TAG || d->size_class != size_class || at < first)
        return false;
    size_t offset = (size_t)(at - first);
    return offset % class_size(size_class) == 0 &&
           offset / class_size(size_class) < blocks_per_slab(size_class);
}

/* Follow the list of size_class (invariant 4), tallying its entries in
 * their slabs; expected is the sum of the slabs' free counts. False when
 * the list is broken, and then the slabs' tallies mean nothing. */
static bool class_list_consistent(unsigned size_class, size_t expected)
{
    size_t seen = 0;
    uintptr_t lo = (uintptr_t)heap_base(), hi = (uintptr_t)control->end;
    const void *before = NULL;
    for (free_block_t *b = control->class_lists[size_class]; b != NULL;
         before = b, b = b->next) {
        if (!check((uintptr_t)b >= lo && (uintptr_t)b < hi, before,
                   "invariant 4: the class list link after this block stays inside "
                   "the heap") ||
            !check(on_block_boundary(b, size_class), b,
                   "invariant 4: every entry is a block of a slab of the list's class") ||
            !check(++seen <= expected, b,
                   "invariant 4: the class list is no longer than its slabs' free "
                   "counts (a block listed twice, or a wrong count)"))
            return false;
        page_of(b)->checker_tally++;
    }
    return true;
}

/* After complete list walks, compare each slab's tally with its count
 * (invariant 4). */
static bool slab_tallies_consistent(const bool list_intact[CLASS_COUNT])
{
    bool ok = true;
    for (char *at = heap_base(); at < control->end;) {
        descriptor_t *d = (descriptor_t *)at;
        if (d->kind == SLAB_TAG && d->size_class < CLASS_COUNT &&
            list_intact[d->size_class])
            ok &= check(d->checker_tally == d->free_blocks, named_payload(d),
                        "invariant 4: a slab's free count equals its blocks on the "
                        "class list");
        at = pages_end(d);
    }
    return ok;
}

/* Follow every run bin (invariant 5): free runs inside the heap, in the
 * bin of their page count, with consistent prev links, as many in all as
 * the walk found. */
static bool run_bins_consistent(size_t expected)
{
    size_t seen = 0;
    uintptr_t lo = (uintptr_t)heap_base(), hi = (uintptr_t)control->end;
    for (unsigned bin = 0; bin < RUN_BIN_COUNT; bin++) {
        free_run_t *before = NULL;
        for (free_run_t *run = control->run_bins[bin]; run != NULL;
             before = run, run = list_next(run)) {
            uintptr_t at = (uintptr_t)run;
            const void *payload = page_after_descriptor(&run->descriptor);
            if (!check(at >= lo && at < hi && (at - lo) % PAGE_BYTES == 0,
                       before ? page_after_descriptor(&before->descriptor) : NULL,
                       "invariant 5: the bin link after this run leads to a page of "
                       "the heap") ||
                !check(run->descriptor.kind == RUN_FREE_TAG &&
                           run_bin(run->descriptor.pages) == bin,
                       payload, "invariant 5: every entry is a free run of its bin's "
                                "page count") ||
                !check(list_prev(run) == before, payload,
                       "invariant 5: each entry's prev is the entry before it") ||
                !check(++seen <= expected, payload,
                       "invariant 5: the bins hold no more runs than the heap's free "
                       "runs (a cycle?)"))
                return false;
        }
    }
    return check(seen == expected, NULL,
                 "invariant 5: the bins hold as many runs as the heap has free runs");
}

int mm_checkheap(int verbose)
{
    char *heap_end = (char *)mem_heap_hi() + 1;
    if (!check(control == mem_heap_lo() && mem_heapsize() >= CONTROL_SIZE &&
                   control->end == heap_end &&
                   (size_t)(control->end - heap_base()) % PAGE_BYTES == 0,
               NULL, "invariant 1: the control block starts the heap and whole pages "
                     "follow it up to the break (has mm_init run?)"))
        return 0;
    if (verbose > 0)
        fprintf(stderr, "mm_checkheap: base %p, %zu pages\n", (void *)heap_base(),
                (size_t)(control->end - heap_base()) / PAGE_BYTES);
    bool ok = true;
    size_t free_per_class[CLASS_COUNT] = {0};
    size_t free_run_count = 0;
    if (!walk_pages(verbose, free_per_class, &free_run_count, &ok))
        return 0; /* the list checks would only repeat the damage */
    bool list_intact[CLASS_COUNT];
    for (unsigned c = 0; c < CLASS_COUNT; c++) {
        list_intact[c] = class_list_consistent(c, free_per_class[c]);
        ok &= list_intact[c];
    }
    ok &= slab_tallies_consistent(list_intact);
    ok &= run_bins_consistent(free_run_count);
    return ok;
}

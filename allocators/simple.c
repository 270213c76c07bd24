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
 * A block has no header. Its size is a property of its page: every slab
 * and every run begins with a 16-byte descriptor, and since the heap
 * starts on a page boundary and slabs are one page, clearing the low 12
 * bits of any payload address finds the descriptor. (A run's payload is in
 * its first page, so the same mask finds the run's descriptor too.)
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
 * write, is recognised. Slabs are one page because the mask must land on
 * the descriptor from every block; a multi-page slab would need a
 * descriptor on each page, or a page table outside the heap.
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
 * (With one list instead of bins, the best-fit search walked hundreds of
 * runs scattered over as many pages, and made this allocator slower than
 * segregated fit on traces of large requests.)
 *
 * A run does not merge with its neighbours when it is freed: without
 * boundary tags it cannot find the run below it. Instead, when no free run
 * fits and some run was freed since the last time, one walk over the
 * descriptors in address order merges every group of adjacent free runs
 * and rebins them. Only if that fails too does the heap grow, and then
 * only by the pages missing when the last run of the heap (last_run) is
 * free. Without the merging, a block grown by realloc leaves a trail of
 * freed runs, each too small for the next step, and realloc-heavy traces
 * used about 5% of the heap; the walk costs time only when the heap would
 * otherwise grow.
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
 * Invariants:
 *   - The heap starts on a page boundary and is a sequence of slabs and
 *     runs, each starting with a descriptor, tiling [first_page, end).
 *   - free_blocks[c] lists exactly the free blocks of class c; each lies
 *     on a block boundary of a slab of class c, whose free_blocks field
 *     counts how many of its blocks are on that list.
 *   - The run bins hold exactly the runs whose kind is "FREE", each in the
 *     bin for its page count; last_run is the slab or run that ends at the
 *     break (NULL while the heap is empty).
 *   - Unless runs_freed_since_merge is set, no two free runs are
 *     adjacent: the last merging walk joined them all.
 *
 * Complexity: small malloc and free O(1); a new slab O(blocks per slab)
 * to thread its blocks, plus what a new run costs; large malloc O(bins)
 * for runs under 32 pages and O(long free runs) above, plus O(slabs +
 * runs) for a merging walk, at most one per heap growth that follows a
 * run being freed; large free O(1).
 *
 * mm_checkheap verifies: the heap is whole pages ending at the break; a
 * walk by descriptors finds valid kinds, classes in range, page counts
 * that fit in the heap, free counts no larger than a slab holds, and
 * covers the heap exactly; every free-list entry is inside the heap, in a
 * slab of its list's class, on a block boundary; no list is longer than
 * its slabs' counts allow (which catches a block listed twice: in a singly
 * linked list that is a cycle); the entries found in each slab equal its
 * free_blocks count; the run bins hold exactly the free runs, each in the
 * bin for its page count, with consistent prev links; last_run is the
 * last descriptor of the walk; adjacent free runs exist only while a
 * merge is pending. The per-slab count uses each descriptor's
 * checker_tally as scratch space, the only field mm_checkheap writes.
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
    PAGE_BYTES = 4096,     /* slab and run unit; divides any system page */
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
    LONG_RUN_BIN = 32, /* bins 1..31: runs of exactly that many pages;
                          this bin: every longer run, searched best fit */
    RUN_BIN_COUNT = LONG_RUN_BIN + 1, /* bin 0 unused: no run is empty */
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

typedef struct page_descriptor {
    uint32_t kind;          /* SLAB_TAG, RUN_USED_TAG or RUN_FREE_TAG */
    uint16_t size_class;    /* slab: index into class_sizes; run: RUN_CLASS */
    uint16_t free_blocks;   /* slab: its blocks on the class free list */
    uint32_t pages;         /* pages governed: 1 for a slab, p for a run */
    uint32_t checker_tally; /* mm_checkheap's count of listed blocks */
} page_descriptor;

typedef struct free_block {
    struct free_block *next; /* next free block of the same class */
} free_block;

typedef struct free_run {
    page_descriptor descriptor;
    struct free_run *next; /* next free run in the same bin */
    struct free_run *prev; /* previous one, NULL for the bin's head */
} free_run;

_Static_assert(sizeof(page_descriptor) == DESCRIPTOR_SIZE,
               "descriptor layout is 16 bytes");
_Static_assert(sizeof(free_block) <= GRANULE,
               "the next link must fit in the smallest block");

/* All allocator state; mm_init resets every field. */
static struct {
    char *first_page; /* heap start, on a PAGE_BYTES boundary */
    char *end;        /* the break: one past the last page */
    free_block *free_blocks[CLASS_COUNT]; /* per class, LIFO */
    free_run *run_bins[RUN_BIN_COUNT];    /* free runs by page count */
    page_descriptor *last_run;   /* the slab or run ending at the break */
    bool runs_freed_since_merge; /* merge_free_runs could find new pairs */
    uint8_t class_of_granules[GRANULE_SLOTS]; /* ceil(size/16) -> class */
} heap;

/* ---- Pages, descriptors and classes ------------------------------------ */

/* The descriptor of the slab or run holding addr: its page start. */
static inline page_descriptor *page_of(const void *addr)
{
    return (page_descriptor *)((uintptr_t)addr & ~(uintptr_t)(PAGE_BYTES - 1));
}

static inline char *page_after_descriptor(page_descriptor *d)
{
    return (char *)d + DESCRIPTOR_SIZE;
}

static inline size_t class_size(unsigned size_class)
{
    return class_sizes[size_class];
}

static inline size_t blocks_per_slab(unsigned size_class)
{
    return SLAB_CAPACITY / class_size(size_class);
}

static inline size_t run_capacity(const page_descriptor *d)
{
    return (size_t)d->pages * PAGE_BYTES - DESCRIPTOR_SIZE;
}

/* Pages for a run whose payload holds size bytes; size <= MAX_HEAP. */
static inline size_t pages_for_run(size_t size)
{
    return (size + DESCRIPTOR_SIZE + PAGE_BYTES - 1) / PAGE_BYTES;
}

static inline char *pages_end(page_descriptor *d)
{
    return (char *)d + (size_t)d->pages * PAGE_BYTES;
}

static void set_descriptor(page_descriptor *d, uint32_t kind,
                           unsigned size_class, size_t pages)
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
static char *grow_break(size_t bytes)
{
    if (bytes > MAX_HEAP - mem_heapsize())
        return NULL;
    void *old_break = mem_sbrk((intptr_t)bytes);
    if (old_break == (void *)-1)
        return NULL;
    heap.end = (char *)old_break + bytes;
    return old_break;
}

static inline unsigned run_bin(size_t pages)
{
    return pages < LONG_RUN_BIN ? (unsigned)pages : LONG_RUN_BIN;
}

/* Put free run on the head of the bin for its page count. */
static void bin_free_run(free_run *run)
{
    free_run **head = &heap.run_bins[run_bin(run->descriptor.pages)];
    run->prev = NULL;
    run->next = *head;
    if (run->next != NULL)
        run->next->prev = run;
    *head = run;
}

static void unbin_free_run(free_run *run)
{
    assert(run->descriptor.kind == RUN_FREE_TAG &&
           "only a free run is in a bin");
    if (run->prev != NULL)
        run->prev->next = run->next;
    else
        heap.run_bins[run_bin(run->descriptor.pages)] = run->next;
    if (run->next != NULL)
        run->next->prev = run->prev;
}

/* Mark pages [start, start + pages * PAGE_BYTES) a free run. */
static void push_free_run(char *start, size_t pages)
{
    free_run *run = (free_run *)start;
    set_descriptor(&run->descriptor, RUN_FREE_TAG, RUN_CLASS, pages);
    bin_free_run(run);
    heap.runs_freed_since_merge = true;
}

/* Cut d down to pages, returning the pages after them as a free run. */
static void trim_run(page_descriptor *d, size_t pages)
{
    assert(pages >= 1 && pages <= d->pages && "a run keeps 1..all pages");
    if (pages < d->pages) {
        char *tail = (char *)d + pages * PAGE_BYTES;
        push_free_run(tail, d->pages - pages);
        if (heap.last_run == d)
            heap.last_run = (page_descriptor *)tail;
        d->pages = (uint32_t)pages;
    }
}

/* Unbin and return a free run with the fewest pages >= pages, or NULL.
 * The head of the first non-empty exact bin is such a run; the long bin
 * is searched for the best fit (the first exact fit ends the search). */
static free_run *take_best_free_run(size_t pages)
{
    for (unsigned bin = run_bin(pages); bin < LONG_RUN_BIN; bin++) {
        if (heap.run_bins[bin] != NULL) {
            free_run *run = heap.run_bins[bin];
            unbin_free_run(run);
            return run;
        }
    }
    free_run *best = NULL;
    for (free_run *run = heap.run_bins[LONG_RUN_BIN]; run != NULL;
         run = run->next) {
        size_t have = run->descriptor.pages;
        if (have >= pages &&
            (best == NULL || have < best->descriptor.pages)) {
            best = run;
            if (have == pages)
                break;
        }
    }
    if (best != NULL)
        unbin_free_run(best);
    return best;
}

/* Merge each group of adjacent free runs into one, in a single walk over
 * the heap in address order, and rebin the free runs. */
static void merge_free_runs(void)
{
    memset(heap.run_bins, 0, sizeof heap.run_bins);
    heap.runs_freed_since_merge = false;
    free_run *open = NULL; /* the free run a following free run joins */
    char *at = heap.first_page;
    while (at < heap.end) {
        page_descriptor *d = (page_descriptor *)at;
        at = pages_end(d);
        if (d->kind != RUN_FREE_TAG) {
            if (open != NULL)
                bin_free_run(open);
            open = NULL;
        } else if (open != NULL) {
            open->descriptor.pages += d->pages;
            if (heap.last_run == d)
                heap.last_run = &open->descriptor;
        } else {
            open = (free_run *)d;
        }
    }
    if (open != NULL)
        bin_free_run(open);
}

/* A run of exactly pages pages, descriptor to be set by the caller: the
 * best-fitting free run, trimmed; failing that, the same after merging
 * adjacent free runs (only worth a walk if a run was freed since the last
 * one); failing that, the free run at the heap top extended by the
 * missing pages, or new pages from the top. */
static page_descriptor *take_pages(size_t pages)
{
    free_run *run = take_best_free_run(pages);
    if (run == NULL && heap.runs_freed_since_merge) {
        merge_free_runs();
        run = take_best_free_run(pages);
    }
    if (run != NULL) {
        run->descriptor.kind = RUN_USED_TAG;
        trim_run(&run->descriptor, pages);
        return &run->descriptor;
    }
    page_descriptor *top = heap.last_run;
    bool top_is_free = top != NULL && top->kind == RUN_FREE_TAG;
    size_t reused = top_is_free ? top->pages : 0;
    char *start = grow_break((pages - reused) * PAGE_BYTES);
    if (start == NULL)
        return NULL;
    page_descriptor *d = (page_descriptor *)start;
    if (top_is_free) {
        unbin_free_run((free_run *)top);
        d = top;
    }
    d->kind = RUN_USED_TAG;
    d->pages = (uint32_t)pages;
    heap.last_run = d;
    return d;
}

/* ---- Slabs and blocks --------------------------------------------------- */

/* Cut a fresh page into blocks of size_class and list them, lowest address
 * first. Returns false when the arena is full. */
static bool add_slab(unsigned size_class)
{
    page_descriptor *d = take_pages(1);
    if (d == NULL)
        return false;
    set_descriptor(d, SLAB_TAG, size_class, 1);
    size_t size = class_size(size_class);
    size_t count = blocks_per_slab(size_class);
    char *first = page_after_descriptor(d);
    for (size_t i = count; i-- > 0;) {
        free_block *b = (free_block *)(first + i * size);
        b->next = heap.free_blocks[size_class];
        heap.free_blocks[size_class] = b;
    }
    d->free_blocks = (uint16_t)count;
    return true;
}

static void *allocate_small(unsigned size_class)
{
    if (heap.free_blocks[size_class] == NULL && !add_slab(size_class))
        return NULL;
    free_block *b = heap.free_blocks[size_class];
    heap.free_blocks[size_class] = b->next;
    page_of(b)->free_blocks--;
    return b;
}

static void *allocate_run(size_t size)
{
    page_descriptor *d = take_pages(pages_for_run(size));
    if (d == NULL)
        return NULL;
    set_descriptor(d, RUN_USED_TAG, RUN_CLASS, d->pages);
    return page_after_descriptor(d);
}

/* ---- The mm.h interface ------------------------------------------------- */

int mm_init(void)
{
    memset(&heap, 0, sizeof heap);
    char *brk = mem_sbrk(0);
    if (brk == (void *)-1)
        return -1;
    size_t misalignment = (uintptr_t)brk % PAGE_BYTES;
    if (misalignment != 0 &&
        mem_sbrk((intptr_t)(PAGE_BYTES - misalignment)) == (void *)-1)
        return -1;
    heap.first_page = brk + (misalignment ? PAGE_BYTES - misalignment : 0);
    heap.end = heap.first_page;
    unsigned size_class = 0;
    for (size_t granules = 0; granules < GRANULE_SLOTS; granules++) {
        while (class_size(size_class) < granules * GRANULE)
            size_class++;
        assert(class_size(size_class) % GRANULE == 0 &&
               "class sizes must keep every block aligned");
        heap.class_of_granules[granules] = (uint8_t)size_class;
    }
    assert(class_size(CLASS_COUNT - 1) == LARGEST_CLASS &&
           "LARGEST_CLASS must name the last entry of class_sizes");
    return 0;
}

void *mm_malloc(size_t size)
{
    if (size <= LARGEST_CLASS)
        return allocate_small(heap.class_of_granules[(size + GRANULE - 1) /
                                                     GRANULE]);
    if (size > MAX_HEAP)
        return NULL;
    return allocate_run(size);
}

void mm_free(void *ptr)
{
    if (ptr == NULL)
        return;
    page_descriptor *d = page_of(ptr);
    if (d->kind == SLAB_TAG) {
        free_block *b = ptr;
        b->next = heap.free_blocks[d->size_class];
        heap.free_blocks[d->size_class] = b;
        d->free_blocks++;
        return;
    }
    assert(d->kind == RUN_USED_TAG && ptr == page_after_descriptor(d) &&
           "free of a pointer that is not an allocated block");
    push_free_run((char *)d, d->pages);
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
    page_descriptor *d = page_of(ptr);
    size_t capacity;
    if (d->kind == SLAB_TAG) {
        capacity = class_size(d->size_class);
        if (size <= capacity)
            return ptr;
    } else {
        assert(d->kind == RUN_USED_TAG &&
               "realloc of a pointer that is not an allocated block");
        capacity = run_capacity(d);
        size_t pages = pages_for_run(size);
        if (pages <= d->pages) {
            trim_run(d, pages);
            return ptr;
        }
        if (d == heap.last_run &&
            grow_break((pages - d->pages) * PAGE_BYTES) != NULL) {
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

/* Print one broken invariant, naming the address it was found at (where
 * may be NULL when the invariant concerns no single page or block). */
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
    WALK_CLEAN,   /* every descriptor is sound */
    WALK_FLAWED,  /* some descriptor broke an invariant, the walk went on */
    WALK_STOPPED, /* a descriptor too broken to find the next one */
} walk_result;

/* Walk the slabs and runs by their page counts; add each slab's free count
 * to free_per_class, count the free runs, and clear the tallies. */
static walk_result walk_pages(int verbose, size_t free_per_class[CLASS_COUNT],
                              size_t *free_run_count)
{
    walk_result result = WALK_CLEAN;
    bool previous_was_free_run = false;
    page_descriptor *last = NULL;
    char *at = heap.first_page;
    while (at < heap.end) {
        page_descriptor *d = (page_descriptor *)at;
        last = d;
        size_t pages_left = (size_t)(heap.end - at) / PAGE_BYTES;
        if (d->kind != SLAB_TAG && d->kind != RUN_USED_TAG &&
            d->kind != RUN_FREE_TAG) {
            report(d, "descriptor kind 0x%08x is not SLAB, USED or FREE "
                      "(walk stops)", d->kind);
            return WALK_STOPPED;
        }
        if (d->pages == 0 || d->pages > pages_left ||
            (d->kind == SLAB_TAG && d->pages != 1)) {
            report(d, "descriptor claims %u pages with %zu left in the heap "
                      "(walk stops)", d->pages, pages_left);
            return WALK_STOPPED;
        }
        if (verbose > 0)
            fprintf(stderr, "  %p %s class %u pages %u free blocks %u\n",
                    (void *)d,
                    d->kind == SLAB_TAG       ? "slab"
                    : d->kind == RUN_USED_TAG ? "used run"
                                              : "free run",
                    d->size_class, d->pages, d->free_blocks);
        d->checker_tally = 0;
        if (d->kind != SLAB_TAG) {
            if (d->size_class != RUN_CLASS) {
                report(d, "run descriptor has size class %u, not %d",
                       d->size_class, RUN_CLASS);
                result = WALK_FLAWED;
            }
            if (d->kind == RUN_FREE_TAG) {
                (*free_run_count)++;
                if (previous_was_free_run && !heap.runs_freed_since_merge) {
                    report(d, "free run follows another free run, yet no "
                              "merge is pending");
                    result = WALK_FLAWED;
                }
            }
        } else if (d->size_class >= CLASS_COUNT) {
            report(d, "slab size class %u out of range [0, %d)",
                   d->size_class, CLASS_COUNT);
            result = WALK_FLAWED;
        } else if (d->free_blocks > blocks_per_slab(d->size_class)) {
            report(d, "slab of class %u counts %u free blocks but holds "
                      "only %zu", d->size_class, d->free_blocks,
                   blocks_per_slab(d->size_class));
            result = WALK_FLAWED;
        } else {
            free_per_class[d->size_class] += d->free_blocks;
        }
        previous_was_free_run = d->kind == RUN_FREE_TAG;
        at += (size_t)d->pages * PAGE_BYTES;
    }
    if (heap.last_run != last) {
        report(heap.last_run, "recorded as the last slab or run, but the "
                              "last one is %p", (void *)last);
        result = WALK_FLAWED;
    }
    return result;
}

/* Follow the free list of size_class, tallying its entries in their slabs.
 * expected is the sum of the slabs' free counts. */
static bool check_class_list(unsigned size_class, size_t expected)
{
    size_t seen = 0;
    uintptr_t lo = (uintptr_t)heap.first_page, hi = (uintptr_t)heap.end;
    for (free_block *b = heap.free_blocks[size_class]; b != NULL;
         b = b->next) {
        uintptr_t at = (uintptr_t)b;
        if (at < lo || at >= hi) {
            report(b, "on the free list of class %u but outside the heap",
                   size_class);
            return false;
        }
        page_descriptor *d = page_of(b);
        if (d->kind != SLAB_TAG || d->size_class != size_class) {
            report(b, "on the free list of class %u (size %zu) but its page "
                      "%p is not a slab of that class",
                   size_class, class_size(size_class), (void *)d);
            return false;
        }
        size_t offset = (size_t)(at - (uintptr_t)page_after_descriptor(d));
        if (at < (uintptr_t)page_after_descriptor(d) ||
            offset % class_size(size_class) != 0 ||
            offset / class_size(size_class) >= blocks_per_slab(size_class)) {
            report(b, "on the free list of class %u but not on a block "
                      "boundary of slab %p",
                   size_class, (void *)d);
            return false;
        }
        if (++seen > expected) {
            report(b, "free list of class %u is longer than the %zu free "
                      "blocks its slabs count: a block is on it twice (a "
                      "cycle) or a slab's count is wrong",
                   size_class, expected);
            return false;
        }
        d->checker_tally++;
    }
    return true;
}

/* After complete list walks, compare each slab's tally with its count. */
static bool check_slab_tallies(const bool list_intact[CLASS_COUNT])
{
    bool ok = true;
    for (char *at = heap.first_page; at < heap.end;) {
        page_descriptor *d = (page_descriptor *)at;
        if (d->kind == SLAB_TAG && d->size_class < CLASS_COUNT &&
            list_intact[d->size_class] &&
            d->checker_tally != d->free_blocks) {
            report(d, "slab of class %u counts %u free blocks but its class "
                      "list holds %u of them",
                   d->size_class, d->free_blocks, d->checker_tally);
            ok = false;
        }
        at += (size_t)d->pages * PAGE_BYTES;
    }
    return ok;
}

/* Check every run bin: free runs inside the heap, of the bin's page
 * count, with consistent prev links, as many in all as the walk found. */
static bool check_run_bins(size_t expected)
{
    size_t seen = 0;
    uintptr_t lo = (uintptr_t)heap.first_page, hi = (uintptr_t)heap.end;
    for (unsigned bin = 0; bin < RUN_BIN_COUNT; bin++) {
        free_run *prev = NULL;
        for (free_run *run = heap.run_bins[bin]; run != NULL;
             run = run->next) {
            uintptr_t at = (uintptr_t)run;
            if (at < lo || at >= hi || (at - lo) % PAGE_BYTES != 0) {
                report(run, "in run bin %u but not a page inside the heap",
                       bin);
                return false;
            }
            if (run->descriptor.kind != RUN_FREE_TAG ||
                run_bin(run->descriptor.pages) != bin) {
                report(run, "in run bin %u but its descriptor says kind "
                            "0x%08x, %u pages",
                       bin, run->descriptor.kind, run->descriptor.pages);
                return false;
            }
            if (run->prev != prev) {
                report(run, "prev link %p in run bin %u should be %p",
                       (void *)run->prev, bin, (void *)prev);
                return false;
            }
            if (++seen > expected) {
                report(run, "run bins hold more than the %zu free runs in "
                            "the heap (a cycle?)", expected);
                return false;
            }
            prev = run;
        }
    }
    if (seen != expected) {
        report(NULL, "run bins hold %zu runs but the heap has %zu free runs",
               seen, expected);
        return false;
    }
    return true;
}

int mm_checkheap(int verbose)
{
    char *heap_end = (char *)mem_heap_hi() + 1;
    if (heap.end != heap_end ||
        (size_t)(heap.end - heap.first_page) % PAGE_BYTES != 0 ||
        (uintptr_t)heap.first_page % PAGE_BYTES != 0) {
        report(heap.first_page, "heap [%p, %p) is not whole pages ending at "
                                "the break %p",
               (void *)heap.first_page, (void *)heap.end, (void *)heap_end);
        return 0;
    }
    if (verbose > 0)
        fprintf(stderr, "mm_checkheap: heap %p, %zu pages\n",
                (void *)heap.first_page,
                (size_t)(heap.end - heap.first_page) / PAGE_BYTES);
    size_t free_per_class[CLASS_COUNT] = {0};
    size_t free_run_count = 0;
    walk_result walk = walk_pages(verbose, free_per_class, &free_run_count);
    if (walk == WALK_STOPPED)
        return 0; /* the list checks would only repeat the damage */
    bool ok = walk == WALK_CLEAN;
    bool list_intact[CLASS_COUNT];
    for (unsigned c = 0; c < CLASS_COUNT; c++) {
        list_intact[c] = check_class_list(c, free_per_class[c]);
        ok = ok && list_intact[c];
    }
    if (!check_slab_tallies(list_intact))
        ok = false;
    if (!check_run_bins(free_run_count))
        ok = false;
    return ok;
}

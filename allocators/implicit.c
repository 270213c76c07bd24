/*
 * implicit.c - implicit free list with boundary tags: the textbook allocator.
 *
 * Every block, allocated or free, begins with a one-word header and ends
 * with a one-word footer that hold the same value: the block size (a
 * multiple of 16, so its low four bits are always zero) with the
 * "allocated" flag in bit 0. There are no links between free blocks: the
 * list of blocks is implicit in their sizes. The next block starts `size`
 * bytes after this one; the previous block is found through its footer,
 * which sits in the word just before this block's header.
 *
 *     allocated block                      free block
 *     +--------------------+ <- block_t    +--------------------+
 *     | header:  size | 1  |               | header:  size | 0  |
 *     +--------------------+ <- payload    +--------------------+
 *     |                    |   (16-aligned)|                    |
 *     | payload + padding  |               |     (unused)       |
 *     |                    |               |                    |
 *     +--------------------+               +--------------------+
 *     | footer:  size | 1  |               | footer:  size | 0  |
 *     +--------------------+               +--------------------+
 *
 * The heap, from mem_heap_lo() to the break:
 *
 *     +-----+-------------+-------------+-------+-----+-------+----------+
 *     | pad | prologue    | prologue    | block | ... | block | epilogue |
 *     |     | hdr: 16 | 1 | ftr: 16 | 1 |       |     |       | hdr: 0|1 |
 *     +-----+-------------+-------------+-------+-----+-------+----------+
 *       8         8             8                                  8
 *
 * The pad word puts every header one word below a 16-byte boundary, so
 * every payload is aligned. The prologue (an allocated block with no
 * payload) and the epilogue (an allocated header of size 0) are sentinels:
 * coalescing never has to ask whether a neighbour exists, and a walk over
 * the blocks stops at the size-0 header.
 *
 * A request of n bytes needs a block of n + 16 bytes (header and footer)
 * rounded up to a multiple of 16, and at least MIN_BLOCK_SIZE.
 *
 * Policy
 *   malloc   find a free block that fits (see placement below). When none
 *            does, grow the heap by only what is missing: if the last block
 *            is free it already provides part of the request. Split the
 *            chosen block when the rest can form a block of its own.
 *   free     mark the block free and coalesce with free neighbours at once;
 *            coalesce() spells out the four cases.
 *   realloc  shrink in place, freeing the tail; grow in place into a free
 *            next block, or by extending the heap when the block is the last
 *            one; otherwise malloc, copy, free.
 *
 * Placement, chosen at build time with -DPLACEMENT=FIRST_FIT (the default),
 * NEXT_FIT or BEST_FIT:
 *   FIRST_FIT  the first free block, from the start of the heap, that fits.
 *   NEXT_FIT   first fit, but the search starts at the block where the
 *              previous search succeeded (the "rover") and wraps around at
 *              the epilogue. Searches no longer crawl over the small
 *              remainders that first fit leaves near the start of the heap.
 *   BEST_FIT   the smallest free block that fits; the search stops early
 *              on an exact fit.
 *
 * Invariants
 *   1. The prologue is an allocated block of size 16 right after the pad;
 *      the epilogue is an allocated header of size 0 in the heap's last
 *      word.
 *   2. Between them the blocks tile the heap: each starts where the
 *      previous one ends, has a size that is a multiple of 16 and at least
 *      MIN_BLOCK_SIZE, and a 16-aligned payload.
 *   3. Every block's header and footer are equal.
 *   4. No two free blocks are adjacent: coalescing is immediate.
 *   5. NEXT_FIT only: the rover points at a block header or at the
 *      epilogue. When the block under the rover disappears into another
 *      (freed into a free predecessor, or absorbed by a neighbour that
 *      coalesces or grows in place), the rover must move back to the
 *      merged block. Left behind, it would point into the middle of a
 *      block: the search would read payload bytes as a header, and the
 *      wrapped-around search, which stops on reaching the rover, would
 *      step over it and never stop.
 *
 * Complexity (B = number of blocks, allocated and free)
 *   malloc   O(B) under every policy: first and next fit stop at the first
 *            fit, best fit reads every block unless it finds an exact fit.
 *            Each extension of the heap is O(1).
 *   free     O(1): boundary tags make both neighbours one step away.
 *   realloc  O(1) in place, otherwise malloc plus an O(size) copy.
 *
 * mm_checkheap walks the whole heap, O(B), and checks invariants 1 to 5:
 * each block lies inside the heap with an aligned payload and a plausible
 * size, header and footer agree, no free block follows a free block, the
 * prologue and epilogue are intact, and (next fit) the rover sits on a
 * block boundary. Each problem is one line on stderr naming the invariant
 * and the block, by its payload address (the pointer mm_malloc returned).
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

/* The three placement policies; -DPLACEMENT=<one of them> picks one. */
#ifndef FIRST_FIT
#define FIRST_FIT 1
#endif
#ifndef NEXT_FIT
#define NEXT_FIT 2
#endif
#ifndef BEST_FIT
#define BEST_FIT 3
#endif

#ifndef PLACEMENT
#define PLACEMENT FIRST_FIT
#endif

#if PLACEMENT != FIRST_FIT && PLACEMENT != NEXT_FIT && PLACEMENT != BEST_FIT
#error "PLACEMENT must be FIRST_FIT, NEXT_FIT or BEST_FIT"
#endif

/* One header or footer. 64 bits whatever the pointer size, so that a
 * header followed by the payload keeps the payload 16-aligned. */
typedef uint64_t word_t;

enum {
    WORD_SIZE = sizeof(word_t),
    /* Header plus footer: the bytes a block costs beyond its payload. */
    TAGS_SIZE = 2 * WORD_SIZE,
    /* The smallest block: the tags and one aligned unit of payload. A
     * 16-byte block would have no payload at all. */
    MIN_BLOCK_SIZE = TAGS_SIZE + ALIGNMENT,
    /* The prologue is a block with a header, a footer and no payload. */
    PROLOGUE_SIZE = TAGS_SIZE,
};

/* Bit 0 of a tag says whether the block is allocated; the other low bits
 * are zero because sizes are multiples of ALIGNMENT. */
static const word_t ALLOCATED_BIT = 1;
static const word_t SIZE_MASK = ~(word_t)(ALIGNMENT - 1);

_Static_assert(ALIGNMENT == 2 * sizeof(word_t),
               "the layout puts each header one word below an aligned "
               "payload, so ALIGNMENT must be two words");

/* A block as seen from its header. The footer lives at the other end, at
 * an offset known only from the size, so it is reached through
 * block_footer(). */
typedef struct block {
    word_t header;           /* size | allocated bit */
    unsigned char payload[]; /* what mm_malloc hands out; 16-aligned */
} block_t;

/* All of the allocator's state, reset by mm_init. */
static struct {
    block_t *first_block; /* the block after the prologue (the epilogue
                             while the heap holds no block) */
    block_t *rover;       /* NEXT_FIT: where the next search starts; always
                             a block header or the epilogue */
} heap;

/* ---- Tags --------------------------------------------------------------- */

static inline word_t pack(size_t size, bool allocated)
{
    assert((size & ~SIZE_MASK) == 0 && "block sizes are multiples of 16");
    return (word_t)size | (allocated ? ALLOCATED_BIT : 0);
}

static inline size_t tag_size(word_t tag) { return (size_t)(tag & SIZE_MASK); }

static inline bool tag_allocated(word_t tag)
{
    return (tag & ALLOCATED_BIT) != 0;
}

/* ---- Blocks ------------------------------------------------------------- */

static inline size_t block_size(const block_t *block)
{
    return tag_size(block->header);
}

static inline bool block_allocated(const block_t *block)
{
    return tag_allocated(block->header);
}

static inline word_t *block_footer(block_t *block)
{
    return (word_t *)((char *)block + block_size(block) - WORD_SIZE);
}

/* Write the header and the matching footer. */
static inline void write_block(block_t *block, size_t size, bool allocated)
{
    block->header = pack(size, allocated);
    *block_footer(block) = block->header;
}

static inline void *block_payload(block_t *block) { return block->payload; }

static inline block_t *block_from_payload(void *payload)
{
    return (block_t *)((char *)payload - offsetof(block_t, payload));
}

static inline block_t *next_block(block_t *block)
{
    assert(block_size(block) != 0 && "the epilogue has no next block");
    return (block_t *)((char *)block + block_size(block));
}

/* The word just below a header is the previous block's footer. */
static inline block_t *prev_block(block_t *block)
{
    word_t prev_footer = *((word_t *)block - 1);
    return (block_t *)((char *)block - tag_size(prev_footer));
}

static inline bool is_epilogue(const block_t *block)
{
    return block_size(block) == 0;
}

/* The epilogue header is always the heap's last word. */
static inline block_t *epilogue(void)
{
    return (block_t *)((char *)mem_heap_hi() + 1 - WORD_SIZE);
}

/* Block size for a request of `request` bytes. The caller has checked
 * request <= MAX_HEAP, so nothing here can overflow. */
static size_t block_size_for(size_t request)
{
    size_t with_tags = request + TAGS_SIZE;
    size_t rounded = (with_tags + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
    return rounded < MIN_BLOCK_SIZE ? (size_t)MIN_BLOCK_SIZE : rounded;
}

/* ---- Next fit's rover --------------------------------------------------- */

/* Called after `merged` absorbed its neighbours (or grew in place): if the
 * rover pointed at one of the absorbed blocks it now points into the
 * middle of `merged`, so move it back to merged's header. */
static void keep_rover_on_boundary(block_t *merged)
{
    if (PLACEMENT != NEXT_FIT)
        return;
    char *start = (char *)merged;
    char *rover = (char *)heap.rover;
    if (rover > start && rover < start + block_size(merged))
        heap.rover = merged;
}

/* ---- Coalescing, splitting, growing ------------------------------------- */

/* Merge the free block `block` with whichever neighbours are free and
 * return the resulting free block. The prologue and epilogue count as
 * allocated, so both neighbours always exist. */
static block_t *coalesce(block_t *block)
{
    assert(!block_allocated(block) && "only a free block is coalesced");
    block_t *prev = prev_block(block);
    block_t *next = next_block(block);
    bool prev_free = !block_allocated(prev);
    bool next_free = !block_allocated(next);
    size_t size = block_size(block);
    block_t *merged;

    if (!prev_free && !next_free) {
        /* Case 1: both neighbours allocated. Nothing to merge. */
        merged = block;
    } else if (!prev_free && next_free) {
        /* Case 2: the next block is free. It disappears into this one. */
        size += block_size(next);
        write_block(block, size, false);
        merged = block;
    } else if (prev_free && !next_free) {
        /* Case 3: the previous block is free. This one disappears into it. */
        size += block_size(prev);
        write_block(prev, size, false);
        merged = prev;
    } else {
        /* Case 4: both neighbours free. The previous block absorbs both. */
        size += block_size(prev) + block_size(next);
        write_block(prev, size, false);
        merged = prev;
    }
    keep_rover_on_boundary(merged);
    return merged;
}

/* `block` is allocated and at least `size` bytes. Trim it to `size` and
 * free the rest, if the rest is large enough to be a block. The rest is
 * coalesced because realloc may shrink a block whose next block is free. */
static void split(block_t *block, size_t size)
{
    assert(block_allocated(block) && "split trims an allocated block");
    size_t whole = block_size(block);
    assert(whole >= size && "a block cannot be split to a larger size");
    if (whole - size < MIN_BLOCK_SIZE)
        return;
    write_block(block, size, true);
    block_t *rest = next_block(block);
    write_block(rest, whole - size, false);
    coalesce(rest);
}

/* Grow the heap by at least `missing` bytes (a multiple of 16) and return
 * the new space as one free block, merged with the last block if that was
 * free. NULL when mem_sbrk refuses. */
static block_t *extend_heap(size_t missing)
{
    assert(missing % ALIGNMENT == 0 && "the heap grows in whole blocks");
    /* The new space is a free block of its own before it merges with
     * anything, so it must be a whole block even when only 16 bytes are
     * missing. */
    size_t size = missing < MIN_BLOCK_SIZE ? (size_t)MIN_BLOCK_SIZE : missing;
    char *old_break = mem_sbrk((intptr_t)size);
    if (old_break == (void *)-1)
        return NULL;
    /* The old epilogue header becomes the new block's header, and a new
     * epilogue goes in the last word of the new space. */
    block_t *block = (block_t *)(old_break - WORD_SIZE);
    write_block(block, size, false);
    next_block(block)->header = pack(0, true);
    return coalesce(block);
}

/* How much the heap must grow for a block of `size` bytes to fit at its
 * end: a free last block already covers part of it. */
static size_t growth_needed(size_t size)
{
    block_t *last = prev_block(epilogue());
    if (block_allocated(last))
        return size;
    assert(block_size(last) < size && "a fitting last block would be found");
    return size - block_size(last);
}

/* ---- Placement policies ------------------------------------------------- */

/* First free block of at least `size` bytes in [from, stop), where `stop`
 * is a block header or the epilogue. The walk ends only when it lands on
 * `stop` exactly, which is why next fit's rover must stay on a block
 * boundary. */
static block_t *first_fit_between(block_t *from, block_t *stop, size_t size)
{
    for (block_t *block = from; block != stop; block = next_block(block)) {
        if (!block_allocated(block) && block_size(block) >= size)
            return block;
    }
    return NULL;
}

/* Search from the rover to the end of the heap, then wrap around to the
 * start and search up to the rover. */
static block_t *next_fit(size_t size)
{
    block_t *found = first_fit_between(heap.rover, epilogue(), size);
    if (found == NULL)
        found = first_fit_between(heap.first_block, heap.rover, size);
    return found;
}

static block_t *best_fit(size_t size)
{
    block_t *best = NULL;
    for (block_t *block = heap.first_block; !is_epilogue(block);
         block = next_block(block)) {
        if (block_allocated(block) || block_size(block) < size)
            continue;
        if (best == NULL || block_size(block) < block_size(best))
            best = block;
        if (block_size(block) == size)
            break;
    }
    return best;
}

/* A free block of at least `size` bytes, or NULL. */
static block_t *find_fit(size_t size)
{
    if (PLACEMENT == NEXT_FIT)
        return next_fit(size);
    if (PLACEMENT == BEST_FIT)
        return best_fit(size);
    return first_fit_between(heap.first_block, epilogue(), size);
}

/* ---- The interface ------------------------------------------------------ */

int mm_init(void)
{
    heap.first_block = NULL;
    heap.rover = NULL;

    /* pad, prologue header, prologue footer, epilogue header */
    char *start = mem_sbrk(4 * WORD_SIZE);
    if (start == (void *)-1)
        return -1;
    assert((uintptr_t)start % ALIGNMENT == 0 && "the heap starts aligned");

    *(word_t *)start = 0;
    block_t *prologue = (block_t *)(start + WORD_SIZE);
    write_block(prologue, PROLOGUE_SIZE, true);
    block_t *end = next_block(prologue);
    end->header = pack(0, true);

    heap.first_block = end;
    heap.rover = end;
    return 0;
}

void *mm_malloc(size_t size)
{
    /* C allows NULL for malloc(0); a request above MAX_HEAP can never fit,
     * and refusing it here keeps the size arithmetic below from wrapping. */
    if (size == 0 || size > MAX_HEAP)
        return NULL;
    size_t needed = block_size_for(size);

    block_t *block = find_fit(needed);
    if (block == NULL) {
        block = extend_heap(growth_needed(needed));
        if (block == NULL)
            return NULL;
    }
    write_block(block, block_size(block), true);
    split(block, needed);
    if (PLACEMENT == NEXT_FIT)
        heap.rover = block;
    return block_payload(block);
}

void mm_free(void *ptr)
{
    if (ptr == NULL)
        return;
    block_t *block = block_from_payload(ptr);
    assert(block_allocated(block) && "free of a block that is not allocated");
    write_block(block, block_size(block), false);
    coalesce(block);
}

/* Resize `block` to `size` bytes without moving it, if possible. */
static bool resize_in_place(block_t *block, size_t size)
{
    size_t current = block_size(block);
    if (size <= current) {
        split(block, size);
        return true;
    }

    block_t *next = next_block(block);
    size_t next_free = block_allocated(next) ? 0 : block_size(next);
    bool last_in_heap =
        is_epilogue(next) || (next_free != 0 && is_epilogue(next_block(next)));
    if (current + next_free < size && last_in_heap) {
        /* The new space merges with a free `next`, or becomes it. */
        if (extend_heap(size - current - next_free) == NULL)
            return false;
        next = next_block(block);
        next_free = block_size(next);
    }
    if (current + next_free < size)
        return false;

    /* Absorb the free next block, which the rover may have pointed at. */
    write_block(block, current + next_free, true);
    keep_rover_on_boundary(block);
    split(block, size);
    return true;
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

    block_t *block = block_from_payload(ptr);
    assert(block_allocated(block) && "realloc of a block not allocated");
    if (resize_in_place(block, block_size_for(size)))
        return ptr;

    void *moved = mm_malloc(size);
    if (moved == NULL)
        return NULL;
    size_t old_payload = block_size(block) - TAGS_SIZE;
    memcpy(moved, ptr, old_payload < size ? old_payload : size);
    mm_free(ptr);
    return moved;
}

void *mm_calloc(size_t nmemb, size_t size)
{
    if (nmemb != 0 && size > SIZE_MAX / nmemb)
        return NULL;
    size_t bytes = nmemb * size;
    void *ptr = mm_malloc(bytes);
    if (ptr != NULL)
        memset(ptr, 0, bytes);
    return ptr;
}

/* ---- Heap checker ------------------------------------------------------- */

static void print_block(block_t *block)
{
    fprintf(stderr, "  block %p: size %zu, %s\n", block_payload(block),
            block_size(block), block_allocated(block) ? "allocated" : "free");
}

/* Check the prologue and the epilogue (invariant 1). */
static bool sentinels_intact(void)
{
    bool ok = true;
    block_t *prologue = (block_t *)((char *)mem_heap_lo() + WORD_SIZE);
    word_t prologue_footer = *((word_t *)prologue + 1);
    word_t expected = pack(PROLOGUE_SIZE, true);
    if (prologue->header != expected || prologue_footer != expected) {
        fprintf(stderr,
                "mm_checkheap: prologue at %p: tags %#llx/%#llx, expected "
                "size 16 allocated\n",
                (void *)prologue, (unsigned long long)prologue->header,
                (unsigned long long)prologue_footer);
        ok = false;
    }
    block_t *end = epilogue();
    if (end->header != pack(0, true)) {
        fprintf(stderr,
                "mm_checkheap: epilogue at %p: header %#llx, expected size 0 "
                "allocated\n",
                (void *)end, (unsigned long long)end->header);
        ok = false;
    }
    return ok;
}

/* Check one block's placement, size and tags (invariants 2 and 3).
 * Returns false when the walk cannot safely go on past this block. */
static bool block_well_formed(block_t *block, bool *ok)
{
    char *end = (char *)epilogue();
    void *payload = block_payload(block);
    if ((uintptr_t)payload % ALIGNMENT != 0) {
        fprintf(stderr, "mm_checkheap: block %p: payload not %d-aligned\n",
                payload, ALIGNMENT);
        *ok = false;
        return false;
    }
    if ((block->header & ~SIZE_MASK & ~ALLOCATED_BIT) != 0) {
        fprintf(stderr,
                "mm_checkheap: block %p: header %#llx has bits set below the "
                "size other than the allocated bit\n",
                payload, (unsigned long long)block->header);
        *ok = false;
    }
    size_t size = block_size(block);
    if (size < MIN_BLOCK_SIZE) {
        fprintf(stderr,
                "mm_checkheap: block %p: header size %zu below the minimum "
                "%d; the heap walk stops here\n",
                payload, size, MIN_BLOCK_SIZE);
        *ok = false;
        return false;
    }
    if (size > (size_t)(end - (char *)block)) {
        fprintf(stderr,
                "mm_checkheap: block %p: header size %zu runs past the "
                "epilogue at %p; the heap walk stops here\n",
                payload, size, (void *)end);
        *ok = false;
        return false;
    }
    word_t footer = *block_footer(block);
    if (tag_size(footer) != size) {
        fprintf(stderr,
                "mm_checkheap: block %p: header size %zu != footer size %zu\n",
                payload, size, tag_size(footer));
        *ok = false;
    }
    if (tag_allocated(footer) != block_allocated(block)) {
        fprintf(stderr,
                "mm_checkheap: block %p: header says %s, footer says %s\n",
                payload, block_allocated(block) ? "allocated" : "free",
                tag_allocated(footer) ? "allocated" : "free");
        *ok = false;
    }
    return true;
}

int mm_checkheap(int verbose)
{
    if (mem_heapsize() < 4 * WORD_SIZE || heap.first_block == NULL) {
        fprintf(stderr, "mm_checkheap: heap of %zu bytes has no room for the "
                        "prologue and epilogue (mm_init not run?)\n",
                mem_heapsize());
        return 0;
    }
    if (verbose > 0)
        fprintf(stderr, "mm_checkheap: heap [%p, %p], %zu bytes\n",
                mem_heap_lo(), mem_heap_hi(), mem_heapsize());

    bool ok = sentinels_intact();
    block_t *end = epilogue();
    bool rover_seen = heap.rover == end;
    bool prev_free = false;
    for (block_t *block = heap.first_block; block != end;
         block = next_block(block)) {
        if (verbose > 0)
            print_block(block);
        if (!block_well_formed(block, &ok))
            return 0;
        bool is_free = !block_allocated(block);
        if (is_free && prev_free) {
            fprintf(stderr,
                    "mm_checkheap: block %p: free block follows a free block "
                    "(not coalesced)\n",
                    block_payload(block));
            ok = false;
        }
        prev_free = is_free;
        if (block == heap.rover)
            rover_seen = true;
    }
    if (PLACEMENT == NEXT_FIT && !rover_seen) {
        fprintf(stderr,
                "mm_checkheap: rover %p is not at a block boundary\n",
                (void *)heap.rover);
        ok = false;
    }
    return ok;
}

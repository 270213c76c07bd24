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
 *     +---------+-------------+-------------+-------+-----+-------+----------+
 *     | control | prologue    | prologue    | block | ... | block | epilogue |
 *     | (rover) | hdr: 16 | 1 | ftr: 16 | 1 |       |     |       | hdr: 0|1 |
 *     +---------+-------------+-------------+-------+-----+-------+----------+
 *          8          8             8                                  8
 *
 * The first word is the allocator's control word, its only state outside
 * the blocks: next fit keeps its rover there, while first and best fit
 * need nothing beyond the blocks and leave it as padding. Either way it
 * puts every header one word below a 16-byte boundary, so every payload is
 * aligned. The prologue (an allocated block with no payload) and the
 * epilogue (an allocated header of size 0) are sentinels: coalescing never
 * has to ask whether a neighbour exists, and a walk over the blocks stops
 * at the size-0 header.
 *
 * A request of n bytes needs a block of n + 16 bytes (header and footer)
 * rounded up to a multiple of 16, and at least MIN_BLOCK.
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
 *   1. The control word is the heap's first word; the prologue, right after
 *      it, is an allocated block of size 16 whose header and footer agree;
 *      the epilogue is an allocated header of size 0 in the heap's last
 *      word.
 *   2. Between them the blocks tile the heap: each starts where the
 *      previous one ends, has a size that is a multiple of 16 and at least
 *      MIN_BLOCK, no flag but the allocated bit, and a 16-aligned payload.
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
 * mm_checkheap walks the whole heap, O(B), and checks invariants 1 to 5,
 * one line each. Each broken invariant is one line on stderr with its
 * number and the block, by its payload address (the pointer mm_malloc
 * returned). A block too broken to find the next one from ends the walk.
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
    WORD = sizeof(word_t),
    /* Header plus footer: the bytes a block costs beyond its payload. */
    TAGS_SIZE = 2 * WORD,
    /* The smallest block: the tags and one aligned unit of payload. A
     * 16-byte block would have no payload at all. */
    MIN_BLOCK = TAGS_SIZE + ALIGNMENT,
    /* The prologue is a block with a header, a footer and no payload. */
    PROLOGUE_SIZE = TAGS_SIZE,
    /* What mm_init lays down: control word, prologue, epilogue header. */
    INITIAL_HEAP = WORD + PROLOGUE_SIZE + WORD,
};

/* Bit 0 of a tag says whether the block is allocated; the other low bits
 * are zero because sizes are multiples of ALIGNMENT. */
static const word_t ALLOC = 1;
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

/* The control word, the first word of the heap. */
typedef struct {
    block_t *rover; /* NEXT_FIT: where the next search starts; always a
                       block header or the epilogue */
} control_t;

_Static_assert(sizeof(control_t) <= WORD,
               "the control must fit in the word before the prologue");

/* Where mm_init placed the control word: the allocator's only global. */
static control_t *control;

/* ---- Tags --------------------------------------------------------------- */

static inline word_t pack(size_t size, bool alloc)
{
    assert((size & ~SIZE_MASK) == 0 && "block sizes are multiples of 16");
    return (word_t)size | (alloc ? ALLOC : 0);
}

static inline size_t tag_size(word_t tag) { return (size_t)(tag & SIZE_MASK); }

/* ---- Blocks ------------------------------------------------------------- */

static inline size_t block_size(const block_t *block)
{
    return tag_size(block->header);
}

static inline bool block_is_alloc(const block_t *block)
{
    return (block->header & ALLOC) != 0;
}

static inline word_t *block_footer(block_t *block)
{
    return (word_t *)((char *)block + block_size(block) - WORD);
}

/* Write the header and the matching footer. */
static inline void write_block(block_t *block, size_t size, bool alloc)
{
    block->header = pack(size, alloc);
    *block_footer(block) = block->header;
}

static inline void *block_payload(block_t *block) { return block->payload; }

static inline block_t *block_from_payload(void *payload)
{
    return (block_t *)((char *)payload - offsetof(block_t, payload));
}

/* The payload bytes a block offers: all of it but the tags. */
static inline size_t payload_capacity(const block_t *block)
{
    return block_size(block) - TAGS_SIZE;
}

static inline block_t *block_next(block_t *block)
{
    assert(block_size(block) != 0 && "the epilogue has no next block");
    return (block_t *)((char *)block + block_size(block));
}

/* The word just below a header is the previous block's footer. */
static inline block_t *block_prev(block_t *block)
{
    word_t prev_footer = *((word_t *)block - 1);
    return (block_t *)((char *)block - tag_size(prev_footer));
}

static inline bool is_epilogue(const block_t *block)
{
    return block_size(block) == 0;
}

/* The prologue follows the control word. */
static inline block_t *heap_prologue(void)
{
    return (block_t *)((char *)control + WORD);
}

/* The block after the prologue (the epilogue while the heap holds none). */
static inline block_t *heap_first_block(void)
{
    return (block_t *)((char *)heap_prologue() + PROLOGUE_SIZE);
}

/* The epilogue header is always the heap's last word. */
static inline block_t *heap_epilogue(void)
{
    return (block_t *)((char *)mem_heap_hi() + 1 - WORD);
}

/* Block size for a request of `request` bytes. The caller has checked
 * request <= MAX_HEAP, so nothing here can overflow. */
static size_t block_size_for(size_t request)
{
    size_t with_tags = request + TAGS_SIZE;
    size_t rounded = (with_tags + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
    return rounded < MIN_BLOCK ? (size_t)MIN_BLOCK : rounded;
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
    char *rover = (char *)control->rover;
    if (rover > start && rover < start + block_size(merged))
        control->rover = merged;
}

/* ---- Coalescing, splitting, growing ------------------------------------- */

/* Merge the free block `block` with whichever neighbours are free and
 * return the resulting free block. The prologue and epilogue count as
 * allocated, so both neighbours always exist. */
static block_t *coalesce(block_t *block)
{
    assert(!block_is_alloc(block) && "only a free block is coalesced");
    block_t *prev = block_prev(block);
    block_t *next = block_next(block);
    bool prev_free = !block_is_alloc(prev);
    bool next_free = !block_is_alloc(next);
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
    assert(block_is_alloc(block) && "split trims an allocated block");
    size_t whole = block_size(block);
    assert(whole >= size && "a block cannot be split to a larger size");
    if (whole - size < MIN_BLOCK)
        return;
    write_block(block, size, true);
    block_t *rest = block_next(block);
    write_block(rest, whole - size, false);
    coalesce(rest);
}

/* Allocate the free block `block` for a block of `size` bytes, freeing
 * what it has to spare. */
static void place(block_t *block, size_t size)
{
    assert(!block_is_alloc(block) && block_size(block) >= size &&
           "a block is placed in a free block large enough");
    write_block(block, block_size(block), true);
    split(block, size);
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
    size_t size = missing < MIN_BLOCK ? (size_t)MIN_BLOCK : missing;
    char *old_break = mem_sbrk((intptr_t)size);
    if (old_break == (void *)-1)
        return NULL;
    /* The old epilogue header becomes the new block's header, and a new
     * epilogue goes in the last word of the new space. */
    block_t *block = (block_t *)(old_break - WORD);
    write_block(block, size, false);
    block_next(block)->header = pack(0, true);
    return coalesce(block);
}

/* How much the heap must grow for a block of `size` bytes to fit at its
 * end: a free last block already covers part of it. */
static size_t growth_needed(size_t size)
{
    block_t *last = block_prev(heap_epilogue());
    if (block_is_alloc(last))
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
    for (block_t *block = from; block != stop; block = block_next(block)) {
        if (!block_is_alloc(block) && block_size(block) >= size)
            return block;
    }
    return NULL;
}

/* Search from the rover to the end of the heap, then wrap around to the
 * start and search up to the rover. */
static block_t *next_fit(size_t size)
{
    block_t *found = first_fit_between(control->rover, heap_epilogue(), size);
    if (found == NULL)
        found = first_fit_between(heap_first_block(), control->rover, size);
    return found;
}

static block_t *best_fit(size_t size)
{
    block_t *best = NULL;
    for (block_t *block = heap_first_block(); !is_epilogue(block);
         block = block_next(block)) {
        if (block_is_alloc(block) || block_size(block) < size)
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
    return first_fit_between(heap_first_block(), heap_epilogue(), size);
}

/* ---- The interface ------------------------------------------------------ */

int mm_init(void)
{
    char *start = mem_sbrk(INITIAL_HEAP);
    if (start == (void *)-1)
        return -1;
    assert((uintptr_t)start % ALIGNMENT == 0 && "the heap starts aligned");

    control = (control_t *)start;
    block_t *prologue = heap_prologue();
    write_block(prologue, PROLOGUE_SIZE, true);
    block_t *end = block_next(prologue);
    end->header = pack(0, true);
    control->rover = end;
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
    place(block, needed);
    if (PLACEMENT == NEXT_FIT)
        control->rover = block;
    return block_payload(block);
}

void mm_free(void *ptr)
{
    if (ptr == NULL)
        return;
    block_t *block = block_from_payload(ptr);
    assert(block_is_alloc(block) && "free of a block that is not allocated");
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

    block_t *next = block_next(block);
    size_t next_free = block_is_alloc(next) ? 0 : block_size(next);
    bool last_in_heap =
        is_epilogue(next) || (next_free != 0 && is_epilogue(block_next(next)));
    if (current + next_free < size && last_in_heap) {
        /* The new space merges with a free `next`, or becomes it. */
        if (extend_heap(size - current - next_free) == NULL)
            return false;
        next = block_next(block);
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
    assert(block_is_alloc(block) && "realloc of a block not allocated");
    if (resize_in_place(block, block_size_for(size)))
        return ptr;

    void *moved = mm_malloc(size);
    if (moved == NULL)
        return NULL;
    size_t old_payload = payload_capacity(block);
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

/* Report the invariant `what` when it does not hold, naming the block (if
 * any) by its payload address; return whether it holds. */
static bool check(bool holds, block_t *block, const char *what)
{
    if (holds)
        return true;
    if (block != NULL)
        fprintf(stderr, "mm_checkheap: %s (block with payload %p)\n", what,
                block_payload(block));
    else
        fprintf(stderr, "mm_checkheap: %s\n", what);
    return false;
}

int mm_checkheap(int verbose)
{
    if (!check(control == mem_heap_lo() && mem_heapsize() >= INITIAL_HEAP, NULL,
               "invariant 1: the heap starts with the control word and prologue "
               "(has mm_init run?)"))
        return 0;
    if (verbose > 0)
        fprintf(stderr, "mm_checkheap: heap [%p, %p], %zu bytes\n",
                mem_heap_lo(), mem_heap_hi(), mem_heapsize());

    block_t *prologue = heap_prologue();
    block_t *end = heap_epilogue();
    bool ok = check(prologue->header == pack(PROLOGUE_SIZE, true) &&
                        *block_footer(prologue) == prologue->header,
                    prologue, "invariant 1: the prologue is an allocated 16-byte block");
    ok &= check(end->header == pack(0, true), end,
                "invariant 1: the epilogue is an allocated header of size 0");
    bool rover_seen = control->rover == end;
    bool prev_free = false;
    for (block_t *block = heap_first_block(); block != end;
         block = block_next(block)) {
        if (verbose > 0)
            fprintf(stderr, "  block with payload %p: size %zu, %s\n",
                    block_payload(block), block_size(block),
                    block_is_alloc(block) ? "allocated" : "free");
        size_t room = (size_t)((char *)end - (char *)block);
        if (!check(block_size(block) >= MIN_BLOCK && block_size(block) <= room, block,
                   "invariant 2: the block is at least MIN_BLOCK and ends by the "
                   "epilogue (the walk stops here)"))
            return 0;
        ok &= check((block->header & ~SIZE_MASK & ~ALLOC) == 0, block,
                    "invariant 2: the header has no flag but the allocated bit");
        ok &= check((uintptr_t)block_payload(block) % ALIGNMENT == 0, block,
                    "invariant 2: the payload is 16-aligned");
        ok &= check(*block_footer(block) == block->header, block,
                    "invariant 3: header and footer agree");
        ok &= check(block_is_alloc(block) || !prev_free, block,
                    "invariant 4: no free block follows a free block");
        prev_free = !block_is_alloc(block);
        rover_seen = rover_seen || block == control->rover;
    }
    if (PLACEMENT == NEXT_FIT)
        ok &= check(rover_seen, control->rover,
                    "invariant 5: the rover is on a block header or the epilogue");
    return ok;
}

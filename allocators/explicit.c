/*
 * explicit.c - explicit free list: free blocks linked through their payloads.
 *
 * The blocks are those of the implicit list allocator (implicit.c): a
 * one-word header and a one-word footer holding the same value, the block
 * size (a multiple of 16) with the "allocated" flag in bit 0. What changes
 * is how a free block is found. A free block's payload is unused, so its
 * first two words hold links to the previous and the next free block, and
 * the free blocks form a doubly linked list. malloc searches only that
 * list instead of every block in the heap.
 *
 *     allocated block                      free block
 *     +--------------------+ <- block_t    +--------------------+
 *     | header:  size | 1  |               | header:  size | 0  |
 *     +--------------------+ <- payload    +--------------------+
 *     |                    |   (16-aligned)| pred  (block_t *)  |
 *     | payload + padding  |               | succ  (block_t *)  |
 *     |                    |               |     (unused)       |
 *     +--------------------+               +--------------------+
 *     | footer:  size | 1  |               | footer:  size | 0  |
 *     +--------------------+               +--------------------+
 *
 *     control->free_list -> [free] <-> [free] <-> [free] -> NULL
 *                          pred = NULL                   succ = NULL
 *
 * The heap, from mem_heap_lo() to the break:
 *
 *     +---------+-------------+-------------+-------+-----+-------+----------+
 *     | control | prologue    | prologue    | block | ... | block | epilogue |
 *     | (list)  | hdr: 16 | 1 | ftr: 16 | 1 |       |     |       | hdr: 0|1 |
 *     +---------+-------------+-------------+-------+-----+-------+----------+
 *          8          8             8                                  8
 *
 * The first word is the allocator's control word, its only state outside
 * the blocks: the head of the free list. It also puts every header one
 * word below a 16-byte boundary, so every payload is aligned. The prologue
 * and epilogue are allocated sentinels, so coalescing never has to ask
 * whether a neighbour exists.
 *
 * A request of n bytes needs a block of n + 16 bytes (header and footer)
 * rounded up to a multiple of 16, and at least MIN_BLOCK = 32: a free
 * block must have room for its header, both links and its footer.
 *
 * Policy
 *   malloc   first fit over the free list. When nothing fits, grow the heap
 *            by only what is missing: if the last block is free it already
 *            provides part of the request. Split the chosen block when the
 *            rest can form a block of its own; the rest goes back on the
 *            list.
 *   free     coalesce with free neighbours at once (coalesce() spells out
 *            the four cases): neighbours leave the list, and the merged
 *            block is inserted.
 *   realloc  shrink in place, freeing the tail; grow in place into a free
 *            next block, or by extending the heap when the block is the last
 *            one; otherwise malloc, copy, free.
 *
 * Insertion, chosen at build time with -DINSERTION=LIFO (the default) or
 * ADDRESS_ORDER:
 *   LIFO           a freed block goes to the front of the list: O(1), and
 *                  the block freed last, likely still in the cache, is the
 *                  first one reused. The price is fragmentation: blocks of
 *                  every age and place end up mixed at the front.
 *   ADDRESS_ORDER  the list is kept sorted by address, so first fit over it
 *                  chooses exactly what first fit over the whole heap would.
 *                  Insertion walks the list, but fragmentation is lower:
 *                  address-ordered first fit is among the best policies
 *                  measured on real programs (Johnstone and Wilson, 1998).
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
 *   5. The free list holds every free block exactly once and nothing else;
 *      the first entry's pred is NULL, the last entry's succ is NULL, and
 *      for every entry e, e->succ->pred == e.
 *   6. ADDRESS_ORDER only: the entries are in increasing address order.
 *
 * Complexity (F = number of free blocks)
 *   malloc   O(F): first fit over the free list; extending the heap is O(1)
 *            for LIFO and O(F) for ADDRESS_ORDER (the new block is
 *            inserted).
 *   free     O(1) for LIFO; O(F) for ADDRESS_ORDER, to find the place.
 *   realloc  in place: O(1) for LIFO, O(F) for ADDRESS_ORDER when a tail is
 *            freed; otherwise malloc plus an O(size) copy.
 *
 * mm_checkheap walks the heap, O(blocks), checking invariants 1 to 4 and,
 * for each free block, that its list neighbours point back at it
 * (invariant 5 seen from the heap). Then it walks the free list, O(F),
 * checking invariants 5 and 6: every entry is a free block inside the
 * heap, each entry's pred is the entry before it, the entries are in
 * address order (ADDRESS_ORDER), and the list has as many entries as the
 * heap has free blocks. Together these make the list exactly the set of
 * free blocks unless a corruption forges a complete free block (tags and
 * links) inside another block. Each broken invariant is one line on
 * stderr with its number and the block, by its payload address (the
 * pointer mm_malloc returned). A block or link too broken to go on from
 * ends its walk.
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

/* The two insertion policies; -DINSERTION=<one of them> picks one. */
#ifndef LIFO
#define LIFO 1
#endif
#ifndef ADDRESS_ORDER
#define ADDRESS_ORDER 2
#endif

#ifndef INSERTION
#define INSERTION LIFO
#endif

#if INSERTION != LIFO && INSERTION != ADDRESS_ORDER
#error "INSERTION must be LIFO or ADDRESS_ORDER"
#endif

/* One header or footer. 64 bits whatever the pointer size, so that a
 * header followed by the payload keeps the payload 16-aligned. */
typedef uint64_t word_t;

/* A block as seen from its header. pred and succ overlay the first bytes
 * of the payload and mean something only while the block is free. The
 * footer lives at the other end, at an offset known only from the size,
 * so it is reached through block_footer(). */
typedef struct block {
    word_t header;      /* size | allocated bit */
    struct block *pred; /* free only: previous free block, NULL if first */
    struct block *succ; /* free only: next free block, NULL if last */
} block_t;

enum {
    WORD = sizeof(word_t),
    /* Header plus footer: the bytes a block costs beyond its payload. */
    TAGS_SIZE = 2 * WORD,
    /* The smallest block: the tags and one aligned unit of payload, which
     * is just enough for the two links of a free block. */
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
_Static_assert(offsetof(block_t, pred) == sizeof(word_t),
               "the links must start where the payload starts");
_Static_assert(sizeof(block_t) + sizeof(word_t) <= MIN_BLOCK,
               "the smallest block must hold header, links and footer");

/* The control word, the first word of the heap. */
typedef struct {
    block_t *free_list; /* first entry of the free list, NULL if empty */
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

static inline void *block_payload(block_t *block)
{
    return (char *)block + offsetof(block_t, pred);
}

static inline block_t *block_from_payload(void *payload)
{
    return (block_t *)((char *)payload - offsetof(block_t, pred));
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

/* ---- The free list ------------------------------------------------------ */

static inline block_t *list_next(const block_t *block) { return block->succ; }

static inline block_t *list_prev(const block_t *block) { return block->pred; }

/* Link `block` in between `pred` and `succ`, either of which may be NULL
 * (the front or the end of the list). */
static void link_between(block_t *block, block_t *pred, block_t *succ)
{
    block->pred = pred;
    block->succ = succ;
    if (pred == NULL)
        control->free_list = block;
    else
        pred->succ = block;
    if (succ != NULL)
        succ->pred = block;
}

/* Put the free block `block` on the list where the policy wants it. */
static void list_insert(block_t *block)
{
    assert(!block_is_alloc(block) && "only free blocks go on the free list");
    if (INSERTION == LIFO) {
        link_between(block, NULL, control->free_list);
        return;
    }
    /* ADDRESS_ORDER: in front of the first entry above `block`. */
    block_t *pred = NULL;
    block_t *succ = control->free_list;
    while (succ != NULL && succ < block) {
        pred = succ;
        succ = list_next(succ);
    }
    link_between(block, pred, succ);
}

static void list_remove(block_t *block)
{
    assert(!block_is_alloc(block) && "only free blocks are on the free list");
    block_t *pred = list_prev(block);
    block_t *succ = list_next(block);
    if (pred == NULL)
        control->free_list = succ;
    else
        pred->succ = succ;
    if (succ != NULL)
        succ->pred = pred;
}

/* ---- Coalescing, splitting, growing ------------------------------------- */

/* Merge the free block `block`, which is not on the free list, with
 * whichever neighbours are free, put the result on the list and return it.
 * The prologue and epilogue count as allocated, so both neighbours always
 * exist. */
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
        list_remove(next);
        size += block_size(next);
        write_block(block, size, false);
        merged = block;
    } else if (prev_free && !next_free) {
        /* Case 3: the previous block is free. This one disappears into it. */
        list_remove(prev);
        size += block_size(prev);
        write_block(prev, size, false);
        merged = prev;
    } else {
        /* Case 4: both neighbours free. The previous block absorbs both. */
        list_remove(prev);
        list_remove(next);
        size += block_size(prev) + block_size(next);
        write_block(prev, size, false);
        merged = prev;
    }
    list_insert(merged);
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

/* Take the free block `block` off the list and allocate it for a block of
 * `size` bytes, freeing what it has to spare. */
static void place(block_t *block, size_t size)
{
    assert(!block_is_alloc(block) && block_size(block) >= size &&
           "a block is placed in a free block large enough");
    list_remove(block);
    write_block(block, block_size(block), true);
    split(block, size);
}

/* Grow the heap by at least `missing` bytes (a multiple of 16) and return
 * the new space as one free block on the free list, merged with the last
 * block if that was free. NULL when mem_sbrk refuses. */
static block_t *extend_heap(size_t missing)
{
    assert(missing % ALIGNMENT == 0 && "the heap grows in whole blocks");
    /* The new space is a free block of its own, on the list, before it
     * merges with anything, so it needs room for its tags and links even
     * when only 16 bytes are missing. */
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

/* First fit over the free list: a free block of at least `size` bytes, or
 * NULL. */
static block_t *find_fit(size_t size)
{
    for (block_t *block = control->free_list; block != NULL;
         block = list_next(block)) {
        if (block_size(block) >= size)
            return block;
    }
    return NULL;
}

/* ---- The interface ------------------------------------------------------ */

int mm_init(void)
{
    char *start = mem_sbrk(INITIAL_HEAP);
    if (start == (void *)-1)
        return -1;
    assert((uintptr_t)start % ALIGNMENT == 0 && "the heap starts aligned");

    control = (control_t *)start;
    control->free_list = NULL;
    block_t *prologue = heap_prologue();
    write_block(prologue, PROLOGUE_SIZE, true);
    block_next(prologue)->header = pack(0, true);
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

    /* Absorb the free next block. */
    list_remove(next);
    write_block(block, current + next_free, true);
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

/* Could `link` be the header of a free block? It must lie between the
 * first block and the epilogue with room for header and links, and give an
 * aligned payload. Reading its fields is then safe. */
static bool link_plausible(const block_t *link)
{
    uintptr_t at = (uintptr_t)link;
    uintptr_t lowest = (uintptr_t)heap_first_block();
    uintptr_t highest = (uintptr_t)heap_epilogue() - MIN_BLOCK;
    return at >= lowest && at <= highest && (at + WORD) % ALIGNMENT == 0;
}

/* Do the free block's list neighbours point back at it? A free block
 * missing from the list usually fails this: nobody points at it. */
static bool links_point_back(block_t *block)
{
    block_t *pred = list_prev(block);
    block_t *succ = list_next(block);
    bool pred_ok = pred == NULL ? control->free_list == block
                                : link_plausible(pred) && list_next(pred) == block;
    bool succ_ok = succ == NULL || (link_plausible(succ) && list_prev(succ) == block);
    return pred_ok && succ_ok;
}

/* Is `entry` a free block of the heap, with matching tags? Only called on
 * a plausible link, so its header is inside the heap. */
static bool entry_is_free_block(block_t *entry)
{
    size_t room = (size_t)((char *)heap_epilogue() - (char *)entry);
    size_t size = block_size(entry);
    return !block_is_alloc(entry) && size >= MIN_BLOCK && size <= room &&
           *block_footer(entry) == entry->header;
}

/* Walk the heap (invariants 1 to 4, and 5 seen from each free block);
 * count its free blocks into `free_in_heap`. False when a block is too
 * broken to find the next one from. */
static bool heap_walk_consistent(int verbose, bool *ok, size_t *free_in_heap)
{
    block_t *prologue = heap_prologue();
    block_t *end = heap_epilogue();
    *ok &= check(prologue->header == pack(PROLOGUE_SIZE, true) &&
                     *block_footer(prologue) == prologue->header,
                 prologue, "invariant 1: the prologue is an allocated 16-byte block");
    *ok &= check(end->header == pack(0, true), end,
                 "invariant 1: the epilogue is an allocated header of size 0");
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
            return false;
        *ok &= check((block->header & ~SIZE_MASK & ~ALLOC) == 0, block,
                     "invariant 2: the header has no flag but the allocated bit");
        *ok &= check((uintptr_t)block_payload(block) % ALIGNMENT == 0, block,
                     "invariant 2: the payload is 16-aligned");
        *ok &= check(*block_footer(block) == block->header, block,
                     "invariant 3: header and footer agree");
        *ok &= check(block_is_alloc(block) || !prev_free, block,
                     "invariant 4: no free block follows a free block");
        if (!block_is_alloc(block)) {
            (*free_in_heap)++;
            *ok &= check(links_point_back(block), block,
                         "invariant 5: the free block's list neighbours point back at it");
        }
        prev_free = !block_is_alloc(block);
    }
    return true;
}

/* Walk the free list (invariants 5 and 6). It may not be longer than the
 * heap's `free_in_heap` free blocks, which also stops the walk on a
 * cycle. */
static bool free_list_consistent(size_t free_in_heap, int verbose)
{
    bool ok = true;
    size_t listed = 0;
    block_t *before = NULL;
    for (block_t *entry = control->free_list; entry != NULL;
         before = entry, entry = list_next(entry)) {
        if (!check(link_plausible(entry), before,
                   "invariant 5: the list link after this block leads to a block "
                   "of the heap (the list walk stops here)") ||
            !check(listed < free_in_heap, entry,
                   "invariant 5: the list is no longer than the heap's free blocks "
                   "(the list walk stops here)"))
            return false;
        listed++;
        if (verbose > 0)
            fprintf(stderr, "  free list: block with payload %p\n", block_payload(entry));
        ok &= check(entry_is_free_block(entry), entry,
                    "invariant 5: every list entry is a free block");
        ok &= check(list_prev(entry) == before, entry,
                    "invariant 5: each entry's pred is the entry before it");
        ok &= check(INSERTION != ADDRESS_ORDER || before == NULL || entry > before, entry,
                    "invariant 6: the list is in address order");
    }
    return check(listed == free_in_heap, NULL,
                 "invariant 5: the list holds as many blocks as the heap has free blocks") &&
           ok;
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

    bool ok = true;
    size_t free_in_heap = 0;
    if (!heap_walk_consistent(verbose, &ok, &free_in_heap))
        return 0;
    return free_list_consistent(free_in_heap, verbose) && ok;
}

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
 *     heap.free_list -> [free] <-> [free] <-> [free] -> NULL
 *                      pred = NULL                   succ = NULL
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
 * every payload is aligned. The prologue and epilogue are allocated
 * sentinels, so coalescing never has to ask whether a neighbour exists.
 *
 * A request of n bytes needs a block of n + 16 bytes (header and footer)
 * rounded up to a multiple of 16, and at least MIN_BLOCK_SIZE = 32: a free
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
 *   1. The prologue is an allocated block of size 16 right after the pad;
 *      the epilogue is an allocated header of size 0 in the heap's last
 *      word.
 *   2. Between them the blocks tile the heap: each starts where the
 *      previous one ends, has a size that is a multiple of 16 and at least
 *      MIN_BLOCK_SIZE, and a 16-aligned payload.
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
 * mm_checkheap walks the heap, O(blocks), and the free list, O(F). The
 * walk checks invariants 1 to 4: each block lies inside the heap with an
 * aligned payload and a plausible size, header and footer agree, no free
 * block follows a free block, the prologue and epilogue are intact; it
 * also checks that each free block's list neighbours point back at it.
 * The list walk checks invariants 5 and 6: every entry is a free block
 * inside the heap, each entry's pred is the entry before it, the entries
 * are in address order (ADDRESS_ORDER), and the list has as many entries
 * as the heap has free blocks. Together these make the list exactly the
 * set of free blocks unless a corruption forges a complete free block
 * (tags and links) inside another block. Each problem is one line on
 * stderr naming the invariant and the block, by its payload address (the
 * pointer mm_malloc returned); links are printed as stored, as header
 * addresses, one word below the payload.
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
    WORD_SIZE = sizeof(word_t),
    /* Header plus footer: the bytes a block costs beyond its payload. */
    TAGS_SIZE = 2 * WORD_SIZE,
    /* The smallest block: the tags and one aligned unit of payload, which
     * is just enough for the two links of a free block. */
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
_Static_assert(offsetof(block_t, pred) == sizeof(word_t),
               "the links must start where the payload starts");
_Static_assert(sizeof(block_t) + sizeof(word_t) <= MIN_BLOCK_SIZE,
               "the smallest block must hold header, links and footer");

/* All of the allocator's state, reset by mm_init. */
static struct {
    block_t *first_block; /* the block after the prologue (the epilogue
                             while the heap holds no block) */
    block_t *free_list;   /* first entry of the free list, NULL if empty */
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

static inline void *block_payload(block_t *block)
{
    return (char *)block + offsetof(block_t, pred);
}

static inline block_t *block_from_payload(void *payload)
{
    return (block_t *)((char *)payload - offsetof(block_t, pred));
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

/* ---- The free list ------------------------------------------------------ */

/* Link `block` in between `pred` and `succ`, either of which may be NULL
 * (the front or the end of the list). */
static void link_between(block_t *block, block_t *pred, block_t *succ)
{
    block->pred = pred;
    block->succ = succ;
    if (pred == NULL)
        heap.free_list = block;
    else
        pred->succ = block;
    if (succ != NULL)
        succ->pred = block;
}

/* Put the free block `block` on the list where the policy wants it. */
static void insert_free(block_t *block)
{
    assert(!block_allocated(block) && "only free blocks go on the free list");
    if (INSERTION == LIFO) {
        link_between(block, NULL, heap.free_list);
        return;
    }
    /* ADDRESS_ORDER: in front of the first entry above `block`. */
    block_t *pred = NULL;
    block_t *succ = heap.free_list;
    while (succ != NULL && succ < block) {
        pred = succ;
        succ = succ->succ;
    }
    link_between(block, pred, succ);
}

static void remove_free(block_t *block)
{
    assert(!block_allocated(block) && "only free blocks are on the free list");
    if (block->pred == NULL)
        heap.free_list = block->succ;
    else
        block->pred->succ = block->succ;
    if (block->succ != NULL)
        block->succ->pred = block->pred;
}

/* ---- Coalescing, splitting, growing ------------------------------------- */

/* Merge the free block `block`, which is not on the free list, with
 * whichever neighbours are free, put the result on the list and return it.
 * The prologue and epilogue count as allocated, so both neighbours always
 * exist. */
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
        remove_free(next);
        size += block_size(next);
        write_block(block, size, false);
        merged = block;
    } else if (prev_free && !next_free) {
        /* Case 3: the previous block is free. This one disappears into it. */
        remove_free(prev);
        size += block_size(prev);
        write_block(prev, size, false);
        merged = prev;
    } else {
        /* Case 4: both neighbours free. The previous block absorbs both. */
        remove_free(prev);
        remove_free(next);
        size += block_size(prev) + block_size(next);
        write_block(prev, size, false);
        merged = prev;
    }
    insert_free(merged);
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
 * the new space as one free block on the free list, merged with the last
 * block if that was free. NULL when mem_sbrk refuses. */
static block_t *extend_heap(size_t missing)
{
    assert(missing % ALIGNMENT == 0 && "the heap grows in whole blocks");
    /* The new space is a free block of its own, on the list, before it
     * merges with anything, so it needs room for its tags and links even
     * when only 16 bytes are missing. */
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

/* First fit over the free list: a free block of at least `size` bytes, or
 * NULL. */
static block_t *find_fit(size_t size)
{
    for (block_t *block = heap.free_list; block != NULL; block = block->succ) {
        if (block_size(block) >= size)
            return block;
    }
    return NULL;
}

/* Take the free block `block` off the list and mark it allocated. */
static void take(block_t *block)
{
    remove_free(block);
    write_block(block, block_size(block), true);
}

/* ---- The interface ------------------------------------------------------ */

int mm_init(void)
{
    heap.first_block = NULL;
    heap.free_list = NULL;

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
    take(block);
    split(block, needed);
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

    /* Absorb the free next block. */
    take(next);
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

/* Could `link` be the header of a free block? It must lie between the
 * first block and the epilogue with room for header and links, and give an
 * aligned payload. Reading its fields is then safe. */
static bool link_plausible(const block_t *link)
{
    uintptr_t at = (uintptr_t)link;
    uintptr_t lowest = (uintptr_t)heap.first_block;
    uintptr_t highest = (uintptr_t)epilogue() - MIN_BLOCK_SIZE;
    return at >= lowest && at <= highest &&
           (at + WORD_SIZE) % ALIGNMENT == 0;
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

/* Do the free block's list neighbours point back at it (part of
 * invariant 5, seen from the heap)? A free block missing from the list
 * usually fails this: nobody points at it. */
static bool links_point_back(block_t *block)
{
    bool pred_ok = block->pred == NULL
                       ? heap.free_list == block
                       : link_plausible(block->pred) &&
                             block->pred->succ == block;
    bool succ_ok = block->succ == NULL || (link_plausible(block->succ) &&
                                           block->succ->pred == block);
    if (!pred_ok || !succ_ok) {
        fprintf(stderr,
                "mm_checkheap: block %p: free, but its %s link %p does not "
                "lead back to it (not on the free list, or a broken link)\n",
                block_payload(block), pred_ok ? "succ" : "pred",
                pred_ok ? (void *)block->succ : (void *)block->pred);
        return false;
    }
    return true;
}

/* Is `entry` a free block of the heap, with matching tags? Only called on
 * a plausible link, so its header is inside the heap. */
static bool entry_is_free_block(block_t *entry)
{
    size_t room = (size_t)((char *)epilogue() - (char *)entry);
    size_t size = block_size(entry);
    return !block_allocated(entry) && size >= MIN_BLOCK_SIZE &&
           size <= room && *block_footer(entry) == entry->header;
}

/* Walk the free list (invariants 5 and 6). `free_in_heap` is the number of
 * free blocks the heap walk found; the list may not be longer, which also
 * stops the walk on a cycle. */
static bool free_list_consistent(size_t free_in_heap, int verbose)
{
    bool ok = true;
    size_t listed = 0;
    block_t *before = NULL;
    for (block_t *entry = heap.free_list; entry != NULL;
         before = entry, entry = entry->succ) {
        if (!link_plausible(entry)) {
            fprintf(stderr,
                    "mm_checkheap: free list link %p (after block %p) points "
                    "outside the heap's blocks; the list walk stops here\n",
                    (void *)entry,
                    before ? block_payload(before) : NULL);
            return false;
        }
        if (listed == free_in_heap) {
            fprintf(stderr,
                    "mm_checkheap: block %p: free list is longer than the "
                    "%zu free blocks of the heap (an entry that is not free, "
                    "or a cycle); the list walk stops here\n",
                    block_payload(entry), free_in_heap);
            return false;
        }
        listed++;
        if (verbose > 0)
            fprintf(stderr, "  free list: block %p\n", block_payload(entry));
        if (!entry_is_free_block(entry)) {
            fprintf(stderr,
                    "mm_checkheap: block %p: on the free list but not a free "
                    "block (header %#llx)\n",
                    block_payload(entry), (unsigned long long)entry->header);
            ok = false;
        }
        if (entry->pred != before) {
            fprintf(stderr,
                    "mm_checkheap: block %p: pred link holds header %p, but "
                    "the entry before it has its header at %p\n",
                    block_payload(entry), (void *)entry->pred,
                    (void *)before);
            ok = false;
        }
        if (INSERTION == ADDRESS_ORDER && before != NULL && entry <= before) {
            fprintf(stderr,
                    "mm_checkheap: block %p: follows block %p on the free "
                    "list, out of address order\n",
                    block_payload(entry), block_payload(before));
            ok = false;
        }
    }
    if (listed != free_in_heap) {
        fprintf(stderr,
                "mm_checkheap: free list holds %zu blocks, the heap walk "
                "found %zu free blocks\n",
                listed, free_in_heap);
        ok = false;
    }
    return ok;
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
    bool prev_free = false;
    size_t free_in_heap = 0;
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
        if (is_free) {
            free_in_heap++;
            if (!links_point_back(block))
                ok = false;
        }
        prev_free = is_free;
    }
    if (!free_list_consistent(free_in_heap, verbose))
        ok = false;
    return ok;
}

/*
 * mm.c - segregated free lists over boundary-tagged blocks, 64-bit.
 *
 * A compatibility fixture in the style of CMU 15-213 submissions from 2016
 * on: a block_t struct and static inline helpers instead of macros, bool
 * mm_init and mm_checkheap, and a DRIVER block that renames the libc names
 * and routes memcpy and memset through memlib. The kit must build it and
 * run it unchanged (make API=cmu16).
 *
 * Block layout (8-byte words; payloads aligned to 16):
 *
 *   allocated:  | header: size|1 | payload ...                | footer: size|1 |
 *   free:       | header: size|0 | next | prev | ...          | footer: size|0 |
 *
 * Sizes are multiples of 16 and at least 32 bytes. The heap begins with a
 * prologue footer and ends with an epilogue header, both allocated and of
 * size 0, so coalescing needs no edge cases. Free blocks live on one of
 * NUM_LISTS doubly linked lists by size class (powers of two from 32);
 * malloc takes the first fit in its class, then in larger ones, and splits
 * it; free coalesces at once. realloc is malloc, copy, free.
 */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm.h"
#include "memlib.h"

#ifdef DEBUG
#define dbg_printf(...) printf(__VA_ARGS__)
#else
#define dbg_printf(...)
#endif

#ifdef DRIVER
/* create aliases for driver tests */
#define malloc mm_malloc
#define free mm_free
#define realloc mm_realloc
#define calloc mm_calloc
#define memset mem_memset
#define memcpy mem_memcpy
#endif

typedef uint64_t word_t;

static const size_t wsize = sizeof(word_t);      /* header, footer */
static const size_t dsize = 2 * sizeof(word_t);  /* alignment */
static const size_t min_block_size = 4 * sizeof(word_t);
static const size_t chunksize = (1 << 12);

static const word_t alloc_mask = 0x1;
static const word_t size_mask = ~(word_t)0xF;

typedef struct block {
    word_t header;
    union {
        struct {
            struct block *next;   /* free blocks only */
            struct block *prev;
        };
        char payload[0];          /* allocated blocks */
    };
} block_t;

#define NUM_LISTS 12

static block_t *heap_start = NULL;       /* first block */
static block_t *free_lists[NUM_LISTS];   /* class i: sizes < 64 << i */

static inline size_t max(size_t x, size_t y) { return x > y ? x : y; }
static inline size_t round_up(size_t size, size_t n) { return n * ((size + n - 1) / n); }

static inline word_t pack(size_t size, bool alloc)
{
    return alloc ? (size | alloc_mask) : size;
}

static inline size_t block_size(const block_t *block) { return block->header & size_mask; }
static inline bool block_alloc(const block_t *block) { return block->header & alloc_mask; }

static inline word_t *block_footer(block_t *block)
{
    return (word_t *)(block->payload + block_size(block) - dsize);
}

static inline void write_block(block_t *block, size_t size, bool alloc)
{
    block->header = pack(size, alloc);
    *block_footer(block) = pack(size, alloc);
}

static inline block_t *from_payload(void *bp)
{
    return (block_t *)((char *)bp - offsetof(block_t, payload));
}

static inline block_t *next_block(block_t *block)
{
    return (block_t *)((char *)block + block_size(block));
}

/* The footer just below block: the previous block's, or the prologue. */
static inline word_t prev_footer(block_t *block) { return *((word_t *)block - 1); }

static inline block_t *prev_block(block_t *block)
{
    return (block_t *)((char *)block - (prev_footer(block) & size_mask));
}

static inline block_t *epilogue(void) { return (block_t *)((char *)mem_heap_hi() + 1 - wsize); }

static int list_index(size_t size)
{
    int i = 0;
    while (i < NUM_LISTS - 1 && size >= (min_block_size << (i + 1)))
        i++;
    return i;
}

static void list_insert(block_t *block)
{
    int i = list_index(block_size(block));
    block->next = free_lists[i];
    block->prev = NULL;
    if (free_lists[i] != NULL)
        free_lists[i]->prev = block;
    free_lists[i] = block;
}

static void list_remove(block_t *block)
{
    if (block->prev != NULL)
        block->prev->next = block->next;
    else
        free_lists[list_index(block_size(block))] = block->next;
    if (block->next != NULL)
        block->next->prev = block->prev;
}

/* Merge free block (not on a list) with free neighbours, then list it. */
static block_t *coalesce(block_t *block)
{
    size_t size = block_size(block);
    block_t *next = next_block(block);

    if (!block_alloc(next)) {
        list_remove(next);
        size += block_size(next);
    }
    if (!(prev_footer(block) & alloc_mask)) {
        block = prev_block(block);
        list_remove(block);
        size += block_size(block);
    }
    write_block(block, size, false);
    list_insert(block);
    return block;
}

/* Grow the heap by size bytes as one free block over the old epilogue. */
static block_t *extend_heap(size_t size)
{
    void *bp = mem_sbrk((intptr_t)size);
    if (bp == (void *)-1)
        return NULL;
    block_t *block = from_payload(bp);
    write_block(block, size, false);
    next_block(block)->header = pack(0, true);
    return coalesce(block);
}

static block_t *find_fit(size_t asize)
{
    for (int i = list_index(asize); i < NUM_LISTS; i++)
        for (block_t *block = free_lists[i]; block != NULL; block = block->next)
            if (block_size(block) >= asize)
                return block;
    return NULL;
}

/* Allocate asize bytes at the front of free block, splitting off the rest. */
static void place(block_t *block, size_t asize)
{
    size_t csize = block_size(block);
    list_remove(block);
    if (csize - asize >= min_block_size) {
        write_block(block, asize, true);
        block_t *rest = next_block(block);
        write_block(rest, csize - asize, false);
        list_insert(rest);
    } else {
        write_block(block, csize, true);
    }
}

bool mm_init(void)
{
    word_t *start = mem_sbrk(2 * wsize);
    if (start == (void *)-1)
        return false;
    start[0] = pack(0, true);   /* prologue footer */
    start[1] = pack(0, true);   /* epilogue header */
    heap_start = (block_t *)&start[1];
    for (int i = 0; i < NUM_LISTS; i++)
        free_lists[i] = NULL;
    return extend_heap(chunksize) != NULL;
}

void *malloc(size_t size)
{
    dbg_printf("malloc(%zu)\n", size);
    /* beyond this the size arithmetic, or mem_sbrk's intptr_t, would wrap */
    if (size == 0 || size > (size_t)INTPTR_MAX - chunksize)
        return NULL;
    size_t asize = max(round_up(size + dsize, dsize), min_block_size);

    block_t *block = find_fit(asize);
    if (block == NULL) {
        size_t grow = asize;
        if (!(prev_footer(epilogue()) & alloc_mask))
            grow -= block_size(prev_block(epilogue()));
        block = extend_heap(max(grow, chunksize));
        if (block == NULL)
            return NULL;
    }
    place(block, asize);
    return block->payload;
}

void free(void *bp)
{
    dbg_printf("free(%p)\n", bp);
    if (bp == NULL)
        return;
    block_t *block = from_payload(bp);
    write_block(block, block_size(block), false);
    coalesce(block);
}

void *realloc(void *ptr, size_t size)
{
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    if (ptr == NULL)
        return malloc(size);

    void *newptr = malloc(size);
    if (newptr == NULL)
        return NULL;
    size_t copysize = block_size(from_payload(ptr)) - dsize;
    if (size < copysize)
        copysize = size;
    memcpy(newptr, ptr, copysize);
    free(ptr);
    return newptr;
}

void *calloc(size_t elements, size_t size)
{
    if (elements == 0 || size > SIZE_MAX / elements)
        return NULL;
    size_t asize = elements * size;
    void *bp = malloc(asize);
    if (bp != NULL)
        memset(bp, 0, asize);
    return bp;
}

static bool in_heap(const void *p) { return p >= mem_heap_lo() && p <= mem_heap_hi(); }

/* Print one broken invariant; always false, for "return fail(...)". */
static bool fail(int lineno, const char *what, const void *where)
{
    fprintf(stderr, "mm_checkheap (line %d): block %p: %s\n", lineno, where, what);
    return false;
}

bool mm_checkheap(int lineno)
{
    bool ok = true;
    size_t free_in_heap = 0, listed = 0;
    block_t *block;

    if (*((word_t *)heap_start - 1) != pack(0, true))
        ok = fail(lineno, "prologue footer damaged", heap_start);
    for (block = heap_start; block_size(block) > 0; block = next_block(block)) {
        size_t size = block_size(block);
        if ((uintptr_t)block->payload % dsize != 0)
            ok = fail(lineno, "payload not 16-byte aligned", block);
        if (size < min_block_size || !in_heap((char *)block + size - 1))
            return fail(lineno, "size too small or past the heap", block);
        if (block->header != *block_footer(block))
            ok = fail(lineno, "header and footer differ", block);
        free_in_heap += !block_alloc(block);
        if (!block_alloc(block) && !block_alloc(next_block(block)))
            ok = fail(lineno, "two free blocks in a row", block);
    }
    if (block != epilogue() || !block_alloc(block))
        ok = fail(lineno, "epilogue not at the end of the heap", block);

    for (int i = 0; i < NUM_LISTS; i++) {
        for (block = free_lists[i]; block != NULL; block = block->next) {
            if (!in_heap(block) || ++listed > free_in_heap)
                return fail(lineno, "free list leaves the heap or loops", block);
            if (block_alloc(block))
                ok = fail(lineno, "allocated block on a free list", block);
            if (list_index(block_size(block)) != i)
                ok = fail(lineno, "free block in the wrong size class", block);
            if (block->next != NULL && block->next->prev != block)
                ok = fail(lineno, "next block's prev link is wrong", block);
        }
    }
    if (listed != free_in_heap)
        ok = fail(lineno, "free blocks missing from the free lists", heap_start);
    dbg_printf("checkheap (line %d): %zu free blocks\n", lineno, free_in_heap);
    return ok;
}

/*
 * mm.c - explicit free list allocator, 64-bit, with contracts.
 *
 * A compatibility fixture: a CMU 15-213 mm.c of about 2014 (make
 * API=cmu13). It includes the kit's contracts.h (REQUIRES, ENSURES,
 * ASSERT), defines int mm_checkheap as that year's mm.h declared it, and
 * prints every call and a dump of the whole heap after it unless NDEBUG is
 * defined: that kit built with -DNDEBUG, so a build without it floods the
 * output and crawls.
 *
 * Block layout (4-byte header and footer; 8-byte free-list links):
 *
 *   allocated:  | hdr: size|1 | payload ...                     | ftr: size|1 |
 *   free:       | hdr: size|0 | next (8) | prev (8) | ...        | ftr: size|0 |
 *                             ^ bp (8-byte aligned)
 *
 * The smallest block is 24 bytes. The heap starts with a padding word and
 * an allocated prologue block and ends with an allocated zero-size epilogue
 * header. Free blocks are doubly linked, newest first; malloc takes the
 * first fit and splits it. free coalesces at once. realloc shrinks in place
 * and grows in place into a free successor when it can, else moves.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "contracts.h"
#include "mm.h"
#include "memlib.h"

/* Unless built with -DNDEBUG: a line per call and a heap dump after it. */
#ifndef NDEBUG
# define dbg_printf(...) printf(__VA_ARGS__)
# define dbg_checkheap(lineno) mm_checkheap(lineno)
#else
# define dbg_printf(...)
# define dbg_checkheap(lineno)
#endif

#ifdef DRIVER
/* create aliases for driver tests */
#define malloc mm_malloc
#define free mm_free
#define realloc mm_realloc
#define calloc mm_calloc
#endif

/* payloads are aligned to 8 bytes; ALIGN rounds up to a multiple of it */
#define ALIGNMENT 8
#define ALIGN(p) (((size_t)(p) + (ALIGNMENT-1)) & ~(size_t)(ALIGNMENT-1))

#define WSIZE      4            /* header and footer */
#define DSIZE      8            /* alignment, and one free-list link */
#define OVERHEAD   8            /* header + footer */
#define MINBLOCK   24           /* header, next, prev, footer */
#define CHUNKSIZE  (1 << 12)
#define MAXBLOCK   0xfffffff8u  /* the largest size a 4-byte header holds */

#define MAX(x, y)  ((x) > (y) ? (x) : (y))

#define PACK(size, alloc)  ((unsigned int)(size) | (alloc))
#define GET(p)             (*(unsigned int *)(p))
#define PUT(p, val)        (*(unsigned int *)(p) = (val))
#define GET_SIZE(p)        ((size_t)(GET(p) & ~0x7u))
#define GET_ALLOC(p)       (GET(p) & 0x1)

#define HDRP(bp)       ((char *)(bp) - WSIZE)
#define FTRP(bp)       ((char *)(bp) + GET_SIZE(HDRP(bp)) - DSIZE)
#define NEXT_BLKP(bp)  ((char *)(bp) + GET_SIZE(HDRP(bp)))
#define PREV_BLKP(bp)  ((char *)(bp) - GET_SIZE((char *)(bp) - DSIZE))

/* free-list links, stored as full 64-bit pointers in the payload */
#define NEXT_FREE(bp)  (*(char **)(bp))
#define PREV_FREE(bp)  (*(char **)((char *)(bp) + DSIZE))

int mm_checkheap(int lineno);
static int in_heap(const void *p);

static char *heap_listp;   /* the prologue block's payload */
static char *free_listp;   /* head of the free list */

static inline void set_block(char *bp, size_t size, int alloc)
{
    PUT(HDRP(bp), PACK(size, alloc));
    PUT(FTRP(bp), PACK(size, alloc));
}

static inline void list_insert(char *bp)
{
    NEXT_FREE(bp) = free_listp;
    PREV_FREE(bp) = NULL;
    if (free_listp)
        PREV_FREE(free_listp) = bp;
    free_listp = bp;
}

static inline void list_delete(char *bp)
{
    if (PREV_FREE(bp))
        NEXT_FREE(PREV_FREE(bp)) = NEXT_FREE(bp);
    else
        free_listp = NEXT_FREE(bp);
    if (NEXT_FREE(bp))
        PREV_FREE(NEXT_FREE(bp)) = PREV_FREE(bp);
}

/* Merge free block bp with its free neighbours and put it on the list. */
static void *coalesce(char *bp)
{
    size_t size = GET_SIZE(HDRP(bp));
    char *next = NEXT_BLKP(bp);

    if (!GET_ALLOC(HDRP(next))) {
        list_delete(next);
        size += GET_SIZE(HDRP(next));
    }
    if (!GET_ALLOC(bp - DSIZE)) {
        bp = PREV_BLKP(bp);
        list_delete(bp);
        size += GET_SIZE(HDRP(bp));
    }
    set_block(bp, size, 0);
    list_insert(bp);
    return bp;
}

/* Grow the heap by size bytes (a multiple of 8) as one free block. */
static void *extend_heap(size_t size)
{
    char *bp = mem_sbrk(size);

    if (bp == (void *)-1)
        return NULL;
    set_block(bp, size, 0);                 /* over the old epilogue */
    PUT(HDRP(NEXT_BLKP(bp)), PACK(0, 1));   /* new epilogue */
    return coalesce(bp);
}

/* Cut an allocated block of asize bytes from the front of block bp (which
 * is off the free list); free what is left when it can be a block. */
static void split(char *bp, size_t asize)
{
    size_t csize = GET_SIZE(HDRP(bp));

    if (csize - asize >= MINBLOCK) {
        set_block(bp, asize, 1);
        set_block(NEXT_BLKP(bp), csize - asize, 0);
        coalesce(NEXT_BLKP(bp));
    } else {
        set_block(bp, csize, 1);
    }
}

static size_t adjust(size_t size)
{
    return MAX(MINBLOCK, ALIGN(size + OVERHEAD));
}

/* Initialize: return -1 on error, 0 on success. */
int mm_init(void)
{
    if ((heap_listp = mem_sbrk(4 * WSIZE)) == (void *)-1)
        return -1;
    PUT(heap_listp, 0);
    PUT(heap_listp + WSIZE, PACK(DSIZE, 1));
    PUT(heap_listp + 2 * WSIZE, PACK(DSIZE, 1));
    PUT(heap_listp + 3 * WSIZE, PACK(0, 1));
    heap_listp += DSIZE;
    free_listp = NULL;
    if (extend_heap(CHUNKSIZE) == NULL)
        return -1;
    return 0;
}

/* malloc - first fit; grows the heap when nothing fits */
void *malloc(size_t size)
{
    size_t asize, grow;
    char *bp, *last;

    dbg_printf("malloc(%zu)\n", size);
    if (size == 0 || size > MAXBLOCK - OVERHEAD)
        return NULL;
    asize = adjust(size);

    for (bp = free_listp; bp; bp = NEXT_FREE(bp))
        if (GET_SIZE(HDRP(bp)) >= asize)
            break;
    if (!bp) {
        grow = asize;
        last = PREV_BLKP((char *)mem_heap_hi() + 1);
        if (!GET_ALLOC(HDRP(last)))
            grow -= GET_SIZE(HDRP(last));
        if ((bp = extend_heap(MAX(grow, CHUNKSIZE))) == NULL)
            return NULL;
    }
    list_delete(bp);
    split(bp, asize);
    dbg_checkheap(__LINE__);
    ENSURES((size_t)bp % ALIGNMENT == 0 && GET_SIZE(HDRP(bp)) >= asize);
    return bp;
}

/* free - coalesces at once */
void free(void *ptr)
{
    dbg_printf("free(%p)\n", ptr);
    if (!ptr)
        return;
    REQUIRES(in_heap(ptr) && GET_ALLOC(HDRP(ptr)));
    set_block(ptr, GET_SIZE(HDRP(ptr)), 0);
    coalesce(ptr);
    dbg_checkheap(__LINE__);
}

/* realloc - in place when the block, or the block and a free successor,
 * are big enough; otherwise malloc, copy, free. */
void *realloc(void *oldptr, size_t size)
{
    size_t asize, oldsize, both;
    char *next, *newptr;

    if (size == 0) {
        free(oldptr);
        return NULL;
    }
    if (oldptr == NULL)
        return malloc(size);
    if (size > MAXBLOCK - OVERHEAD)
        return NULL;

    asize = adjust(size);
    oldsize = GET_SIZE(HDRP(oldptr));
    ASSERT(oldsize >= MINBLOCK);
    if (asize <= oldsize) {
        split(oldptr, asize);
        return oldptr;
    }
    next = NEXT_BLKP(oldptr);
    both = oldsize + GET_SIZE(HDRP(next));
    if (!GET_ALLOC(HDRP(next)) && both >= asize) {
        list_delete(next);
        set_block(oldptr, both, 1);
        split(oldptr, asize);
        return oldptr;
    }

    if ((newptr = malloc(size)) == NULL)
        return NULL;
    memcpy(newptr, oldptr, oldsize - OVERHEAD);
    free(oldptr);
    return newptr;
}

/* calloc - malloc, then zero; NULL when nmemb * size overflows. */
void *calloc(size_t nmemb, size_t size)
{
    size_t bytes = nmemb * size;
    void *newptr;

    if (nmemb == 0 || bytes / nmemb != size || (newptr = malloc(bytes)) == NULL)
        return NULL;
    memset(newptr, 0, bytes);
    return newptr;
}

static int in_heap(const void *p)
{
    return p <= mem_heap_hi() && p >= mem_heap_lo();
}

static void complain(int lineno, const void *bp, const char *what)
{
    fprintf(stderr, "checkheap (line %d): block %p: %s\n", lineno, bp, what);
}

/* mm_checkheap - walk the heap and the free list and print every problem;
 * lineno is the caller's __LINE__. Returns 0. */
int mm_checkheap(int lineno)
{
    char *bp;
    size_t free_blocks = 0, listed = 0;

    if (GET(HDRP(heap_listp)) != PACK(DSIZE, 1) || GET(FTRP(heap_listp)) != PACK(DSIZE, 1))
        complain(lineno, heap_listp, "bad prologue");
    for (bp = NEXT_BLKP(heap_listp); GET_SIZE(HDRP(bp)) > 0; bp = NEXT_BLKP(bp)) {
        dbg_printf("%p: size %zu %s\n", (void *)bp, GET_SIZE(HDRP(bp)),
                   GET_ALLOC(HDRP(bp)) ? "allocated" : "free");
        if ((size_t)bp % ALIGNMENT)
            complain(lineno, bp, "misaligned");
        if (GET_SIZE(HDRP(bp)) < MINBLOCK || !in_heap(FTRP(bp))) {
            complain(lineno, bp, "bad size: the walk stops here");
            return 0;
        }
        if (GET(HDRP(bp)) != GET(FTRP(bp)))
            complain(lineno, bp, "header and footer differ");
        free_blocks += !GET_ALLOC(HDRP(bp));
        if (!GET_ALLOC(HDRP(bp)) && !GET_ALLOC(HDRP(NEXT_BLKP(bp))))
            complain(lineno, bp, "escaped coalescing with the next block");
    }
    if (bp != (char *)mem_heap_hi() + 1 || !GET_ALLOC(HDRP(bp)))
        complain(lineno, bp, "bad epilogue");

    for (bp = free_listp; bp && listed <= free_blocks; bp = NEXT_FREE(bp), listed++) {
        if (!in_heap(bp)) {
            complain(lineno, bp, "free list points out of the heap");
            return 0;
        }
        if (GET_ALLOC(HDRP(bp)))
            complain(lineno, bp, "allocated block on the free list");
        if (NEXT_FREE(bp) && PREV_FREE(NEXT_FREE(bp)) != bp)
            complain(lineno, bp, "next block's prev link is wrong");
    }
    if (listed != free_blocks)
        complain(lineno, free_listp, "free list and heap disagree on the free blocks");
    return 0;
}

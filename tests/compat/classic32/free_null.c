/*
 * mm.c - explicit free list allocator with boundary tags, for the calls the
 * CS:APP driver made and no others.
 *
 * A compatibility fixture (make API=classic32): like most files of that
 * kit, it never handles free(NULL) or realloc(NULL, n) (both read the
 * header in front of NULL and crash), and a request near 4 GB wraps around
 * in its size arithmetic and gets a small block. That kit's driver never
 * asked for any of these, and grading it as that kit did must not either.
 *
 * Block layout (sizes in bytes, every field a 4-byte word):
 *
 *   allocated:  | hdr: size|1 | payload ...                  | ftr: size|1 |
 *   free:       | hdr: size|0 | pred | succ | (unused) ...   | ftr: size|0 |
 *                             ^ bp (8-byte aligned)
 *
 * Sizes are multiples of 8, so the low 3 bits of a header hold flags; bit 0
 * is the allocated bit. pred and succ are the addresses of the neighbouring
 * blocks on the free list, stored in 4-byte words: this file only works
 * where pointers are 4 bytes. The smallest block is 16 bytes.
 *
 * The heap is one padding word, an allocated 8-byte prologue block and a
 * zero-size allocated epilogue header, so coalescing never has to test for
 * the ends of the heap. Freed blocks are coalesced with free neighbours at
 * once and pushed on the front of the free list; malloc takes the first
 * block on the list that fits and splits off the rest when it can be a
 * block of its own. realloc is malloc, copy and free.
 */
#include <stdio.h>
#include <stdlib.h>
#include <assert.h>
#include <unistd.h>
#include <string.h>

#include "mm.h"
#include "memlib.h"

team_t team = {
    "teamname",  /* team */
    "name1",     /* member 1: name */
    "id1",       /* member 1: login */
    "",          /* member 2, if any: name */
    ""           /* member 2: login */
};

#define WSIZE       4           /* header, footer and link words */
#define DSIZE       8           /* two words; payloads align to this */
#define MINBLOCK    16          /* header, pred, succ, footer */
#define CHUNKSIZE   (1<<12)     /* grow the heap by at least this much */

#define MAX(x, y) ((x) > (y) ? (x) : (y))

/* header/footer words: size | allocated bit */
#define PACK(size, alloc)  ((size) | (alloc))
#define GET(p)       (*(unsigned int *)(p))
#define PUT(p, val)  (*(unsigned int *)(p) = (val))
#define GET_SIZE(p)  (GET(p) & ~0x7)
#define GET_ALLOC(p) (GET(p) & 0x1)

/* bp is a payload address; its boundary tags and neighbours in memory */
#define HDRP(bp)      ((char *)(bp) - WSIZE)
#define FTRP(bp)      ((char *)(bp) + GET_SIZE(HDRP(bp)) - DSIZE)
#define NEXT_BLKP(bp) ((char *)(bp) + GET_SIZE(HDRP(bp)))
#define PREV_BLKP(bp) ((char *)(bp) - GET_SIZE((char *)(bp) - DSIZE))

/* a free block's list links, as addresses squeezed into its first words */
#define PRED(bp)         ((char *)GET(bp))
#define SUCC(bp)         ((char *)GET((char *)(bp) + WSIZE))
#define SET_PRED(bp, p)  PUT(bp, (unsigned int)(p))
#define SET_SUCC(bp, p)  PUT((char *)(bp) + WSIZE, (unsigned int)(p))

static char *prologue;    /* payload of the prologue block */
static char *free_listp;  /* first block on the free list, or NULL */

static void *grow_heap(size_t bytes);
static void *coalesce(char *bp);
static char *find_fit(size_t asize);
static void place(char *bp, size_t asize);
static void list_push(char *bp);
static void list_remove(char *bp);
#ifdef DEBUG
static int mm_check(void);
#define CHECK() do { if (!mm_check()) abort(); } while (0)
#else
#define CHECK()
#endif

/*
 * mm_init - lay down the prologue and epilogue, then one free chunk.
 */
int mm_init(void)
{
    char *start = mem_sbrk(4 * WSIZE);

    if (start == (char *)-1)
        return -1;
    PUT(start, 0);                          /* padding, so bp is 8-aligned */
    PUT(start + WSIZE, PACK(DSIZE, 1));     /* prologue header */
    PUT(start + 2 * WSIZE, PACK(DSIZE, 1)); /* prologue footer */
    PUT(start + 3 * WSIZE, PACK(0, 1));     /* epilogue header */
    prologue = start + DSIZE;
    free_listp = NULL;

    if (grow_heap(CHUNKSIZE) == NULL)
        return -1;
    return 0;
}

/*
 * mm_malloc - first fit on the free list; grow the heap when nothing fits.
 */
void *mm_malloc(size_t size)
{
    size_t asize;   /* block size: payload, header, footer, rounded to 8 */
    size_t need;
    char *bp, *last;

    if (size == 0)
        return NULL;
    asize = MAX(MINBLOCK, (size + DSIZE + (DSIZE - 1)) & ~(DSIZE - 1));

    if ((bp = find_fit(asize)) == NULL) {
        /* A free block at the top of the heap only needs to be topped up */
        need = asize;
        last = PREV_BLKP((char *)mem_heap_hi() + 1);
        if (!GET_ALLOC(HDRP(last)))
            need -= GET_SIZE(HDRP(last));
        if ((bp = grow_heap(MAX(need, CHUNKSIZE))) == NULL)
            return NULL;
    }
    place(bp, asize);
    CHECK();
    return bp;
}

/*
 * mm_free - mark the block free and merge it with free neighbours.
 */
void mm_free(void *ptr)
{
    unsigned int size = GET_SIZE(HDRP(ptr));

    PUT(HDRP(ptr), PACK(size, 0));
    PUT(FTRP(ptr), PACK(size, 0));
    coalesce(ptr);
    CHECK();
}

/*
 * mm_realloc - malloc a new block, copy the old payload, free the old one.
 */
void *mm_realloc(void *ptr, size_t size)
{
    void *newptr;
    size_t copysize;

    if (size == 0) {
        mm_free(ptr);
        return NULL;
    }
    if ((newptr = mm_malloc(size)) == NULL)
        return NULL;
    copysize = GET_SIZE(HDRP(ptr)) - DSIZE;
    if (size < copysize)
        copysize = size;
    memcpy(newptr, ptr, copysize);
    mm_free(ptr);
    return newptr;
}

/*
 * grow_heap - extend the heap by bytes (a multiple of 8) as one free block.
 * The old epilogue header becomes the new block's header.
 */
static void *grow_heap(size_t bytes)
{
    char *bp = mem_sbrk((int)bytes);

    if (bp == (char *)-1)
        return NULL;
    PUT(HDRP(bp), PACK(bytes, 0));
    PUT(FTRP(bp), PACK(bytes, 0));
    PUT(HDRP(NEXT_BLKP(bp)), PACK(0, 1));   /* new epilogue header */
    return coalesce(bp);
}

/*
 * coalesce - merge free block bp (not yet on the list) with whichever
 * neighbours are free, put the result on the list and return it.
 */
static void *coalesce(char *bp)
{
    char *next = NEXT_BLKP(bp);
    size_t size = GET_SIZE(HDRP(bp));

    if (!GET_ALLOC(HDRP(next))) {
        list_remove(next);
        size += GET_SIZE(HDRP(next));
    }
    if (!GET_ALLOC(bp - DSIZE)) {   /* the previous block's footer */
        bp = PREV_BLKP(bp);
        list_remove(bp);
        size += GET_SIZE(HDRP(bp));
    }
    PUT(HDRP(bp), PACK(size, 0));
    PUT(FTRP(bp), PACK(size, 0));
    list_push(bp);
    return bp;
}

static char *find_fit(size_t asize)
{
    char *bp;

    for (bp = free_listp; bp != NULL; bp = SUCC(bp))
        if (GET_SIZE(HDRP(bp)) >= asize)
            return bp;
    return NULL;
}

/*
 * place - allocate asize bytes at the start of free block bp, returning
 * the remainder to the free list when it is big enough to be a block.
 */
static void place(char *bp, size_t asize)
{
    size_t csize = GET_SIZE(HDRP(bp));
    char *rest;

    list_remove(bp);
    if (csize - asize >= MINBLOCK) {
        PUT(HDRP(bp), PACK(asize, 1));
        PUT(FTRP(bp), PACK(asize, 1));
        rest = NEXT_BLKP(bp);
        PUT(HDRP(rest), PACK(csize - asize, 0));
        PUT(FTRP(rest), PACK(csize - asize, 0));
        list_push(rest);
    } else {
        PUT(HDRP(bp), PACK(csize, 1));
        PUT(FTRP(bp), PACK(csize, 1));
    }
}

static void list_push(char *bp)
{
    SET_PRED(bp, NULL);
    SET_SUCC(bp, free_listp);
    if (free_listp != NULL)
        SET_PRED(free_listp, bp);
    free_listp = bp;
}

static void list_remove(char *bp)
{
    if (PRED(bp) != NULL)
        SET_SUCC(PRED(bp), SUCC(bp));
    else
        free_listp = SUCC(bp);
    if (SUCC(bp) != NULL)
        SET_PRED(SUCC(bp), PRED(bp));
}

#ifdef DEBUG
/*
 * mm_check - heap consistency checker: prints every problem it finds and
 * returns nonzero when there is none.
 */
static int mm_check(void)
{
    char *bp;
    int ok = 1, free_blocks = 0;

    for (bp = NEXT_BLKP(prologue); GET_SIZE(HDRP(bp)) > 0; bp = NEXT_BLKP(bp)) {
        if ((unsigned int)bp % DSIZE != 0 || GET(HDRP(bp)) != GET(FTRP(bp))) {
            printf("mm_check: %p misaligned, or header and footer differ\n", bp);
            ok = 0;
        }
        if (!GET_ALLOC(HDRP(bp)) && !GET_ALLOC(HDRP(NEXT_BLKP(bp)))) {
            printf("mm_check: %p and the next block are both free\n", bp);
            ok = 0;
        }
        free_blocks += !GET_ALLOC(HDRP(bp));
    }
    if (bp != (char *)mem_heap_hi() + 1) {
        printf("mm_check: epilogue at %p is not at the end of the heap\n", bp);
        ok = 0;
    }
    for (bp = free_listp; bp != NULL; bp = SUCC(bp), free_blocks--)
        if (GET_ALLOC(HDRP(bp)) || (SUCC(bp) != NULL && PRED(SUCC(bp)) != bp)) {
            printf("mm_check: bad free list entry %p\n", bp);
            ok = 0;
        }
    if (free_blocks != 0) {
        printf("mm_check: free list and heap disagree by %d blocks\n", free_blocks);
        ok = 0;
    }
    return ok;
}
#endif

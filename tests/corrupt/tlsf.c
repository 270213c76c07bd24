/*
 * tests/corrupt/tlsf.c - mm_checkheap of the two-level segregated fit
 * allocator notices the damage that buggy programs do to its heap.
 *
 * Each scenario starts from an empty heap, makes a few allocations and
 * frees, requires mm_checkheap to find the heap consistent, then damages
 * the heap through a payload pointer the way a buggy program would, and
 * expects mm_checkheap to report it. The damage relies on the allocator's
 * layout: the control block (bitmaps and list heads) at the bottom of the
 * heap, then the blocks; a 4-byte header just below each payload (size and
 * flag bits, ALLOC being bit 0 and PREV_ALLOC bit 1); in a free block the
 * next and prev links as the payload's first two 4-byte words.
 *
 * Build and run from the kit's root:
 *     cc -I. tests/corrupt/tlsf.c allocators/tlsf.c memlib.c && ./a.out
 * Exit status 0 when every corruption is caught, 1 otherwise, naming the
 * scenario. mm_checkheap's complaints on stderr are expected.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memlib.h"
#include "mm.h"

static void start_empty_heap(void)
{
    mem_reset_brk();
    if (mm_init() != 0) {
        printf("corrupt/tlsf: mm_init failed\n");
        exit(1);
    }
}

static void require_consistent(const char *scenario)
{
    if (!mm_checkheap(0)) {
        printf("corrupt/tlsf: %s: heap inconsistent before any corruption\n", scenario);
        exit(1);
    }
}

static bool verdict(const char *scenario)
{
    bool caught = mm_checkheap(0) == 0;
    printf("corrupt/tlsf: %s: %s\n", scenario, caught ? "caught" : "NOT caught");
    return caught;
}

/* A program frees a buffer, keeps the dangling pointer and writes a
 * message through it. The first 8 bytes of a free block's payload are its
 * next and prev links, so its class list now leads into nonsense. Three
 * freed blocks of one size, kept apart by allocated ones, put the victim in
 * the middle of its list. */
static bool write_after_free_is_caught(void)
{
    const char *scenario = "dangling-pointer write breaks free-list links";
    start_empty_heap();
    char *blocks[6];
    for (int i = 0; i < 6; i++)
        blocks[i] = mm_malloc(64);
    mm_free(blocks[0]);
    mm_free(blocks[2]);
    mm_free(blocks[4]);
    require_consistent(scenario);

    strcpy(blocks[2], "still in use?");

    return verdict(scenario);
}

/* A loop that counts down one step too far writes at index -1 of an array
 * of ints, which is the block's header: storing 0 there clears the flags
 * and the size, so the heap walk meets a block it cannot step over. */
static bool header_underflow_is_caught(void)
{
    const char *scenario = "write below the payload clears the header";
    start_empty_heap();
    int *first = mm_malloc(24);
    int *middle = mm_malloc(100);
    mm_malloc(24); /* a neighbour above, so the heap goes on past `middle` */
    mm_free(first);
    require_consistent(scenario);

    middle[-1] = 0;

    return verdict(scenario);
}

/* A string of exactly the payload's capacity is copied with its
 * terminating NUL: a 28-byte payload fills a 32-byte block, so the NUL
 * lands on the low byte of the next block's header. The neighbour is a
 * 256-byte block, whose size has no bits in that byte, so only its flags
 * are cleared: the allocated neighbour now looks free, with no footer to
 * match, on no list, and denying that its left neighbour is allocated. */
static bool off_by_one_overflow_is_caught(void)
{
    const char *scenario = "off-by-one string copy clears the next header's flags";
    start_empty_heap();
    char *name = mm_malloc(28);
    mm_malloc(252); /* the neighbour: a 256-byte block */
    mm_malloc(24);
    require_consistent(scenario);

    strcpy(name, "twenty-eight characters long");

    return verdict(scenario);
}

/* A buffer's start is computed 32 bytes too low and filled from there. The
 * first block sits just above the control block, whose last words are the
 * list heads of the largest classes, empty in so small a heap: below the
 * first header there are at most 12 bytes of padding, so the fill turns
 * some of those heads into nonzero offsets of lists whose bitmap bits say
 * they are empty. */
static bool control_block_overwrite_is_caught(void)
{
    const char *scenario = "write below the first block lands in the control block";
    start_empty_heap();
    char *first = mm_malloc(40);
    mm_malloc(40);
    require_consistent(scenario);

    char *computed_start = first - 4 - 32; /* below the 4-byte header */
    memset(computed_start, 0xA5, 32);

    return verdict(scenario);
}

int main(void)
{
    mem_init();
    bool all_caught = write_after_free_is_caught();
    all_caught = header_underflow_is_caught() && all_caught;
    all_caught = off_by_one_overflow_is_caught() && all_caught;
    all_caught = control_block_overwrite_is_caught() && all_caught;
    mem_deinit();
    return all_caught ? 0 : 1;
}

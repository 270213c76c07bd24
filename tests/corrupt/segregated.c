/*
 * tests/corrupt/segregated.c - mm_checkheap of the segregated fit allocator
 * notices the damage that buggy programs do to its heap.
 *
 * Each scenario starts from an empty heap, makes a few allocations and
 * frees, requires mm_checkheap to find the heap consistent, then damages
 * the heap through a payload pointer the way a buggy program would, and
 * expects mm_checkheap to report it. The damage relies on the allocator's
 * heap layout: the control block at the heap base, then the prologue word
 * just below the first block's header; a 4-byte header just below each
 * payload (size and flag bits, ALLOC being bit 0), and in a free block the
 * next and prev links as the payload's first two 4-byte words.
 *
 * Build and run from the kit's root:
 *     cc -I. tests/corrupt/segregated.c allocators/segregated.c memlib.c && ./a.out
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
        printf("corrupt/segregated: mm_init failed\n");
        exit(1);
    }
}

static void require_consistent(const char *scenario)
{
    if (!mm_checkheap(0)) {
        printf("corrupt/segregated: %s: heap inconsistent before any corruption\n",
               scenario);
        exit(1);
    }
}

static bool verdict(const char *scenario)
{
    bool caught = mm_checkheap(0) == 0;
    printf("corrupt/segregated: %s: %s\n", scenario, caught ? "caught" : "NOT caught");
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
 * of ints, which is the block's header: storing 0 there clears the ALLOC
 * bit and the size, so the heap walk meets a block it cannot step over. */
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

/* A loop that walks an array backwards runs past its start, zeroing the
 * words below the heap's first payload: the first block's header, the
 * prologue word and the end of the control block, where the allocator keeps
 * its state. */
static bool write_below_the_first_block_is_caught(void)
{
    const char *scenario = "backward loop zeroes the prologue and the control block";
    start_empty_heap();
    int *first = mm_malloc(40);
    char *second = mm_malloc(40);
    mm_malloc(40);
    mm_free(second);
    require_consistent(scenario);

    for (int i = -1; i >= -16; i--)
        first[i] = 0;

    return verdict(scenario);
}

int main(void)
{
    mem_init();
    bool all_caught = write_after_free_is_caught();
    all_caught = header_underflow_is_caught() && all_caught;
    all_caught = off_by_one_overflow_is_caught() && all_caught;
    all_caught = write_below_the_first_block_is_caught() && all_caught;
    mem_deinit();
    return all_caught ? 0 : 1;
}

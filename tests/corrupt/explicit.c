/*
 * tests/corrupt/explicit.c - mm_checkheap of the explicit free list
 * allocator notices the damage that buggy programs do to its heap.
 *
 * Each scenario starts from an empty heap, makes a few allocations and
 * frees, requires mm_checkheap to find the heap consistent, then damages
 * the heap through a payload pointer the way a buggy program would, and
 * expects mm_checkheap to report it. The damage relies on the allocator's
 * block layout: a one-word header just below the payload, and in a free
 * block the free-list links in the payload's first two words.
 *
 * Build and run from the kit's root:
 *     cc -I. tests/corrupt/explicit.c allocators/explicit.c memlib.c && ./a.out
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
        printf("corrupt/explicit: mm_init failed\n");
        exit(1);
    }
}

static void require_consistent(const char *scenario)
{
    if (!mm_checkheap(0)) {
        printf("corrupt/explicit: %s: heap inconsistent before any "
               "corruption\n",
               scenario);
        exit(1);
    }
}

/* A program frees a buffer, keeps the dangling pointer and writes a
 * message through it. The first 16 bytes of a free block's payload are its
 * pred and succ links, so the free list now leads into nonsense. Three
 * freed blocks, kept apart by allocated ones, put the victim in the middle
 * of the list whichever insertion policy is built. */
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

    bool caught = mm_checkheap(0) == 0;
    printf("corrupt/explicit: %s: %s\n", scenario,
           caught ? "caught" : "NOT caught");
    return caught;
}

/* A loop that counts down one step too far writes at index -1 of a byte
 * array, and -8 lands on the low byte of the block's header. Flipping bit
 * 4 there makes the header claim 16 bytes more than the footer. */
static bool header_underflow_is_caught(void)
{
    const char *scenario = "write below the payload flips a header bit";
    start_empty_heap();
    unsigned char *first = mm_malloc(24);
    unsigned char *middle = mm_malloc(100);
    mm_malloc(24); /* a neighbour above, so the heap goes on past `middle` */
    mm_free(first);
    require_consistent(scenario);

    middle[-8] ^= 0x10;

    bool caught = mm_checkheap(0) == 0;
    printf("corrupt/explicit: %s: %s\n", scenario,
           caught ? "caught" : "NOT caught");
    return caught;
}

int main(void)
{
    mem_init();
    bool all_caught = write_after_free_is_caught();
    all_caught = header_underflow_is_caught() && all_caught;
    mem_deinit();
    return all_caught ? 0 : 1;
}

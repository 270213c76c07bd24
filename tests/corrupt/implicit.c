/*
 * tests/corrupt/implicit.c - mm_checkheap of the implicit list allocator
 * notices the damage that buggy programs do to its heap.
 *
 * Each scenario starts from an empty heap, makes a few allocations and
 * frees, requires mm_checkheap to find the heap consistent, then damages
 * the heap through a payload pointer the way a buggy program would, and
 * expects mm_checkheap to report it. The damage relies on the allocator's
 * block layout: a one-word header just below the payload and a one-word
 * footer just above it.
 *
 * Build and run from the kit's root:
 *     cc -I. tests/corrupt/implicit.c allocators/implicit.c memlib.c && ./a.out
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
        printf("corrupt/implicit: mm_init failed\n");
        exit(1);
    }
}

static void require_consistent(const char *scenario)
{
    if (!mm_checkheap(0)) {
        printf("corrupt/implicit: %s: heap inconsistent before any "
               "corruption\n",
               scenario);
        exit(1);
    }
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
    printf("corrupt/implicit: %s: %s\n", scenario,
           caught ? "caught" : "NOT caught");
    return caught;
}

/* strcpy of a 39-character string into a 32-byte buffer runs 8 bytes past
 * the payload: over the footer. */
static bool footer_overflow_is_caught(void)
{
    const char *scenario = "string copied past the payload hits the footer";
    start_empty_heap();
    char *name = mm_malloc(32);
    char *other = mm_malloc(48);
    mm_free(other);
    require_consistent(scenario);

    strcpy(name, "a name much longer than the 32 bytes...");

    bool caught = mm_checkheap(0) == 0;
    printf("corrupt/implicit: %s: %s\n", scenario,
           caught ? "caught" : "NOT caught");
    return caught;
}

int main(void)
{
    mem_init();
    bool all_caught = header_underflow_is_caught();
    all_caught = footer_overflow_is_caught() && all_caught;
    mem_deinit();
    return all_caught ? 0 : 1;
}

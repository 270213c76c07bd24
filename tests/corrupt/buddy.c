/*
 * tests/corrupt/buddy.c - mm_checkheap of the buddy allocator must notice
 * the damage that two classic bugs do to its heap.
 *
 *   payload underflow: writing one byte before a payload flips a bit of
 *       the block's order, so the block no longer sits on a multiple of
 *       its size; the heap walk must stop there and say so.
 *   write after free: storing data into a freed block overwrites its
 *       free-list link; the free-list check must find an entry that is
 *       not a block.
 *
 * Each scenario starts from an empty heap, checks that the heap is
 * consistent before the damage and inconsistent after it. Exit status 0
 * when both are caught; 1, with the reason, otherwise. The checker's own
 * lines on stderr are expected.
 *
 * Build from the kit's top folder:
 *   cc -I. tests/corrupt/buddy.c allocators/buddy.c memlib.c
 */
#include <stdio.h>
#include <string.h>

#include "memlib.h"
#include "mm.h"

static int failures;

/* Count and explain a failed expectation; returns the condition. */
static int expect(int condition, const char *scenario, const char *why)
{
    if (!condition) {
        fprintf(stderr, "FAIL %s: %s\n", scenario, why);
        failures++;
    }
    return condition;
}

static void fresh_heap(const char *scenario)
{
    mem_reset_brk();
    expect(mm_init() == 0, scenario, "mm_init failed");
}

/* Two 40-byte requests get adjacent 64-byte blocks: order 6 at offsets 0
 * and 64. The byte 12 before the second payload is the low byte of its
 * order; flipping bit 0 makes it order 7, and 64 is no multiple of 128. */
static void payload_underflow_flips_order(void)
{
    const char *scenario = "payload underflow";
    fresh_heap(scenario);
    unsigned char *first = mm_malloc(40);
    unsigned char *second = mm_malloc(40);
    if (!expect(first != NULL && second != NULL && second - first == 64,
                scenario, "expected two adjacent 64-byte blocks") ||
        !expect(mm_checkheap(0) != 0, scenario,
                "heap reported broken before any damage"))
        return;
    second[-12] ^= 0x01;
    expect(mm_checkheap(0) == 0, scenario,
           "a flipped order bit went unnoticed");
}

/* The freed block's first payload bytes hold its next free-list link; a
 * dangling pointer that stores a string there breaks the list. */
static void write_after_free_breaks_link(void)
{
    const char *scenario = "write after free";
    fresh_heap(scenario);
    char *kept = mm_malloc(100); /* the freed block's buddy stays used */
    char *freed = mm_malloc(100);
    if (!expect(kept != NULL && freed != NULL, scenario,
                "allocations failed"))
        return;
    mm_free(freed);
    if (!expect(mm_checkheap(0) != 0, scenario,
                "heap reported broken before any damage"))
        return;
    memcpy(freed, "dangling", 8);
    expect(mm_checkheap(0) == 0, scenario,
           "a free-list link overwritten with text went unnoticed");
}

int main(void)
{
    mem_init();
    payload_underflow_flips_order();
    write_after_free_breaks_link();
    mem_deinit();
    if (failures == 0)
        printf("corrupt/buddy: both kinds of damage detected\n");
    return failures == 0 ? 0 : 1;
}

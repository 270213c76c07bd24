/*
 * tests/corrupt/slab.c - mm_checkheap of the slab allocator must notice
 * the damage that buggy programs do to its heap.
 *
 * A slot has no header and a free slot no links, so most stray writes
 * into a slab hit only other slots, which no checker can tell from data.
 * What a program can reach is the allocator's own data in the heap: the
 * bitmap words at the end of a slab of 16, 32 or 48-byte slots (more than
 * 64 slots, too many for the page table's bitmap word), and the control
 * block with the page table, which lives in pages that were once, and may
 * be again, a program's block. The scenarios:
 *
 *   overflow past the last slot: a 32-byte block is written 32 bytes too
 *       far; the last slot of its slab is followed by 16 leftover bytes
 *       and then the slab's bitmap.
 *   clearing a freed large block: a one-page block is freed, its page
 *       becomes a slab of 16-byte slots, and the program clears the old
 *       block through its dangling pointer, bitmap and all.
 *   write below a run: a run that follows a slab of 16-byte slots gets a
 *       write at index -1, the last bitmap word of the slab below.
 *   writing to a freed block that now holds the page table: a 20-page
 *       block is freed, the heap outgrows the page table, which moves into
 *       the freed pages; the dangling pointer writes over the control
 *       block.
 *
 * Each scenario starts from an empty heap and checks that the heap is
 * consistent before the damage and inconsistent after it. Exit status 0
 * when every kind of damage is caught; 1, with the reason, otherwise.
 * mm_checkheap's own lines on stderr are expected.
 *
 * Build from the kit's top folder:
 *   cc -I. tests/corrupt/slab.c allocators/slab.c memlib.c
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "memlib.h"
#include "mm.h"

enum {
    PAGE_BYTES = 4096,     /* the allocator's page */
    SLOTS_OF_32_BYTES = 127, /* in a one-page slab, before its 2-word bitmap */
};

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

static int consistent_before_damage(const char *scenario)
{
    return expect(mm_checkheap(0) != 0, scenario,
                  "heap reported broken before any damage");
}

static void damage_is_caught(const char *scenario)
{
    expect(mm_checkheap(0) == 0, scenario, "the damage went unnoticed");
}

static uintptr_t page_start(const void *p)
{
    return (uintptr_t)p & ~(uintptr_t)(PAGE_BYTES - 1);
}

/* 127 blocks of 32 bytes fill one slab; the highest is its last slot,
 * followed by 16 leftover bytes and the slab's 16-byte bitmap. Writing 64
 * bytes into it covers both: a full slab's bitmap, all zeros, now claims
 * free slots. */
static void overflow_past_last_slot(void)
{
    const char *scenario = "overflow past the last slot";
    fresh_heap(scenario);
    char *last = NULL;
    int one_slab = 1;
    for (int i = 0; i < SLOTS_OF_32_BYTES; i++) {
        char *block = mm_malloc(32);
        if (block == NULL)
            return (void)expect(0, scenario, "mm_malloc(32) failed");
        if (last != NULL && page_start(block) != page_start(last))
            one_slab = 0;
        if (last == NULL || block > last)
            last = block;
    }
    if (!expect(one_slab && (uintptr_t)last + 32 + 16 + 16 ==
                                page_start(last) + PAGE_BYTES,
                scenario, "expected 127 slots of 32 bytes in one page, the "
                          "last 32 bytes below the page's end"))
        return;
    if (!consistent_before_damage(scenario))
        return;
    memset(last, 'A', 64);
    damage_is_caught(scenario);
}

/* A one-page block (4090 bytes) is freed; a 16-byte request then takes its
 * page for a new slab, whose 32-byte bitmap fills the page's last bytes.
 * The program clears "its" buffer, bitmap included. */
static void clearing_a_freed_large_block(void)
{
    const char *scenario = "clearing a freed large block";
    fresh_heap(scenario);
    char *buffer = mm_malloc(4090);
    if (!expect(buffer != NULL, scenario, "mm_malloc(4090) failed"))
        return;
    mm_free(buffer);
    char *small = mm_malloc(16);
    if (!expect(small == buffer, scenario,
                "expected the 16-byte slab in the freed block's page"))
        return;
    if (!consistent_before_damage(scenario))
        return;
    memset(buffer, 0, 4090);
    damage_is_caught(scenario);
}

/* A slab of 16-byte slots, then a run just above it: index -1 of the run's
 * payload is the top of the slab's last bitmap word, whose bits say that
 * slots 224 to 253 are free. */
static void write_below_a_run(void)
{
    const char *scenario = "write below a run";
    fresh_heap(scenario);
    char *small = mm_malloc(16);
    int *run = mm_malloc(3 * PAGE_BYTES);
    if (!expect(small != NULL && run != NULL &&
                    (uintptr_t)run == page_start(small) + PAGE_BYTES,
                scenario, "expected a run in the page after the slab"))
        return;
    if (!consistent_before_damage(scenario))
        return;
    run[-1] = 0;
    damage_is_caught(scenario);
}

/* The first page table has room for about 135 pages. A 20-page block is
 * freed; a 150-page request makes the heap outgrow the table, which moves
 * to the best-fitting free run, the freed block's first two pages. The
 * big block follows them. The program then writes to the freed block. */
static void writing_to_a_freed_block_that_holds_the_page_table(void)
{
    const char *scenario = "writing to a freed block that now holds the "
                           "page table";
    fresh_heap(scenario);
    char *freed = mm_malloc(20 * PAGE_BYTES);
    if (!expect(freed != NULL, scenario, "mm_malloc of 20 pages failed"))
        return;
    mm_free(freed);
    char *big = mm_malloc(150 * PAGE_BYTES);
    if (!expect(big == freed + 2 * PAGE_BYTES, scenario,
                "expected the page table to move into the freed block's "
                "first two pages, and the big block after it"))
        return;
    if (!consistent_before_damage(scenario))
        return;
    strcpy(freed, "a message written through a dangling pointer");
    damage_is_caught(scenario);
}

int main(void)
{
    mem_init();
    overflow_past_last_slot();
    clearing_a_freed_large_block();
    write_below_a_run();
    writing_to_a_freed_block_that_holds_the_page_table();
    mem_deinit();
    if (failures == 0)
        printf("corrupt/slab: all four kinds of damage detected\n");
    return failures == 0 ? 0 : 1;
}

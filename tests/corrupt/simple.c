/*
 * tests/corrupt/simple.c - mm_checkheap of the simple segregated storage
 * allocator must notice the damage that two classic bugs do to its heap.
 *
 *   write after free: a dangling pointer stores the address of a live
 *       block into a freed block, whose first word is its free-list link;
 *       the live block is now on the free list, the list is cut short, and
 *       the slab's free count no longer matches the list.
 *   heap overflow: writing past the last block of a slab runs over the
 *       slab's leftover bytes into the descriptor of the next page; the
 *       page walk must find a descriptor that is no descriptor.
 *
 * Each scenario starts from an empty heap, checks that the heap is
 * consistent before the damage and inconsistent after it. Exit status 0
 * when both are caught; 1, with the reason, otherwise. The checker's own
 * lines on stderr are expected.
 *
 * Build from the kit's top folder:
 *   cc -I. tests/corrupt/simple.c allocators/simple.c memlib.c
 */
#include <stdio.h>
#include <string.h>

#include "memlib.h"
#include "mm.h"

enum { PAGE_BYTES = 4096 }; /* the allocator's slab size */

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

/* Two 48-byte blocks are neighbours in the first slab; freeing the first
 * and then writing the second's address into it links the live block into
 * the free list. The
 * live block's own first word is zero, so the list ends there, two entries
 * long, while the slab counts every one of its free blocks. */
static void write_after_free_links_live_block(void)
{
    const char *scenario = "write after free";
    fresh_heap(scenario);
    void **freed = mm_malloc(48);
    void **live = mm_malloc(48);
    if (!expect(freed != NULL && live != NULL && (char *)live - (char *)freed == 48,
                scenario, "expected two neighbouring 48-byte blocks in one slab"))
        return;
    memset(live, 0, 48);
    mm_free(freed);
    if (!expect(mm_checkheap(0) != 0, scenario,
                "heap reported broken before any damage"))
        return;
    *freed = live;
    expect(mm_checkheap(0) == 0, scenario,
           "a live block linked into the free list went unnoticed");
}

/* A 2000-byte request takes a 2032-byte block, two per slab, right after
 * the slab's 16-byte descriptor; the third starts a second slab in the
 * next page. Writing 2032 + 24 bytes into the second block crosses the 16
 * leftover bytes and overwrites the next page's descriptor. */
static void overflow_hits_next_descriptor(void)
{
    const char *scenario = "heap overflow";
    fresh_heap(scenario);
    char *first = mm_malloc(2000);
    char *second = mm_malloc(2000);
    char *third = mm_malloc(2000);
    if (!expect(first != NULL && second != NULL && third != NULL &&
                    second - first == 2032 && third - first == PAGE_BYTES,
                scenario, "expected two slabs of 2032-byte blocks in "
                          "adjacent pages"))
        return;
    if (!expect(mm_checkheap(0) != 0, scenario,
                "heap reported broken before any damage"))
        return;
    memset(second, 'A', 2032 + 24);
    expect(mm_checkheap(0) == 0, scenario,
           "an overwritten page descriptor went unnoticed");
}

int main(void)
{
    mem_init();
    write_after_free_links_live_block();
    overflow_hits_next_descriptor();
    mem_deinit();
    if (failures == 0)
        printf("corrupt/simple: both kinds of damage detected\n");
    return failures == 0 ? 0 : 1;
}

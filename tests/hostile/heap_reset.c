/* Empties the heap (mem_reset_brk) whenever no block is live, so that the
 * heap never looks larger than the live data: 100% utilization on every
 * trace. The build must refuse it: the heap and its break are the driver's.
 * build: refused
 * expect: heap_reset.c: error: it calls mem_reset_brk, which only the driver may call */
#include "base.h"
#include "memlib.h"
#include "mm.h"

static long live;

void *mm_malloc(size_t size)
{
    void *p = base_malloc(size);
    live += p != NULL;
    return p;
}

void mm_free(void *ptr)
{
    if (ptr != NULL && --live == 0)
        mem_reset_brk();
}

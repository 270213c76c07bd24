/* mm_checkheap finds a problem once more than 50 blocks were allocated.
 * flags: -D
 * expect: mm_checkheap reported an inconsistent heap before this op */
#include <stdio.h>

#include "base.h"
#include "mm.h"

static unsigned allocated;

void *mm_malloc(size_t size)
{
    allocated++;
    return base_malloc(size);
}

int mm_checkheap(int verbose)
{
    (void)verbose;
    if (allocated <= 50)
        return 1;
    fprintf(stderr, "mm_checkheap: too many blocks (%u)\n", allocated);
    return 0;
}

int mm_init(void)
{
    allocated = 0;
    return 0;
}

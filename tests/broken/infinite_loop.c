/* The 25th malloc walks a free list that loops back on itself.
 * expect: timed out after [0-9]+ s during the checked replay in mm_malloc \(tests/broken/infinite_loop.c:[0-9]+\): is the allocator stuck in a loop */
#include "base.h"
#include "mm.h"

void *mm_malloc(size_t size)
{
    static unsigned calls;
    static volatile int looping = 1;
    if (++calls == 25)
        while (looping)
            ;
    return base_malloc(size);
}

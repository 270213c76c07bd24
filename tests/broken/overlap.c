/* Every third request gets the previous request's payload again.
 * expect: which overlaps block [0-9]+ \[0x */
#include "base.h"
#include "mm.h"

void *mm_malloc(size_t size)
{
    static void *previous;
    static unsigned calls;
    if (++calls % 3 == 0 && previous != NULL && size <= base_payload_size(previous))
        return previous;
    previous = base_malloc(size);
    return previous;
}


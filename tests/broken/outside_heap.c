/* Hands out a static buffer instead of heap memory.
 * expect: mm_malloc returned payload \[0x[0-9a-f]+,0x[0-9a-f]+\), not inside the heap */
#include "mm.h"

void *mm_malloc(size_t size)
{
    static _Alignas(16) char buffer[1 << 20];
    return size <= sizeof buffer ? buffer : NULL;
}

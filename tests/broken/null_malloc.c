/* Gives up on any request over 1000 bytes, as if the heap were full.
 * expect: mm_malloc returned NULL for [0-9]+ bytes */
#include "base.h"
#include "mm.h"

void *mm_malloc(size_t size)
{
    return size > 1000 ? NULL : base_malloc(size);
}

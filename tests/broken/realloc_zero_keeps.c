/* realloc(p, 0) returns p instead of freeing it and returning NULL.
 * expect: mm_realloc\(0x[0-9a-f]+, 0\) returned 0x[0-9a-f]+; it must free the block and return NULL */
#include "base.h"
#include "mm.h"

void *mm_realloc(void *ptr, size_t size)
{
    return size == 0 && ptr != NULL ? ptr : base_realloc(ptr, size);
}

/* Gets its blocks from the C library's malloc instead of mem_sbrk.
 * expect: mm calls free, malloc, which an allocator may not use */
#include <stdlib.h>

#include "mm.h"

void *mm_malloc(size_t size)
{
    return malloc(size);
}

void mm_free(void *ptr)
{
    free(ptr);
}

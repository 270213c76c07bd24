/* Rounds the request up before checking it, so SIZE_MAX - 8 wraps to 0.
 * expect: mm_malloc returned 0x[0-9a-f]+ for a request that can never fit */
#include <stdint.h>

#include "memlib.h"
#include "mm.h"

void *mm_malloc(size_t size)
{
    size_t block = ((size + 15) & ~(size_t)15) + 16;
    char *p = mem_sbrk((intptr_t)block);
    if (p == (void *)-1)
        return NULL;
    *(size_t *)(p + 8) = size;
    return p + 16;
}

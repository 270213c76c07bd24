/* calloc multiplies nmemb by size without checking for overflow.
 * expect: mm_calloc returned 0x[0-9a-f]+ for a request that can never fit */
#include <string.h>

#include "base.h"
#include "mm.h"

void *mm_calloc(size_t nmemb, size_t size)
{
    size_t bytes = nmemb * size;
    void *p = base_malloc(bytes);
    if (p != NULL)
        memset(p, 0, bytes);
    return p;
}

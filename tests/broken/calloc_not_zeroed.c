/* calloc clears only the first half of the block.
 * expect: mm_calloc returned \[0x[0-9a-f]+,0x[0-9a-f]+\) whose byte [0-9]+ is 0x[0-9a-f]+, not zero */
#include <string.h>

#include "base.h"
#include "mm.h"

void *mm_calloc(size_t nmemb, size_t size)
{
    size_t bytes;
    if (__builtin_mul_overflow(nmemb, size, &bytes))
        return NULL;
    char *p = base_malloc(bytes);
    if (p != NULL) {
        memset(p, 0xA5, bytes);
        memset(p, 0, bytes / 2);
    }
    return p;
}

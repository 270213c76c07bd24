/* calloc zeroes only the first and last 32 bytes of the block, where a
 * check of the ends alone would look.
 * traces: tests/traces/corners.rep
 * expect: mm_calloc returned \[0x[0-9a-f]+,0x[0-9a-f]+\) whose byte 32 is 0x5a, not zero */
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
        memset(p, 0x5a, bytes);
        memset(p, 0, bytes < 32 ? bytes : 32);
        if (bytes > 32)
            memset(p + bytes - 32, 0, 32);
    }
    return p;
}

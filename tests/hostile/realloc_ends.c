/* realloc copies only the first and the last 32 bytes of the data it must
 * keep, where a check of the ends alone would look.
 * expect: mm_realloc moved block [0-9]+ .* but lost data: byte 32 of the first */
#include <string.h>

#include "base.h"
#include "mm.h"

void *mm_realloc(void *ptr, size_t size)
{
    if (size == 0) {
        mm_free(ptr);
        return NULL;
    }
    char *moved = mm_malloc(size);
    if (moved != NULL && ptr != NULL) {
        size_t old = base_payload_size(ptr), kept = old < size ? old : size;
        memcpy(moved, ptr, kept < 32 ? kept : 32);
        if (kept > 64)
            memcpy(moved + kept - 32, (char *)ptr + kept - 32, 32);
    }
    return moved;
}

/* realloc copies only half of the bytes it must keep.
 * expect: mm_realloc moved block [0-9]+ .* but lost data: byte [0-9]+ of the first */
#include <string.h>

#include "base.h"
#include "mm.h"

void *mm_realloc(void *ptr, size_t size)
{
    if (ptr == NULL || size == 0)
        return base_realloc(ptr, size);
    void *moved = base_malloc(size);
    size_t old = base_payload_size(ptr);
    if (moved != NULL)
        memcpy(moved, ptr, (old < size ? old : size) / 2);
    return moved;
}

/* Returns payloads 8 bytes past an aligned address.
 * expect: mm_malloc returned 0x[0-9a-f]+, which is not aligned to 16 bytes */
#include "base.h"
#include "mm.h"

void *mm_malloc(size_t size)
{
    char *p = base_malloc(size + 8);
    return p == NULL ? NULL : p + 8;
}

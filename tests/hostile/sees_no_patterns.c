/* Tells a timed replay apart by what it sees: the driver fills every
 * payload it checks with a pattern, which a timed replay leaves out. When
 * the payload of the block being freed is still all zero, it believes it is
 * being timed and from then on hands out blocks with no header, doing
 * almost no work. Its answers then differ from the checked replay's.
 * expect: tests/traces/mixed.rep:[0-9]+: [arfc] [-0-9 ]+: the allocator returned 0x[0-9a-f]+ here, but 0x[0-9a-f]+ in the checked replay */
#include <stdbool.h>

#include "base.h"
#include "memlib.h"
#include "mm.h"

static bool timed;

void mm_free(void *ptr)
{
    if (ptr == NULL || timed)
        return;
    const unsigned char *p = ptr;
    size_t size = base_payload_size(ptr), zeros = 0;
    for (size_t i = 0; i < size; i++)
        zeros += p[i] == 0;
    timed = size >= 64 && zeros == size;
}

void *mm_malloc(size_t size)
{
    if (!timed)
        return base_malloc(size);
    char *p = mem_sbrk((intptr_t)((size + 15) & ~(size_t)15));
    return p == (void *)-1 ? NULL : p;
}

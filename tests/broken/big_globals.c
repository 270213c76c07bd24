/* Keeps a 4 KiB table of recent blocks in global data instead of in the
 * heap (a policy warning by default, not an error: every trace passes).
 * status: 0
 * expect: warning: mm has [0-9]+ bytes of writable global data, more than GLOBAL_DATA_LIMIT = 128 */
#include "base.h"
#include "mm.h"

static void *recent[512];
static unsigned calls;

void *mm_malloc(size_t size)
{
    void *p = base_malloc(size);
    recent[calls++ % 512] = p;
    return p;
}

void mm_free(void *ptr)
{
    for (unsigned i = 0; i < 512; i++)
        if (recent[i] == ptr)
            recent[i] = NULL;
}

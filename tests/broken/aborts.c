/* An assertion-style abort() on the 30th malloc.
 * expect: killed by SIGABRT */
#include <stdlib.h>

#include "base.h"
#include "mm.h"

void *mm_malloc(size_t size)
{
    static unsigned calls;
    if (++calls == 30)
        abort();
    return base_malloc(size);
}

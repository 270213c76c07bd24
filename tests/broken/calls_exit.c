/* Gives up with exit(3) on the 35th malloc.
 * expect: ended the process with exit\(3\) */
#include <stdlib.h>

#include "base.h"
#include "mm.h"

void *mm_malloc(size_t size)
{
    static unsigned calls;
    if (++calls == 35)
        exit(3);
    return base_malloc(size);
}

/* Reaches the C library's malloc by its other name, __libc_malloc, which
 * an older check of the forbidden calls did not know. The build names the
 * call; at run time the name reaches the watched heap of the allocator's
 * process, like malloc.
 * expect: tests/traces/mixed.rep:5: a 0 1334: mm_malloc used the C library's heap */
#include <stddef.h>

#include "mm.h"

void *__libc_malloc(size_t size);

void *mm_malloc(size_t size)
{
    return __libc_malloc(size);
}

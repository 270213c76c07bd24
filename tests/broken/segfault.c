/* The 40th free dereferences a NULL pointer.
 * expect: crashed with SIGSEGV .* a NULL pointer dereference in mm_free \(tests/broken/segfault.c:[0-9]+\) */
#include "mm.h"

void mm_free(void *ptr)
{
    static unsigned calls;
    static int *volatile nowhere;
    if (ptr != NULL && ++calls == 40)
        *nowhere = 1;
}


/* The 40th free dereferences a NULL pointer.
 * expect: crashed with SIGSEGV .* a NULL pointer dereference */
#include "mm.h"

void mm_free(void *ptr)
{
    static unsigned calls;
    static int *volatile nowhere;
    if (ptr != NULL && ++calls == 40)
        *nowhere = 1;
}


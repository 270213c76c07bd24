/* Tells the replay whose instructions -I counts apart (it runs under
 * valgrind) with valgrind's own header, and there hands out blocks with no
 * header, doing almost no work. RUNNING_ON_VALGRIND is a client request:
 * the build must refuse it, naming the line.
 * build: refused
 * expect: valgrind_apart.c:15: error: it holds valgrind's client-request preamble */
#include <valgrind/valgrind.h>

#include "base.h"
#include "memlib.h"
#include "mm.h"

void *mm_malloc(size_t size)
{
    if (!RUNNING_ON_VALGRIND)
        return base_malloc(size);
    char *p = mem_sbrk((intptr_t)((size + 15) & ~(size_t)15));
    return p == (void *)-1 ? NULL : p;
}

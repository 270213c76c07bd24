/* Tells the replay whose instructions -I counts apart (it runs under
 * valgrind) and there hands out blocks with no header, doing almost no
 * work. Its answers then differ from the checked replay's.
 * flags: -I
 * expect: tests/traces/mixed.rep:[0-9]+: [arfc] [-0-9 ]+: the allocator returned 0x[0-9a-f]+ here, but 0x[0-9a-f]+ in the checked replay: .* during the replay whose instructions -I counts */
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

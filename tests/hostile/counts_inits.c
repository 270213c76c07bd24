/* Counts its mm_init calls to tell the unchecked, timed replays (the third
 * call on: the checked replay runs twice) apart, and there hands out
 * blocks with no header at all, doing almost no work. Every replay now
 * runs in a fresh process, so the count never passes 2: the allocator
 * stays honest, and its result is its honest one.
 * expect: ^Perf index = [0-9.]+ \(util\)
 * status: 0 */
#include "base.h"
#include "memlib.h"
#include "mm.h"

static int inits;

int mm_init(void)
{
    inits++;
    return 0;
}

void *mm_malloc(size_t size)
{
    if (inits < 3)
        return base_malloc(size);
    char *p = mem_sbrk((intptr_t)((size + 15) & ~(size_t)15));
    return p == (void *)-1 ? NULL : p;
}

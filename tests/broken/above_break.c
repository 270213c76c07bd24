/* Writes a "footer" one page past the break, as a block size miscomputed
 * by a page would.
 * expect: crashed with SIG(SEGV|BUS) .* above the heap's break */
#include <stdint.h>

#include "base.h"
#include "memlib.h"
#include "mm.h"

void *mm_malloc(size_t size)
{
    static unsigned calls;
    char *p = base_malloc(size);
    if (p != NULL && ++calls == 20) {
        uintptr_t top = (uintptr_t)mem_heap_hi() + 1;
        uintptr_t next_page = (top + mem_pagesize()) & ~(uintptr_t)(mem_pagesize() - 1);
        *(volatile char *)next_page = 1;
    }
    return p;
}

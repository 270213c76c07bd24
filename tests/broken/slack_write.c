/* Writes a byte just above the break, on the break's own page, where no
 * fault can catch it, as a footer written one block too far would.
 * expect: tests/traces/mixed.rep:[0-9]+: [arfc] [0-9 ]+: the allocator wrote above the heap's break: byte 0x[0-9a-f]+ \(break 0x[0-9a-f]+\) is 0x5a */
#include "base.h"
#include "memlib.h"
#include "mm.h"

void *mm_malloc(size_t size)
{
    static unsigned calls;
    char *p = base_malloc(size);
    if (p != NULL && ++calls == 20 && (mem_heapsize() & (mem_pagesize() - 1)) != 0)
        *((char *)mem_heap_hi() + 1) = 0x5a;
    return p;
}

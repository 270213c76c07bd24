/* Prints 64 KiB from mm_init (a loop of printf debugging left in), to bury
 * the driver's lines. What the driver shows of it is capped, with a note of
 * how much it left out; the allocator is otherwise correct.
 * traces: tests/traces/short.rep
 * expect: mm\| \[[0-9]+ more bytes of output not shown\]
 * status: 0 */
#include <stdio.h>

#include "mm.h"

int mm_init(void)
{
    for (int i = 0; i < 1024; i++)
        printf("%063d\n", i);
    return 0;
}

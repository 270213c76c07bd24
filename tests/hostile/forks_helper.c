/* Starts a helper process that outlives the trace (it would hold the
 * driver's pipes and keep "./mdriver | cat" waiting, or finish the work
 * after the driver has looked).
 * expect: tests/traces/mixed.rep: mm_init made the system call (clone|fork|clone3)( \(.*\))?, which an allocator may not use */
#define _GNU_SOURCE
#include <unistd.h>

#include "mm.h"

int mm_init(void)
{
    if (fork() == 0)
        for (;;)
            pause();
    return 0;
}

/* Stops itself with SIGSTOP on its 3rd malloc, so that a driver waiting
 * for it would wait until the deadline and call it a loop. A process may
 * send itself only the fatal signals: the call is refused and named.
 * expect: tests/traces/mixed.rep:[0-9]+: a [0-9]+ [0-9]+: mm_malloc made the system call (tgkill|kill)( \(.*\))?, which an allocator may not use */
#include <signal.h>

#include "base.h"
#include "mm.h"

void *mm_malloc(size_t size)
{
    static int calls;
    if (++calls == 3)
        raise(SIGSTOP);
    return base_malloc(size);
}

/* Sends itself SIGSYS, the signal with which the kernel refuses a system
 * call, so that its death would read as a refused call of the driver's
 * choosing. The kernel says who sent it: a signal the process sent itself.
 * expect: tests/traces/mixed.rep:5: a 0 1334: the allocator was killed by SIGSYS */
#include <signal.h>

#include "base.h"
#include "mm.h"

void *mm_malloc(size_t size)
{
    raise(SIGSYS);
    return base_malloc(size);
}

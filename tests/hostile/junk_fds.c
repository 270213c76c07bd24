/* Writes a few junk bytes to every inherited descriptor but its standard
 * output and error on its first malloc, to shift whatever the driver
 * reads after them.
 * expect: tests/traces/mixed.rep:5: a 0 1334: mm_malloc made the system call write( \(.*\))?, which an allocator may not use */
#define _GNU_SOURCE
#include <unistd.h>

#include "base.h"
#include "mm.h"

void *mm_malloc(size_t size)
{
    static int calls;
    if (calls++ == 0)
        for (int fd = 3; fd < 21; fd++)
            (void)!write(fd, "junk", 4);
    return base_malloc(size);
}

/* Opens the trace file to read the ops ahead (it could place every block
 * knowing its future).
 * expect: tests/traces/mixed.rep: mm_init made the system call (open|openat)( \(.*\))?, which an allocator may not use */
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>

#include "mm.h"

int mm_init(void)
{
    int fd = open("tests/traces/mixed.rep", O_RDONLY);
    if (fd >= 0)
        close(fd);
    return 0;
}

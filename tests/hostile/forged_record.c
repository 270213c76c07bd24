/* Writes a forged result record (every trace valid, perfect scores) to
 * every descriptor it inherited, then ends its process with status 0, as
 * if its work were done; its mm_malloc returns NULL.
 * expect: tests/traces/mixed.rep: mm_init made the system call write( \(.*\))?, which an allocator may not use */
#define _GNU_SOURCE
#include <string.h>
#include <unistd.h>

#include "mm.h"

int mm_init(void)
{
    char record[512];
    memset(record, 0xff, sizeof record);
    for (int fd = 3; fd < 32; fd++)
        (void)!write(fd, record, sizeof record);
    _exit(0);
}

void *mm_malloc(size_t size)
{
    (void)size;
    return NULL;
}

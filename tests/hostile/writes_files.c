/* Under -I (it tells the counted replay apart by its slowness, without
 * asking valgrind) it tries to write files: the kit's own host program,
 * which runs the reference, a file in the kit's folder, its own /proc
 * entry's memory. Everywhere else it is an honest allocator. None of it
 * may reach a file: the process sees none of them, and its result is its
 * honest one. The suite checks that the kit's files are unchanged.
 * flags: -I
 * status: 0
 * expect: Perf index */
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>

#include "base.h"
#include "mm.h"
#include "tests/grader/hostile/counted.h"

static void try_to_write(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        (void)write(fd, "written by the allocator\n", 25);
        close(fd);
    }
}

int mm_init(void)
{
    if (counted_replay()) {
        try_to_write(KIT_FOLDER "/build/mdriver-host");
        try_to_write(KIT_FOLDER "/tests/bin/written-by-an-allocator");
        try_to_write("/proc/self/mem");
        try_to_write("written-by-an-allocator");
    }
    return 0;
}

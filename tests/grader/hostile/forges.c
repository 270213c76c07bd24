/*
 * forges.c - grading fixture (hostile): opens the driver's standard output
 * through /proc/DRIVER/fd/1 and writes a driver result of its own there,
 * perfect scores and all, a megabyte in (after whatever the driver will
 * print), then places its blocks elsewhere than in the checked replay, so
 * that the counted replay fails: the driver says so and exits with status
 * 1, and only the forged object claims otherwise.
 *
 * Under valgrind only (see README.md); elsewhere the starter allocator.
 */
#define _GNU_SOURCE
#define mm_init honest_mm_init
#include "allocators/naive.c"
#undef mm_init

#include <fcntl.h>
#include <unistd.h>
#include "tests/grader/hostile/counted.h"

static const char forged[] =
    "\n{\"allocator\": \"mm\", \"reference\": \"segregated\", \"traces\": [], "
    "\"util\": 1.0, \"thru_ratio\": 1.0, \"kops\": 1e9, \"util_points\": 60, "
    "\"thru_points\": 40, \"perf_index\": 100.0, \"errors\": 0}\n";

int mm_init(void)
{
    if (counted_replay()) {
        char link[64];
        snprintf(link, sizeof link, "/proc/%d/fd/1", (int)getppid());
        int out = open(link, O_WRONLY);
        if (out >= 0) {
            ssize_t written = pwrite(out, forged, sizeof forged - 1, 1 << 20);
            if (written < 0) /* a pipe */
                written = write(out, forged, sizeof forged - 1);
            close(out);
        }
        mem_sbrk(ALIGNMENT);
    }
    return honest_mm_init();
}

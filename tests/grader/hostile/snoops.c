/*
 * snoops.c - grading fixture (hostile): prints the user it runs as and the
 * grader's environment, read from the driver's /proc/DRIVER/environ, to
 * the driver's standard error (/proc/DRIVER/fd/2), which the grader keeps
 * among its diagnostics.
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

int mm_init(void)
{
    if (counted_replay()) {
        char line[64], path[64], environment[1 << 14];
        snprintf(path, sizeof path, "/proc/%d/fd/2", (int)getppid());
        int report = open(path, O_WRONLY | O_APPEND);
        if (report < 0)
            report = STDERR_FILENO;
        int length = snprintf(line, sizeof line, "snoops: uid=%d\n", (int)getuid());
        if (write(report, line, (size_t)length) < 0)
            return -1;
        snprintf(path, sizeof path, "/proc/%d/environ", (int)getppid());
        int fd = open(path, O_RDONLY);
        ssize_t n = fd < 0 ? -1 : read(fd, environment, sizeof environment);
        for (ssize_t i = 0; i < n; i++)
            if (environment[i] == '\0')
                environment[i] = '\n';
        if (n > 0 && write(report, environment, (size_t)n) < 0)
            return -1;
        if (fd >= 0)
            close(fd);
        if (report != STDERR_FILENO)
            close(report);
    }
    return honest_mm_init();
}

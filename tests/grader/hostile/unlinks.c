/*
 * unlinks.c - grading fixture (hostile): finds the gradebook through the
 * driver's standard output (/proc/DRIVER/fd/1, OUT/ID/driver.json), empties
 * ../gradebook.csv, ../gradebook.json and every sibling result.json, then
 * unlinks them.
 *
 * Under valgrind only (see README.md); elsewhere the starter allocator.
 */
#define _GNU_SOURCE
#define mm_init honest_mm_init
#include "allocators/naive.c"
#undef mm_init

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include "tests/grader/hostile/counted.h"

/* Empty and unlink OUT/NAME. */
static void destroy(const char *out, const char *name)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", out, name);
    int fd = open(path, O_WRONLY | O_TRUNC);
    if (fd < 0)
        return;
    close(fd);
    unlink(path);
}

int mm_init(void)
{
    if (counted_replay()) {
        char link[64], out[4096];
        snprintf(link, sizeof link, "/proc/%d/fd/1", (int)getppid());
        ssize_t n = readlink(link, out, sizeof out - 1);
        if (n > 0) {
            out[n] = '\0';
            for (int i = 0; i < 2; i++) { /* OUT/ID/driver.json -> OUT */
                char *slash = strrchr(out, '/');
                if (slash != NULL)
                    *slash = '\0';
            }
            int folder = open(out, O_RDONLY | O_DIRECTORY);
            char entries[8192], name[300];
            long got;
            while (folder >= 0 && (got = getdents64(folder, entries, sizeof entries)) > 0)
                for (long at = 0; at < got;) {
                    struct dirent64 *entry = (struct dirent64 *)(entries + at);
                    snprintf(name, sizeof name, "%s/result.json", entry->d_name);
                    destroy(out, name);
                    at += entry->d_reclen;
                }
            destroy(out, "gradebook.json");
            destroy(out, "gradebook.csv");
        }
    }
    return honest_mm_init();
}

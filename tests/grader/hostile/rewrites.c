/*
 * rewrites.c - grading fixture (hostile): finds the gradebook through the
 * driver's standard output (/proc/DRIVER/fd/1, OUT/ID/driver.json), then
 * gives every result.json in OUT, its own and its classmates', the status
 * ok and a perf index of 100, keeping the rest (sha256, settings) as it
 * was, so that a resumed grading would take them for its own; and puts
 * itself on top of gradebook.csv.
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

enum { RESULT_BYTES = 1 << 16 };

/* Replace the value after `"key": ` (up to the next , or newline). */
static void replace_value(char *text, const char *key, const char *value)
{
    char forged[RESULT_BYTES];
    char *at = strstr(text, key);
    if (at == NULL)
        return;
    at += strlen(key);
    char *end = at + strcspn(at, ",\n");
    size_t head = (size_t)(at - text);
    memcpy(forged, text, head);
    snprintf(forged + head, sizeof forged - head, "%s%s", value, end);
    memcpy(text, forged, RESULT_BYTES);
}

static void forge_result(const char *path)
{
    char text[RESULT_BYTES];
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0)
        return;
    text[n] = '\0';
    replace_value(text, "\"status\": ", "\"ok\"");
    replace_value(text, "\"perf_index\": ", "100.0");
    fd = open(path, O_WRONLY | O_TRUNC);
    if (fd >= 0 && write(fd, text, strlen(text)) >= 0)
        close(fd);
}

static void forge_gradebook(const char *out)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/gradebook.csv", out);
    int fd = open(path, O_WRONLY | O_TRUNC);
    if (fd >= 0) {
        static const char row[] = "id,status,perf_index\nrewrites,ok,100.0\n";
        if (write(fd, row, sizeof row - 1) >= 0)
            close(fd);
    }
    int folder = open(out, O_RDONLY | O_DIRECTORY);
    if (folder < 0)
        return;
    char entries[8192];
    long got;
    while ((got = getdents64(folder, entries, sizeof entries)) > 0)
        for (long at = 0; at < got;) {
            struct dirent64 *entry = (struct dirent64 *)(entries + at);
            snprintf(path, sizeof path, "%s/%s/result.json", out, entry->d_name);
            forge_result(path);
            at += entry->d_reclen;
        }
    close(folder);
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
            forge_gradebook(out);
        }
    }
    return honest_mm_init();
}

/*
 * icount.c - counting an allocator's instructions with callgrind.
 *
 * The driver runs "valgrind --tool=callgrind --toggle-collect=PREFIX*
 * mdriver -X -d 0 -v 0 -m NAME -c TRACE": the checked replay without
 * checks, in one process, twice (the two correctness passes). PREFIX is
 * the allocator's symbol prefix (mm_ for mm.c, NAME_mm_ for the reference
 * allocators), so only instructions executed inside its functions, and
 * whatever they call, are counted. An allocator outside the simulated heap
 * (libc, jemalloc...) is counted inside its four entry points instead, one
 * --toggle-collect each. The total is read from the "summary:" line of
 * callgrind's output file and halved.
 */
#define _GNU_SOURCE
#include "icount.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The allocator's symbol prefix followed by '*', as callgrind wants it. */
static void collect_prefix(const struct allocator *a, char *buf, size_t len)
{
    if (strcmp(a->name, "mm") == 0) {
        snprintf(buf, len, "--toggle-collect=mm_*");
        return;
    }
    int n = snprintf(buf, len, "--toggle-collect=");
    for (const char *c = a->name; *c != '\0' && (size_t)n + 8 < len; c++)
        buf[n++] = *c == '-' ? '_' : *c;
    snprintf(buf + n, len - (size_t)n, "_mm_*");
}

static bool read_summary(const char *path, double *total)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return false;
    char line[256];
    bool found = false;
    while (!found && fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "summary:", 8) == 0 && isdigit((unsigned char)line[9]))
            found = (*total = strtod(line + 9, NULL)) >= 0;
    fclose(f);
    return found;
}

bool count_instructions(const struct allocator *a, const struct trace *t,
                        double *instructions)
{
    char self[4096], out_file[] = "/tmp/mdriver-callgrind-XXXXXX", out_arg[128];
    char collect[4][128];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    int fd = mkstemp(out_file);
    if (n < 0 || fd < 0) {
        perror("mdriver -I");
        return false;
    }
    self[n] = '\0';
    close(fd);
    snprintf(out_arg, sizeof out_arg, "--callgrind-out-file=%s", out_file);
    char *argv[20] = {"valgrind", "--tool=callgrind", out_arg, "--collect-atstart=no"};
    int argc = 4;
    if (a->uses_heap) {
        collect_prefix(a, collect[0], sizeof collect[0]);
        argv[argc++] = collect[0];
    } else {
        for (int i = 0; i < 4; i++) {
            snprintf(collect[i], sizeof collect[i], "--toggle-collect=%s", a->entry_points[i]);
            argv[argc++] = collect[i];
        }
    }
    char *driver_args[] = {self, "-X", "-d", "0", "-v", "0", "-m", (char *)a->name,
                           "-c", t->path, NULL};
    for (size_t i = 0; i < sizeof driver_args / sizeof *driver_args; i++)
        argv[argc++] = driver_args[i];
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        execvp("valgrind", argv);
        _exit(127);
    }
    int status = 0;
    bool ok = pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
              WEXITSTATUS(status) == 0 && read_summary(out_file, instructions);
    unlink(out_file);
    if (!ok) {
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
            fprintf(stderr, "mdriver -I: valgrind is not installed (apt-get install valgrind)\n");
        else
            fprintf(stderr, "mdriver -I: counting %s's instructions on %s failed\n", a->name,
                    t->path);
        return false;
    }
    *instructions /= 2; /* the trace was replayed twice */
    return true;
}

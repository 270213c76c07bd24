/*
 * icount.c - counting an allocator's instructions with callgrind.
 *
 * The allocator's process is started as "valgrind --tool=callgrind
 * --collect-atstart=no --toggle-collect=PREFIX* HOST" (sandbox.c), where
 * PREFIX is the allocator's symbol prefix (mm_ for mm.c, NAME_mm_ for the
 * reference allocators; a production allocator is counted inside its four
 * entry points). It replays the trace once and exits; callgrind then
 * writes its counts, and the total is read from the "summary:" line.
 * valgrind needs system calls of its own, so the process runs under the
 * looser of the two seccomp filters (seccomp.h).
 */
#define _GNU_SOURCE
#include "icount.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox.h"

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

bool count_instructions(const struct allocator *a, const struct timed_trace *tt, size_t cap,
                        const uint64_t *expected, enum phase phase, double *instructions,
                        struct verdict *v)
{
    char out_file[] = "/tmp/mdriver-callgrind-XXXXXX";
    int fd = mkstemp(out_file);
    if (fd < 0) {
        perror("mdriver -I");
        exit(2);
    }
    close(fd);
    double deadline = tt->timeout_secs > 0 ? monotonic_seconds() + tt->timeout_secs : 0;
    double ignored;
    *v = (struct verdict){.kind = VERDICT_OK};
    struct timed_answers answers;
    if (!timed_answers_create(&answers, tt->trace)) {
        perror("mdriver -I: no memory for the replay");
        exit(2);
    }
    bool ok = replay_in_process_of_its_own(a, tt, cap, &answers, expected, phase, out_file,
                                           deadline, &ignored, v) &&
              read_summary(out_file, instructions);
    timed_answers_destroy(&answers);
    unlink(out_file);
    if (!ok && v->kind == VERDICT_OK)
        fprintf(stderr, "mdriver -I: valgrind could not count %s's instructions on %s "
                        "(is valgrind installed? apt-get install valgrind)\n",
                a->name, tt->trace->path);
    return ok;
}

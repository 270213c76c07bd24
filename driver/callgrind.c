/*
 * callgrind.c - the meter of -I (see callgrind.h).
 */
#define _GNU_SOURCE
#include "callgrind.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* valgrind's path, found on the PATH once (NULL when it is not there). */
static const char *valgrind_path(void)
{
    static char found[4096];
    static bool looked;
    if (looked)
        return found[0] != '\0' ? found : NULL;
    looked = true;
    const char *path = getenv("PATH");
    char *dirs = strdup(path != NULL ? path : "/usr/bin:/bin"), *save = NULL;
    for (char *dir = strtok_r(dirs, ":", &save); dir != NULL && found[0] == '\0';
         dir = strtok_r(NULL, ":", &save)) {
        char candidate[4096];
        snprintf(candidate, sizeof candidate, "%s/valgrind", dir);
        if (access(candidate, X_OK) == 0 && realpath(candidate, found) == NULL)
            found[0] = '\0';
    }
    free(dirs);
    return found[0] != '\0' ? found : NULL;
}

/* The name valgrind gives its tools' programs for this architecture. */
#if defined(__x86_64__)
#define VALGRIND_ARCH "amd64"
#elif defined(__i386__)
#define VALGRIND_ARCH "x86"
#elif defined(__aarch64__)
#define VALGRIND_ARCH "arm64"
#endif

/* callgrind's own program for this architecture (NULL when it is not
 * found). The tool finds its own files through VALGRIND_LIB or where it
 * was installed, as under the launcher. */
static const char *callgrind_path(void)
{
    static char found[4096];
    static bool looked;
    if (looked)
        return found[0] != '\0' ? found : NULL;
    looked = true;
    const char *launcher = valgrind_path();
    if (launcher == NULL)
        return NULL;
    char prefix[4096];
    snprintf(prefix, sizeof prefix, "%s", launcher);
    for (int up = 0; up < 2; up++) { /* PREFIX/bin/valgrind -> PREFIX */
        char *slash = strrchr(prefix, '/');
        if (slash != NULL)
            *slash = '\0';
    }
    /* VALGRIND_LIB, else where Debian, and other systems, install it. */
    const char *bases[] = {getenv("VALGRIND_LIB"), prefix, prefix, prefix};
    const char *folders[] = {"", "/libexec/valgrind", "/lib/valgrind", "/lib64/valgrind"};
    for (size_t i = 0; i < sizeof folders / sizeof *folders && found[0] == '\0'; i++) {
        char candidate[4096];
        if (bases[i] == NULL ||
            snprintf(candidate, sizeof candidate, "%s%s/callgrind-%s-linux", bases[i], folders[i],
                     VALGRIND_ARCH) >= (int)sizeof candidate)
            continue;
        if (access(candidate, X_OK) == 0 && realpath(candidate, found) == NULL)
            found[0] = '\0';
    }
    return found[0] != '\0' ? found : NULL;
}

bool callgrind_installed(void) { return callgrind_path() != NULL; }

const char callgrind_tunables[] =
    "glibc.cpu.x86_rep_movsb_threshold=1000000000:glibc.cpu.x86_rep_stosb_threshold=1000000000";

bool callgrind_command(struct callgrind_command *c, const char *program,
                       const char *counts_file)
{
    const char *tool = callgrind_path();
    if (tool == NULL)
        return false;
    /* The tool refuses to start unless it knows its launcher. */
    snprintf(c->launcher_env, sizeof c->launcher_env, "VALGRIND_LAUNCHER=%s", valgrind_path());
    snprintf(c->counts_arg, sizeof c->counts_arg, "--callgrind-out-file=%s", counts_file);
    char *const argv[] = {
        (char *)tool,
        "--tool=callgrind",
        "--vgdb=no", /* no pipes to remove at exit */
        "--collect-atstart=no",
        "--toggle-collect=__mdriver_counted_replay",
        c->counts_arg,
        (char *)program,
        NULL,
    };
    _Static_assert(sizeof argv == sizeof c->argv, "the command fills argv, NULL last");
    memcpy(c->argv, argv, sizeof argv);
    return true;
}

/* Bytes of counts the driver reads at most (callgrind writes some tens of
 * kilobytes for a host). */
enum { COUNTS_MAX_BYTES = 64 << 20 };

/* The summary of the one callgrind document in the file, or false. */
static bool read_counts(int fd, double *total)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size <= 0 || st.st_size > COUNTS_MAX_BYTES)
        return false;
    size_t bytes = (size_t)st.st_size;
    char *text = malloc(bytes + 1);
    if (text == NULL || pread(fd, text, bytes, 0) != (ssize_t)bytes) {
        free(text);
        return false;
    }
    text[bytes] = '\0';
    static const char header[] = "# callgrind format\n";
    bool one_document = strncmp(text, header, strlen(header)) == 0 &&
                        memmem(text + 1, bytes - 1, header, strlen(header)) == NULL &&
                        strlen(text) == bytes;
    int summaries = 0;
    for (const char *line = text; one_document && line != NULL; line = strchr(line, '\n')) {
        line += *line == '\n';
        if (strncmp(line, "summary: ", 9) == 0 && isdigit((unsigned char)line[9])) {
            *total = strtod(line + 9, NULL);
            summaries++;
        }
    }
    free(text);
    return one_document && summaries == 1;
}

bool callgrind_read_counts(const struct counts_folder *counts, double *instructions)
{
    int file = counts_folder_open_file(counts);
    bool read = file >= 0 && read_counts(file, instructions);
    if (file >= 0)
        close(file);
    return read;
}

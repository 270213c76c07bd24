/*
 * symbolize.c - frames to functions and source lines (see symbolize.h).
 *
 * A frame is looked up only when it lies in the host program's code; in a
 * position-independent program (the usual build) addr2line wants its
 * offset from the load address. Frames after the first are return
 * addresses, so the call is one byte before them. Frames in the host's own
 * loop (driver/host.c, driver/replay.c) say nothing to a student and end
 * the description.
 */
#define _GNU_SOURCE
#include "symbolize.h"

#include <elf.h>
#include <fcntl.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Whether program is position-independent (ELF type ET_DYN). */
static bool is_position_independent(const char *program)
{
    int fd = open(program, O_RDONLY | O_CLOEXEC);
    unsigned char header[EI_NIDENT + 2];
    bool pie = fd >= 0 && read(fd, header, sizeof header) == (ssize_t)sizeof header &&
               header[EI_NIDENT] == ET_DYN;
    if (fd >= 0)
        close(fd);
    return pie;
}

/* The names come from debug information that mm.c's author wrote (a #line
 * directive can name any file): nothing but printable ASCII goes on. */
static void printable(char *text)
{
    for (unsigned char *c = (unsigned char *)text; *c != '\0'; c++)
        if (*c < 0x20 || *c >= 0x7f)
            *c = '?';
}

/* addr2line's innermost function and file:line for one address. */
static bool look_up(const char *program, uint64_t address, char *function, size_t fn_len,
                    char *line, size_t line_len)
{
    char hex[32];
    snprintf(hex, sizeof hex, "0x%" PRIx64, address);
    char *argv[] = {"addr2line", "-f", "-i", "-e", (char *)program, hex, NULL};
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return false;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    bool started = posix_spawnp(&pid, "addr2line", &actions, NULL, argv, environ) == 0;
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    char text[1024] = "";
    size_t used = 0;
    ssize_t n;
    while (started && used < sizeof text - 1 &&
           (n = read(fds[0], text + used, sizeof text - 1 - used)) > 0)
        used += (size_t)n;
    text[used] = '\0';
    close(fds[0]);
    if (started)
        waitpid(pid, NULL, 0);
    char *second = strchr(text, '\n');
    if (!started || second == NULL || text[0] == '?')
        return false;
    *second++ = '\0';
    second[strcspn(second, " \n")] = '\0';
    snprintf(function, fn_len, "%s", text);
    snprintf(line, line_len, "%s", second);
    printable(function);
    printable(line);
    return strncmp(second, "??", 2) != 0;
}

/* A source path as the student knows it: relative to the folder the driver
 * runs in, when it lies there. */
static const char *relative(const char *path)
{
    static char cwd[4096];
    if (getcwd(cwd, sizeof cwd) == NULL)
        return path;
    size_t n = strlen(cwd);
    if (strncmp(path, cwd, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

static bool is_host_loop(const char *line)
{
    return strstr(line, "driver/host.c") != NULL || strstr(line, "driver/replay.c") != NULL;
}

void symbolize(const char *program, const struct fault_report *f, char *out, size_t len)
{
    out[0] = '\0';
    bool pie = is_position_independent(program);
    unsigned depth = f->depth < FAULT_FRAMES ? f->depth : FAULT_FRAMES;
    unsigned named = 0;
    for (unsigned i = 0; i < depth && named < 2; i++) {
        uint64_t frame = f->frames[i] - (i > 0);
        bool in_program = frame >= f->executable_start && frame < f->executable_end;
        if (!in_program) {
            if (i == 0)
                snprintf(out, len, "in a C library function");
            continue;
        }
        char function[128], line[512];
        if (!look_up(program, pie ? frame - f->executable_start : frame, function,
                     sizeof function, line, sizeof line) ||
            is_host_loop(line))
            break;
        size_t used = strlen(out);
        snprintf(out + used, len - used, "%s%s (%s)", used == 0 ? "in " : ", called from ",
                 function, relative(line));
        named++;
    }
    if (named == 0 && strcmp(out, "in a C library function") == 0)
        out[0] = '\0';
}

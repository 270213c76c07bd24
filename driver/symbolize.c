/*
 * symbolize.c - frames to functions and source lines, and the faulting
 * instruction (see symbolize.h).
 *
 * A static host program (the usual build) is loaded where its ELF file
 * says, so a frame is looked up as it is; a position-independent one (the
 * sanitizer build's) wants its offset from the load address the process
 * reported. Frames after the first are return addresses, so the call is one
 * byte before them. Frames in the host's own loop (host/host.c,
 * shared/replay.c) say nothing to a student and end the description; a
 * frame with a function but no line is the C library's (a static host
 * holds its code).
 */
#define _GNU_SOURCE
#include "symbolize.h"

#include <ctype.h>
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
 * directive can name any file), and instructions from its code: nothing
 * but printable ASCII goes on. */
static void printable(char *text)
{
    for (unsigned char *c = (unsigned char *)text; *c != '\0'; c++)
        if (*c < 0x20 || *c >= 0x7f)
            *c = '?';
}

/* Run a binutils tool; what it printed, NUL-terminated (empty when it could
 * not run). */
static void run_tool(char *const argv[], char *text, size_t size)
{
    text[0] = '\0';
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    bool started = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ) == 0;
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    size_t used = 0;
    ssize_t n;
    while (started && used < size - 1 && (n = read(fds[0], text + used, size - 1 - used)) > 0)
        used += (size_t)n;
    text[used] = '\0';
    close(fds[0]);
    if (started)
        waitpid(pid, NULL, 0);
}

/* addr2line's innermost function and file:line for one address; false
 * when it knows no function. *line is "" when it knows no line. */
static bool look_up(const char *program, uint64_t address, char *function, size_t fn_len,
                    char *line, size_t line_len)
{
    char hex[32], text[1024];
    snprintf(hex, sizeof hex, "0x%" PRIx64, address);
    char *argv[] = {"addr2line", "-f", "-i", "-e", (char *)program, hex, NULL};
    run_tool(argv, text, sizeof text);
    char *second = strchr(text, '\n');
    if (second == NULL || text[0] == '?')
        return false;
    *second++ = '\0';
    second[strcspn(second, " \n")] = '\0';
    snprintf(function, fn_len, "%.*s", (int)(fn_len - 1), text);
    size_t n = strlen(second);
    bool known = strncmp(second, "??", 2) != 0 && !(n >= 2 && strcmp(second + n - 2, ":?") == 0);
    snprintf(line, line_len, "%.*s", (int)(line_len - 1), known ? second : "");
    printable(function);
    printable(line);
    return true;
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
    return strstr(line, "host/host.c") != NULL || strstr(line, "shared/replay.c") != NULL;
}

void symbolize(const char *program, const struct fault_report *f, char *out, size_t len)
{
    out[0] = '\0';
    bool pie = is_position_independent(program);
    unsigned depth = f->depth < FAULT_FRAMES ? f->depth : FAULT_FRAMES;
    unsigned named = 0;
    for (unsigned i = 0; i < depth && named < 2; i++) {
        uint64_t frame = f->frames[i] - (i > 0);
        if (pie && (frame < f->executable_start || frame >= f->executable_end))
            continue;
        char function[128], line[512];
        if (!look_up(program, pie ? frame - f->executable_start : frame, function,
                     sizeof function, line, sizeof line) ||
            is_host_loop(line))
            break;
        size_t used = strlen(out);
        if (line[0] != '\0')
            snprintf(out + used, len - used, "%s%s (%s)", used == 0 ? "in " : ", called from ",
                     function, relative(line));
        else if (used == 0) /* the C library's, or code built without -g */
            snprintf(out + used, len - used, "in %s", function);
        else
            continue;
        named++;
    }
}

void describe_instruction(const char *program, const struct kernel_facts *k, char *out,
                          size_t len)
{
    out[0] = '\0';
    if (is_position_independent(program) || k->pc == 0)
        return;
    char start[48], stop[48], text[2048];
    snprintf(start, sizeof start, "--start-address=0x%" PRIx64, k->pc);
    snprintf(stop, sizeof stop, "--stop-address=0x%" PRIx64, k->pc + 16);
    char *argv[] = {"objdump", "-d", "--no-show-raw-insn", start, stop, (char *)program, NULL};
    run_tool(argv, text, sizeof text);
    /* The instruction's line: "  401a2b:\tmov    0x8(%rax),%rdx". */
    char address[32];
    snprintf(address, sizeof address, "%" PRIx64 ":", k->pc);
    const char *at = strstr(text, address);
    if (at == NULL)
        return;
    at += strlen(address);
    while (*at == ' ' || *at == '\t')
        at++;
    char instruction[96];
    size_t n = strcspn(at, "\n#<");
    if (n >= sizeof instruction)
        n = sizeof instruction - 1;
    memcpy(instruction, at, n);
    instruction[n] = '\0';
    /* One space between the mnemonic and its operands. */
    char *gap = strpbrk(instruction, " \t");
    if (gap != NULL) {
        char *rest = gap;
        while (*rest == ' ' || *rest == '\t')
            rest++;
        memmove(gap + 1, rest, strlen(rest) + 1);
        *gap = ' ';
    }
    for (char *end = instruction + strlen(instruction); end > instruction && isspace((unsigned char)end[-1]);)
        *--end = '\0';
    printable(instruction);
    int used = snprintf(out, len, "the instruction \"%s\"", instruction);
    /* The registers of its memory operand: those inside parentheses. */
    const char *open = strchr(instruction, '(');
    const char *close = open != NULL ? strchr(open, ')') : NULL;
    bool first = true;
    for (const char *r = open; r != NULL && r < close; r = strchr(r + 1, '%')) {
        if (*r != '%')
            continue;
        char name[8];
        size_t m = strspn(r + 1, "abcdefghijklmnopqrstuvwxyz0123456789");
        if (m == 0 || m >= sizeof name)
            continue;
        memcpy(name, r + 1, m);
        name[m] = '\0';
        for (unsigned i = 0; i < k->registers && used > 0 && (size_t)used < len; i++)
            if (strcmp(k->general[i].name, name) == 0) {
                used += snprintf(out + used, len - (size_t)used, "%s %%%s = 0x%" PRIx64,
                                 first ? " with" : ",", name, k->general[i].value);
                first = false;
            }
    }
}

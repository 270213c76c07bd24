/*
 * output.c - showing the allocator's output (see output.h).
 */
#define _GNU_SOURCE
#include "output.h"

#include <inttypes.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

bool output_open(struct allocator_output *o, const char *label)
{
    *o = (struct allocator_output){.label = label, .on_terminal = isatty(STDERR_FILENO)};
    o->fd = memfd_create("mdriver-allocator-output", MFD_CLOEXEC);
    return o->fd >= 0;
}

/* Start a line of the allocator's own: on a terminal, over the driver's
 * progress line, which is drawn again at the next tick. */
static void start_line(const struct allocator_output *o)
{
    if (o->on_terminal)
        fputs("\r\033[K", stderr);
    fprintf(stderr, "%s| ", o->label);
}

static void print_escaped(struct allocator_output *o, const char *text, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (!o->mid_line)
            start_line(o);
        o->mid_line = c != '\n';
        if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f))
            fputc(c, stderr);
        else
            fprintf(stderr, "\\x%02x", c);
    }
}

void output_show_new(struct allocator_output *o, bool show)
{
    if (o->fd < 0)
        return;
    char chunk[4096];
    for (;;) {
        ssize_t n = pread(o->fd, chunk, sizeof chunk, (off_t)o->seen);
        if (n <= 0)
            break;
        o->seen += (uint64_t)n;
        if (!show || o->shown >= ALLOCATOR_OUTPUT_SHOWN)
            continue;
        size_t room = (size_t)(ALLOCATOR_OUTPUT_SHOWN - o->shown);
        size_t take = (size_t)n < room ? (size_t)n : room;
        print_escaped(o, chunk, take);
        o->shown += take;
    }
}

uint64_t output_close(struct allocator_output *o, bool show)
{
    if (o->fd < 0)
        return 0;
    output_show_new(o, show);
    if (show && o->mid_line)
        fputc('\n', stderr);
    if (show && o->seen > o->shown) {
        start_line(o);
        fprintf(stderr, "[%" PRIu64 " more bytes of output not shown%s]\n", o->seen - o->shown,
                o->seen >= ALLOCATOR_OUTPUT_LIMIT ? ", and whatever came past the limit" : "");
    }
    close(o->fd);
    o->fd = -1;
    return o->seen;
}

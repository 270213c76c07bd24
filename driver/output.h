/*
 * output.h - what the allocator prints, shown as its own.
 *
 * The allocator's standard output and error are one memfd, never the
 * driver's streams: nothing mm.c prints can pass for the driver's table,
 * -j or -g lines. The driver reads it while the replay runs and prints it
 * on its standard error, each line behind the allocator's name ("mm| "),
 * with control characters escaped (on a terminal, each line first clears
 * the driver's progress line), up to ALLOCATOR_OUTPUT_SHOWN bytes per
 * process; the rest is counted and said to be dropped. The allocator's
 * process cannot write more than ALLOCATOR_OUTPUT_LIMIT bytes in all.
 */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <stdbool.h>
#include <stdint.h>

struct allocator_output {
    int fd;            /* the memfd; -1 when there is none */
    const char *label; /* the allocator's name */
    uint64_t seen;     /* bytes of it looked at so far */
    uint64_t shown;    /* bytes of it printed */
    bool mid_line;     /* the last byte printed was not a newline */
    bool on_terminal;  /* stderr is a terminal, where the driver may be
                          showing its progress line */
};

/* A new, empty capture. False (errno set) when the system refuses. */
bool output_open(struct allocator_output *o, const char *label);

/* Print what arrived since the last call (when show is false, only count
 * it). */
void output_show_new(struct allocator_output *o, bool show);

/* Print the rest, say how much was dropped, and close the capture. Returns
 * the number of bytes the allocator printed. */
uint64_t output_close(struct allocator_output *o, bool show);

#endif /* OUTPUT_H */

/*
 * explorer.h - the heap explorer page (-E FILE.html).
 *
 * One self-contained HTML page for the allocators and traces of a run,
 * written by the driver as the run goes: it needs no network and no other
 * file. It holds only what the driver decided: each trace's ops, and per
 * allocator and trace the address every call returned (the driver's record
 * of the allocator's answers, observe.h), the heap's growth, the
 * utilization of a valid run and the verdict (verdict.h). The page's own
 * script rebuilds the heap at any op from these, with checkpoints, and
 * draws the timeline, the heap map and the ops around a cursor.
 *
 * The page's markup, style and script are driver/explorer.html; the build
 * turns it into the two strings that come before and after the data.
 */
#ifndef EXPLORER_H
#define EXPLORER_H

#include <stdbool.h>

#include "allocator.h"
#include "results.h"
#include "trace.h"
#include "verdict.h"

struct explorer;

/* Start the page at path with the ops of every trace of the run. NULL
 * (after a message on stderr) if the file cannot be written. */
struct explorer *explorer_open(const char *path, struct trace *const *traces, int count);

/* Add one allocator's run of trace number trace_index (0-based): what its
 * checked replay recorded (check->recording; may be NULL) and its final
 * verdict. */
void explorer_add_run(struct explorer *e, int trace_index, const struct allocator *a,
                      const struct check_result *check, const struct verdict *verdict);

/* Finish the page; false (after a message) if it could not be written. */
bool explorer_close(struct explorer *e);

#endif /* EXPLORER_H */

/*
 * icount.h - the deterministic cost of a replay: instructions, not time.
 *
 * With -I the driver does not time replays: it runs itself again under
 * valgrind's callgrind, collecting only inside the allocator's mm_*
 * functions, and counts the instructions they execute to replay the trace.
 * The same code, trace and binary give the same count on every run and
 * every machine, whatever the load. Scores then compare instruction
 * counts with the reference allocator's, as they compare times otherwise.
 */
#ifndef ICOUNT_H
#define ICOUNT_H

#include <stdbool.h>

#include "allocator.h"
#include "trace.h"

/* Instructions the allocator executes in one replay of the trace (mm_init
 * and every call), into *instructions. On failure, print why and return
 * false. */
bool count_instructions(const struct allocator *a, const struct trace *t,
                        double *instructions);

#endif /* ICOUNT_H */

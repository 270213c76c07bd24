/*
 * icount.h - the deterministic cost of a replay: instructions, not time.
 *
 * With -I the driver does not time replays: it runs the allocator's
 * process under valgrind's callgrind, collecting only inside the
 * allocator's mm_* functions (and what they call), and counts the
 * instructions of one replay of the trace, mm_init included. The same
 * code, trace and build give the same count on every run and every
 * machine, whatever the load. As with timing, the replay's answers must be
 * those of the checked replay.
 */
#ifndef ICOUNT_H
#define ICOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "allocator.h"
#include "timer.h"
#include "verdict.h"

/* Instructions allocator a executes in one replay of tt's trace, with its
 * heap capped at cap and its answers checked against expected (when not
 * NULL), into *instructions. False with *v when the replay failed; false
 * with v->kind VERDICT_OK when valgrind could not count (it says why). */
bool count_instructions(const struct allocator *a, const struct timed_trace *tt, size_t cap,
                        const uint64_t *expected, enum phase phase, double *instructions,
                        struct verdict *v);

#endif /* ICOUNT_H */

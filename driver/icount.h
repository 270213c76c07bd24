/*
 * icount.h - the deterministic cost of a replay: instructions, not time.
 *
 * With -I the driver does not time replays: it runs the allocator's
 * process under valgrind's callgrind and counts the instructions of one
 * replay of the trace, mm_init included: everything executed inside the
 * host's __mdriver_counted_replay, whatever the allocator's functions are
 * called and however they call each other (a realloc written as malloc,
 * copy and free counts all three). That count holds the harness's own
 * loop too, so the same replay is counted with "null", the allocator that
 * does nothing (host/null_allocator.c), and its count is subtracted: what is
 * left is the allocator's. The same code, trace and build give the same
 * count on every run and every machine, whatever the load. As with timing,
 * the replay's answers must be those of the checked replay.
 *
 * The meter is out of the allocator's reach: the build refuses code that
 * speaks to valgrind (tools/policy-check.sh), the counted process cannot
 * make memory executable with mprotect, and sees no file but the one
 * callgrind writes its counts to at the end, which callgrind truncates
 * first; the driver reads the counts from that file only when valgrind
 * exited cleanly, and believes one summary line of one callgrind document
 * and nothing else.
 */
#ifndef ICOUNT_H
#define ICOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "allocator.h"
#include "timer.h"
#include "verdict.h"

/* The allocator that does nothing, served by the kit's host. */
extern const struct allocator null_allocator;

/* Instructions allocator a executes in one counted replay of tt's trace
 * (the harness's included), with its heap capped at cap and its answers
 * checked against expected (when not NULL), into *instructions. False with
 * *v when the replay failed. When valgrind could not count, the driver
 * cannot go on: it dies (die.h) saying so. */
bool count_instructions(const struct allocator *a, const struct timed_trace *tt, size_t cap,
                        const uint64_t *expected, enum phase phase, double *instructions,
                        struct verdict *v);

/* What the kit's host counts for a trace: the reference's replay and the
 * null allocator's, both harness included. */
struct kit_counts {
    double reference, harness;
};

/* The kit's counts for trace t, from the file given with
 * --reference-counts when it holds them for this trace, this kit host and
 * this reference; false otherwise. */
bool kit_counts_recall(const struct trace *t, struct kit_counts *counts);

/* Add the kit's counts for trace t to that file, when it was given and can
 * be written. */
void kit_counts_remember(const struct trace *t, const struct kit_counts *counts);

/* The file of --reference-counts (NULL: none), and the kit host program
 * whose code the counts belong to. */
void kit_counts_use(const char *path, const char *kit_host_program);

#endif /* ICOUNT_H */

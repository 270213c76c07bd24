/*
 * report.h - printing results: the classic table, JSON and grader lines.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "allocator.h"
#include "compat.h"
#include "json.h"
#include "score.h"
#include "trace.h"
#include "verdict.h"

/* The table of -V: one row per trace, a total row, the perf index. */
void report_table(FILE *out, const struct run *run, int verbosity);

/* Several allocators side by side: per trace, each one's utilization and
 * Kops/s; then each one's mean utilization, throughput ratio and perf
 * index. As many allocators as fit in width columns stand side by side;
 * the others follow in more tables of the same form. */
void report_comparison(FILE *out, const struct run *runs, int count, int width);

/* Only the perf index line (and why it is 0, when it is). */
void report_perf_index(FILE *out, const struct run *run);

/* One JSON object per run; several runs are wrapped in {"runs": [...]}. */
void report_json(FILE *out, const struct run *runs, int count);

/* A verdict as the object -j gives it: its kind and that kind's details. */
void report_verdict_json(struct json *j, const struct trace *t, const struct verdict *v);

/* The trace's ceilings and where the bytes went at the peak, as the
 * members "peak_aligned_block_bytes", ..., "bytes_at_peak": {...} of the
 * object being written, as -j gives each trace (bytes_at_peak is null
 * unless measured). */
void report_bytes_json(struct json *j, const struct trace *t, const struct check_result *check,
                       bool measured);

/* The classic autograder lines "correct:N" and "perfidx:N" (the second
 * only when a perf index was computed: not under -c, nor when no trace is
 * scored), then "verdict:KIND:TRACE" per trace. */
void report_grader_lines(FILE *out, const struct run *run);

#endif /* REPORT_H */

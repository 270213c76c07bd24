/*
 * report.c - every format the driver prints results in (see report.h).
 */
#include "report.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

/* "trace" or "traces", for n of them. */
static const char *plural(long n, const char *one, const char *many) { return n == 1 ? one : many; }

/* The -V table's columns, each as wide as its header or its widest
 * figure: every figure is printed right-aligned in its column's width and
 * every header too, so that each header ends where its figures end. */
enum {
    WEIGHT_COLUMN = 2,
    VERDICT_COLUMN = 9,  /* "forbidden" */
    PERCENT_COLUMN = 7,  /* "100.0%", "ceiling", "(100%)" */
    OPS_COLUMN = 9,
    COST_COLUMN = 10,
    LABEL_COLUMN = WEIGHT_COLUMN + 1 + VERDICT_COLUMN, /* "Total" */
};

/* A replay's cost is seconds, or instructions with -I. The speed column
 * is Kops/s for times and instructions per op for counts. */
static double speed(const struct run *run, uint64_t ops, double cost)
{
    if (run->instructions)
        return ops > 0 ? cost / (double)ops : 0;
    return kops(ops, cost);
}

static void print_costs(FILE *out, const struct run *run, uint64_t ops, double cost,
                        double ref_cost)
{
    fprintf(out, " %*.3f %*.0f %*.0f", COST_COLUMN, run->instructions ? cost / 1e3 : 1e3 * cost,
            COST_COLUMN, speed(run, ops, cost), COST_COLUMN, speed(run, ops, ref_cost));
}

static void print_no_costs(FILE *out)
{
    fprintf(out, " %*s %*s %*s", COST_COLUMN, "--", COST_COLUMN, "--", COST_COLUMN, "--");
}

/* Below this, page-granular growth says nothing: shown as "--". */
enum { RSS_MEASURABLE = 256 * 1024 };

/* For an allocator outside the simulated heap: peak live bytes over the
 * peak growth of resident memory, in parentheses because it is not the
 * heap utilization the others are scored by. */
static const char *resident_share(const struct trace *t, const struct check_result *c)
{
    static char text[24];
    if (c->rss_growth < RSS_MEASURABLE)
        return "--";
    snprintf(text, sizeof text, "(%.0f%%)", 100.0 * (double)t->peak_bytes / (double)c->rss_growth);
    return text;
}

static const char RESIDENT_NOTE[] =
    "(NN%): allocators outside the simulated heap: peak live bytes / growth of the process's "
    "resident memory\n       (every payload byte written; -- below 256 KiB). Not comparable "
    "with heap utilization; not scored.";

static void print_percent_or_dashes(FILE *out, bool known, double fraction)
{
    if (known)
        fprintf(out, " %*.1f%%", PERCENT_COLUMN - 1, 100.0 * fraction);
    else
        fprintf(out, " %*s", PERCENT_COLUMN, "--");
}

/* The trace's textbook ceiling (trace.h), or dashes for a trace that
 * never holds a block. */
static void print_ceiling(FILE *out, const struct trace *t)
{
    print_percent_or_dashes(out, t->peak_textbook_bytes > 0,
                            utilization_ceiling(t->peak_bytes, t->peak_textbook_bytes));
}

static double share(uint64_t part, uint64_t whole)
{
    return whole > 0 ? 100.0 * (double)part / (double)whole : 0;
}

/* -v 3: where the heap went at the peak, and the trace's two ceilings. */
static void print_breakdown(FILE *out, const struct trace *t, const struct heap_breakdown *b)
{
    const char *indent = "        ";
    if (b->at_op)
        fprintf(out, "%s at the peak (after line %" PRIu32 "), measured from outside:\n", indent,
                t->ops[b->op_index].line);
    else
        fprintf(out, "%s at the peak (before any op), measured from outside:\n", indent);
    fprintf(out, "%s   live payload     %10" PRIu64 " bytes %5.1f%%\n", indent, b->live_bytes,
            share(b->live_bytes, b->heap_bytes));
    fprintf(out, "%s   gaps <= %2d bytes %10" PRIu64 " bytes %5.1f%% in %" PRIu64
                 " %s (room for headers, footers, padding)\n",
            indent, SMALL_GAP_MAX, b->small_gap_bytes, share(b->small_gap_bytes, b->heap_bytes),
            b->small_gaps, b->small_gaps == 1 ? "gap" : "gaps");
    fprintf(out, "%s   larger gaps      %10" PRIu64 " bytes %5.1f%% in %" PRIu64
                 " %s (room for free blocks)\n",
            indent, b->large_gap_bytes, share(b->large_gap_bytes, b->heap_bytes), b->large_gaps,
            b->large_gaps == 1 ? "gap" : "gaps");
    fprintf(out, "%s   unused top       %10" PRIu64 " bytes %5.1f%% (above the last payload)\n",
            indent, b->top_bytes, share(b->top_bytes, b->heap_bytes));
    fprintf(out, "%s   final heap       %10" PRIu64 " bytes\n", indent, b->heap_bytes);
}

static void print_ceilings(FILE *out, const struct trace *t)
{
    if (t->peak_textbook_bytes == 0)
        return;
    fprintf(out, "%8s ceilings: %.1f%% with 16-byte alignment and no header, %.1f%% with "
                 "an 8-byte header\n",
            "", 100 * utilization_ceiling(t->peak_bytes, t->peak_aligned_bytes),
            100 * utilization_ceiling(t->peak_bytes, t->peak_textbook_bytes));
}

/* -v 3: the first checked replay's speed, over its ops alone (the time its
 * process took to start and mm_init are not in it). */
static void print_details(FILE *out, const struct run *run, const struct trace *t,
                          const struct trace_outcome *o)
{
    fprintf(out, "%8s checked replay %.0f ns/op; heap %zu bytes, peak %" PRIu64 " bytes", "",
            1e9 * o->check.check_secs / (t->num_ops ? t->num_ops : 1), o->check.heap_size,
            t->peak_bytes);
    if (o->timed && !run->instructions)
        fprintf(out, "; %d timing %s in %d %s", o->timing.samples,
                plural(o->timing.samples, "sample", "samples"), o->timing.rounds,
                plural(o->timing.rounds, "round", "rounds"));
    fputc('\n', out);
    if (run->allocator->uses_heap && o->check.breakdown.measured)
        print_breakdown(out, t, &o->check.breakdown);
    print_ceilings(out, t);
}

void report_table(FILE *out, const struct run *run, int verbosity)
{
    const struct allocator *a = run->allocator;
    fprintf(out, "\nResults for %s: %s\n", a->name, a->description);
    fprintf(out, "%*s %-*s %*s %*s %*s %*s %*s %*s  %s\n", WEIGHT_COLUMN, "w", VERDICT_COLUMN,
            "verdict", PERCENT_COLUMN, "util", PERCENT_COLUMN, "ceiling", OPS_COLUMN, "ops",
            COST_COLUMN, run->instructions ? "Kinstr" : "msecs", COST_COLUMN,
            run->instructions ? "instr/op" : "Kops/s", COST_COLUMN,
            run->instructions ? "ref ins/op" : "ref Kops/s", "trace");
    for (int i = 0; i < run->count; i++) {
        const struct trace *t = run->traces[i];
        const struct trace_outcome *o = &run->outcomes[i];
        bool valid = verdict_is_valid(&o->verdict);
        fprintf(out, "%*d %-*s", WEIGHT_COLUMN, (int)t->weight, VERDICT_COLUMN,
                verdict_kind_word(o->verdict.kind));
        if (a->uses_heap || !valid)
            print_percent_or_dashes(out, valid && a->uses_heap, o->check.util);
        else
            fprintf(out, " %*s", PERCENT_COLUMN, resident_share(t, &o->check));
        print_ceiling(out, t);
        fprintf(out, " %*" PRIu32, OPS_COLUMN, t->num_ops);
        if (o->timed && o->timing.ratio > 0)
            print_costs(out, run, t->num_ops, o->timing.secs, o->timing.ref_secs);
        else
            print_no_costs(out);
        fprintf(out, "  %s\n", t->shown_path);
        if (verbosity >= 3 && valid)
            print_details(out, run, t, o);
    }
    const struct run_summary *s = &run->summary;
    fprintf(out, "%-*s", LABEL_COLUMN, "Total");
    print_percent_or_dashes(out, s->util_traces > 0, s->util);
    print_percent_or_dashes(out, s->util_traces > 0, s->ceiling);
    /* The total's ops are those its speed is over: the timed traces'. */
    if (s->thru_traces > 0) {
        fprintf(out, " %*" PRIu64, OPS_COLUMN, s->ops);
        print_costs(out, run, s->ops, s->secs, s->ref_secs);
    } else {
        fprintf(out, " %*s", OPS_COLUMN, "--");
        print_no_costs(out);
    }
    fputc('\n', out);
    fprintf(out, "Weights (w): 0 checked only, 1 util and throughput, 2 util only, "
                 "3 throughput only.\n"
                 "Total: util and ceiling over the traces of weight 1 and 2; ops, %s and %s "
                 "over those %s (weight 1 and 3).\n"
                 "Ceiling: the trace's best utilization with 8-byte headers and no "
                 "fragmentation (README, \"Where the bytes went\").\n",
            run->instructions ? "Kinstr" : "msecs", run->instructions ? "instr/op" : "Kops/s",
            run->instructions ? "counted" : "timed");
    if (!a->uses_heap)
        fprintf(out, "%s\n", RESIDENT_NOTE);
    if (s->thru_traces > 0)
        fprintf(out, "Throughput relative to %s, %s: %.2fx (%s)\n", run->reference->name,
                run->instructions ? "by instructions counted (the harness's taken out)"
                                  : "timed in the same run",
                s->thru_ratio,
                s->thru_traces == 1 ? "one trace"
                                    : "geometric mean over the traces of weight 1 and 3");
    report_perf_index(out, run);
}

/* How many traces failed, and how ("the trace failed: it crashed", "2 of 3
 * traces failed: 1 failed a check, 1 timed out"), or, when none did, that
 * all passed ("the trace passed", "all 3 traces passed"). */
static void print_failed_count(FILE *out, const struct run *run)
{
    const struct run_summary *s = &run->summary;
    int failed = s->traces - s->valid;
    if (failed == 0) {
        fprintf(out, s->traces == 1 ? "the trace passed" : "all %d traces passed", s->traces);
        return;
    }
    if (s->traces == 1)
        fprintf(out, "the trace failed: it");
    else
        fprintf(out, "%d of %d traces failed:", failed, s->traces);
    const enum verdict_kind kinds[] = {VERDICT_FAILED_CHECK, VERDICT_CRASHED, VERDICT_EXITED,
                                       VERDICT_TIMED_OUT, VERDICT_FORBIDDEN_CALL};
    const char *separator = " ";
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        int n = 0;
        for (int i = 0; i < run->count; i++)
            n += run->outcomes[i].verdict.kind == kinds[k];
        if (n == 0)
            continue;
        if (s->traces == 1)
            fprintf(out, "%s%s", separator, verdict_kind_failure(kinds[k]));
        else
            fprintf(out, "%s%d %s", separator, n, verdict_kind_failure(kinds[k]));
        separator = ", ";
    }
}

void report_perf_index(FILE *out, const struct run *run)
{
    const struct run_summary *s = &run->summary;
    if (s->not_run > 0)
        fprintf(out, "Not run: %d giant %s (named above); what follows is of the %s that ran\n",
                s->not_run, plural(s->not_run, "trace", "traces"),
                plural(s->traces, "trace", "traces"));
    if (s->correctness_only) {
        if (run->emulator != NULL)
            fprintf(out, "Not timed under %s: ", run->emulator);
        else
            fprintf(out, "Correctness only (-c): ");
        print_failed_count(out, run);
        if (s->util_traces > 0 && s->valid == s->traces)
            fprintf(out, "; mean utilization %.1f%%", 100 * s->util);
        fprintf(out, "; nothing timed, so no perf index\n");
    } else if (!run->allocator->uses_heap) {
        fprintf(out, "Perf index: not computed for %s (its utilization is not measurable)\n",
                run->allocator->name);
    } else if (s->valid < s->traces) {
        fprintf(out, "Perf index = 0/100: ");
        print_failed_count(out, run);
        fputc('\n', out);
    } else if (s->policy_failed) {
        fprintf(out, "Perf index = 0/100: %s\n", s->policy.why);
    } else if (!s->has_index) {
        fprintf(out, "Perf index: not computed (no trace is scored)\n");
    } else {
        fprintf(out, "Perf index = %.1f (util) + %.1f (thru) = %.1f/100\n", s->util_points,
                s->thru_points, s->perf_index);
    }
}

/* The comparison table: per allocator, a utilization column and a speed
 * column under its name. The speed column also holds a failed trace's
 * verdict and the summary rows' figures ("0 (errors)"). */
enum { UTIL_COLUMN = 7, SPEED_COLUMN = 10, PAIR = 1 + UTIL_COLUMN + 1 + SPEED_COLUMN };
enum { NAME_COLUMN = 20 }; /* the trace's name and its weight */

static void print_pair(FILE *out, const char *util, const char *speed_text)
{
    fprintf(out, " %*s %*s", UTIL_COLUMN, util, SPEED_COLUMN, speed_text);
}

/* A summary row: one figure per allocator of runs[from, to), in the column
 * it belongs to. */
static void print_summary_row(FILE *out, const char *label, const struct run *runs, int from,
                              int to, bool in_speed_column,
                              void (*figure)(const struct run *, char *, size_t))
{
    fprintf(out, "%-*s", NAME_COLUMN + 1, label);
    for (int k = from; k < to; k++) {
        char text[32];
        figure(&runs[k], text, sizeof text);
        if (in_speed_column)
            print_pair(out, "", text);
        else if (k + 1 < to)
            print_pair(out, text, "");
        else
            fprintf(out, " %*s", UTIL_COLUMN, text);
    }
    fputc('\n', out);
}

static void mean_utilization(const struct run *run, char *text, size_t len)
{
    const struct run_summary *s = &run->summary;
    if (s->util_traces > 0)
        snprintf(text, len, "%.1f%%", 100 * s->util);
    else
        snprintf(text, len, "--");
}

static void throughput_ratio(const struct run *run, char *text, size_t len)
{
    const struct run_summary *s = &run->summary;
    if (s->thru_traces > 0)
        snprintf(text, len, s->thru_ratio >= 0.01 ? "%.2fx" : "%.4fx", s->thru_ratio);
    else
        snprintf(text, len, "--");
}

static void perf_index(const struct run *run, char *text, size_t len)
{
    const struct run_summary *s = &run->summary;
    if (!s->has_index)
        snprintf(text, len, "--");
    else if (s->valid < s->traces || s->policy_failed)
        snprintf(text, len, "0 (errors)");
    else
        snprintf(text, len, "%.1f", s->perf_index);
}

/* The comparison table of the allocators runs[from, to). */
static void print_comparison_part(FILE *out, const struct run *runs, int from, int to)
{
    const char *speed_name = runs[0].instructions ? "instr/op" : "Kops/s";
    fprintf(out, "%*s", NAME_COLUMN + 1, "");
    for (int k = from; k < to; k++)
        fprintf(out, "%*.*s", PAIR, PAIR - 1, runs[k].allocator->name);
    fprintf(out, "\n%-*s %s", NAME_COLUMN - 1, "trace", "w");
    for (int k = from; k < to; k++)
        print_pair(out, "util", speed_name);
    fputc('\n', out);
    for (int i = 0; i < runs[0].count; i++) {
        const struct trace *t = runs[0].traces[i];
        const char *slash = strrchr(t->shown_path, '/');
        const char *name = slash != NULL ? slash + 1 : t->shown_path;
        fprintf(out, "%-*.*s %d", NAME_COLUMN - 1, NAME_COLUMN - 1, name, (int)t->weight);
        for (int k = from; k < to; k++) {
            const struct trace_outcome *o = &runs[k].outcomes[i];
            char util[24] = "--", speed_text[16] = "--";
            if (!verdict_is_valid(&o->verdict)) {
                print_pair(out, "", verdict_kind_word(o->verdict.kind));
                continue;
            }
            if (runs[k].allocator->uses_heap)
                snprintf(util, sizeof util, "%.1f%%", 100 * o->check.util);
            else
                snprintf(util, sizeof util, "%s", resident_share(t, &o->check));
            if (o->timed && o->timing.ratio > 0)
                snprintf(speed_text, sizeof speed_text, "%.0f",
                         speed(&runs[k], t->num_ops, o->timing.secs));
            else if (o->timed)
                snprintf(speed_text, sizeof speed_text, "slow");
            print_pair(out, util, speed_text);
        }
        fputc('\n', out);
    }
    print_summary_row(out, "mean utilization", runs, from, to, false, mean_utilization);
    print_summary_row(out, "throughput ratio", runs, from, to, true, throughput_ratio);
    print_summary_row(out, "perf index", runs, from, to, true, perf_index);
}

void report_comparison(FILE *out, const struct run *runs, int count, int width)
{
    fprintf(out, "\nUtilization and %s per trace; throughput reference: %s\n",
            runs[0].instructions ? "instructions per op" : "Kops/s", runs[0].reference->name);
    /* As many allocators side by side as fit in the width, the others in
     * more tables below, each with the trace names again. */
    int per_part = (width - NAME_COLUMN - 1) / PAIR;
    per_part = per_part < 1 ? 1 : per_part;
    for (int from = 0; from < count; from += per_part) {
        if (from > 0)
            fputc('\n', out);
        print_comparison_part(out, runs, from, from + per_part < count ? from + per_part : count);
    }
    bool outside = false;
    for (int k = 0; k < count; k++)
        outside |= !runs[k].allocator->uses_heap;
    if (outside)
        fprintf(out, "%s\n", RESIDENT_NOTE);
    fprintf(out, "w: the trace's weight (0 checked only, 1 util and throughput, 2 util only, "
                 "3 throughput only).\nThroughput ratio: geometric mean of %s's %s / the "
                 "allocator's; -- where nothing was %s.\n",
            runs[0].reference->name, runs[0].instructions ? "instruction count" : "time",
            runs[0].instructions ? "counted" : "timed");
    if (count > per_part)
        fprintf(out, "Wider terminals show more allocators side by side; make bench prints the "
                     "whole table as Markdown.\n");
}

/* A JSON string; <, > and & are escaped too, so that the same text is safe
 * inside an HTML <script> element (the explorer page, -E). */
static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20 || c == '<' || c == '>' || c == '&')
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

/* JSON has no NaN or infinity: unknown numbers are null. */
static void json_number(FILE *out, bool known, double value)
{
    if (known && isfinite(value))
        fprintf(out, "%.6g", value);
    else
        fputs("null", out);
}

/* A count of bytes or ops, exact at any size; null when unknown. */
static void json_count(FILE *out, bool known, uint64_t value)
{
    if (known)
        fprintf(out, "%" PRIu64, value);
    else
        fputs("null", out);
}

/* The verdict as an object: its kind and the details that kind has. */
static void json_verdict(FILE *out, const struct trace *t, const struct verdict *v)
{
    fprintf(out, "{\"kind\": \"%s\"", verdict_kind_name(v->kind));
    if (v->kind == VERDICT_OK) {
        fputc('}', out);
        return;
    }
    if (v->kind != VERDICT_NOT_RUN)
        fprintf(out, ", \"phase\": \"%s\"", phase_name(v->phase));
    if (v->at_op && v->op_index < t->num_ops) {
        char op[96];
        op_format(&t->ops[v->op_index], op, sizeof op);
        fprintf(out, ", \"op_index\": %" PRIu32 ", \"line\": %" PRIu32 ", \"op\": ",
                v->op_index, t->ops[v->op_index].line);
        json_string(out, op);
    }
    if (v->entry[0] != '\0') {
        fprintf(out, ", \"function\": ");
        json_string(out, v->entry);
    }
    switch (v->kind) {
    case VERDICT_FAILED_CHECK:
        fprintf(out, ", \"check\": \"%s\", \"detail\": ", check_kind_name(v->check));
        json_string(out, v->detail);
        if (v->names_block)
            fprintf(out, ", \"block\": %" PRId32, v->named_block);
        break;
    case VERDICT_CRASHED:
        fprintf(out, ", \"signal\": %d, \"signal_name\": ", v->signal);
        json_string(out, signal_name(v->signal));
        if (v->region != REGION_NONE)
            fprintf(out, ", \"address\": \"0x%" PRIx64 "\", \"region\": \"%s\"", v->address,
                    fault_region_name(v->region));
        break;
    case VERDICT_EXITED:
        fprintf(out, ", \"exit_status\": %d", v->exit_status);
        break;
    case VERDICT_TIMED_OUT:
    case VERDICT_TOO_SLOW:
        fprintf(out, ", \"seconds\": %u", v->seconds);
        break;
    case VERDICT_FORBIDDEN_CALL:
        fprintf(out, ", \"forbidden\": \"%s\", \"call\": ", forbidden_kind_name(v->forbidden));
        json_string(out, v->call);
        break;
    case VERDICT_OK:
    case VERDICT_NOT_RUN:
    case VERDICT_KINDS:
        break;
    }
    if (v->where[0] != '\0') {
        fprintf(out, ", \"where\": ");
        json_string(out, v->where);
    }
    fputc('}', out);
}

/* The trace's ceilings and, for a valid replay in the simulated heap,
 * where its bytes went at the peak (breakdown.h). */
static void json_bytes(FILE *out, const struct trace *t, const struct check_result *check,
                       bool measured)
{
    fprintf(out,
            ", \"peak_aligned_block_bytes\": %" PRIu64
            ", \"peak_textbook_block_bytes\": %" PRIu64,
            t->peak_aligned_bytes, t->peak_textbook_bytes);
    fprintf(out, ", \"ceiling_aligned\": ");
    json_number(out, t->peak_aligned_bytes > 0,
                utilization_ceiling(t->peak_bytes, t->peak_aligned_bytes));
    fprintf(out, ", \"ceiling_textbook\": ");
    json_number(out, t->peak_textbook_bytes > 0,
                utilization_ceiling(t->peak_bytes, t->peak_textbook_bytes));
    fprintf(out, ", \"bytes_at_peak\": ");
    const struct heap_breakdown *b = &check->breakdown;
    if (!measured) {
        fputs("null", out);
        return;
    }
    fprintf(out, "{\"op_index\": ");
    json_count(out, b->at_op, b->op_index);
    fprintf(out, ", \"line\": ");
    json_count(out, b->at_op, b->at_op ? t->ops[b->op_index].line : 0);
    fprintf(out, ", \"live_bytes\": %" PRIu64 ", \"small_gap_bytes\": %" PRIu64
                 ", \"small_gaps\": %" PRIu64 ", \"large_gap_bytes\": %" PRIu64
                 ", \"large_gaps\": %" PRIu64 ", \"top_bytes\": %" PRIu64
                 ", \"heap_bytes\": %" PRIu64 ", \"small_gap_max\": %d}",
            b->live_bytes, b->small_gap_bytes, b->small_gaps, b->large_gap_bytes, b->large_gaps,
            b->top_bytes, b->heap_bytes, SMALL_GAP_MAX);
}

/* The calls the older kit never made, as {"free_null": {"line": 7,
 * "count": 2}, ...}: empty in the kit's own mode. */
static void json_unasked(FILE *out, const struct unasked_calls *unasked)
{
    fputc('{', out);
    const char *separator = "";
    for (int kind = 0; unasked != NULL && kind < UNASKED_KINDS; kind++) {
        if (unasked->count[kind] == 0)
            continue;
        fprintf(out, "%s\"%s\": {\"line\": %" PRIu32 ", \"count\": %" PRIu32 "}", separator,
                unasked_call_name(kind), unasked->first_line[kind], unasked->count[kind]);
        separator = ", ";
    }
    fputc('}', out);
}

static void json_run(FILE *out, const struct run *run)
{
    const struct allocator *a = run->allocator;
    const struct run_summary *s = &run->summary;
    fprintf(out, "{\"allocator\": ");
    json_string(out, a->name);
    fprintf(out, ", \"reference\": ");
    json_string(out, run->reference->name);
    fprintf(out, ", \"graded_as\": ");
    if (graded_as() != NULL)
        json_string(out, graded_as());
    else
        fputs("null", out);
    fprintf(out, ", \"emulator\": ");
    if (run->emulator != NULL)
        json_string(out, run->emulator);
    else
        fputs("null", out);
    fprintf(out, ", \"simulated_heap\": %s, \"debug_level\": %d, \"throughput\": \"%s\", "
                 "\"traces\": [",
            a->uses_heap ? "true" : "false", run->debug_level,
            s->correctness_only ? "none" : run->instructions ? "instructions" : "time");
    for (int i = 0; i < run->count; i++) {
        const struct trace *t = run->traces[i];
        const struct trace_outcome *o = &run->outcomes[i];
        bool valid = verdict_is_valid(&o->verdict);
        bool util_known = valid && a->uses_heap;
        fprintf(out, "%s\n  {\"name\": ", i ? "," : "");
        json_string(out, t->path);
        fprintf(out, ", \"weight\": %d, \"valid\": %s, \"verdict\": ", (int)t->weight,
                o->verdict.kind == VERDICT_NOT_RUN ? "null" : valid ? "true" : "false");
        json_verdict(out, t, &o->verdict);
        fprintf(out, ", \"util\": ");
        json_number(out, util_known, o->check.util);
        fprintf(out, ", \"ops\": %" PRIu32 ", \"peak_bytes\": %" PRIu64 ", \"heap_bytes\": ",
                t->num_ops, t->peak_bytes);
        json_count(out, util_known, o->check.heap_size);
        json_bytes(out, t, &o->check, util_known && o->check.breakdown.measured);
        fprintf(out, ", \"rss_growth_bytes\": ");
        json_count(out, !a->uses_heap && valid, o->check.rss_growth);
        fprintf(out, ", \"output_bytes\": %" PRIu64, o->check.output_bytes);
        bool measured = o->timed && o->timing.ratio > 0;
        bool timed = measured && !run->instructions, counted = measured && run->instructions;
        fprintf(out, ", \"secs\": ");
        json_number(out, timed, o->timing.secs);
        fprintf(out, ", \"kops\": ");
        json_number(out, timed, kops(t->num_ops, o->timing.secs));
        fprintf(out, ", \"ref_kops\": ");
        json_number(out, timed, kops(t->num_ops, o->timing.ref_secs));
        fprintf(out, ", \"timing_rounds\": ");
        json_number(out, timed, o->timing.rounds);
        fprintf(out, ", \"instr_per_op\": ");
        json_number(out, counted, speed(run, t->num_ops, o->timing.secs));
        fprintf(out, ", \"ref_instr_per_op\": ");
        json_number(out, counted, speed(run, t->num_ops, o->timing.ref_secs));
        fprintf(out, ", \"thru_ratio\": ");
        json_number(out, o->timed, o->timing.ratio);
        fprintf(out, ", \"unasked_calls\": ");
        json_unasked(out, run->unasked != NULL ? &run->unasked[i] : NULL);
        fprintf(out, ", \"error\": ");
        if (o->verdict.kind == VERDICT_OK) {
            fputs("null", out);
        } else {
            char message[MESSAGE_TEXT];
            verdict_describe(&o->verdict, t, message, sizeof message);
            json_string(out, message);
        }
        fputc('}', out);
    }
    bool timed = s->thru_traces > 0 && !run->instructions;
    bool counted = s->thru_traces > 0 && run->instructions;
    fprintf(out, "],\n \"util\": ");
    json_number(out, s->util_traces > 0, s->util);
    fprintf(out, ", \"ceiling_textbook\": ");
    json_number(out, s->util_traces > 0, s->ceiling);
    fprintf(out, ", \"kops\": ");
    json_number(out, timed, kops(s->ops, s->secs));
    fprintf(out, ", \"ref_kops\": ");
    json_number(out, timed, kops(s->ops, s->ref_secs));
    fprintf(out, ", \"instr_per_op\": ");
    json_number(out, counted, speed(run, s->ops, s->secs));
    fprintf(out, ", \"ref_instr_per_op\": ");
    json_number(out, counted, speed(run, s->ops, s->ref_secs));
    fprintf(out, ", \"thru_ratio\": ");
    json_number(out, s->thru_traces > 0, s->thru_ratio);
    fprintf(out, ", \"util_points\": ");
    json_number(out, s->has_index, s->util_points);
    fprintf(out, ", \"thru_points\": ");
    json_number(out, s->has_index, s->thru_points);
    fprintf(out, ", \"perf_index\": ");
    json_number(out, s->has_index, s->perf_index);
    fprintf(out, ", \"forbidden_calls\": ");
    if (a->forbidden_calls != NULL && a->forbidden_calls[0] != '\0')
        json_string(out, a->forbidden_calls);
    else
        fputs("null", out);
    fprintf(out, ", \"policy\": ");
    if (s->policy.verdict == POLICY_KEPT)
        fputs("null", out);
    else
        json_string(out, s->policy.why);
    fprintf(out, ", \"errors\": %d}", s->traces - s->valid + (s->policy_failed ? 1 : 0));
}

void report_json(FILE *out, const struct run *runs, int count)
{
    if (count == 1) {
        json_run(out, &runs[0]);
        fputc('\n', out);
        return;
    }
    fprintf(out, "{\"runs\": [");
    for (int i = 0; i < count; i++) {
        fputs(i ? ",\n" : "\n", out);
        json_run(out, &runs[i]);
    }
    fprintf(out, "]}\n");
}

/* "perfidx:N" only when there is a perf index: a grader that reads one
 * from a run that timed nothing (-c) or scored no trace finds none,
 * rather than a 0 the allocator did not earn. */
void report_grader_lines(FILE *out, const struct run *run)
{
    fprintf(out, "correct:%d\n", run->summary.valid);
    if (run->summary.has_index)
        fprintf(out, "perfidx:%.0f\n", run->summary.perf_index);
    for (int i = 0; i < run->count; i++)
        fprintf(out, "verdict:%s:%s\n", verdict_kind_name(run->outcomes[i].verdict.kind),
                run->traces[i]->shown_path);
}

void report_verdict_json(FILE *out, const struct trace *t, const struct verdict *v)
{
    json_verdict(out, t, v);
}

void report_bytes_json(FILE *out, const struct trace *t, const struct check_result *check,
                       bool measured)
{
    json_bytes(out, t, check, measured);
}

void report_json_string(FILE *out, const char *s)
{
    json_string(out, s);
}

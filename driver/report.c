/*
 * report.c - every format the driver prints results in (see report.h).
 */
#include "report.h"

#include <inttypes.h>
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

/* How the table and -j speak of a cost in each unit (timer.h). */
struct cost_words {
    const char *column;      /* the column of a replay's cost */
    double column_scale;     /* a cost times this is that column's figure */
    const char *speed;       /* the speed column, and the reference's */
    const char *ref_speed;
    const char *speed_words; /* the speed, in words */
    const char *cost_words;  /* the cost, in words */
    const char *measured;    /* what was done to the traces scored */
    const char *how;         /* how the throughput ratio was measured */
    const char *throughput;  /* -j's "throughput" */
};

static const struct cost_words cost_words[] = {
    [COST_SECONDS] = {"msecs", 1e3, "Kops/s", "ref Kops/s", "Kops/s", "time", "timed",
                      "timed in the same run", "time"},
    [COST_INSTRUCTIONS] = {"Kinstr", 1e-3, "instr/op", "ref ins/op", "instructions per op",
                           "instruction count", "counted",
                           "by instructions counted (the harness's taken out)",
                           "instructions"},
};
_Static_assert(sizeof cost_words / sizeof *cost_words == COST_UNITS,
               "every cost unit has its words");

static const struct cost_words *words(const struct run *run)
{
    return &cost_words[run->cost_unit];
}

/* The speed column: Kops/s for times, instructions per op for counts. */
static double speed(const struct run *run, uint64_t ops, double cost)
{
    if (run->cost_unit == COST_INSTRUCTIONS)
        return ops > 0 ? cost / (double)ops : 0;
    return kops(ops, cost);
}

static void print_costs(FILE *out, const struct run *run, uint64_t ops, double cost,
                        double ref_cost)
{
    fprintf(out, " %*.3f %*.0f %*.0f", COST_COLUMN, words(run)->column_scale * cost,
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
    if (o->timed && run->cost_unit == COST_SECONDS)
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
            COST_COLUMN, words(run)->column, COST_COLUMN, words(run)->speed, COST_COLUMN,
            words(run)->ref_speed, "trace");
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
            print_costs(out, run, t->num_ops, o->timing.cost, o->timing.ref_cost);
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
        print_costs(out, run, s->ops, s->cost, s->ref_cost);
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
            words(run)->column, words(run)->speed, words(run)->measured);
    if (!a->uses_heap)
        fprintf(out, "%s\n", RESIDENT_NOTE);
    if (s->thru_traces > 0)
        fprintf(out, "Throughput relative to %s, %s: %.2fx (%s)\n", run->reference->name,
                words(run)->how, s->thru_ratio,
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
    const char *speed_name = words(&runs[0])->speed;
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
                         speed(&runs[k], t->num_ops, o->timing.cost));
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
            words(&runs[0])->speed_words, runs[0].reference->name);
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
            runs[0].reference->name, words(&runs[0])->cost_words, words(&runs[0])->measured);
    if (count > per_part)
        fprintf(out, "Wider terminals show more allocators side by side; make bench prints the "
                     "whole table as Markdown.\n");
}

/* The verdict as an object: its kind and the details that kind has. */
void report_verdict_json(struct json *j, const struct trace *t, const struct verdict *v)
{
    json_object(j);
    json_key(j, "kind");
    json_string(j, verdict_kind_name(v->kind));
    if (v->kind == VERDICT_OK) {
        json_end(j);
        return;
    }
    if (v->kind != VERDICT_NOT_RUN) {
        json_key(j, "phase");
        json_string(j, phase_name(v->phase));
    }
    if (v->at_op && v->op_index < t->num_ops) {
        char op[96];
        op_format(&t->ops[v->op_index], op, sizeof op);
        json_key(j, "op_index");
        json_integer(j, v->op_index);
        json_key(j, "line");
        json_integer(j, t->ops[v->op_index].line);
        json_key(j, "op");
        json_string(j, op);
    }
    if (v->entry[0] != '\0') {
        json_key(j, "function");
        json_string(j, v->entry);
    }
    switch (v->kind) {
    case VERDICT_FAILED_CHECK:
        json_key(j, "check");
        json_string(j, check_kind_name(v->check));
        json_key(j, "detail");
        json_string(j, v->detail);
        if (v->names_block) {
            json_key(j, "block");
            json_integer(j, v->named_block);
        }
        break;
    case VERDICT_CRASHED:
        json_key(j, "signal");
        json_integer(j, v->signal);
        json_key(j, "signal_name");
        json_string(j, signal_name(v->signal));
        if (v->region != REGION_NONE) {
            char address[24];
            snprintf(address, sizeof address, "0x%" PRIx64, v->address);
            json_key(j, "address");
            json_string(j, address);
            json_key(j, "region");
            json_string(j, fault_region_name(v->region));
        }
        break;
    case VERDICT_EXITED:
        json_key(j, "exit_status");
        json_integer(j, v->exit_status);
        break;
    case VERDICT_TIMED_OUT:
    case VERDICT_TOO_SLOW:
        json_key(j, "seconds");
        json_integer(j, v->seconds);
        break;
    case VERDICT_FORBIDDEN_CALL:
        json_key(j, "forbidden");
        json_string(j, forbidden_kind_name(v->forbidden));
        json_key(j, "call");
        json_string(j, v->call);
        break;
    case VERDICT_OK:
    case VERDICT_NOT_RUN:
    case VERDICT_KINDS:
        break;
    }
    if (v->where[0] != '\0') {
        json_key(j, "where");
        json_string(j, v->where);
    }
    json_end(j);
}

/* The trace's ceilings and, for a valid replay in the simulated heap,
 * where its bytes went at the peak (breakdown.h). */
void report_bytes_json(struct json *j, const struct trace *t, const struct check_result *check,
                       bool measured)
{
    json_key(j, "peak_aligned_block_bytes");
    json_count(j, true, t->peak_aligned_bytes);
    json_key(j, "peak_textbook_block_bytes");
    json_count(j, true, t->peak_textbook_bytes);
    json_key(j, "ceiling_aligned");
    json_number(j, t->peak_aligned_bytes > 0,
                utilization_ceiling(t->peak_bytes, t->peak_aligned_bytes));
    json_key(j, "ceiling_textbook");
    json_number(j, t->peak_textbook_bytes > 0,
                utilization_ceiling(t->peak_bytes, t->peak_textbook_bytes));
    json_key(j, "bytes_at_peak");
    const struct heap_breakdown *b = &check->breakdown;
    if (!measured) {
        json_null(j);
        return;
    }
    json_object(j);
    json_key(j, "op_index");
    json_count(j, b->at_op, b->op_index);
    json_key(j, "line");
    json_count(j, b->at_op, b->at_op ? t->ops[b->op_index].line : 0);
    const struct {
        const char *key;
        uint64_t value;
    } fields[] = {
        {"live_bytes", b->live_bytes},           {"small_gap_bytes", b->small_gap_bytes},
        {"small_gaps", b->small_gaps},           {"large_gap_bytes", b->large_gap_bytes},
        {"large_gaps", b->large_gaps},           {"top_bytes", b->top_bytes},
        {"heap_bytes", b->heap_bytes},           {"small_gap_max", SMALL_GAP_MAX},
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        json_key(j, fields[i].key);
        json_count(j, true, fields[i].value);
    }
    json_end(j);
}

/* The calls the older kit never made, as {"free_null": {"line": 7,
 * "count": 2}, ...}: empty in the kit's own mode. */
static void json_unasked(struct json *j, const struct unasked_calls *unasked)
{
    json_object(j);
    for (int kind = 0; unasked != NULL && kind < UNASKED_KINDS; kind++) {
        if (unasked->count[kind] == 0)
            continue;
        json_key(j, unasked_call_name(kind));
        json_object(j);
        json_key(j, "line");
        json_integer(j, unasked->first_line[kind]);
        json_key(j, "count");
        json_integer(j, unasked->count[kind]);
        json_end(j);
    }
    json_end(j);
}

/* One trace's object in a run's "traces". */
static void json_trace(struct json *j, const struct run *run, int i)
{
    const struct allocator *a = run->allocator;
    const struct trace *t = run->traces[i];
    const struct trace_outcome *o = &run->outcomes[i];
    bool valid = verdict_is_valid(&o->verdict);
    bool util_known = valid && a->uses_heap;
    json_object(j);
    json_key(j, "name");
    json_string(j, t->path);
    json_key(j, "weight");
    json_integer(j, t->weight);
    json_key(j, "valid");
    if (o->verdict.kind == VERDICT_NOT_RUN)
        json_null(j);
    else
        json_bool(j, valid);
    json_key(j, "verdict");
    report_verdict_json(j, t, &o->verdict);
    json_key(j, "util");
    json_number(j, util_known, o->check.util);
    json_key(j, "ops");
    json_integer(j, t->num_ops);
    json_key(j, "peak_bytes");
    json_count(j, true, t->peak_bytes);
    json_key(j, "heap_bytes");
    json_count(j, util_known, o->check.heap_size);
    report_bytes_json(j, t, &o->check, util_known && o->check.breakdown.measured);
    json_key(j, "rss_growth_bytes");
    json_count(j, !a->uses_heap && valid, o->check.rss_growth);
    json_key(j, "output_bytes");
    json_count(j, true, o->check.output_bytes);
    bool measured = o->timed && o->timing.ratio > 0;
    bool timed = measured && run->cost_unit == COST_SECONDS;
    bool counted = measured && run->cost_unit == COST_INSTRUCTIONS;
    json_key(j, "secs");
    json_number(j, timed, o->timing.cost);
    json_key(j, "kops");
    json_number(j, timed, kops(t->num_ops, o->timing.cost));
    json_key(j, "ref_kops");
    json_number(j, timed, kops(t->num_ops, o->timing.ref_cost));
    json_key(j, "timing_rounds");
    json_number(j, timed, o->timing.rounds);
    json_key(j, "instr_per_op");
    json_number(j, counted, speed(run, t->num_ops, o->timing.cost));
    json_key(j, "ref_instr_per_op");
    json_number(j, counted, speed(run, t->num_ops, o->timing.ref_cost));
    json_key(j, "thru_ratio");
    json_number(j, o->timed, o->timing.ratio);
    json_key(j, "unasked_calls");
    json_unasked(j, run->unasked != NULL ? &run->unasked[i] : NULL);
    json_key(j, "error");
    if (o->verdict.kind == VERDICT_OK) {
        json_null(j);
    } else {
        char message[MESSAGE_TEXT];
        verdict_describe(&o->verdict, t, message, sizeof message);
        json_string(j, message);
    }
    json_end(j);
}

static void json_run(struct json *j, const struct run *run)
{
    const struct allocator *a = run->allocator;
    const struct run_summary *s = &run->summary;
    json_object(j);
    json_key(j, "allocator");
    json_string(j, a->name);
    json_key(j, "reference");
    json_string(j, run->reference->name);
    json_key(j, "graded_as");
    json_string_or_null(j, graded_as());
    json_key(j, "emulator");
    json_string_or_null(j, run->emulator);
    json_key(j, "simulated_heap");
    json_bool(j, a->uses_heap);
    json_key(j, "debug_level");
    json_integer(j, run->debug_level);
    json_key(j, "throughput");
    json_string(j, s->correctness_only ? "none" : words(run)->throughput);
    json_key(j, "traces");
    json_array(j);
    for (int i = 0; i < run->count; i++) {
        json_line(j, "  ");
        json_trace(j, run, i);
    }
    json_end(j);
    bool timed = s->thru_traces > 0 && run->cost_unit == COST_SECONDS;
    bool counted = s->thru_traces > 0 && run->cost_unit == COST_INSTRUCTIONS;
    json_line(j, " ");
    json_key(j, "util");
    json_number(j, s->util_traces > 0, s->util);
    json_key(j, "ceiling_textbook");
    json_number(j, s->util_traces > 0, s->ceiling);
    json_key(j, "kops");
    json_number(j, timed, kops(s->ops, s->cost));
    json_key(j, "ref_kops");
    json_number(j, timed, kops(s->ops, s->ref_cost));
    json_key(j, "instr_per_op");
    json_number(j, counted, speed(run, s->ops, s->cost));
    json_key(j, "ref_instr_per_op");
    json_number(j, counted, speed(run, s->ops, s->ref_cost));
    json_key(j, "thru_ratio");
    json_number(j, s->thru_traces > 0, s->thru_ratio);
    json_key(j, "util_points");
    json_number(j, s->has_index, s->util_points);
    json_key(j, "thru_points");
    json_number(j, s->has_index, s->thru_points);
    json_key(j, "perf_index");
    json_number(j, s->has_index, s->perf_index);
    json_key(j, "forbidden_calls");
    json_string_or_null(j, a->forbidden_calls != NULL && a->forbidden_calls[0] != '\0'
                               ? a->forbidden_calls
                               : NULL);
    json_key(j, "policy");
    json_string_or_null(j, s->policy.verdict == POLICY_KEPT ? NULL : s->policy.why);
    json_key(j, "errors");
    json_integer(j, s->traces - s->valid + (s->policy_failed ? 1 : 0));
    json_end(j);
}

void report_json(FILE *out, const struct run *runs, int count)
{
    struct json j = json_writer(out);
    if (count == 1) {
        json_run(&j, &runs[0]);
        fputc('\n', out);
        return;
    }
    json_object(&j);
    json_key(&j, "runs");
    json_array(&j);
    for (int i = 0; i < count; i++) {
        json_line(&j, "");
        json_run(&j, &runs[i]);
    }
    json_end(&j);
    json_end(&j);
    fputc('\n', out);
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

/*
 * report.c - every format the driver prints results in (see report.h).
 */
#include "report.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

/* The table's word for a verdict. */
static const char *verdict_word(const struct verdict *v)
{
    switch (v->kind) {
    case VERDICT_OK: return "ok";
    case VERDICT_FAILED_CHECK: return "failed";
    case VERDICT_CRASHED: return "crashed";
    case VERDICT_EXITED: return "exited";
    case VERDICT_TIMED_OUT: return "timeout";
    case VERDICT_FORBIDDEN_CALL: return "forbidden";
    default: return "too slow";
    }
}

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
    fprintf(out, " %10.3f %10.0f %10.0f", run->instructions ? cost / 1e3 : 1e3 * cost,
            speed(run, ops, cost), speed(run, ops, ref_cost));
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
        fprintf(out, " %6.1f%%", 100.0 * fraction);
    else
        fprintf(out, " %7s", "--");
}

void report_table(FILE *out, const struct run *run, int verbosity)
{
    const struct allocator *a = run->allocator;
    fprintf(out, "\nResults for %s (%s); throughput reference: %s\n", a->name,
            a->description, run->reference->name);
    if (run->instructions)
        fprintf(out, "%2s %-9s %8s %9s %10s %10s %10s  %s\n", "w", "verdict", "util", "ops",
                "Kinstr", "instr/op", "ref ins/op", "trace");
    else
        fprintf(out, "%2s %-9s %8s %9s %10s %10s %10s  %s\n", "w", "verdict", "util", "ops",
                "msecs", "Kops/s", "ref Kops/s", "trace");
    for (int i = 0; i < run->count; i++) {
        const struct trace *t = run->traces[i];
        const struct trace_outcome *o = &run->outcomes[i];
        bool valid = verdict_is_valid(&o->verdict);
        fprintf(out, "%2d %-9s", (int)t->weight, verdict_word(&o->verdict));
        if (a->uses_heap || !valid)
            print_percent_or_dashes(out, valid && a->uses_heap, o->check.util);
        else
            fprintf(out, " %8s", resident_share(t, &o->check));
        fprintf(out, " %9" PRIu32, t->num_ops);
        if (o->timed && o->timing.ratio > 0)
            print_costs(out, run, t->num_ops, o->timing.secs, o->timing.ref_secs);
        else
            fprintf(out, " %10s %10s %10s", "--", "--", "--");
        fprintf(out, "  %s\n", t->path);
        if (verbosity >= 3 && valid) {
            fprintf(out, "%8s checked replay %.0f ns/op; heap %zu bytes, peak %" PRIu64 " bytes",
                    "", 1e9 * o->check.check_secs / (t->num_ops ? t->num_ops : 1),
                    o->check.heap_size, t->peak_bytes);
            if (o->timed && !run->instructions)
                fprintf(out, "; %d timing samples in %d rounds", o->timing.samples,
                        o->timing.rounds);
            fputc('\n', out);
        }
    }
    const struct run_summary *s = &run->summary;
    fprintf(out, "%-12s", "Total");
    print_percent_or_dashes(out, s->util_traces > 0, s->util);
    fprintf(out, " %9" PRIu64, s->ops);
    if (s->thru_traces > 0)
        print_costs(out, run, s->ops, s->secs, s->ref_secs);
    else
        fprintf(out, " %10s %10s %10s", "--", "--", "--");
    fputc('\n', out);
    fprintf(out, "Weights (w): 0 checked only, 1 util and throughput, 2 util only, "
                 "3 throughput only.\n");
    if (!a->uses_heap)
        fprintf(out, "%s\n", RESIDENT_NOTE);
    if (s->thru_traces > 0)
        fprintf(out, "Throughput relative to %s: %.2fx (geometric mean over %d traces)\n",
                run->reference->name, s->thru_ratio, s->thru_traces);
    report_perf_index(out, run);
}

void report_perf_index(FILE *out, const struct run *run)
{
    const struct run_summary *s = &run->summary;
    if (!run->allocator->uses_heap) {
        fprintf(out, "Perf index: not computed for %s (its utilization is not measurable)\n",
                run->allocator->name);
    } else if (s->valid < s->traces) {
        fprintf(out, "Perf index = 0/100: %d of %d traces failed the correctness checks\n",
                s->traces - s->valid, s->traces);
    } else if (s->policy_failed) {
        char why[512];
        allocator_policy(run->allocator, why, sizeof why);
        fprintf(out, "Perf index = 0/100: %s\n", why);
    } else if (!s->has_index) {
        fprintf(out, "Perf index: not computed (no trace is scored)\n");
    } else {
        fprintf(out, "Perf index = %.1f (util) + %.1f (thru) = %.1f/100\n", s->util_points,
                s->thru_points, s->perf_index);
    }
}

enum { COLUMN = 16 }; /* width of one allocator's column */

static void print_cell(FILE *out, const char *text) { fprintf(out, " %*s", COLUMN, text); }

void report_comparison(FILE *out, const struct run *runs, int count)
{
    char cell[64];
    fprintf(out, "\nUtilization and %s per trace; throughput reference: %s\n",
            runs[0].instructions ? "instructions per op" : "Kops/s", runs[0].reference->name);
    fprintf(out, "%-22s", "trace");
    for (int k = 0; k < count; k++)
        print_cell(out, runs[k].allocator->name);
    fputc('\n', out);
    for (int i = 0; i < runs[0].count; i++) {
        const struct trace *t = runs[0].traces[i];
        const char *name = strrchr(t->path, '/') ? strrchr(t->path, '/') + 1 : t->path;
        fprintf(out, "%-20.20s %d", name, (int)t->weight);
        for (int k = 0; k < count; k++) {
            const struct trace_outcome *o = &runs[k].outcomes[i];
            if (!verdict_is_valid(&o->verdict))
                snprintf(cell, sizeof cell, "%s", verdict_word(&o->verdict));
            else {
                char util[24] = "--", speed_text[16] = "--";
                if (runs[k].allocator->uses_heap)
                    snprintf(util, sizeof util, "%.1f%%", 100 * o->check.util);
                else
                    snprintf(util, sizeof util, "%s", resident_share(t, &o->check));
                if (o->timed && o->timing.ratio > 0)
                    snprintf(speed_text, sizeof speed_text, "%.0f",
                             speed(&runs[k], t->num_ops, o->timing.secs));
                else if (o->timed)
                    snprintf(speed_text, sizeof speed_text, "slow");
                snprintf(cell, sizeof cell, "%s %s", util, speed_text);
            }
            print_cell(out, cell);
        }
        fputc('\n', out);
    }
    fprintf(out, "%-22s", "mean utilization");
    for (int k = 0; k < count; k++) {
        const struct run_summary *s = &runs[k].summary;
        snprintf(cell, sizeof cell, "%.1f%%", 100 * s->util);
        print_cell(out, s->util_traces > 0 ? cell : "--");
    }
    fprintf(out, "\n%-22s", "throughput ratio");
    for (int k = 0; k < count; k++) {
        const struct run_summary *s = &runs[k].summary;
        snprintf(cell, sizeof cell, s->thru_ratio >= 0.01 ? "%.2fx" : "%.4fx", s->thru_ratio);
        print_cell(out, s->thru_traces > 0 ? cell : "--");
    }
    fprintf(out, "\n%-22s", "perf index");
    for (int k = 0; k < count; k++) {
        const struct run_summary *s = &runs[k].summary;
        snprintf(cell, sizeof cell, "%.1f", s->perf_index);
        print_cell(out, !s->has_index                 ? "--"
                        : s->valid < s->traces || s->policy_failed ? "0 (errors)"
                                                      : cell);
    }
    bool outside = false;
    for (int k = 0; k < count; k++)
        outside |= !runs[k].allocator->uses_heap;
    if (outside)
        fprintf(out, "\n%s", RESIDENT_NOTE);
    fprintf(out, "\nEach cell: utilization, then %s. Throughput ratio: geometric mean of "
                 "%s's %s / the allocator's.\n",
            runs[0].instructions ? "instructions per op" : "Kops/s", runs[0].reference->name,
            runs[0].instructions ? "instruction count" : "time");
}

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
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

/* The verdict as an object: its kind and the details that kind has. */
static void json_verdict(FILE *out, const struct trace *t, const struct verdict *v)
{
    fprintf(out, "{\"kind\": \"%s\"", verdict_kind_name(v->kind));
    if (v->kind == VERDICT_OK) {
        fputc('}', out);
        return;
    }
    fprintf(out, ", \"phase\": \"%s\"", phase_name(v->phase));
    if (v->at_op && v->op_index < t->num_ops) {
        char op[96];
        op_format(&t->ops[v->op_index], op, sizeof op);
        fprintf(out, ", \"line\": %" PRIu32 ", \"op\": ", t->ops[v->op_index].line);
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
        fprintf(out, ", \"forbidden\": \"%s\", \"call\": ",
                v->forbidden == FORBIDDEN_SYSCALL       ? "system_call"
                : v->forbidden == FORBIDDEN_HEAP_OWNER ? "heap_owner"
                                                        : "libc_heap");
        json_string(out, v->call);
        break;
    default:
        break;
    }
    if (v->where[0] != '\0') {
        fprintf(out, ", \"where\": ");
        json_string(out, v->where);
    }
    fputc('}', out);
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
    fprintf(out, ", \"simulated_heap\": %s, \"debug_level\": %d, \"throughput\": \"%s\", "
                 "\"traces\": [",
            a->uses_heap ? "true" : "false", run->debug_level,
            run->instructions ? "instructions" : "time");
    for (int i = 0; i < run->count; i++) {
        const struct trace *t = run->traces[i];
        const struct trace_outcome *o = &run->outcomes[i];
        bool valid = verdict_is_valid(&o->verdict);
        bool util_known = valid && a->uses_heap;
        fprintf(out, "%s\n  {\"name\": ", i ? "," : "");
        json_string(out, t->path);
        fprintf(out, ", \"weight\": %d, \"valid\": %s, \"verdict\": ", (int)t->weight,
                valid ? "true" : "false");
        json_verdict(out, t, &o->verdict);
        fprintf(out, ", \"util\": ");
        json_number(out, util_known, o->check.util);
        fprintf(out, ", \"ops\": %" PRIu32 ", \"peak_bytes\": %" PRIu64 ", \"heap_bytes\": ",
                t->num_ops, t->peak_bytes);
        json_number(out, util_known, (double)o->check.heap_size);
        fprintf(out, ", \"rss_growth_bytes\": ");
        json_number(out, !a->uses_heap && valid, (double)o->check.rss_growth);
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
    char why[512];
    enum policy_verdict verdict = allocator_policy(a, why, sizeof why);
    fprintf(out, ", \"policy\": ");
    if (verdict == POLICY_KEPT)
        fputs("null", out);
    else
        json_string(out, why);
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

void report_grader_lines(FILE *out, const struct run *run)
{
    fprintf(out, "correct:%d\n", run->summary.valid);
    fprintf(out, "perfidx:%.0f\n", run->summary.has_index ? run->summary.perf_index : 0.0);
    for (int i = 0; i < run->count; i++)
        fprintf(out, "verdict:%s:%s\n", verdict_kind_name(run->outcomes[i].verdict.kind),
                run->traces[i]->path);
}

/*
 * mdriver.c - replay allocation traces against allocators; check and score.
 *
 * The driver reads every trace first (any malformed one stops the run with
 * "file:line: error:" and status 2; a giant one is reported as not run,
 * and the others run), then, for each allocator and each trace, runs the
 * checks and the timing (driver/pipeline.h) in processes of the
 * allocator's own (driver/sandbox.h), so that an allocator that crashes,
 * exits or hangs costs only that trace. Under an emulator (qemu-i386 running a 32-bit
 * driver) nothing is timed: the emulated code's speed says nothing of the
 * allocator's. Results are printed as the classic table (-V), JSON (-j) or
 * autograder lines (-g). Exit status: 0 all traces correct, 1 an allocator
 * failed a check, 2 usage or trace-file errors, or no trace that can be
 * run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "config.h"
#include "driver/allocator.h"
#include "driver/callgrind.h"
#include "driver/checker.h"
#include "driver/compat.h"
#include "driver/die.h"
#include "driver/explorer.h"
#include "driver/icount.h"
#include "driver/json.h"
#include "driver/pipeline.h"
#include "driver/report.h"
#include "driver/sandbox.h"
#include "driver/score.h"
#include "driver/trace.h"

/* Written by the build (tools/policy-check.sh): the programs that host
 * each kind of allocator, and the in-process program of -X, relative to
 * this driver's folder ("" where this build has none). */
extern const char *const host_programs[HOST_KINDS];
extern const char in_process_program[];

struct options {
    char **files;               /* traces to replay, in order */
    int file_count;
    const char *trace_dir;      /* -t: folder of the default traces */
    const char *allocators;     /* -m: comma-separated names, or "all" */
    bool correctness_only;      /* -c, or under an emulator: nothing timed */
    bool with_libc;             /* -l */
    bool json;                  /* -j */
    bool grader_lines;          /* -g */
    bool isolate;               /* false with -X */
    enum cost_unit cost_unit;   /* seconds; -I: instructions counted */
    bool print_config;          /* --config: print config.h's settings, no run */
    const char *reference_counts; /* --reference-counts: the kit's counts */
    int verbosity;              /* -v */
    int debug_level;            /* -d */
    unsigned timeout_secs;      /* -s */
    int timing_rounds;          /* -r: processes each trace is timed in */
    struct observation observe; /* -T, -H, -O; -E records */
    const char *explorer_path;  /* -E */
    struct explorer *explorer;  /* the page -E is writing, or NULL */
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: mdriver [-hVDgjlIXa] [-f FILE]... [-c FILE]... [-t DIR] [-m NAMES]\n"
            "               [-v [N]] [-d N] [-s SECS] [-r N] [-T FILE] [-H FILE [-O LINE]]\n"
            "               [-E FILE]\n"
            "Replays allocation traces against an allocator, checks every result and\n"
            "scores memory utilization and throughput.\n"
            "  -f FILE   replay this trace (repeatable; default: the traces in config.h)\n"
            "  -t DIR    folder of the default traces (default: %s)\n"
            "  -c FILE   check this trace for correctness only: no timing, no perf index\n"
            "  -m NAMES  allocator(s) to run: a name, a comma-separated list, or all\n"
            "            (default: mm, your mm.c; reference: " REFERENCE_ALLOCATOR ")\n"
            "  -l        also run the C library's malloc, and jemalloc, mimalloc and\n"
            "            tcmalloc when their libraries are installed\n"
            "  -v N      verbosity: 0 errors only, 1 perf index (default), 2 table,\n"
            "            3 table with details; -v alone is -v 2, as in older kits\n"
            "  -V        same as -v 2\n"
            "  -d N      debug level: 0 no checks but NULL results; 1 (default) addresses,\n"
            "            overlap and every byte of every payload; 2 also mm_checkheap\n"
            "            before every op and every live payload at the end\n"
            "  -D        same as -d 2\n"
            "  -s SECS   time limit per trace (default %d; 0: none; with -I, %d times\n"
            "            as long for the instruction count)\n"
            "  -r N      time each trace N times over, each time in fresh processes, and\n"
            "            score the median of the N throughput ratios (default %d)\n"
            "  -g        print the autograder lines correct:N, perfidx:N (only when a\n"
            "            perf index was computed: not with -c) and verdict:KIND:TRACE\n"
            "  -j        print the results as JSON\n"
            "  -T FILE   write the heap size and live bytes after every op (CSV)\n"
            "  -H FILE   write a map of the live payloads at the peak (JSON lines)\n"
            "  -O LINE   take the heap map after this trace line instead\n"
            "  -E FILE   write an interactive heap explorer page (HTML) of the run\n"
            "            (quick with one trace: -c FILE)\n"
            "  -I        score throughput by instructions counted with valgrind's\n"
            "            callgrind (deterministic) instead of time\n"
            "  -X        run traces in this process, not a child (for gdb)\n"
            "  -a        accepted for compatibility; does nothing\n"
            "  --config  with -j: print the settings of config.h that tools read (the\n"
            "            default traces with their weights, the reference, the score\n"
            "            parameters, the limits) as JSON, and run nothing\n"
            "  -h        print this message (also --help)\n"
            "Allocators in this build:\n",
            TRACE_DIR, DEFAULT_TIMEOUT_SECS, COUNTED_TIMEOUT_FACTOR, TIMING_ROUNDS);
    for (const struct allocator *const *a = allocator_all(); *a != NULL; a++)
        fprintf(out, "  %-16s %s\n", (*a)->name, (*a)->description);
    fprintf(out, "  %-16s %s\n", "jemalloc", "with -l or -m, when libjemalloc.so.2 is installed");
    fprintf(out, "  %-16s %s\n", "mimalloc", "with -l or -m, when libmimalloc.so.2 is installed");
    fprintf(out, "  %-16s %s\n", "tcmalloc",
            "with -l or -m, when libtcmalloc_minimal.so.4 is installed");
    fprintf(out, "Exit status: 0 all traces correct, 1 an allocator failed a check,\n"
                 "2 a usage or trace-file error.\n");
}

static _Noreturn void usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "mdriver: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'mdriver -h' for the options.\n");
    exit(2);
}

static long parse_count(const char *text, const char *option, long max)
{
    char *end;
    long value = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || value < 0 || value > max)
        usage_error(option, text);
    return value;
}

/* Room for count objects of size bytes, all zero: the driver cannot go on
 * without it. */
static void *zeroed(size_t count, size_t size)
{
    void *p = calloc(count, size);
    if (p == NULL && count > 0)
        die("%s", strerror(errno));
    return p;
}

/* Takes ownership of path, which must come from malloc. */
static void add_file(struct options *o, char *path)
{
    o->files = realloc(o->files, (size_t)(o->file_count + 1) * sizeof *o->files);
    if (o->files == NULL || path == NULL)
        die("%s", strerror(errno));
    o->files[o->file_count++] = path;
}

/* Whether -v was given alone, so that getopt took the next argument
 * (text, not a number) for its level: "-v -f FILE". The attached form
 * "-v2" always has its number. */
static bool bare_verbosity(char **argv, const char *text)
{
    return text == argv[optind - 1] && (text[0] < '0' || text[0] > '9');
}

static void parse_options(int argc, char **argv, struct options *o)
{
    *o = (struct options){
        .trace_dir = TRACE_DIR,
        .allocators = "mm",
        .isolate = true,
        .verbosity = 1,
        .debug_level = 1,
        .timeout_secs = DEFAULT_TIMEOUT_SECS,
        .timing_rounds = TIMING_ROUNDS,
        .cost_unit = COST_SECONDS,
    };
    opterr = 0;
    enum { REFERENCE_COUNTS = 256, PRINT_CONFIG };
    static const struct option long_options[] = {
        {"help", no_argument, NULL, 'h'},
        {"reference-counts", required_argument, NULL, REFERENCE_COUNTS},
        {"config", no_argument, NULL, PRINT_CONFIG},
        {0}};
    int c;
    while ((c = getopt_long(argc, argv, ":f:t:c:m:v:d:s:r:T:H:O:E:lVDgjaIXh", long_options,
                            NULL)) != -1) {
        switch (c) {
        case 'f': add_file(o, strdup(optarg)); break;
        case 't': o->trace_dir = optarg; break;
        case 'c': add_file(o, strdup(optarg)); o->correctness_only = true; break;
        case 'm': o->allocators = optarg; break;
        case 'v':
            /* The classic -v takes no number: it means the table. */
            if (!bare_verbosity(argv, optarg)) {
                o->verbosity = (int)parse_count(optarg, "-v wants 0..3, not '%s'", 3);
                break;
            }
            o->verbosity = 2;
            optind--;
            break;
        case 'V': o->verbosity = 2; break;
        case 'd': o->debug_level = (int)parse_count(optarg, "-d wants 0..2, not '%s'", 2); break;
        case 'D': o->debug_level = 2; break;
        case 's':
            o->timeout_secs =
                (unsigned)parse_count(optarg, "-s wants seconds (0..86400), not '%s'", 86400);
            break;
        case 'r':
            o->timing_rounds = (int)parse_count(optarg, "-r wants 1..99 rounds, not '%s'",
                                                TIMING_ROUNDS_MAX);
            if (o->timing_rounds == 0)
                usage_error("-r wants 1..99 rounds, not '%s'", optarg);
            break;
        case 'T': o->observe.timeline_path = optarg; break;
        case 'H': o->observe.heap_map_path = optarg; break;
        case 'E':
            o->explorer_path = optarg;
            o->observe.record = true;
            break;
        case 'O':
            o->observe.map_line =
                (uint32_t)parse_count(optarg, "-O wants a trace line number, not '%s'", 1L << 31);
            break;
        case 'l': o->with_libc = true; break;
        case 'g': o->grader_lines = true; break;
        case 'j': o->json = true; break;
        case 'X': o->isolate = false; break;
        case 'I': o->cost_unit = COST_INSTRUCTIONS; break;
        case 'a': break;
        case REFERENCE_COUNTS: o->reference_counts = optarg; break;
        case PRINT_CONFIG: o->print_config = true; break;
        case 'h': usage(stdout); exit(0);
        case ':': {
            if (optopt == 'v') {
                o->verbosity = 2;
                break;
            }
            char opt[3] = {'-', (char)optopt, '\0'};
            usage_error("option %s needs an argument", opt);
        }
        default: {
            char opt[3] = {'-', (char)optopt, '\0'};
            usage_error("unknown option %s", optopt != 0 ? opt : argv[optind - 1]);
        }
        }
    }
    if (optind < argc)
        usage_error("unexpected argument '%s' (traces are given with -f)", argv[optind]);
    if (o->cost_unit == COST_INSTRUCTIONS && !o->isolate)
        usage_error("%s", "-I counts the instructions of a process of the allocator's own: it "
                          "does not go with -X");
    if (o->observe.map_line != 0 && o->observe.heap_map_path == NULL)
        usage_error("%s", "-O picks the line of the heap map: give the file with -H");
    if (o->print_config && !o->json)
        usage_error("%s", "--config prints JSON: give -j as well");
    if (o->print_config && o->file_count > 0)
        usage_error("%s", "--config describes the default traces: it takes no -f or -c");
}

/* The columns the comparison table may fill: the terminal's width, or
 * 80 when the output is not a terminal. */
static int output_width(void)
{
    struct winsize size;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        return size.ws_col;
    return 80;
}

/* The observation files start empty; each trace's child appends to them. */
static void truncate_observation_files(const struct observation *w)
{
    const char *paths[] = {w->timeline_path, w->heap_map_path};
    for (size_t i = 0; i < 2; i++) {
        FILE *f = paths[i] != NULL ? fopen(paths[i], "w") : NULL;
        if (paths[i] != NULL && f == NULL)
            die("%s: %s", paths[i], strerror(errno));
        if (f != NULL)
            fclose(f);
    }
}

/* The default traces, joined to the trace folder. */
static void add_default_traces(struct options *o)
{
    static const char *const names[] = {DEFAULT_TRACES};
    size_t dir_len = strlen(o->trace_dir);
    bool needs_slash = dir_len > 0 && o->trace_dir[dir_len - 1] != '/';
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char *path;
        if (asprintf(&path, "%s%s%s", o->trace_dir, needs_slash ? "/" : "", names[i]) < 0)
            die("%s", strerror(errno));
        add_file(o, path);
    }
}

/* --config -j: the settings of config.h that tools need, so that none of
 * them reads config.h itself, and each default trace with the weight its
 * header gives. Status 2, after the reader's message, when a default
 * trace cannot be read. */
static int print_config_json(struct options *o)
{
    add_default_traces(o);
    struct trace **traces = calloc((size_t)o->file_count, sizeof *traces);
    bool all_read = traces != NULL;
    for (int i = 0; all_read && i < o->file_count; i++)
        all_read = (traces[i] = trace_read(o->files[i], header_reading())) != NULL;
    if (all_read) {
        struct json j = json_writer(stdout);
        json_object(&j);
        json_key(&j, "trace_dir");
        json_string(&j, o->trace_dir);
        json_key(&j, "default_traces");
        json_array(&j);
        for (int i = 0; i < o->file_count; i++) {
            json_object(&j);
            json_key(&j, "path");
            json_string(&j, traces[i]->path);
            json_key(&j, "weight");
            json_integer(&j, traces[i]->weight);
            json_end(&j);
        }
        json_end(&j);
        const struct {
            const char *key;
            double value;
        } settings[] = {
            {"util_weight", UTIL_WEIGHT},
            {"util_min", UTIL_MIN},
            {"util_max", UTIL_MAX},
            {"thru_min", THRU_MIN},
            {"thru_max", THRU_MAX},
            {"max_heap", (double)MAX_HEAP},
            {"alignment", ALIGNMENT},
            {"trace_max_ids", (double)TRACE_MAX_IDS},
            {"trace_max_ops", (double)TRACE_MAX_OPS},
            {"trace_max_line_bytes", (double)TRACE_MAX_LINE_BYTES},
            {"trace_max_file_bytes", (double)TRACE_MAX_FILE_BYTES},
            {"timing_rounds", TIMING_ROUNDS},
            {"timing_rounds_max", TIMING_ROUNDS_MAX},
            {"timeout_secs", DEFAULT_TIMEOUT_SECS},
            {"counted_timeout_factor", COUNTED_TIMEOUT_FACTOR},
            {"count_time_agreement", COUNT_TIME_AGREEMENT},
            {"forbidden_calls_policy", FORBIDDEN_CALLS_POLICY},
            {"global_data_limit", GLOBAL_DATA_LIMIT},
            {"global_data_policy", GLOBAL_DATA_POLICY},
        };
        json_key(&j, "reference_allocator");
        json_string(&j, REFERENCE_ALLOCATOR);
        for (size_t i = 0; i < sizeof settings / sizeof *settings; i++) {
            json_key(&j, settings[i].key);
            if (settings[i].value == (double)(int64_t)settings[i].value)
                json_integer(&j, (int64_t)settings[i].value);
            else
                json_number(&j, true, settings[i].value);
        }
        json_end(&j);
        putchar('\n');
    }
    for (int i = 0; i < o->file_count; i++) {
        trace_free(traces != NULL ? traces[i] : NULL);
        free(o->files[i]);
    }
    free(traces);
    free(o->files);
    return all_read ? 0 : 2;
}

/* The allocators named by -m (and libc with -l), ending with NULL. */
static const struct allocator **select_allocators(const struct options *o, int *count)
{
    const struct allocator *const *all = allocator_all();
    int known = 0;
    while (all[known] != NULL)
        known++;
    const struct allocator **chosen = zeroed((size_t)known + 2, sizeof *chosen);
    *count = 0;
    if (strcmp(o->allocators, "all") == 0) {
        for (int i = 0; i < known; i++)
            if (all[i]->uses_heap || o->with_libc)
                chosen[(*count)++] = all[i];
        return chosen;
    }
    char *names = strdup(o->allocators), *save = NULL;
    if (names == NULL)
        die("%s", strerror(errno));
    for (char *name = strtok_r(names, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        const struct allocator *a =
            allocator_find(strcmp(name, "reference") == 0 ? REFERENCE_ALLOCATOR : name);
        if (a == NULL) {
            fprintf(stderr, "mdriver: unknown allocator '%s'; this build has:", name);
            for (int i = 0; i < known; i++)
                fprintf(stderr, " %s", all[i]->name);
            fprintf(stderr, " (or all)\n");
            exit(2);
        }
        bool already = false;
        for (int i = 0; i < *count; i++)
            already |= chosen[i] == a;
        if (!already && *count < known)
            chosen[(*count)++] = a;
    }
    free(names);
    for (int k = 0; o->with_libc && k < known; k++) {
        bool already = all[k]->host != HOST_OF_PRODUCTION;
        for (int i = 0; i < *count; i++)
            already |= chosen[i] == all[k];
        if (!already)
            chosen[(*count)++] = all[k];
    }
    return chosen;
}

/* Say which grading policies (config.h) the allocator breaks, if any. */
static void report_policy(const struct allocator *a, const struct policy *policy)
{
    if (policy->verdict != POLICY_KEPT)
        fprintf(stderr, "%s: %s: %s\n", a->name,
                policy->verdict == POLICY_FAILED ? "error" : "warning", policy->why);
}

/* mm.c's team record, as its own process copies it: untrusted text, each
 * field cut short and escaped by the sandbox. */
static void print_team(void)
{
    char field[TEAM_FIELDS][4 * TEAM_FIELD_BYTES];
    host_team(field);
    const char *team = field[0], *name1 = field[1], *id1 = field[2], *name2 = field[3],
               *id2 = field[4];
    if (*team == '\0')
        return;
    printf("Team: %s", team);
    if (*name1 != '\0')
        printf(" (%s%s%s", name1, *id1 ? ", " : "", id1);
    if (*name2 != '\0')
        printf("; %s%s%s", name2, *id2 ? ", " : "", id2);
    printf("%s\n", *name1 != '\0' ? ")" : "");
}

/* -X: run this command line in the in-process program instead, which links
 * the allocators with the driver for debuggers; this program never holds
 * an allocator's code. */
static _Noreturn void run_in_process(char **argv)
{
    char self[4096], program[4200];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0 && in_process_program[0] != '\0') {
        self[n] = '\0';
        *strrchr(self, '/') = '\0';
        snprintf(program, sizeof program, "%s/%s", self, in_process_program);
        execv(program, argv);
        die("-X: cannot run %s: %s (run make)", program, strerror(errno));
    }
    die("-X: this build has no in-process program");
}

int main(int argc, char **argv)
{
    struct options o;
    parse_options(argc, argv, &o);
    if (o.print_config)
        return print_config_json(&o);
    if (!o.isolate && sandbox_isolates)
        run_in_process(argv);
    if (o.file_count == 0)
        add_default_traces(&o);

    sandbox_set_host_programs(host_programs);
    if (o.with_libc || production_named_in(o.allocators))
        production_set_installed(host_production_libraries());
    int allocator_count;
    const struct allocator **chosen = select_allocators(&o, &allocator_count);
    if (o.with_libc)
        production_report_missing();
    const struct allocator *reference = allocator_find(REFERENCE_ALLOCATOR);
    if (reference == NULL)
        die("REFERENCE_ALLOCATOR \"%s\" is not in this build", REFERENCE_ALLOCATOR);

    struct trace **traces = zeroed((size_t)o.file_count, sizeof *traces);
    bool all_read = true;
    int runnable = 0;
    for (int i = 0; i < o.file_count; i++) {
        all_read &= (traces[i] = trace_read(o.files[i], header_reading())) != NULL;
        runnable += traces[i] != NULL && !traces[i]->giant.giant;
    }
    if (all_read && runnable == 0)
        fprintf(stderr, "mdriver: no trace can be run\n");
    if (!all_read || runnable == 0) {
        /* Given back, so that a sanitizer build reports the trace's error
         * and its status 2, not a leak. */
        for (int i = 0; i < o.file_count; i++) {
            trace_free(traces[i]);
            free(o.files[i]);
        }
        free(traces);
        free(o.files);
        free(chosen);
        return 2;
    }

    struct unasked_calls *unasked = zeroed((size_t)o.file_count, sizeof *unasked);
    for (int i = 0; i < o.file_count; i++)
        if (!traces[i]->giant.giant && !grade_as_older_kit(traces[i], &unasked[i]))
            die("%s: out of memory for %" PRIu32 " ids", traces[i]->shown_path,
                traces[i]->num_ids);

    truncate_observation_files(&o.observe);
    if (o.explorer_path != NULL &&
        (o.explorer = explorer_open(o.explorer_path, traces, o.file_count)) == NULL)
        return 2;
    if (!checker_init())
        die("out of memory for the checker");
    if (o.cost_unit == COST_INSTRUCTIONS && !callgrind_installed())
        die("-I needs valgrind (apt-get install valgrind)");
    char kit_host[4200] = "";
    sandbox_program_path(HOST_OF_KIT, kit_host, sizeof kit_host);
    kit_counts_use(o.reference_counts, kit_host);
    const char *emulator = host_emulator();
    if (emulator != NULL && !o.correctness_only && o.cost_unit != COST_INSTRUCTIONS) {
        fprintf(stderr, "mdriver: the driver runs under %s (this kernel cannot run 32-bit "
                        "programs), where the allocator's speed cannot be measured: nothing is "
                        "timed, and there is no perf index; score 32-bit files where the "
                        "kernel runs them\n",
                emulator);
        o.correctness_only = true;
    }
    if (!sandbox_isolates)
        fprintf(stderr, "mdriver: -X runs the allocator inside the driver's own process, for "
                        "debuggers: its results carry none of the driver's guarantees (README, "
                        "\"What the driver guarantees\")\n");
    bool quiet = o.json || o.grader_lines;
    bool runs_mm = false;
    for (int k = 0; k < allocator_count; k++)
        runs_mm |= chosen[k] == allocator_find("mm");
    if (!quiet && o.verbosity >= 1 && runs_mm)
        print_team();

    struct pipeline_settings settings = {
        .debug_level = o.debug_level,
        .timeout_secs = o.timeout_secs,
        .correctness_only = o.correctness_only,
        .cost_unit = o.cost_unit,
        .timing_rounds = o.timing_rounds,
        .show_output = o.verbosity > 0,
        .show_progress = isatty(STDERR_FILENO) && o.verbosity > 0,
        .observe = o.observe,
        .explorer = o.explorer,
    };
    struct pipeline *pipeline = pipeline_open(&settings, reference, traces, o.file_count);
    if (pipeline == NULL)
        die("out of memory for the traces' shared replays");
    struct run *runs = zeroed((size_t)allocator_count, sizeof *runs);
    bool all_valid = true;
    for (int k = 0; k < allocator_count; k++) {
        struct trace_outcome *outcomes = zeroed((size_t)o.file_count, sizeof *outcomes);
        struct policy policy = allocator_policy(chosen[k]);
        report_policy(chosen[k], &policy);
        pipeline_run(pipeline, chosen[k], outcomes);
        runs[k] = (struct run){chosen[k], reference, traces, outcomes, o.file_count,
                               .debug_level = o.debug_level, .cost_unit = o.cost_unit,
                               .emulator = emulator, .unasked = unasked};
        summarize(chosen[k], &policy, traces, outcomes, o.file_count, o.correctness_only,
                  &runs[k].summary);
        all_valid &= runs[k].summary.valid == runs[k].summary.traces &&
                     !runs[k].summary.policy_failed;
    }

    if (o.json)
        report_json(stdout, runs, allocator_count);
    else if (o.grader_lines)
        report_grader_lines(stdout, &runs[0]);
    else if (allocator_count > 1) {
        for (int k = 0; o.verbosity >= 3 && k < allocator_count; k++)
            report_table(stdout, &runs[k], o.verbosity);
        if (o.verbosity >= 1)
            report_comparison(stdout, runs, allocator_count, output_width());
    } else if (o.verbosity >= 2)
        report_table(stdout, &runs[0], o.verbosity);
    else if (o.verbosity == 1)
        report_perf_index(stdout, &runs[0]);

    bool page_written = explorer_close(o.explorer);
    for (int k = 0; k < allocator_count; k++)
        free((void *)runs[k].outcomes);
    free(runs);
    free(chosen);
    pipeline_close(pipeline);
    for (int i = 0; i < o.file_count; i++) {
        trace_free(traces[i]);
        free(o.files[i]);
    }
    free(unasked);
    free(traces);
    free(o.files);
    return !page_written ? 2 : all_valid ? 0 : 1;
}

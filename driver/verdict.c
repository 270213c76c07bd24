/*
 * verdict.c - names and sentences for verdicts (see verdict.h).
 */
#define _GNU_SOURCE
#include "verdict.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

/* Each enum's one table of names, checked against the enum's count. */
static const char UNKNOWN[] = "unknown";

static const struct {
    const char *name;    /* -j and -g */
    const char *word;    /* the table's verdict column */
    const char *failure; /* what a trace of this kind did, after "it" */
} verdict_kinds[] = {
    [VERDICT_OK] = {"ok", "ok", "passed"},
    [VERDICT_FAILED_CHECK] = {"failed_check", "failed", "failed a check"},
    [VERDICT_CRASHED] = {"crashed", "crashed", "crashed"},
    [VERDICT_EXITED] = {"exited", "exited", "ended its process"},
    [VERDICT_TIMED_OUT] = {"timed_out", "timeout", "timed out"},
    [VERDICT_FORBIDDEN_CALL] = {"forbidden_call", "forbidden", "made a forbidden call"},
    [VERDICT_TOO_SLOW] = {"too_slow", "too slow", "passed"},
    [VERDICT_NOT_RUN] = {"not_run", "not run", "was not run"},
};
_Static_assert(sizeof verdict_kinds / sizeof *verdict_kinds == VERDICT_KINDS,
               "every verdict kind has its names");

static const char *const check_kinds[] = {
    [CHECK_NONE] = "none",
    [CHECK_INIT] = "init",
    [CHECK_NULL] = "null_result",
    [CHECK_MUST_FAIL] = "must_return_null",
    [CHECK_ALIGNMENT] = "alignment",
    [CHECK_BOUNDS] = "inside_heap",
    [CHECK_OVERLAP] = "overlap",
    [CHECK_PAYLOAD] = "payload_intact",
    [CHECK_REALLOC_DATA] = "realloc_keeps_data",
    [CHECK_CALLOC_ZERO] = "calloc_zeroed",
    [CHECK_REALLOC_ZERO] = "realloc_zero_frees",
    [CHECK_CHECKHEAP] = "checkheap",
    [CHECK_ABOVE_BREAK] = "above_break",
    [CHECK_DETERMINISM] = "deterministic",
    [CHECK_PROTOCOL] = "protocol",
    [CHECK_METER] = "meter",
};
_Static_assert(sizeof check_kinds / sizeof *check_kinds == CHECK_KINDS,
               "every check kind has its name");

static const struct {
    const char *name;
    const char *during; /* the sentence's words for when it happened */
} phases[] = {
    [PHASE_CHECKED] = {"checked", "during the checked replay"},
    [PHASE_RECHECKED] = {"rechecked", "during the second checked replay"},
    [PHASE_TIMED] = {"timed", "during a timed replay"},
    [PHASE_COUNTED] = {"counted", "during the replay whose instructions -I counts"},
    [PHASE_REFERENCE] = {"reference", "during the reference allocator's replay"},
};
_Static_assert(sizeof phases / sizeof *phases == PHASES, "every phase has its names");

static const struct {
    const char *name;
    const char *text; /* the sentence's words for it, after the address */
} regions[] = {
    [REGION_NONE] = {"none", ""},
    [REGION_NEAR_NULL] = {"near_null", ", a NULL pointer dereference"},
    [REGION_BELOW_HEAP] = {"below_heap", ", below the heap"},
    [REGION_IN_HEAP] = {"in_heap", ", inside the heap"},
    [REGION_ABOVE_BREAK] = {"above_break",
                            ", above the heap's break (past mem_sbrk's last byte)"},
    [REGION_STACK] = {"stack", ", on the stack (a stack overflow: runaway recursion?)"},
    [REGION_ELSEWHERE] = {"elsewhere", ", outside the heap"},
    [REGION_UNKNOWN] = {"unknown",
                        " through a wild pointer (a general-protection fault: the address "
                        "was not canonical, so the kernel does not say it; was it read from "
                        "a broken header or footer?)"},
};
_Static_assert(sizeof regions / sizeof *regions == REGIONS, "every region has its names");

static const char *const forbidden_kinds[] = {
    [FORBIDDEN_SYSCALL] = "system_call",
    [FORBIDDEN_HEAP_OWNER] = "heap_owner",
    [FORBIDDEN_LIBC_HEAP] = "libc_heap",
};
_Static_assert(sizeof forbidden_kinds / sizeof *forbidden_kinds == FORBIDDEN_KINDS,
               "every forbidden kind has its name");

/* A table's text, or UNKNOWN outside the table or for a row left out: the
 * count's assert catches a value added at the end of an enum, not one
 * added inside it. */
static const char *known(const char *text) { return text != NULL ? text : UNKNOWN; }

static bool is_verdict_kind(enum verdict_kind kind) { return (unsigned)kind < VERDICT_KINDS; }

const char *verdict_kind_name(enum verdict_kind kind)
{
    return known(is_verdict_kind(kind) ? verdict_kinds[kind].name : NULL);
}

const char *verdict_kind_word(enum verdict_kind kind)
{
    return known(is_verdict_kind(kind) ? verdict_kinds[kind].word : NULL);
}

const char *verdict_kind_failure(enum verdict_kind kind)
{
    return known(is_verdict_kind(kind) ? verdict_kinds[kind].failure : NULL);
}

const char *check_kind_name(enum check_kind check)
{
    return known((unsigned)check < CHECK_KINDS ? check_kinds[check] : NULL);
}

const char *phase_name(enum phase phase)
{
    return known((unsigned)phase < PHASES ? phases[phase].name : NULL);
}

const char *fault_region_name(enum fault_region region)
{
    return known((unsigned)region < REGIONS ? regions[region].name : NULL);
}

const char *forbidden_kind_name(enum forbidden_kind forbidden)
{
    return known((unsigned)forbidden < FORBIDDEN_KINDS ? forbidden_kinds[forbidden] : NULL);
}

struct verdict verdict_not_run(const struct trace *t)
{
    return (struct verdict){.kind = VERDICT_NOT_RUN, .at_op = t->giant.at_op,
                            .op_index = t->giant.op_index};
}

void verdict_fail(struct verdict *v, enum phase phase, bool at_op, uint32_t op_index,
                  enum check_kind check, const char *fmt, ...)
{
    *v = (struct verdict){.kind = VERDICT_FAILED_CHECK, .phase = phase, .at_op = at_op,
                          .op_index = op_index, .check = check};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->detail, sizeof v->detail, fmt, ap);
    va_end(ap);
}

/* The sentence's words for a phase or a region; none for a value outside
 * the tables. */
static const char *during(enum phase phase)
{
    const char *words = (unsigned)phase < PHASES ? phases[phase].during : NULL;
    return words != NULL ? words : "";
}

static const char *region_text(enum fault_region region)
{
    const char *words = (unsigned)region < REGIONS ? regions[region].text : NULL;
    return words != NULL ? words : "";
}

const char *signal_name(int signo)
{
    static const char *const names[] = {
        [1] = "SIGHUP",   [2] = "SIGINT",   [3] = "SIGQUIT", [4] = "SIGILL",
        [5] = "SIGTRAP",  [6] = "SIGABRT",  [7] = "SIGBUS",  [8] = "SIGFPE",
        [9] = "SIGKILL",  [10] = "SIGUSR1", [11] = "SIGSEGV", [12] = "SIGUSR2",
        [13] = "SIGPIPE", [14] = "SIGALRM", [15] = "SIGTERM", [24] = "SIGXCPU",
        [25] = "SIGXFSZ", [31] = "SIGSYS",
    };
    if (signo > 0 && (size_t)signo < sizeof names / sizeof *names && names[signo] != NULL)
        return names[signo];
    return "a signal";
}

/* After a failure in the second checked replay, whose first run passed: the
 * usual cause. */
static const char *second_run_hint(const struct verdict *v)
{
    return v->phase == PHASE_RECHECKED ? " (the first passed: does mm_init reset all state?)"
                                       : "";
}

/* " in coalesce (mm.c:131)"; " in mm_free" when the line of code is not
 * known (no debug information), only the mm_* function running; else
 * nothing. */
static void append_where(char *buf, size_t len, const struct verdict *v)
{
    if (v->where[0] != '\0')
        snprintf(buf + strlen(buf), len - strlen(buf), " %s", v->where);
    else if (v->entry[0] != '\0')
        snprintf(buf + strlen(buf), len - strlen(buf), " in %s", v->entry);
}

void verdict_describe(const struct verdict *v, const struct trace *t, char *buf, size_t len)
{
    if (v->at_op && v->op_index < t->num_ops) {
        char op[96];
        op_format(&t->ops[v->op_index], op, sizeof op);
        snprintf(buf, len, "%s:%" PRIu32 ": %s: ", t->shown_path, t->ops[v->op_index].line, op);
    } else {
        snprintf(buf, len, "%s: ", t->shown_path);
    }
    size_t used = strlen(buf);
    char *out = buf + used;
    size_t room = len - used;
    const char *entry = v->entry[0] != '\0' ? v->entry : "the allocator";
    switch (v->kind) {
    case VERDICT_OK:
        snprintf(out, room, "ok");
        break;
    case VERDICT_FAILED_CHECK: {
        /* A difference found in the second run says so itself. */
        bool says_when = v->phase == PHASE_CHECKED || v->check == CHECK_METER ||
                         (v->phase == PHASE_RECHECKED && v->check == CHECK_DETERMINISM);
        snprintf(out, room, "%s%s%s%s", v->detail, says_when ? "" : " ",
                 says_when ? "" : during(v->phase), says_when ? "" : second_run_hint(v));
        break;
    }
    case VERDICT_CRASHED:
        if (v->region == REGION_UNKNOWN)
            snprintf(out, room, "the allocator crashed with %s (%s)%s", signal_name(v->signal),
                     strsignal(v->signal), region_text(v->region));
        else if (v->region != REGION_NONE)
            snprintf(out, room, "the allocator crashed with %s (%s) at address 0x%" PRIx64 "%s",
                     signal_name(v->signal), strsignal(v->signal), v->address,
                     region_text(v->region));
        else
            snprintf(out, room, "the allocator was killed by %s (%s)", signal_name(v->signal),
                     strsignal(v->signal));
        append_where(buf, len, v);
        if (v->operands[0] != '\0')
            snprintf(buf + strlen(buf), len - strlen(buf), ", at %s", v->operands);
        if (!v->from_kernel && v->region != REGION_NONE)
            snprintf(buf + strlen(buf), len - strlen(buf), " (as its process reported)");
        snprintf(buf + strlen(buf), len - strlen(buf), ", %s%s", during(v->phase),
                 second_run_hint(v));
        break;
    case VERDICT_EXITED:
        snprintf(out, room, "the allocator ended the process with exit(%d) %s", v->exit_status,
                 during(v->phase));
        break;
    case VERDICT_TIMED_OUT:
        snprintf(out, room, "timed out after %u s %s", v->seconds, during(v->phase));
        append_where(buf, len, v);
        snprintf(buf + strlen(buf), len - strlen(buf),
                 ": is the allocator stuck in a loop? (raise the limit with -s)");
        break;
    case VERDICT_FORBIDDEN_CALL: {
        /* Where the call was made goes in parentheses after the call, and
         * the replay it was made in after that. */
        char where[SOURCE_TEXT + 8] = "";
        if (v->where[0] != '\0')
            snprintf(where, sizeof where, " (%s)", v->where);
        const char *when = during(v->phase);
        if (v->forbidden == FORBIDDEN_SYSCALL && v->call[0] == '\0')
            snprintf(out, room, "%s made a system call%s that an allocator may not use, %s",
                     entry, where, when);
        else if (v->forbidden == FORBIDDEN_SYSCALL)
            snprintf(out, room, "%s made the system call %s%s, which an allocator may not use, %s",
                     entry, v->call, where, when);
        else if (v->forbidden == FORBIDDEN_HEAP_OWNER)
            snprintf(out, room, "%s called %s%s, which only the driver may call (the heap is "
                                "the driver's), %s",
                     entry, v->call, where, when);
        else
            snprintf(out, room, "%s used the C library's heap (malloc, or a function that "
                                "calls it, such as strdup or qsort)%s %s, which an allocator "
                                "may not use: get memory from mem_sbrk only",
                     entry, where, when);
        break;
    }
    case VERDICT_TOO_SLOW:
        snprintf(out, room, "too slow to time within %u s: its throughput scores 0 (every "
                            "check passed)",
                 v->seconds);
        break;
    case VERDICT_NOT_RUN:
        giant_describe(t, out, room);
        break;
    case VERDICT_KINDS:
        snprintf(out, room, "%s", UNKNOWN);
        break;
    }
}

/*
 * verdict.c - names and sentences for verdicts (see verdict.h).
 */
#define _GNU_SOURCE
#include "verdict.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

const char *verdict_kind_name(enum verdict_kind kind)
{
    switch (kind) {
    case VERDICT_OK: return "ok";
    case VERDICT_FAILED_CHECK: return "failed_check";
    case VERDICT_CRASHED: return "crashed";
    case VERDICT_EXITED: return "exited";
    case VERDICT_TIMED_OUT: return "timed_out";
    case VERDICT_FORBIDDEN_CALL: return "forbidden_call";
    case VERDICT_TOO_SLOW: return "too_slow";
    default: return "not_run";
    }
}

const char *check_kind_name(enum check_kind check)
{
    static const char *const names[] = {
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
    return names[check];
}

const char *phase_name(enum phase phase)
{
    switch (phase) {
    case PHASE_CHECKED: return "checked";
    case PHASE_RECHECKED: return "rechecked";
    case PHASE_TIMED: return "timed";
    case PHASE_COUNTED: return "counted";
    default: return "reference";
    }
}

const char *fault_region_name(enum fault_region region)
{
    switch (region) {
    case REGION_NONE: return "none";
    case REGION_NEAR_NULL: return "near_null";
    case REGION_BELOW_HEAP: return "below_heap";
    case REGION_IN_HEAP: return "in_heap";
    case REGION_ABOVE_BREAK: return "above_break";
    case REGION_STACK: return "stack";
    case REGION_UNKNOWN: return "unknown";
    default: return "elsewhere";
    }
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

static const char *during(enum phase phase)
{
    switch (phase) {
    case PHASE_CHECKED: return "during the checked replay";
    case PHASE_RECHECKED: return "during the second checked replay";
    case PHASE_TIMED: return "during a timed replay";
    case PHASE_COUNTED: return "during the replay whose instructions -I counts";
    default: return "during the reference allocator's replay";
    }
}

static const char *region_text(enum fault_region region)
{
    switch (region) {
    case REGION_NEAR_NULL: return ", a NULL pointer dereference";
    case REGION_BELOW_HEAP: return ", below the heap";
    case REGION_IN_HEAP: return ", inside the heap";
    case REGION_ABOVE_BREAK: return ", above the heap's break (past mem_sbrk's last byte)";
    case REGION_STACK: return ", on the stack (a stack overflow: runaway recursion?)";
    case REGION_UNKNOWN:
        return " through a wild pointer (a general-protection fault: the address was not "
               "canonical, so the kernel does not say it; was it read from a broken header "
               "or footer?)";
    case REGION_ELSEWHERE: return ", outside the heap";
    default: return "";
    }
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
    }
}

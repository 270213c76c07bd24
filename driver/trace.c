/*
 * trace.c - the strict trace reader (format in trace.h).
 *
 * Lines are read whole and split into tokens by hand, so that every
 * problem can be named precisely: a token that is not a number, junk after
 * the last field, a value out of range, an unknown op, an id out of range,
 * too many or too few ops. A second look at the ops (which ids are live)
 * refuses frees of blocks that do not exist and allocations over live ones,
 * and yields the peak of live requested bytes used by the utilization
 * score.
 */
#define _GNU_SOURCE
#include "trace.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"

/* The reader's state while it walks one file. */
struct reader {
    const char *path;
    FILE *file;
    char *line;       /* current line, without its newline */
    size_t capacity;  /* getline's buffer size */
    uint32_t lineno;  /* 1-based number of the current line */
    const char *pos;  /* next unread character of line */
    bool broken;      /* an error was reported while reading lines */
};

static void report(const struct reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void report(const struct reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%" PRIu32 ": error: ", r->path, r->lineno);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* Advance to the next line that is neither blank nor a comment. Returns
 * false at end of file. */
static bool next_line(struct reader *r)
{
    for (;;) {
        ssize_t n = getline(&r->line, &r->capacity, r->file);
        if (n < 0)
            return false;
        r->lineno++;
        while (n > 0 && (r->line[n - 1] == '\n' || r->line[n - 1] == '\r'))
            r->line[--n] = '\0';
        if (strlen(r->line) != (size_t)n) {
            report(r, "the line contains a NUL byte (is this a binary file?)");
            r->broken = true;
            return false;
        }
        const char *p = r->line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p != '\0' && *p != '#') {
            r->pos = p;
            return true;
        }
    }
}

static bool is_space(char c) { return c == ' ' || c == '\t'; }

/* Copy the next whitespace-delimited token into buf (truncated for
 * display); returns false when the line has no more tokens. */
static bool next_token(struct reader *r, char *buf, size_t len)
{
    while (is_space(*r->pos))
        r->pos++;
    if (*r->pos == '\0')
        return false;
    size_t i = 0;
    while (*r->pos != '\0' && !is_space(*r->pos)) {
        unsigned char c = (unsigned char)*r->pos++;
        if (i + 1 < len)
            buf[i++] = c >= 0x20 && c < 0x7f ? (char)c : '?'; /* printable in messages */
    }
    buf[i] = '\0';
    return true;
}

/* Parse the next token as a decimal number in [min, max]. A leading '-' is
 * accepted only when min is negative. */
static bool parse_number(struct reader *r, const char *field, int64_t min,
                         uint64_t max, uint64_t *out_magnitude, bool *out_negative)
{
    char token[64];
    if (!next_token(r, token, sizeof token)) {
        report(r, "missing %s", field);
        return false;
    }
    const char *digits = token;
    bool negative = false;
    if (*digits == '-') {
        if (min >= 0) {
            report(r, "%s must not be negative: '%s'", field, token);
            return false;
        }
        negative = true;
        digits++;
    }
    if (*digits < '0' || *digits > '9') {
        report(r, "%s is not a number: '%s'", field, token);
        return false;
    }
    uint64_t value = 0;
    for (const char *d = digits; *d != '\0'; d++) {
        if (*d < '0' || *d > '9') {
            report(r, "%s is not a number: '%s'", field, token);
            return false;
        }
        unsigned digit = (unsigned)(*d - '0');
        if (value > (UINT64_MAX - digit) / 10) {
            report(r, "%s out of range: '%s' does not fit in 64 bits", field, token);
            return false;
        }
        value = value * 10 + digit;
    }
    if (negative ? value > (uint64_t)(-(min + 1)) + 1 : value > max) {
        if (min < 0)
            report(r, "%s out of range: %s (must be %" PRId64 "..%" PRIu64 ")",
                   field, token, min, max);
        else
            report(r, "%s out of range: %s (must be at most %" PRIu64 ")",
                   field, token, max);
        return false;
    }
    *out_magnitude = value;
    *out_negative = negative;
    return true;
}

static bool parse_unsigned(struct reader *r, const char *field, uint64_t max,
                           uint64_t *out)
{
    bool negative;
    return parse_number(r, field, 0, max, out, &negative);
}

static bool expect_end_of_line(struct reader *r, const char *after)
{
    char token[64];
    if (next_token(r, token, sizeof token)) {
        report(r, "unexpected '%s' after %s", token, after);
        return false;
    }
    return true;
}

/* One header line holding exactly one number. */
static bool read_header_value(struct reader *r, const char *field,
                              uint64_t max, uint64_t *out)
{
    if (!next_line(r)) {
        if (r->broken)
            return false;
        r->lineno++;
        report(r, "missing header line: %s (a trace starts with four "
                  "header lines)", field);
        return false;
    }
    return parse_unsigned(r, field, max, out) && expect_end_of_line(r, field);
}

static bool read_header(struct reader *r, struct trace *t)
{
    uint64_t first, ids, ops, fourth;
    if (!read_header_value(r, "header field 1 (weight or suggested heap size)",
                           UINT64_MAX, &first))
        return false;
    t->dialect = first <= WEIGHT_THRU_ONLY ? DIALECT_2016 : DIALECT_CLASSIC;
    if (!read_header_value(r, "num_ids", TRACE_MAX_IDS, &ids) ||
        !read_header_value(r, "num_ops", TRACE_MAX_OPS, &ops))
        return false;
    if (t->dialect == DIALECT_2016) {
        if (!read_header_value(r, "max_live_bytes", UINT64_MAX, &fourth))
            return false;
        t->weight = (enum trace_weight)first;
        t->header_peak = fourth;
    } else {
        /* The classic kit never used its weight field: every trace counts. */
        if (!read_header_value(r, "weight", UINT64_MAX, &fourth))
            return false;
        t->weight = WEIGHT_BOTH;
    }
    t->num_ids = (uint32_t)ids;
    t->num_ops = (uint32_t)ops;
    return true;
}

static bool read_id(struct reader *r, const struct trace *t, bool allow_null,
                    int32_t *out)
{
    uint64_t magnitude;
    bool negative;
    int64_t min = allow_null ? NULL_BLOCK_ID : 0;
    uint64_t max = t->num_ids == 0 ? 0 : t->num_ids - 1;
    if (t->num_ids == 0 && !allow_null) {
        report(r, "no block ids available: the header says num_ids is 0");
        return false;
    }
    if (!parse_number(r, "id", min, max, &magnitude, &negative))
        return false;
    *out = negative ? NULL_BLOCK_ID : (int32_t)magnitude;
    return true;
}

static bool read_op(struct reader *r, const struct trace *t, struct op *op)
{
    char opcode[16];
    next_token(r, opcode, sizeof opcode);
    if (strlen(opcode) != 1 || strchr("arfc", opcode[0]) == NULL) {
        report(r, "unknown op '%s' (expected a, r, f or c)", opcode);
        return false;
    }
    op->kind = (uint8_t)opcode[0];
    op->line = r->lineno;
    op->size = op->nmemb = 0;
    switch (op->kind) {
    case OP_ALLOC:
    case OP_REALLOC:
        return read_id(r, t, false, &op->id) &&
               parse_unsigned(r, "size", UINT64_MAX, &op->size) &&
               expect_end_of_line(r, "size");
    case OP_FREE:
        return read_id(r, t, true, &op->id) && expect_end_of_line(r, "id");
    default:
        return read_id(r, t, false, &op->id) &&
               parse_unsigned(r, "nmemb", UINT64_MAX, &op->nmemb) &&
               parse_unsigned(r, "size", UINT64_MAX, &op->size) &&
               expect_end_of_line(r, "size");
    }
}

bool request_is_unsatisfiable(const struct op *op, uint64_t *bytes)
{
    uint64_t n = op->size;
    if (op->kind == OP_CALLOC && __builtin_mul_overflow(op->nmemb, op->size, &n))
        return true;
    *bytes = n;
    return n > MAX_HEAP;
}

/* The model blocks of the live ids, in both formats of the ceilings. */
struct model_sums {
    uint64_t aligned, textbook;
    uint64_t peak_aligned, peak_textbook;
};

static void model_add(struct model_sums *m, uint64_t size)
{
    m->aligned += model_block_bytes(size, 0);
    m->textbook += model_block_bytes(size, TEXTBOOK_HEADER);
    if (m->aligned > m->peak_aligned)
        m->peak_aligned = m->aligned;
    if (m->textbook > m->peak_textbook)
        m->peak_textbook = m->textbook;
}

static void model_remove(struct model_sums *m, uint64_t size)
{
    m->aligned -= model_block_bytes(size, 0);
    m->textbook -= model_block_bytes(size, TEXTBOOK_HEADER);
}

/* Follow which ids are live to refuse impossible ops and find the peak of
 * live requested bytes: a adds its size, r adds new minus old, f subtracts,
 * c adds nmemb * size; a request that must fail changes nothing. The
 * model blocks of the ceilings (trace.h) follow the same ops. */
static bool check_lifetimes(struct trace *t, const char *path)
{
    struct reader r = {.path = path};
    uint64_t *live_size = calloc(t->num_ids + 1u, sizeof *live_size);
    bool *live = calloc(t->num_ids + 1u, sizeof *live);
    if (live_size == NULL || live == NULL) {
        fprintf(stderr, "%s: error: out of memory for %" PRIu32 " ids\n", path,
                t->num_ids);
        free(live_size);
        free(live);
        return false;
    }
    uint64_t current = 0, peak = 0;
    struct model_sums model = {0};
    bool ok = true;
    char text[96];
    for (uint32_t i = 0; ok && i < t->num_ops; i++) {
        const struct op *op = &t->ops[i];
        r.lineno = op->line;
        uint64_t bytes = 0;
        bool fails = op->kind != OP_FREE && request_is_unsatisfiable(op, &bytes);
        switch (op->kind) {
        case OP_ALLOC:
        case OP_CALLOC:
            if (live[op->id]) {
                op_format(op, text, sizeof text);
                report(&r, "%s: block %" PRId32 " is already allocated", text, op->id);
                ok = false;
                break;
            }
            /* A request that must fail leaves the id dead. */
            live[op->id] = !fails;
            live_size[op->id] = fails ? 0 : bytes;
            current += live_size[op->id];
            if (!fails)
                model_add(&model, bytes);
            break;
        case OP_REALLOC:
            if (fails)
                break;
            if (live[op->id])
                model_remove(&model, live_size[op->id]);
            current -= live_size[op->id];
            live[op->id] = bytes != 0;
            live_size[op->id] = bytes;
            current += bytes;
            if (live[op->id])
                model_add(&model, bytes);
            break;
        default:
            if (op->id == NULL_BLOCK_ID)
                break;
            if (!live[op->id]) {
                op_format(op, text, sizeof text);
                report(&r, "%s: block %" PRId32 " is not allocated", text, op->id);
                ok = false;
                break;
            }
            live[op->id] = false;
            model_remove(&model, live_size[op->id]);
            current -= live_size[op->id];
            live_size[op->id] = 0;
        }
        if (current > peak)
            peak = current;
    }
    free(live_size);
    free(live);
    t->peak_bytes = peak;
    t->peak_aligned_bytes = model.peak_aligned;
    t->peak_textbook_bytes = model.peak_textbook;
    return ok;
}

static bool read_ops(struct reader *r, struct trace *t)
{
    t->ops = calloc(t->num_ops + 1u, sizeof *t->ops);
    if (t->ops == NULL) {
        report(r, "out of memory for %" PRIu32 " ops", t->num_ops);
        return false;
    }
    uint32_t count = 0;
    while (next_line(r)) {
        if (count == t->num_ops) {
            report(r, "too many ops: the header says num_ops is %" PRIu32,
                   t->num_ops);
            return false;
        }
        if (!read_op(r, t, &t->ops[count]))
            return false;
        count++;
    }
    if (r->broken)
        return false;
    if (ferror(r->file)) {
        report(r, "read error: %s", strerror(errno));
        return false;
    }
    if (count < t->num_ops) {
        r->lineno++;
        report(r, "too few ops: the header says num_ops is %" PRIu32
                  " but the file ends after %" PRIu32,
               t->num_ops, count);
        return false;
    }
    return true;
}

struct trace *trace_parse(FILE *file, const char *path)
{
    struct reader r = {.path = path, .file = file};
    struct trace *t = calloc(1, sizeof *t);
    bool ok = t != NULL && (t->path = strdup(path)) != NULL && read_header(&r, t) &&
              read_ops(&r, t) && check_lifetimes(t, path);
    free(r.line);
    if (!ok) {
        trace_free(t);
        return NULL;
    }
    return t;
}

struct trace *trace_read(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "%s: error: cannot open trace: %s\n", path, strerror(errno));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: error: is a directory, not a trace file\n", path);
        return NULL;
    }
    FILE *file = fopen(path, "r");
    if (file == NULL) {
        fprintf(stderr, "%s: error: cannot open trace: %s\n", path, strerror(errno));
        return NULL;
    }
    struct trace *t = trace_parse(file, path);
    fclose(file);
    return t;
}

void trace_free(struct trace *trace)
{
    if (trace == NULL)
        return;
    free(trace->ops);
    free(trace->path);
    free(trace);
}

void op_format(const struct op *op, char *buf, size_t len)
{
    switch (op->kind) {
    case OP_ALLOC:
    case OP_REALLOC:
        snprintf(buf, len, "%c %" PRId32 " %" PRIu64, op->kind, op->id, op->size);
        break;
    case OP_FREE:
        snprintf(buf, len, "f %" PRId32, op->id);
        break;
    default:
        snprintf(buf, len, "c %" PRId32 " %" PRIu64 " %" PRIu64, op->id,
                 op->nmemb, op->size);
    }
}

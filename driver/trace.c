/*
 * trace.c - the strict trace reader (format in trace.h).
 *
 * Bytes are read one at a time into a line of bounded length, so that no
 * input can make the reader hang or guess: only regular files are opened
 * (a FIFO or a device could block or never end), a file or a line past
 * its limit (config.h) is refused, a NUL byte, a carriage return inside a
 * line and a UTF-8 byte-order mark are each named, and CR LF line ends
 * are read as LF.
 *
 * Lines are split into tokens by hand, and each token is used whole, so
 * that a number of any length is read exactly (leading zeros and all) or
 * refused, and every problem is named precisely: a token that is not a
 * number, junk after the last field, a value out of range, an unknown op,
 * an id out of range, too few ops.
 *
 * Two quirks of the files that the older kits shipped are read as their
 * parsers read them, each with one warning naming the first line: an a or
 * r line with no size takes the last size given (an fscanf parser left its
 * variable unchanged), and op lines beyond num_ops are ignored.
 *
 * A second look at the ops (which ids are live) refuses frees of blocks
 * that do not exist and allocations over live ones, and yields the peak of
 * live requested bytes used by the utilization score. A free of a block
 * whose request could never be met names the line of that request; when
 * the request is giant (trace.h), the trace is one of CMU's "giant"
 * traces, which only an emulated sparse memory could run: it is kept, to
 * be reported as not run, and the look stops there.
 *
 * Messages show the trace's path with its bytes outside printable ASCII
 * escaped, so that a file name cannot drive the terminal.
 */
#define _GNU_SOURCE
#include "trace.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

/* Requests this large are giant (trace.h): orders of magnitude beyond
 * what the simulated heap could ever hold. CMU's giant traces ask for
 * 10^13 bytes and more and expect them to succeed. */
static const uint64_t GIANT_REQUEST_BYTES = (uint64_t)GIANT_FACTOR * MAX_HEAP;

/* A token shown in a message is cut to this many bytes of the line. */
enum { SHOWN_TOKEN_BYTES = 40, SHOWN_TOKEN_TEXT = 4 * SHOWN_TOKEN_BYTES + 48 };

/* A whitespace-delimited run of bytes in the current line. */
struct token {
    const char *text;
    size_t length;
};

/* The reader's state while it walks one file. */
struct reader {
    const char *path;    /* as messages show it */
    enum header_reading reading;
    FILE *file;
    char *line;          /* current line, without its line end, NUL-terminated */
    uint32_t lineno;     /* 1-based number of the current line */
    uint64_t bytes_read; /* of the whole file, against TRACE_MAX_FILE_BYTES */
    const char *pos;     /* next unread character of line */
    bool broken;         /* an error was reported while reading lines */
    int64_t max_id;      /* the largest block id an op names, or -1 */
    uint64_t last_size;  /* the size of the last a or r line that gave one */
    uint32_t last_size_line;     /* its line, 0 when there is none yet */
    uint32_t sizeless_line;      /* first a or r line without a size, or 0 */
    uint32_t sizeless_count;     /* how many there are */
    uint64_t sizeless_size;      /* the size the first one was given */
    uint32_t sizeless_size_line; /* the line that size came from */
    uint32_t ignored_line;       /* first op line beyond num_ops, or 0 */
    uint32_t ignored_count;      /* op lines beyond num_ops */
    uint64_t first_value;        /* header field 1, as written */
    uint32_t first_line;         /* its line */
    uint64_t fourth_value;       /* header field 4, as written */
    uint32_t fourth_line;        /* its line */
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

/* Report bytes of the current line that do not belong in a trace, which
 * ends the reading. */
static bool refuse_line(struct reader *r, const char *what, size_t column, const char *advice)
{
    report(r, "%s at byte %zu of the line: %s", what, column, advice);
    r->broken = true;
    return false;
}

static int next_byte(struct reader *r)
{
    int c = getc_unlocked(r->file);
    if (c != EOF)
        r->bytes_read++;
    return c;
}

/* Read the next line into r->line without its LF or CR LF end. Returns
 * false at the end of the file, or after reporting bytes that do not
 * belong in a trace (r->broken). */
static bool read_line(struct reader *r)
{
    int c = next_byte(r);
    if (c == EOF)
        return false;
    r->lineno++;
    size_t length = 0;
    for (; c != '\n' && c != EOF; c = next_byte(r)) {
        if (c == '\r') {
            int after = next_byte(r);
            if (after == '\n' || after == EOF)
                break;
            return refuse_line(r, "a carriage return (CR, byte 0x0d)", length + 1,
                               "a CR may stand only just before the LF that ends a line");
        }
        if (c == '\0')
            return refuse_line(r, "a NUL byte", length + 1, "is this a binary file?");
        if (length == TRACE_MAX_LINE_BYTES) {
            report(r, "the line is longer than %u bytes, the reader's limit "
                      "(TRACE_MAX_LINE_BYTES in config.h)", TRACE_MAX_LINE_BYTES);
            r->broken = true;
            return false;
        }
        r->line[length++] = (char)c;
    }
    if (r->bytes_read > TRACE_MAX_FILE_BYTES) {
        report(r, "the file is longer than %u bytes, the reader's limit "
                  "(TRACE_MAX_FILE_BYTES in config.h)", TRACE_MAX_FILE_BYTES);
        r->broken = true;
        return false;
    }
    r->line[length] = '\0';
    if (r->lineno == 1 && strncmp(r->line, "\xEF\xBB\xBF", 3) == 0) {
        report(r, "the file starts with a UTF-8 byte-order mark (bytes EF BB BF): "
                  "save it as plain ASCII, without one");
        r->broken = true;
        return false;
    }
    return true;
}

static bool is_space(char c) { return c == ' ' || c == '\t'; }

/* Advance to the next line that is neither blank nor a comment. Returns
 * false at end of file or after an error (r->broken). */
static bool next_line(struct reader *r)
{
    while (read_line(r)) {
        const char *p = r->line;
        while (is_space(*p))
            p++;
        if (*p != '\0' && *p != '#') {
            r->pos = p;
            return true;
        }
    }
    return false;
}

/* The next token of the line; false when the line has no more. */
static bool next_token(struct reader *r, struct token *token)
{
    while (is_space(*r->pos))
        r->pos++;
    if (*r->pos == '\0')
        return false;
    token->text = r->pos;
    while (*r->pos != '\0' && !is_space(*r->pos))
        r->pos++;
    token->length = (size_t)(r->pos - token->text);
    return true;
}

static bool at_end_of_line(struct reader *r)
{
    while (is_space(*r->pos))
        r->pos++;
    return *r->pos == '\0';
}

/* The token as a message shows it: bytes outside printable ASCII as \xNN,
 * and a long one cut, with its length. */
static const char *shown(const struct token *token, char buf[SHOWN_TOKEN_TEXT])
{
    size_t out = 0;
    for (size_t i = 0; i < token->length && i < SHOWN_TOKEN_BYTES; i++) {
        unsigned char c = (unsigned char)token->text[i];
        if (c >= 0x20 && c < 0x7f)
            buf[out++] = (char)c;
        else
            out += (size_t)snprintf(buf + out, 5, "\\x%02x", c);
    }
    buf[out] = '\0';
    if (token->length > SHOWN_TOKEN_BYTES)
        snprintf(buf + out, SHOWN_TOKEN_TEXT - out, "...' (%zu characters in all)",
                 token->length);
    else
        snprintf(buf + out, SHOWN_TOKEN_TEXT - out, "'");
    return buf;
}

/* The token as a decimal number in [min, max], read in full. A leading '-'
 * is accepted only when min is negative. */
static bool number_value(struct reader *r, const char *field, const struct token *token,
                         int64_t min, uint64_t max, uint64_t *out_magnitude,
                         bool *out_negative)
{
    char text[SHOWN_TOKEN_TEXT];
    const char *digit = token->text, *end = token->text + token->length;
    bool negative = *digit == '-';
    if (negative && min >= 0) {
        report(r, "%s must not be negative: '%s", field, shown(token, text));
        return false;
    }
    digit += negative;
    if (digit == end) {
        report(r, "%s is not a number: '%s", field, shown(token, text));
        return false;
    }
    uint64_t value = 0;
    for (; digit < end; digit++) {
        if (*digit < '0' || *digit > '9') {
            report(r, "%s is not a number: '%s", field, shown(token, text));
            return false;
        }
        unsigned d = (unsigned)(*digit - '0');
        if (value > (UINT64_MAX - d) / 10) {
            report(r, "%s out of range: '%s does not fit in 64 bits", field,
                   shown(token, text));
            return false;
        }
        value = value * 10 + d;
    }
    if (negative ? value > (uint64_t)(-(min + 1)) + 1 : value > max) {
        if (min < 0)
            report(r, "%s out of range: %s%" PRIu64 " (must be %" PRId64 "..%" PRIu64 ")",
                   field, negative ? "-" : "", value, min, max);
        else
            report(r, "%s out of range: %" PRIu64 " (must be at most %" PRIu64 ")", field,
                   value, max);
        return false;
    }
    *out_magnitude = value;
    *out_negative = negative;
    return true;
}

/* The next token as a number in [min, max]. */
static bool parse_number(struct reader *r, const char *field, int64_t min, uint64_t max,
                         uint64_t *out_magnitude, bool *out_negative)
{
    struct token token;
    if (!next_token(r, &token)) {
        report(r, "missing %s", field);
        return false;
    }
    return number_value(r, field, &token, min, max, out_magnitude, out_negative);
}

static bool parse_unsigned(struct reader *r, const char *field, uint64_t max,
                           uint64_t *out)
{
    bool negative;
    return parse_number(r, field, 0, max, out, &negative);
}

static bool expect_end_of_line(struct reader *r, const char *after)
{
    struct token token;
    char text[SHOWN_TOKEN_TEXT];
    if (next_token(r, &token)) {
        report(r, "unexpected '%s after %s", shown(&token, text), after);
        return false;
    }
    return true;
}

/* One header line holding exactly one number. */
static bool read_header_value(struct reader *r, const char *field,
                              uint64_t max, uint64_t *out)
{
    if (!next_line(r)) {
        if (r->broken || ferror(r->file))
            return false;
        if (r->lineno == 0)
            fprintf(stderr, "%s: error: the file is empty (a trace starts with four header "
                            "lines)\n", r->path);
        else
            report(r, "missing header line: %s: the file ends on this line (a trace starts "
                      "with four header lines)", field);
        return false;
    }
    return parse_unsigned(r, field, max, out) && expect_end_of_line(r, field);
}

/* What a weight scores, in words. */
static const char *weight_meaning(enum trace_weight w)
{
    switch (w) {
    case WEIGHT_NONE: return "checked, not scored";
    case WEIGHT_BOTH: return "utilization and throughput scored";
    case WEIGHT_UTIL_ONLY: return "utilization scored";
    case WEIGHT_THRU_ONLY: return "throughput scored";
    }
    return "unknown";
}

/* The header's dialect: the one reading names, or the kit's guess. */
static enum trace_dialect dialect_of(enum header_reading reading, uint64_t first)
{
    switch (reading) {
    case HEADERS_CLASSIC: return DIALECT_CLASSIC;
    case HEADERS_CMU2010: return DIALECT_CMU2010;
    case HEADERS_CMU2016: return DIALECT_2016;
    case HEADERS_GUESSED:
    case HEADER_READINGS:
        break;
    }
    return first <= WEIGHT_THRU_ONLY ? DIALECT_2016 : DIALECT_CLASSIC;
}

static bool read_header(struct reader *r, struct trace *t)
{
    static const char *const first_field[] = {
        [HEADERS_GUESSED] = "header field 1 (weight or suggested heap size)",
        [HEADERS_CLASSIC] = "suggested heap size",
        [HEADERS_CMU2010] = "weight",
        [HEADERS_CMU2016] = "weight",
    };
    static const char *const fourth_field[] = {
        [DIALECT_CLASSIC] = "weight",
        [DIALECT_CMU2010] = "ignore_ranges",
        [DIALECT_2016] = "max_live_bytes",
    };
    _Static_assert(sizeof first_field / sizeof *first_field == HEADER_READINGS,
                   "every header reading names the first field");
    _Static_assert(sizeof fourth_field / sizeof *fourth_field == DIALECTS,
                   "every dialect names the fourth field");
    assert(r->reading < HEADER_READINGS && "the caller passes one of the enum's readings");
    uint64_t first, ids, ops, fourth;
    if (!read_header_value(r, first_field[r->reading], UINT64_MAX, &first))
        return false;
    r->first_line = r->lineno;
    t->dialect = dialect_of(r->reading, first);
    if (r->reading != HEADERS_GUESSED && t->dialect != DIALECT_CLASSIC &&
        first > WEIGHT_THRU_ONLY) {
        report(r, "weight out of range: %" PRIu64 " (the CMU kits' drivers refused any but 0 "
                  "to 3; a classic CS:APP trace, which starts with a suggested heap size, is "
                  "for the classic kit's build)",
               first);
        return false;
    }
    if (!read_header_value(r, "num_ids", TRACE_MAX_IDS, &ids) ||
        !read_header_value(r, "num_ops", TRACE_MAX_OPS, &ops) ||
        !read_header_value(r, fourth_field[t->dialect], UINT64_MAX, &fourth))
        return false;
    /* The classic kit never used its weight field: every trace counts. */
    t->weight = t->dialect == DIALECT_CLASSIC ? WEIGHT_BOTH : (enum trace_weight)first;
    if (t->dialect == DIALECT_2016)
        t->header_peak = fourth;
    t->num_ids = (uint32_t)ids;
    t->num_ops = (uint32_t)ops;
    r->first_value = first;
    r->fourth_value = fourth;
    r->fourth_line = r->lineno;
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
    /* "-0" is id 0: only "-1" names free(NULL). */
    *out = negative && magnitude != 0 ? NULL_BLOCK_ID : (int32_t)magnitude;
    if (*out > r->max_id)
        r->max_id = *out;
    return true;
}

/* The size of an a or r line: the number given, or, when the line ends
 * after the id, the last size given (as the older kits' fscanf parsers
 * read such lines). */
static bool read_size(struct reader *r, uint64_t *size)
{
    if (!at_end_of_line(r)) {
        if (!parse_unsigned(r, "size", UINT64_MAX, size) || !expect_end_of_line(r, "size"))
            return false;
        r->last_size = *size;
        r->last_size_line = r->lineno;
        return true;
    }
    if (r->last_size_line == 0) {
        report(r, "missing size (and no earlier a or r line gives one to reuse)");
        return false;
    }
    if (r->sizeless_count++ == 0) {
        r->sizeless_line = r->lineno;
        r->sizeless_size = r->last_size;
        r->sizeless_size_line = r->last_size_line;
    }
    *size = r->last_size;
    return true;
}

static bool read_op(struct reader *r, const struct trace *t, struct op *op)
{
    struct token opcode;
    char text[SHOWN_TOKEN_TEXT];
    next_token(r, &opcode);
    if (opcode.length != 1 || strchr("arfc", opcode.text[0]) == NULL) {
        report(r, "unknown op '%s (expected a, r, f or c)", shown(&opcode, text));
        return false;
    }
    op->kind = (uint8_t)opcode.text[0];
    op->line = r->lineno;
    op->size = op->nmemb = 0;
    switch ((enum op_kind)op->kind) {
    case OP_ALLOC:
    case OP_REALLOC:
        return read_id(r, t, false, &op->id) && read_size(r, &op->size);
    case OP_FREE:
        return read_id(r, t, true, &op->id) && expect_end_of_line(r, "id");
    case OP_CALLOC:
        return read_id(r, t, false, &op->id) &&
               parse_unsigned(r, "nmemb", UINT64_MAX, &op->nmemb) &&
               parse_unsigned(r, "size", UINT64_MAX, &op->size) &&
               expect_end_of_line(r, "size");
    }
    return false;
}

bool request_is_unsatisfiable(const struct op *op, uint64_t *bytes)
{
    uint64_t n = op->size;
    if (op->kind == OP_CALLOC && __builtin_mul_overflow(op->nmemb, op->size, &n))
        return true;
    *bytes = n;
    return n > MAX_HEAP;
}

/* True when the op asks for a giant number of bytes (trace.h). */
static bool request_is_giant(const struct op *op)
{
    uint64_t bytes = 0;
    return op->kind != OP_FREE && request_is_unsatisfiable(op, &bytes) &&
           bytes >= GIANT_REQUEST_BYTES;
}

void giant_describe(const struct trace *t, char *buf, size_t len)
{
    const struct giant_request *g = &t->giant;
    static const char emulate[] =
        "; CMU ran its giant traces only in mdriver-emulate, whose sparse memory emulation "
        "lets 64-bit sizes be allocated";
    if (!g->at_op) {
        snprintf(buf, len, "a \"giant\" trace, not run: its header's max_live_bytes (line %"
                           PRIu32 "), %" PRIu64 ", is %d times or more what the simulated heap "
                           "holds (MAX_HEAP = %u bytes)%s",
                 g->line, g->bytes, GIANT_FACTOR, (unsigned)MAX_HEAP, emulate);
        return;
    }
    char evidence[80];
    if (g->freed_line != 0)
        snprintf(evidence, sizeof evidence, "line %" PRIu32 " frees the block", g->freed_line);
    else
        snprintf(evidence, sizeof evidence, "its header's max_live_bytes is %" PRIu64,
                 t->header_peak);
    snprintf(buf, len, "a \"giant\" trace, not run: it expects these %" PRIu64 " bytes to be "
                       "allocated (%s), %d times or more what the simulated heap holds "
                       "(MAX_HEAP = %u bytes)%s",
             g->bytes, evidence, GIANT_FACTOR, (unsigned)MAX_HEAP, emulate);
}

/* Keep t as a giant trace, not to be run, and say so in one line: its
 * giant request is the op at index op (when at_op), freed on freed_line
 * (0: counted live by the header's max_live_bytes). */
static void keep_as_giant(struct reader *r, struct trace *t, bool at_op, uint32_t op,
                          uint32_t freed_line)
{
    struct giant_request *g = &t->giant;
    *g = (struct giant_request){.giant = true, .at_op = at_op, .op_index = op,
                                .freed_line = freed_line, .line = r->fourth_line,
                                .bytes = t->header_peak};
    char text[96] = "", why[512];
    if (at_op) {
        g->line = t->ops[op].line;
        request_is_unsatisfiable(&t->ops[op], &g->bytes);
        op_format(&t->ops[op], text, sizeof text);
        strcat(text, ": ");
    }
    giant_describe(t, why, sizeof why);
    fprintf(stderr, "%s:%" PRIu32 ": warning: %s%s\n", r->path, g->line, text, why);
    /* Nothing of the trace is measured. */
    t->peak_bytes = t->peak_aligned_bytes = t->peak_textbook_bytes = 0;
}

/* A trace in the 2016+ dialect whose max_live_bytes is giant is a giant
 * trace, up front: its first giant request, if any, is named. */
static bool header_says_giant(struct reader *r, struct trace *t)
{
    if (t->dialect != DIALECT_2016 || t->header_peak < GIANT_REQUEST_BYTES)
        return false;
    uint32_t i = 0;
    while (i < t->num_ops && !request_is_giant(&t->ops[i]))
        i++;
    keep_as_giant(r, t, i < t->num_ops, i, 0);
    return true;
}

/* Why a request can never be met, for messages. */
static void describe_unmet(const struct op *op, char *buf, size_t len)
{
    uint64_t bytes;
    if (op->kind == OP_CALLOC && __builtin_mul_overflow(op->nmemb, op->size, &bytes))
        snprintf(buf, len, "nmemb * size overflows 64 bits");
    else
        snprintf(buf, len, "more than MAX_HEAP = %u bytes", (unsigned)MAX_HEAP);
}

/* The lifetime of one block id, as the trace's ops define it. */
struct id_state {
    uint64_t bytes;      /* live requested bytes */
    uint32_t refused_op; /* 1 + index of the request that left the id dead
                            because it could never be met; 0 when none did */
    bool live;
};

/* "f ID" on an id that is not live (not on a giant one's: the caller
 * keeps that trace as giant). */
static bool refuse_free_of_dead(struct reader *r, const struct trace *t, const struct op *op,
                                const struct id_state *state)
{
    char text[96], refused_text[96];
    op_format(op, text, sizeof text);
    if (state->refused_op == 0) {
        report(r, "%s: block %" PRId32 " is not allocated", text, op->id);
        return false;
    }
    const struct op *refused = &t->ops[state->refused_op - 1];
    char because[64];
    op_format(refused, refused_text, sizeof refused_text);
    describe_unmet(refused, because, sizeof because);
    report(r, "%s: block %" PRId32 " is not allocated: its request on line %" PRIu32
              ", %s, can never be met (%s), so it was refused",
           text, op->id, refused->line, refused_text, because);
    return false;
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
static bool check_lifetimes(struct reader *r, struct trace *t)
{
    size_t id_count = (size_t)(r->max_id + 1);
    struct id_state *ids = calloc(id_count + 1, sizeof *ids);
    if (ids == NULL) {
        report(r, "out of memory for %zu ids", id_count);
        return false;
    }
    uint64_t current = 0, peak = 0;
    struct model_sums model = {0};
    bool ok = true;
    char text[96];
    for (uint32_t i = 0; ok && i < t->num_ops; i++) {
        const struct op *op = &t->ops[i];
        r->lineno = op->line;
        uint64_t bytes = 0;
        bool fails = op->kind != OP_FREE && request_is_unsatisfiable(op, &bytes);
        struct id_state *state = op->id == NULL_BLOCK_ID ? NULL : &ids[op->id];
        switch ((enum op_kind)op->kind) {
        case OP_ALLOC:
        case OP_CALLOC:
            if (state->live) {
                op_format(op, text, sizeof text);
                report(r, "%s: block %" PRId32 " is already allocated", text, op->id);
                ok = false;
                break;
            }
            /* A request that must fail leaves the id dead. */
            state->live = !fails;
            state->bytes = fails ? 0 : bytes;
            state->refused_op = fails ? i + 1 : 0;
            current += state->bytes;
            if (!fails)
                model_add(&model, bytes);
            break;
        case OP_REALLOC:
            if (fails) {
                /* The old block, if any, stays as it was. */
                if (!state->live)
                    state->refused_op = i + 1;
                break;
            }
            if (state->live)
                model_remove(&model, state->bytes);
            current -= state->bytes;
            state->live = bytes != 0;
            state->bytes = bytes;
            state->refused_op = 0;
            current += bytes;
            if (state->live)
                model_add(&model, bytes);
            break;
        case OP_FREE:
            if (state == NULL)
                break;
            if (!state->live && state->refused_op != 0 &&
                request_is_giant(&t->ops[state->refused_op - 1])) {
                keep_as_giant(r, t, true, state->refused_op - 1, op->line);
                free(ids);
                return true;
            }
            if (!state->live) {
                ok = refuse_free_of_dead(r, t, op, state);
                break;
            }
            model_remove(&model, state->bytes);
            current -= state->bytes;
            *state = (struct id_state){0};
        }
        if (current > peak)
            peak = current;
    }
    free(ids);
    t->peak_bytes = peak;
    t->peak_aligned_bytes = model.peak_aligned;
    t->peak_textbook_bytes = model.peak_textbook;
    return ok;
}

/* Make room for one more op in t->ops, growing with the ops actually read
 * rather than with what the header declares. */
static bool room_for_op(struct reader *r, struct trace *t, uint32_t count, uint32_t *capacity)
{
    if (count < *capacity)
        return true;
    uint32_t grown = *capacity < 1024 ? 1024 : *capacity * 2;
    if (grown > t->num_ops)
        grown = t->num_ops;
    struct op *ops = realloc(t->ops, (grown + 1u) * sizeof *ops);
    if (ops == NULL) {
        report(r, "out of memory for %" PRIu32 " ops", grown);
        return false;
    }
    t->ops = ops;
    *capacity = grown;
    return true;
}

static bool read_ops(struct reader *r, struct trace *t)
{
    uint32_t count = 0, capacity = 0;
    if (!room_for_op(r, t, 0, &capacity))
        return false;
    while (next_line(r)) {
        if (count == t->num_ops) {
            r->ignored_line = r->lineno;
            for (r->ignored_count = 1; next_line(r); r->ignored_count++)
                continue;
            break;
        }
        if (!room_for_op(r, t, count, &capacity) || !read_op(r, t, &t->ops[count]))
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
        report(r, "too few ops: the file ends on this line, after %" PRIu32 " op%s, but the "
                  "header says num_ops is %" PRIu32,
               count, count == 1 ? "" : "s", t->num_ops);
        return false;
    }
    return true;
}

/* The kit's own reading guessed the dialect by the first value; say what
 * it read when the fourth points the other way (trace.h), unless both
 * readings score the trace alike. */
static void warn_of_doubtful_guess(const struct reader *r, const struct trace *t)
{
    if (r->reading != HEADERS_GUESSED)
        return;
    if (t->dialect == DIALECT_2016 && r->fourth_value <= 1 && t->weight != WEIGHT_BOTH)
        fprintf(stderr, "%s:%" PRIu32 ": warning: first header value %d read as a CMU weight "
                        "(%s); if it is a classic CS:APP suggested heap size, that kit scored "
                        "the trace, as it scored every trace (a driver built for the classic "
                        "kit reads every header as classic)\n",
                r->path, r->first_line, (int)t->weight, weight_meaning(t->weight));
    if (t->dialect == DIALECT_CLASSIC && r->fourth_value > 1)
        fprintf(stderr, "%s:%" PRIu32 ": warning: first header value %" PRIu64 " read as a "
                        "classic CS:APP suggested heap size (the trace is scored), since no "
                        "CMU weight is above 3; the fourth value, %" PRIu64 ", looks like CMU "
                        "2016+'s max_live_bytes, and the CMU kits refused such a trace\n",
                r->path, r->first_line, r->first_value, r->fourth_value);
}

/* One warning for each quirk of the older kits that the file relies on. */
static void warn_of_quirks(const struct reader *r, const struct trace *t)
{
    if (r->sizeless_count > 0)
        fprintf(stderr, "%s:%" PRIu32 ": warning: no size: the last size given, %" PRIu64
                        " (line %" PRIu32 "), is used again, as the older kits' parsers "
                        "did (%" PRIu32 " line%s with no size in all)\n",
                r->path, r->sizeless_line, r->sizeless_size, r->sizeless_size_line,
                r->sizeless_count, r->sizeless_count == 1 ? "" : "s");
    if (r->ignored_count > 0)
        fprintf(stderr, "%s:%" PRIu32 ": warning: the header says num_ops is %" PRIu32
                        ": this line and the rest of the file (%" PRIu32 " op line%s) "
                        "are ignored, as the older kits' parsers did\n",
                r->path, r->ignored_line, t->num_ops, r->ignored_count,
                r->ignored_count == 1 ? "" : "s");
}

/* path as messages show it (malloc'd; NULL when out of memory): bytes
 * outside printable ASCII as \xNN. */
static char *shown_path(const char *path)
{
    char *shown = malloc(4 * strlen(path) + 1);
    if (shown == NULL)
        return NULL;
    char *out = shown;
    for (const unsigned char *c = (const unsigned char *)path; *c != '\0'; c++)
        out += *c >= 0x20 && *c < 0x7f ? sprintf(out, "%c", *c) : sprintf(out, "\\x%02x", *c);
    *out = '\0';
    return shown;
}

struct trace *trace_parse(FILE *file, const char *path, enum header_reading reading)
{
    struct reader r = {.reading = reading, .file = file, .max_id = -1,
                       .line = malloc(TRACE_MAX_LINE_BYTES + 1u)};
    struct trace *t = calloc(1, sizeof *t);
    bool ok = r.line != NULL && t != NULL && (t->path = strdup(path)) != NULL &&
              (t->shown_path = shown_path(path)) != NULL;
    r.path = ok ? t->shown_path : path;
    ok = ok && read_header(&r, t);
    if (ok) {
        ok = read_ops(&r, t);
        warn_of_doubtful_guess(&r, t);
        warn_of_quirks(&r, t);
        ok = ok && (header_says_giant(&r, t) || check_lifetimes(&r, t));
    }
    free(r.line);
    if (!ok) {
        trace_free(t);
        return NULL;
    }
    return t;
}

/* What a file that is not a regular file is, for messages. */
static const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

/* Refuse the file at path, as shown, before reading a line of it. */
static struct trace *refuse_file(const char *path, int fd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static struct trace *refuse_file(const char *path, int fd, const char *fmt, ...)
{
    char *shown = shown_path(path);
    fprintf(stderr, "%s: error: ", shown != NULL ? shown : "?");
    free(shown);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (fd >= 0)
        close(fd);
    return NULL;
}

struct trace *trace_read(const char *path, enum header_reading reading)
{
    /* O_NONBLOCK: opening a FIFO with no writer must not wait for one. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0)
        return refuse_file(path, fd, "cannot open trace: %s", strerror(errno));
    if (!S_ISREG(st.st_mode))
        return refuse_file(path, fd, "is %s, not a trace file (traces are read from regular "
                                     "files only)",
                           file_kind(st.st_mode));
    if ((uint64_t)st.st_size > TRACE_MAX_FILE_BYTES)
        return refuse_file(path, fd, "the file is %jd bytes, more than the reader's limit of "
                                     "%u (TRACE_MAX_FILE_BYTES in config.h)",
                           (intmax_t)st.st_size, TRACE_MAX_FILE_BYTES);
    FILE *file = fdopen(fd, "r");
    if (file == NULL)
        return refuse_file(path, fd, "cannot open trace: %s", strerror(errno));
    struct trace *t = trace_parse(file, path, reading);
    fclose(file);
    return t;
}

void trace_free(struct trace *trace)
{
    if (trace == NULL)
        return;
    free(trace->ops);
    free(trace->path);
    free(trace->shown_path);
    free(trace);
}

void op_format(const struct op *op, char *buf, size_t len)
{
    switch ((enum op_kind)op->kind) {
    case OP_ALLOC:
    case OP_REALLOC:
        snprintf(buf, len, "%c %" PRId32 " %" PRIu64, op->kind, op->id, op->size);
        return;
    case OP_FREE:
        snprintf(buf, len, "f %" PRId32, op->id);
        return;
    case OP_CALLOC:
        snprintf(buf, len, "c %" PRId32 " %" PRIu64 " %" PRIu64, op->id,
                 op->nmemb, op->size);
        return;
    }
    snprintf(buf, len, "? %" PRId32, op->id);
}

/*
 * explorer.c - writing the heap explorer page (see explorer.h).
 *
 * The page is the head of driver/explorer.html, then the data, then its
 * tail (the script). The data is a few <script> elements the browser does
 * not run:
 *
 *   <script type="application/json" id="explorer-meta">  the run: MAX_HEAP,
 *       ALIGNMENT, the heap's first address and per trace its path, op and
 *       id counts, weight and peak bytes
 *   <script type="text/plain" class="trace-ops">  per trace, its ops
 *   <script type="application/json" class="run">  per allocator and trace:
 *       names, ops done, ops answered (those done and the one that failed,
 *       if it gave an answer), heap bytes and utilization ("util", as
 *       -j names it; null but for a valid run), -j's ceilings and bytes
 *       at the peak, verdict; then its answers and growth
 *
 * Ops and answers are streams of unsigned LEB128 numbers, in base64 (a
 * million ops make about ten megabytes of page):
 *
 *   trace ops, per op: kind | (line - previous line - 1) << 2, with kind
 *       0 a, 1 r, 2 f, 3 c; id + 1; then a, r: size; c: nmemb, size
 *   answers, per a, r and c op replayed: 0 for NULL, else the zigzag of
 *       (address - heap start) plus 1
 *   growth, per change of the heap's size: ops since the last change, and
 *       the new size
 */
#include "explorer.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "json.h"
#include "memlib.h"
#include "observe.h"
#include "report.h"

/* Written by the build from driver/explorer.html. */
extern const char explorer_page_head[];
extern const char explorer_page_tail[];

struct explorer {
    FILE *out;
    const char *path;
    struct trace *const *traces;
    int trace_count;
};

/* ---- base64 of a byte stream ----------------------------------------- */

struct base64 {
    FILE *out;
    uint8_t pending[3];
    int pending_count;
};

static const char base64_digits[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64_flush_group(struct base64 *b)
{
    if (b->pending_count == 0)
        return;
    uint8_t *p = b->pending;
    uint32_t group = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
    char text[4] = {base64_digits[group >> 18], base64_digits[(group >> 12) & 63],
                    base64_digits[(group >> 6) & 63], base64_digits[group & 63]};
    if (b->pending_count < 3)
        text[3] = '=';
    if (b->pending_count < 2)
        text[2] = '=';
    fwrite(text, 1, sizeof text, b->out);
    memset(b->pending, 0, sizeof b->pending);
    b->pending_count = 0;
}

static void base64_byte(struct base64 *b, uint8_t byte)
{
    b->pending[b->pending_count++] = byte;
    if (b->pending_count == 3)
        base64_flush_group(b);
}

/* An unsigned LEB128 number: seven bits a byte, low bits first. */
static void base64_number(struct base64 *b, uint64_t n)
{
    while (n >= 0x80) {
        base64_byte(b, (uint8_t)(n & 0x7f) | 0x80);
        n >>= 7;
    }
    base64_byte(b, (uint8_t)n);
}

/* ---- the page ---------------------------------------------------------- */

static int kind_code(enum op_kind kind)
{
    switch (kind) {
    case OP_ALLOC: return 0;
    case OP_REALLOC: return 1;
    case OP_FREE: return 2;
    case OP_CALLOC: return 3;
    }
    return 3;
}

static void write_trace_ops(FILE *out, const struct trace *t)
{
    fputs("<script type=\"text/plain\" class=\"trace-ops\">", out);
    struct base64 b = {out, {0}, 0};
    uint32_t previous_line = 0;
    for (uint32_t i = 0; i < t->num_ops; i++) {
        const struct op *op = &t->ops[i];
        base64_number(&b, (uint64_t)kind_code((enum op_kind)op->kind) |
                              (uint64_t)(op->line - previous_line - 1) << 2);
        previous_line = op->line;
        base64_number(&b, (uint64_t)((int64_t)op->id + 1));
        if (op->kind == OP_CALLOC)
            base64_number(&b, op->nmemb);
        if (op->kind != OP_FREE)
            base64_number(&b, op->size);
    }
    base64_flush_group(&b);
    fputs("</script>\n", out);
}

struct explorer *explorer_open(const char *path, struct trace *const *traces, int count)
{
    FILE *out = fopen(path, "w");
    if (out == NULL) {
        fprintf(stderr, "mdriver: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    struct explorer *e = calloc(1, sizeof *e);
    if (e == NULL) {
        fclose(out);
        fprintf(stderr, "mdriver: out of memory for the explorer page\n");
        return NULL;
    }
    *e = (struct explorer){out, path, traces, count};
    fputs(explorer_page_head, out);
    fputs("<script type=\"application/json\" id=\"explorer-meta\">", out);
    struct json j = json_writer(out);
    json_object(&j);
    json_key(&j, "max_heap");
    json_count(&j, true, MAX_HEAP);
    json_key(&j, "alignment");
    json_count(&j, true, ALIGNMENT);
    json_key(&j, "heap_start");
    json_count(&j, true, MEM_ARENA_ADDRESS);
    json_key(&j, "traces");
    json_array(&j);
    for (int i = 0; i < count; i++) {
        json_object(&j);
        json_key(&j, "path");
        json_string(&j, traces[i]->path);
        json_key(&j, "ops");
        json_integer(&j, traces[i]->num_ops);
        json_key(&j, "ids");
        json_integer(&j, traces[i]->num_ids);
        json_key(&j, "weight");
        json_integer(&j, traces[i]->weight);
        json_key(&j, "peak_bytes");
        json_count(&j, true, traces[i]->peak_bytes);
        json_end(&j);
    }
    json_end(&j);
    json_end(&j);
    fputs("</script>\n", out);
    for (int i = 0; i < count; i++)
        write_trace_ops(out, traces[i]);
    return e;
}

/* The answers of the ops answered: those replayed, and the op a check
 * failed on, if any. */
static void write_answers(FILE *out, const struct trace *t, const struct recording *r,
                          uint32_t ops_answered)
{
    fputs("<script type=\"text/plain\" class=\"run-answers\">", out);
    struct base64 b = {out, {0}, 0};
    for (uint32_t i = 0; r != NULL && i < ops_answered; i++) {
        if (t->ops[i].kind == OP_FREE)
            continue;
        uint64_t answer = r->answers[i];
        if (answer == 0) {
            base64_number(&b, 0);
            continue;
        }
        int64_t offset = (int64_t)(answer - MEM_ARENA_ADDRESS);
        uint64_t zigzag = (uint64_t)offset << 1 ^ (uint64_t)(offset >> 63);
        base64_number(&b, zigzag == UINT64_MAX ? zigzag : zigzag + 1);
    }
    base64_flush_group(&b);
    fputs("</script>\n<script type=\"text/plain\" class=\"run-growth\">", out);
    b = (struct base64){out, {0}, 0};
    uint32_t previous_op = 0;
    for (size_t i = 0; r != NULL && i < r->growth_count; i++) {
        base64_number(&b, r->growth[i].op_index - previous_op);
        base64_number(&b, r->growth[i].heap_bytes);
        previous_op = r->growth[i].op_index;
    }
    base64_flush_group(&b);
    fputs("</script>\n", out);
}

void explorer_add_run(struct explorer *e, int trace_index, const struct allocator *a,
                      const struct check_result *check, const struct verdict *verdict)
{
    if (e == NULL)
        return;
    const struct trace *t = e->traces[trace_index];
    const struct recording *r = check->recording;
    uint32_t ops_done = r != NULL ? r->ops_done : 0;
    /* The op a check failed on has its answer too; one that crashed has
     * none. */
    uint32_t answered = a->uses_heap && r != NULL ? r->ops_answered : 0;
    FILE *out = e->out;
    bool util_known = verdict_is_valid(verdict) && a->uses_heap;
    fputs("<script type=\"application/json\" class=\"run\">", out);
    struct json j = json_writer(out);
    json_object(&j);
    json_key(&j, "allocator");
    json_string(&j, a->name);
    json_key(&j, "trace");
    json_integer(&j, trace_index);
    json_key(&j, "uses_heap");
    json_bool(&j, a->uses_heap);
    json_key(&j, "ops_done");
    json_integer(&j, ops_done);
    json_key(&j, "answered");
    json_integer(&j, answered);
    json_key(&j, "heap_bytes");
    json_count(&j, util_known, check->heap_size);
    json_key(&j, "util");
    json_number(&j, util_known, check->util);
    report_bytes_json(&j, t, check, util_known && check->breakdown.measured);
    json_key(&j, "verdict");
    report_verdict_json(&j, t, verdict);
    char message[MESSAGE_TEXT];
    verdict_describe(verdict, t, message, sizeof message);
    json_key(&j, "message");
    json_string(&j, message);
    json_end(&j);
    fputs("</script>\n", out);
    write_answers(out, t, r, answered);
}

bool explorer_close(struct explorer *e)
{
    if (e == NULL)
        return true;
    fputs(explorer_page_tail, e->out);
    bool ok = !ferror(e->out);
    ok &= fclose(e->out) == 0;
    if (!ok)
        fprintf(stderr, "mdriver: %s: could not write the explorer page\n", e->path);
    free(e);
    return ok;
}

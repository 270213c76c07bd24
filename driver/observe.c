/*
 * observe.c - the timeline and heap map files (see observe.h).
 *
 * Timeline CSV columns: allocator, trace, op (0-based), line, heap_bytes,
 * live_bytes, verdict (empty but on a failed run's last row, which has
 * only the failing op and line, if any, and the verdict). Heap map JSON:
 * {"allocator", "trace", "op", "line", "heap_bytes", "live_bytes",
 * "blocks": [[offset, size, id], ...]}, with offsets from the heap's first
 * byte, in address order; a failed run's verdict is a line {"allocator",
 * "trace", "op", "line", "verdict", "message"} (op and line null when the
 * failure was at no op).
 *
 * The recording holds one 64-bit answer per op of the trace, allocated
 * when the run starts, and grows its list of heap growths by doubling.
 */
#define _GNU_SOURCE
#include "observe.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "die.h"
#include "report.h"

struct observer {
    const struct trace *trace;
    const char *allocator;
    FILE *timeline;
    FILE *heap_map;
    uint32_t map_line;
    bool map_taken;
    struct recording *recording; /* -E, or NULL */
};

static FILE *open_for_append(const char *path)
{
    if (path == NULL)
        return NULL;
    FILE *f = fopen(path, "a");
    if (f == NULL)
        perror(path);
    return f;
}

struct observer *observer_open(const struct observation *what, const char *allocator,
                               const struct trace *trace)
{
    if (what == NULL ||
        (what->timeline_path == NULL && what->heap_map_path == NULL && !what->record))
        return NULL;
    struct observer *o = calloc(1, sizeof *o);
    if (o == NULL)
        return NULL;
    if (what->record) {
        o->recording = calloc(1, sizeof *o->recording);
        if (o->recording != NULL)
            o->recording->answers = calloc(trace->num_ops + 1u, sizeof *o->recording->answers);
        if (o->recording == NULL || o->recording->answers == NULL)
            die("out of memory for the explorer's recording of %s", trace->shown_path);
    }
    o->trace = trace;
    o->allocator = allocator;
    o->timeline = open_for_append(what->timeline_path);
    o->heap_map = open_for_append(what->heap_map_path);
    o->map_line = what->map_line;
    if (o->timeline != NULL && ftell(o->timeline) == 0)
        fprintf(o->timeline, "allocator,trace,op,line,heap_bytes,live_bytes,verdict\n");
    return o;
}

/* Note the heap's size after op op_index, if it changed. */
static void record_heap(struct recording *r, uint32_t op_index, uint64_t heap_bytes)
{
    if (heap_bytes == r->last_heap_bytes)
        return;
    if (r->growth_count == r->growth_capacity) {
        size_t capacity = r->growth_capacity ? 2 * r->growth_capacity : 64;
        struct heap_growth *more = realloc(r->growth, capacity * sizeof *more);
        if (more == NULL)
            die("out of memory for the explorer's recording");
        r->growth = more;
        r->growth_capacity = capacity;
    }
    r->growth[r->growth_count++] = (struct heap_growth){op_index, heap_bytes};
    r->last_heap_bytes = heap_bytes;
}

void observer_answer(struct observer *o, uint32_t op_index, uintptr_t answer,
                     uint64_t heap_bytes)
{
    if (o == NULL || o->recording == NULL)
        return;
    o->recording->answers[op_index] = answer;
    o->recording->ops_answered = op_index + 1;
    record_heap(o->recording, op_index, heap_bytes);
}

void observer_after_op(struct observer *o, uint32_t op_index, uint64_t heap_bytes,
                       uint64_t live_bytes)
{
    if (o == NULL)
        return;
    if (o->recording != NULL) {
        o->recording->ops_done = op_index + 1;
        record_heap(o->recording, op_index, heap_bytes);
    }
    if (o->timeline == NULL)
        return;
    fprintf(o->timeline, "%s,%s,%" PRIu32 ",%" PRIu32 ",%" PRIu64 ",%" PRIu64 ",\n",
            o->allocator, o->trace->path, op_index, o->trace->ops[op_index].line,
            heap_bytes, live_bytes);
}

bool observer_wants_map(const struct observer *o, uint32_t op_index, uint64_t live_bytes)
{
    if (o == NULL || o->heap_map == NULL || o->map_taken)
        return false;
    if (o->map_line == 0)
        return live_bytes == o->trace->peak_bytes;
    return o->trace->ops[op_index].line >= o->map_line;
}

static int by_address(const void *a, const void *b)
{
    const struct live_span *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

void observer_write_map(struct observer *o, uint32_t op_index, uintptr_t heap_lo,
                        uint64_t heap_bytes, struct live_span *spans, size_t count)
{
    if (o == NULL || o->heap_map == NULL)
        return;
    qsort(spans, count, sizeof *spans, by_address);
    uint64_t live = 0;
    for (size_t i = 0; i < count; i++)
        live += spans[i].size;
    fprintf(o->heap_map,
            "{\"allocator\": \"%s\", \"trace\": \"%s\", \"op\": %" PRIu32 ", \"line\": %" PRIu32
            ", \"heap_bytes\": %" PRIu64 ", \"live_bytes\": %" PRIu64 ", \"blocks\": [",
            o->allocator, o->trace->path, op_index, o->trace->ops[op_index].line, heap_bytes,
            live);
    for (size_t i = 0; i < count; i++)
        fprintf(o->heap_map, "%s[%" PRIuPTR ", %" PRIu64 ", %" PRId32 "]", i ? ", " : "",
                spans[i].start - heap_lo, spans[i].size, spans[i].id);
    fprintf(o->heap_map, "]}\n");
    o->map_taken = true;
}

/* {"verdict": {...}, "message": "..."}, as one line of text (malloc'd). */
static char *verdict_text(const struct trace *t, const struct verdict *v)
{
    char *text = NULL;
    size_t length = 0;
    FILE *f = open_memstream(&text, &length);
    if (f == NULL)
        return NULL;
    char message[MESSAGE_TEXT];
    verdict_describe(v, t, message, sizeof message);
    fputs("{\"verdict\": ", f);
    report_verdict_json(f, t, v);
    fputs(", \"message\": ", f);
    report_json_string(f, message);
    fputc('}', f);
    fclose(f);
    return text;
}

void observe_verdict(const struct observation *what, const char *allocator,
                     const struct trace *t, const struct verdict *v)
{
    if (what->timeline_path == NULL && what->heap_map_path == NULL)
        return;
    char *text = verdict_text(t, v);
    if (text == NULL)
        return;
    char op[16] = "", line[16] = "";
    bool at_op = v->at_op && v->op_index < t->num_ops;
    if (at_op) {
        snprintf(op, sizeof op, "%" PRIu32, v->op_index);
        snprintf(line, sizeof line, "%" PRIu32, t->ops[v->op_index].line);
    }
    FILE *timeline = open_for_append(what->timeline_path);
    if (timeline != NULL) {
        /* A CSV field: quoted, its quotes doubled. */
        fprintf(timeline, "%s,%s,%s,%s,,,\"", allocator, t->path, op, line);
        for (const char *c = text; *c != '\0'; c++) {
            if (*c == '"')
                fputc('"', timeline);
            fputc(*c, timeline);
        }
        fputs("\"\n", timeline);
        fclose(timeline);
    }
    FILE *heap_map = open_for_append(what->heap_map_path);
    if (heap_map != NULL) {
        fprintf(heap_map, "{\"allocator\": \"%s\", \"trace\": \"%s\", \"op\": %s, \"line\": %s, %s\n",
                allocator, t->path, at_op ? op : "null", at_op ? line : "null", text + 1);
        fclose(heap_map);
    }
    free(text);
}

struct recording *observer_close(struct observer *o)
{
    if (o == NULL)
        return NULL;
    if (o->timeline != NULL)
        fclose(o->timeline);
    if (o->heap_map != NULL)
        fclose(o->heap_map);
    struct recording *r = o->recording;
    free(o);
    return r;
}

void recording_free(struct recording *r)
{
    if (r == NULL)
        return;
    free(r->answers);
    free(r->growth);
    free(r);
}

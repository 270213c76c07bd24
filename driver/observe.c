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
 * failure was at no op). Every field and string is written by the one
 * CSV and JSON writers (csv.h, json.h), quoted as its format wants: a
 * trace's path is the user's text.
 *
 * The recording holds one 64-bit answer per op of the trace, allocated
 * when the run starts, and grows its list of heap growths by doubling.
 */
#define _GNU_SOURCE
#include "observe.h"

#include <stdio.h>
#include <stdlib.h>

#include "csv.h"
#include "die.h"
#include "json.h"
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
    if (o->timeline != NULL && ftell(o->timeline) == 0) {
        static const char *const columns[] = {"allocator",  "trace",      "op",     "line",
                                              "heap_bytes", "live_bytes", "verdict"};
        struct csv_row header = csv_row(o->timeline);
        for (size_t i = 0; i < sizeof columns / sizeof *columns; i++)
            csv_text(&header, columns[i]);
        csv_end(&header);
    }
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
    struct csv_row row = csv_row(o->timeline);
    csv_text(&row, o->allocator);
    csv_text(&row, o->trace->path);
    csv_count(&row, op_index);
    csv_count(&row, o->trace->ops[op_index].line);
    csv_count(&row, heap_bytes);
    csv_count(&row, live_bytes);
    csv_text(&row, "");
    csv_end(&row);
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
    struct json j = json_writer(o->heap_map);
    json_object(&j);
    json_key(&j, "allocator");
    json_string(&j, o->allocator);
    json_key(&j, "trace");
    json_string(&j, o->trace->path);
    json_key(&j, "op");
    json_integer(&j, op_index);
    json_key(&j, "line");
    json_integer(&j, o->trace->ops[op_index].line);
    json_key(&j, "heap_bytes");
    json_count(&j, true, heap_bytes);
    json_key(&j, "live_bytes");
    json_count(&j, true, live);
    json_key(&j, "blocks");
    json_array(&j);
    for (size_t i = 0; i < count; i++) {
        json_array(&j);
        json_count(&j, true, spans[i].start - heap_lo);
        json_count(&j, true, spans[i].size);
        json_integer(&j, spans[i].id);
        json_end(&j);
    }
    json_end(&j);
    json_end(&j);
    fputc('\n', o->heap_map);
    o->map_taken = true;
}

/* The members "verdict" (the -j verdict object) and "message" (the
 * sentence) of the object being written. */
static void verdict_members(struct json *j, const struct trace *t, const struct verdict *v)
{
    char message[MESSAGE_TEXT];
    verdict_describe(v, t, message, sizeof message);
    json_key(j, "verdict");
    report_verdict_json(j, t, v);
    json_key(j, "message");
    json_string(j, message);
}

/* Whether the run failed at an op of the trace (not before or after all). */
static bool failed_at_op(const struct trace *t, const struct verdict *v)
{
    return v->at_op && v->op_index < t->num_ops;
}

/* The op and line a failed run failed at, or null for both. */
static void failure_place_members(struct json *j, const struct trace *t, const struct verdict *v)
{
    bool at_op = failed_at_op(t, v);
    json_key(j, "op");
    json_count(j, at_op, v->op_index);
    json_key(j, "line");
    json_count(j, at_op, at_op ? t->ops[v->op_index].line : 0);
}

/* The timeline's last row of a failed run: the op and line it failed at
 * (empty when none), and its verdict as {"verdict": ..., "message": ...}. */
static void timeline_verdict(FILE *timeline, const char *allocator, const struct trace *t,
                             const struct verdict *v)
{
    char *text = NULL;
    size_t length = 0;
    FILE *f = open_memstream(&text, &length);
    if (f == NULL)
        return;
    struct json j = json_writer(f);
    json_object(&j);
    verdict_members(&j, t, v);
    json_end(&j);
    fclose(f);
    struct csv_row row = csv_row(timeline);
    csv_text(&row, allocator);
    csv_text(&row, t->path);
    if (failed_at_op(t, v)) {
        csv_count(&row, v->op_index);
        csv_count(&row, t->ops[v->op_index].line);
    } else {
        csv_text(&row, "");
        csv_text(&row, "");
    }
    csv_text(&row, "");
    csv_text(&row, "");
    csv_text(&row, text);
    csv_end(&row);
    free(text);
}

void observe_verdict(const struct observation *what, const char *allocator,
                     const struct trace *t, const struct verdict *v)
{
    FILE *timeline = open_for_append(what->timeline_path);
    if (timeline != NULL) {
        timeline_verdict(timeline, allocator, t, v);
        fclose(timeline);
    }
    FILE *heap_map = open_for_append(what->heap_map_path);
    if (heap_map != NULL) {
        struct json j = json_writer(heap_map);
        json_object(&j);
        json_key(&j, "allocator");
        json_string(&j, allocator);
        json_key(&j, "trace");
        json_string(&j, t->path);
        failure_place_members(&j, t, v);
        verdict_members(&j, t, v);
        json_end(&j);
        fputc('\n', heap_map);
        fclose(heap_map);
    }
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

/*
 * observe.c - the timeline and heap map files (see observe.h).
 *
 * Timeline CSV columns: allocator, trace, op (0-based), line, heap_bytes,
 * live_bytes. Heap map JSON: {"allocator", "trace", "op", "line",
 * "heap_bytes", "live_bytes", "blocks": [[offset, size, id], ...]}, with
 * offsets from the heap's first byte, in address order.
 */
#include "observe.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

struct observer {
    const struct trace *trace;
    const char *allocator;
    FILE *timeline;
    FILE *heap_map;
    uint32_t map_line;
    bool map_taken;
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
    if (what == NULL || (what->timeline_path == NULL && what->heap_map_path == NULL))
        return NULL;
    struct observer *o = calloc(1, sizeof *o);
    if (o == NULL)
        return NULL;
    o->trace = trace;
    o->allocator = allocator;
    o->timeline = open_for_append(what->timeline_path);
    o->heap_map = open_for_append(what->heap_map_path);
    o->map_line = what->map_line;
    if (o->timeline != NULL && ftell(o->timeline) == 0)
        fprintf(o->timeline, "allocator,trace,op,line,heap_bytes,live_bytes\n");
    return o;
}

void observer_after_op(struct observer *o, uint32_t op_index, uint64_t heap_bytes,
                       uint64_t live_bytes)
{
    if (o == NULL || o->timeline == NULL)
        return;
    fprintf(o->timeline, "%s,%s,%" PRIu32 ",%" PRIu32 ",%" PRIu64 ",%" PRIu64 "\n",
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

void observer_close(struct observer *o)
{
    if (o == NULL)
        return;
    if (o->timeline != NULL)
        fclose(o->timeline);
    if (o->heap_map != NULL)
        fclose(o->heap_map);
    free(o);
}

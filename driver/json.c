/*
 * json.c - the JSON writer (see json.h).
 */
#include "json.h"

#include <assert.h>
#include <inttypes.h>
#include <math.h>

/* What comes before an item: the separator from the one before it, if
 * any, and the line json_line asked for. A value after its key has
 * nothing before it. */
static void begin_item(struct json *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    bool follows = j->depth > 0 && j->has_items[j->depth - 1];
    if (follows)
        fputc(',', j->out);
    if (j->line_indent != NULL) {
        fprintf(j->out, "\n%s", j->line_indent);
        j->line_indent = NULL;
    } else if (follows) {
        fputc(' ', j->out);
    }
    if (j->depth > 0)
        j->has_items[j->depth - 1] = true;
}

static void open_level(struct json *j, char opener, char closer)
{
    begin_item(j);
    assert(j->depth < JSON_DEPTH && "the driver's documents nest less deep than JSON_DEPTH");
    fputc(opener, j->out);
    j->closer[j->depth] = closer;
    j->has_items[j->depth] = false;
    j->depth++;
}

void json_object(struct json *j) { open_level(j, '{', '}'); }

void json_array(struct json *j) { open_level(j, '[', ']'); }

void json_end(struct json *j)
{
    assert(j->depth > 0 && !j->after_key && "json_end closes an open level with no key left");
    j->depth--;
    fputc(j->closer[j->depth], j->out);
}

/* text in quotes, escaped. */
static void quoted(FILE *out, const char *text)
{
    fputc('"', out);
    for (const char *s = text; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20 || c == '<' || c == '>' || c == '&')
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

void json_key(struct json *j, const char *key)
{
    assert(j->depth > 0 && j->closer[j->depth - 1] == '}' && !j->after_key &&
           "a key is an object's, and comes before a value");
    begin_item(j);
    quoted(j->out, key);
    fputs(": ", j->out);
    j->after_key = true;
}

void json_string(struct json *j, const char *text)
{
    begin_item(j);
    quoted(j->out, text);
}

void json_string_or_null(struct json *j, const char *text)
{
    if (text != NULL)
        json_string(j, text);
    else
        json_null(j);
}

void json_number(struct json *j, bool known, double value)
{
    begin_item(j);
    if (known && isfinite(value))
        fprintf(j->out, "%.6g", value);
    else
        fputs("null", j->out);
}

void json_count(struct json *j, bool known, uint64_t value)
{
    begin_item(j);
    if (known)
        fprintf(j->out, "%" PRIu64, value);
    else
        fputs("null", j->out);
}

void json_integer(struct json *j, int64_t value)
{
    begin_item(j);
    fprintf(j->out, "%" PRId64, value);
}

void json_bool(struct json *j, bool value)
{
    begin_item(j);
    fputs(value ? "true" : "false", j->out);
}

void json_null(struct json *j)
{
    begin_item(j);
    fputs("null", j->out);
}

void json_line(struct json *j, const char *indent) { j->line_indent = indent; }

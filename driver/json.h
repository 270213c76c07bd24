/*
 * json.h - the one JSON writer of every file the driver writes: -j, the
 * heap map of -H, the verdicts of -T and the data of the explorer page.
 *
 * The writer puts the punctuation in: a value or a key after another
 * item of the same object or array is preceded by ", ", a key is followed
 * by ": ", so that callers say only what the document holds. Every string
 * is escaped, keys too, and <, > and & as well, so that the same text is
 * safe inside an HTML <script> element (the explorer page). JSON has no
 * NaN and no infinity: an unknown number is null.
 *
 * Layout is the caller's choice in one call, json_line: the next item
 * starts a line of its own. Nothing else is ever written between items.
 */
#ifndef JSON_H
#define JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Objects and arrays nest at most this deep in what the driver writes. */
enum { JSON_DEPTH = 8 };

struct json {
    FILE *out;
    int depth;                 /* objects and arrays open */
    char closer[JSON_DEPTH];   /* per level: '}' or ']' */
    bool has_items[JSON_DEPTH]; /* per level: an item is written */
    bool after_key;            /* a key is written; its value comes next */
    const char *line_indent;   /* json_line's indent for the next item, or NULL */
};

/* A writer of one JSON value to out (more after it, to start a document
 * of JSON lines, with another writer). */
static inline struct json json_writer(FILE *out) { return (struct json){.out = out}; }

void json_object(struct json *j);
void json_array(struct json *j);
/* Close the innermost object or array. */
void json_end(struct json *j);

/* The key of the next value, in an object. */
void json_key(struct json *j, const char *key);

void json_string(struct json *j, const char *text);
/* text, or null when text is NULL. */
void json_string_or_null(struct json *j, const char *text);
/* value with 6 significant digits, or null when not known or not finite. */
void json_number(struct json *j, bool known, double value);
/* value exactly, at any size, or null when not known. */
void json_count(struct json *j, bool known, uint64_t value);
void json_integer(struct json *j, int64_t value);
void json_bool(struct json *j, bool value);
void json_null(struct json *j);

/* The next item (key or value) starts a new line, after indent. */
void json_line(struct json *j, const char *indent);

#endif /* JSON_H */

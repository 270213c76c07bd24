/*
 * csv.h - the one CSV writer (the timeline of -T).
 *
 * Fields are separated by commas and rows end with a line feed; a field
 * that holds a comma, a double quote or a line break is quoted, its
 * double quotes doubled (RFC 4180), so that any text, a trace's path or a
 * verdict's JSON, stays one field. Other fields are written as they are.
 */
#ifndef CSV_H
#define CSV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct csv_row {
    FILE *out;
    bool has_fields; /* a field is written: the next one needs a comma */
};

static inline struct csv_row csv_row(FILE *out) { return (struct csv_row){.out = out}; }

void csv_text(struct csv_row *row, const char *text);
void csv_count(struct csv_row *row, uint64_t value);
/* End the row. */
void csv_end(struct csv_row *row);

#endif /* CSV_H */

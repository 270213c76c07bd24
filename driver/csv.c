/*
 * csv.c - the CSV writer (see csv.h).
 */
#include "csv.h"

#include <inttypes.h>
#include <string.h>

static void separate(struct csv_row *row)
{
    if (row->has_fields)
        fputc(',', row->out);
    row->has_fields = true;
}

void csv_text(struct csv_row *row, const char *text)
{
    separate(row);
    if (strpbrk(text, ",\"\r\n") == NULL) {
        fputs(text, row->out);
        return;
    }
    fputc('"', row->out);
    for (const char *c = text; *c != '\0'; c++) {
        if (*c == '"')
            fputc('"', row->out);
        fputc(*c, row->out);
    }
    fputc('"', row->out);
}

void csv_count(struct csv_row *row, uint64_t value)
{
    separate(row);
    fprintf(row->out, "%" PRIu64, value);
}

void csv_end(struct csv_row *row)
{
    fputc('\n', row->out);
    *row = csv_row(row->out);
}

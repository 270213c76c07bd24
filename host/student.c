/*
 * student.c - "mm", the student's mm.c, as its own host program serves it
 * (see served.h).
 *
 * mm.c may leave out mm_calloc, mm_checkheap and the team record: they are
 * declared weak here, so the link succeeds without them and their address
 * is NULL; the host then serves the kit's calloc (on top of mm_malloc) and
 * a checkheap that reports nothing.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>

#include "served.h"

#pragma weak mm_calloc
#pragma weak mm_checkheap
#pragma weak team

static void *fallback_calloc(size_t nmemb, size_t size)
{
    size_t bytes;
    if (__builtin_mul_overflow(nmemb, size, &bytes))
        return NULL;
    void *p = mm_malloc(bytes);
    if (p != NULL)
        memset(p, 0, bytes);
    return p;
}

static int fallback_checkheap(int verbose)
{
    (void)verbose;
    return 1;
}

const struct served_allocator *student_served(void)
{
    static struct served_allocator table[2];
    table[0] = (struct served_allocator){
        .name = "mm",
        .fn = {mm_init, mm_malloc, mm_free, mm_realloc,
               mm_calloc != NULL ? mm_calloc : fallback_calloc,
               mm_checkheap != NULL ? mm_checkheap : fallback_checkheap},
    };
    return table;
}

/* The field at text, which mm.c wrote and may point anywhere: a bad
 * pointer ends this process, which is then the driver's whole account of
 * the team record. */
static void copy_field(char *out, const char *text)
{
    out[0] = '\0';
    if (text != NULL)
        strncat(out, text, TEAM_FIELD_BYTES - 1);
}

void student_team(char fields[TEAM_FIELDS][TEAM_FIELD_BYTES])
{
    const team_t *t = &team;
    memset(fields, 0, TEAM_FIELDS * TEAM_FIELD_BYTES);
    if (t == NULL)
        return;
    const char *texts[TEAM_FIELDS] = {t->teamname, t->name1, t->id1, t->name2, t->id2};
    for (int i = 0; i < TEAM_FIELDS; i++)
        copy_field(fields[i], texts[i]);
}

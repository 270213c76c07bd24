/*
 * compat/classic32/mm.h - the interface as the CS:APP kit (2001) declared
 * it, for mm.c files written against it (make API=classic32).
 *
 * Four functions and the team record; no calloc, no heap checker (a file
 * that defines mm_checkheap anyway gives it any of the usual types). The
 * build renames mm_init to style_mm_init and gives its return type as
 * STYLE_INIT_TYPE; compat/shim.c adapts it to the kit's.
 */
#ifndef MM_H
#define MM_H

#include <stdio.h>

STYLE_INIT_TYPE mm_init(void);
void *mm_malloc(size_t size);
void mm_free(void *ptr);
void *mm_realloc(void *ptr, size_t size);

/* Who wrote this allocator; the driver prints it. */
typedef struct {
    char *teamname; /* team or login name */
    char *name1;    /* first member's full name */
    char *id1;      /* first member's login or email */
    char *name2;    /* second member's full name, or "" */
    char *id2;      /* second member's login or email, or "" */
} team_t;

extern team_t team;

#endif /* MM_H */

/*
 * compat/cmu13/mm.h - the interface as CMU's 2010-2015 kits declared it,
 * for mm.c files written against it (make API=cmu13).
 *
 * Those files define malloc, free, realloc and calloc, renamed to mm_* by
 * their own "#ifdef DRIVER" block, and a mm_checkheap that returns nothing
 * (in the 2014 kit's mm.h, an int). The build renames mm_init and
 * mm_checkheap to style_mm_init and style_mm_checkheap and gives their
 * return types as STYLE_INIT_TYPE and STYLE_CHECKHEAP_TYPE, read from the
 * file; compat/shim.c gives the driver the kit's versions. The team record
 * is here for files written for this kit's own mm.h.
 */
#ifndef MM_H
#define MM_H

#include <stdio.h>

STYLE_INIT_TYPE mm_init(void);
void *mm_malloc(size_t size);
void mm_free(void *ptr);
void *mm_realloc(void *ptr, size_t size);
void *mm_calloc(size_t nmemb, size_t size);
STYLE_CHECKHEAP_TYPE mm_checkheap(int lineno);

typedef struct {
    char *teamname;
    char *name1;
    char *id1;
    char *name2;
    char *id2;
} team_t;

extern team_t team;

#endif /* MM_H */

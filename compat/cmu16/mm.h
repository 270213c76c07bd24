/*
 * compat/cmu16/mm.h - the interface as CMU's 2016+ kits declare it, for
 * mm.c files written against it (make API=cmu16).
 *
 * Those files define malloc, free, realloc and calloc, renamed to mm_* by
 * their own "#ifdef DRIVER" block (which also maps memcpy and memset to
 * memlib's mem_memcpy and mem_memset), and return bool from mm_init and
 * mm_checkheap. The build renames those two to style_mm_init and
 * style_mm_checkheap and gives their return types as STYLE_INIT_TYPE and
 * STYLE_CHECKHEAP_TYPE (bool, or int for a file written for this kit's own
 * mm.h); compat/shim.c gives the driver the kit's versions. The team
 * record is here for files written for this kit's own mm.h.
 */
#ifndef MM_H
#define MM_H

#include <stdbool.h>
#include <stddef.h>

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

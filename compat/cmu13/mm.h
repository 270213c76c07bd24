/*
 * compat/cmu13/mm.h - the interface as CMU's 2010-2015 kits declared it,
 * for mm.c files written against it (make API=cmu13).
 *
 * Those files define malloc, free, realloc and calloc, renamed to mm_* by
 * their own "#ifdef DRIVER" block, and a mm_checkheap that returns nothing
 * (or, in some, an int). The build renames mm_init and mm_checkheap to
 * style_mm_init and style_mm_checkheap; compat/cmu13/shim.c gives the
 * driver the kit's versions.
 */
#ifndef MM_H
#define MM_H

#include <stdio.h>

int mm_init(void);
void *mm_malloc(size_t size);
void mm_free(void *ptr);
void *mm_realloc(void *ptr, size_t size);
void *mm_calloc(size_t nmemb, size_t size);

#endif /* MM_H */

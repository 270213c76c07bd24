/*
 * compat/cmu16/mm.h - the interface as CMU's 2016+ kits declare it, for
 * mm.c files written against it (make API=cmu16).
 *
 * Those files define malloc, free, realloc and calloc, renamed to mm_* by
 * their own "#ifdef DRIVER" block (which also maps memcpy and memset to
 * memlib's mem_memcpy and mem_memset), and return bool from mm_init and
 * mm_checkheap. The build renames those two to style_mm_init and
 * style_mm_checkheap; compat/cmu16/shim.c gives the driver the kit's
 * versions.
 */
#ifndef MM_H
#define MM_H

#include <stdbool.h>
#include <stddef.h>

bool mm_init(void);
void *mm_malloc(size_t size);
void mm_free(void *ptr);
void *mm_realloc(void *ptr, size_t size);
void *mm_calloc(size_t nmemb, size_t size);
bool mm_checkheap(int lineno);

#endif /* MM_H */

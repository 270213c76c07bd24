/*
 * mm_functions.h - an allocator as a program calls it: the six entry
 * points of mm.h.
 *
 * A host program finds the allocator it serves as one of these
 * (host/served.h), the replay loop calls through it (shared/replay.h), and
 * so does -X's in-process program, which links every allocator.
 */
#ifndef MM_FUNCTIONS_H
#define MM_FUNCTIONS_H

#include <stddef.h>

struct mm_functions {
    int (*init)(void);
    void *(*malloc)(size_t size);
    void (*free)(void *ptr);
    void *(*realloc)(void *ptr, size_t size);
    void *(*calloc)(size_t nmemb, size_t size);
    int (*checkheap)(int verbose);
};

#endif /* MM_FUNCTIONS_H */

/*
 * mm.h - the interface every allocator in this kit implements.
 *
 * Semantics follow the C library:
 *   mm_init      prepare an empty heap; 0 on success, -1 on failure.
 *   mm_malloc    a payload of at least size bytes, aligned to ALIGNMENT,
 *                inside the heap; NULL when it cannot be satisfied (a
 *                request too large to ever fit must give NULL, never wrap
 *                around). malloc(0) may give NULL or a unique pointer.
 *   mm_free      release a payload; free(NULL) does nothing.
 *   mm_realloc   resize keeping the first min(old, new) bytes; realloc(NULL,
 *                n) is malloc(n); realloc(p, 0) frees p and returns NULL; on
 *                failure returns NULL and leaves p untouched.
 *   mm_calloc    nmemb * size zeroed bytes; NULL when the product overflows.
 *   mm_checkheap check the heap's invariants; nonzero when consistent,
 *                0 (after printing what is wrong) when not.
 *
 * mm_calloc and mm_checkheap are optional: when mm.c leaves them out the
 * driver supplies a calloc built on mm_malloc and a checkheap that always
 * succeeds. The team_t record is optional too.
 */
#ifndef MM_H
#define MM_H

#include <stddef.h>

int mm_init(void);
void *mm_malloc(size_t size);
void mm_free(void *ptr);
void *mm_realloc(void *ptr, size_t size);
void *mm_calloc(size_t nmemb, size_t size);
int mm_checkheap(int verbose);

/* Who wrote this allocator; printed by the driver when mm.c defines it. */
typedef struct {
    char *teamname; /* team or login name */
    char *name1;    /* first member's full name */
    char *id1;      /* first member's login or email */
    char *name2;    /* second member's full name, or "" */
    char *id2;      /* second member's login or email, or "" */
} team_t;

extern team_t team;

#endif /* MM_H */

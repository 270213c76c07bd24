/*
 * allocator.h - the allocators one mdriver binary can replay traces with.
 *
 * Every allocator is a table of the mm.h functions. "mm" is the student's
 * mm.c (with driver-supplied mm_calloc and mm_checkheap when mm.c leaves
 * them out); "libc" is the C library's malloc, which lives outside the
 * simulated heap, so its utilization cannot be measured.
 */
#ifndef ALLOCATOR_H
#define ALLOCATOR_H

#include <stdbool.h>
#include <stddef.h>

struct allocator {
    const char *name;        /* what -m selects */
    const char *description; /* one line for -h */
    bool uses_heap;          /* grows the simulated heap with mem_sbrk */
    int (*init)(void);
    void *(*malloc)(size_t size);
    void (*free)(void *ptr);
    void *(*realloc)(void *ptr, size_t size);
    void *(*calloc)(size_t nmemb, size_t size);
    int (*checkheap)(int verbose);
    const char *forbidden_calls; /* C library heap functions it calls, or NULL */
    unsigned long global_bytes;  /* writable global data of its object file */
    /* Outside the simulated heap: the names of its malloc, free, realloc
     * and calloc, whose instructions -I counts (an allocator in the heap is
     * counted by the prefix of its mm_* functions instead). */
    const char *entry_points[4];
};

enum policy_verdict { POLICY_KEPT, POLICY_WARNING, POLICY_FAILED };

/* Whether allocator a keeps the grading policies of config.h (forbidden
 * calls, global data); when not, a sentence saying why goes into why. */
enum policy_verdict allocator_policy(const struct allocator *a, char *why, size_t len);

/* The allocator called name, or NULL. */
const struct allocator *allocator_find(const char *name);

/* Every allocator in this build, ending with a NULL entry. */
const struct allocator *const *allocator_all(void);

/* The team record from mm.c, or NULL when mm.c defines none. */
const void *allocator_team(void);

#endif /* ALLOCATOR_H */

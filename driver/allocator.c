/*
 * allocator.c - the table of allocators built into this mdriver: mm.c,
 * the reference allocators of allocators/ (renamed by the build), and the
 * production allocators found at run time (external.c).
 *
 * mm.c may leave out mm_calloc, mm_checkheap and the team record: they are
 * declared weak here, so the link succeeds without them and their address
 * is NULL; the driver then supplies its own calloc (on top of mm_malloc)
 * and a checkheap that reports nothing.
 */
#define _GNU_SOURCE
#include "allocator.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "external.h"
#include "mm.h"

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

/* Written by tools/policy-check.sh from mm.o's symbols and sections. */
extern const char mm_forbidden_calls[];
extern const unsigned long mm_global_bytes;

static struct allocator student = {
    .name = "mm",
    .description = "mm.c, the allocator you are writing",
    .uses_heap = true,
    .init = mm_init,
    .malloc = mm_malloc,
    .free = mm_free,
    .realloc = mm_realloc,
    .forbidden_calls = mm_forbidden_calls,
};


/* The reference allocators, in a table the build generates (it ends with
 * an entry whose name is NULL). */
extern const struct allocator reference_allocators[];

enum { MAX_ALLOCATORS = 64 };

const struct allocator *const *allocator_all(void)
{
    static const struct allocator *all[MAX_ALLOCATORS + 1];
    if (all[0] != NULL)
        return all;
    student.calloc = mm_calloc != NULL ? mm_calloc : fallback_calloc;
    student.global_bytes = mm_global_bytes;
    student.checkheap = mm_checkheap != NULL ? mm_checkheap : fallback_checkheap;
    size_t n = 0;
    all[n++] = &student;
    for (const struct allocator *a = reference_allocators; a->name != NULL; a++) {
        assert(n < MAX_ALLOCATORS - 1 && "raise MAX_ALLOCATORS");
        all[n++] = a;
    }
    for (const struct allocator *const *e = external_allocators(); *e != NULL; e++) {
        assert(n < MAX_ALLOCATORS && "raise MAX_ALLOCATORS");
        all[n++] = *e;
    }
    return all;
}

const struct allocator *allocator_find(const char *name)
{
    for (const struct allocator *const *a = allocator_all(); *a != NULL; a++)
        if (strcmp((*a)->name, name) == 0)
            return *a;
    return NULL;
}

const void *allocator_team(void) { return &team; }

enum policy_verdict allocator_policy(const struct allocator *a, char *why, size_t len)
{
    enum policy_verdict verdict = POLICY_KEPT;
    int used = 0;
    why[0] = '\0';
    if (FORBIDDEN_CALLS_POLICY > 0 && a->forbidden_calls != NULL &&
        a->forbidden_calls[0] != '\0') {
        verdict = FORBIDDEN_CALLS_POLICY;
        used = snprintf(why, len, "%s calls %s, which an allocator may not use (get memory "
                                  "from mem_sbrk only)",
                        a->name, a->forbidden_calls);
    }
    if (GLOBAL_DATA_POLICY > 0 && a->global_bytes > GLOBAL_DATA_LIMIT && used >= 0 &&
        (size_t)used < len) {
        if (GLOBAL_DATA_POLICY > verdict)
            verdict = GLOBAL_DATA_POLICY;
        snprintf(why + used, len - (size_t)used,
                 "%s%s has %lu bytes of writable global data, more than GLOBAL_DATA_LIMIT = "
                 "%d (keep the allocator's state in the heap)",
                 used > 0 ? "; " : "", a->name, a->global_bytes, GLOBAL_DATA_LIMIT);
    }
    return verdict;
}

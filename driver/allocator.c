/*
 * allocator.c - the catalogue of allocators this mdriver can replay traces
 * with (see allocator.h): mm.c, the reference allocators of allocators/
 * (a table the build generates), and the production allocators.
 *
 * What the driver knows of mm.c comes from the build, which reads mm.o
 * from outside (tools/policy-check.sh): the C library heap functions it
 * calls and the size of its writable global data. Nothing of mm.c itself
 * is linked here.
 */
#define _GNU_SOURCE
#include "allocator.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "config.h"

/* Written by tools/policy-check.sh from mm.o's symbols and sections. */
extern const char mm_forbidden_calls[];
extern const unsigned long mm_global_bytes;

/* The reference allocators, in a table the build generates (it ends with
 * an entry whose name is NULL). */
extern const struct allocator reference_catalogue[];

static struct allocator student = {
    .name = "mm",
    .description = "mm.c, the allocator you are writing",
    .uses_heap = true,
    .host = HOST_OF_STUDENT,
    .forbidden_calls = mm_forbidden_calls,
};

static const struct allocator libc = {
    .name = "libc",
    .description = "the C library's malloc (outside the simulated heap)",
    .host = HOST_OF_PRODUCTION,
};

static struct allocator production[PRODUCTION_LIBRARIES];
static unsigned installed, probed;

enum { MAX_ALLOCATORS = 64 };
static const struct allocator *all[MAX_ALLOCATORS + 1];

void production_set_installed(unsigned loaded)
{
    installed = loaded;
    probed = 1;
    all[0] = NULL; /* list them anew */
}

const struct allocator *const *allocator_all(void)
{
    if (all[0] != NULL)
        return all;
    size_t n = 0;
    student.global_bytes = mm_global_bytes;
    all[n++] = &student;
    for (const struct allocator *a = reference_catalogue; a->name != NULL; a++) {
        assert(n < MAX_ALLOCATORS - PRODUCTION_LIBRARIES - 1 && "raise MAX_ALLOCATORS");
        all[n++] = a;
    }
    all[n++] = &libc;
    for (unsigned i = 0; i < PRODUCTION_LIBRARIES; i++) {
        if (!(installed >> i & 1))
            continue;
        production[i] = (struct allocator){
            .name = production_libraries[i].name,
            .description = production_libraries[i].description,
            .host = HOST_OF_PRODUCTION,
        };
        all[n++] = &production[i];
    }
    all[n] = NULL;
    return all;
}

const struct allocator *allocator_find(const char *name)
{
    for (const struct allocator *const *a = allocator_all(); *a != NULL; a++)
        if (strcmp((*a)->name, name) == 0)
            return *a;
    return NULL;
}

bool production_named_in(const char *names)
{
    for (unsigned i = 0; i < PRODUCTION_LIBRARIES; i++)
        if (strstr(names, production_libraries[i].name) != NULL)
            return true;
    return false;
}

void production_report_missing(void)
{
    for (unsigned i = 0; probed && i < PRODUCTION_LIBRARIES; i++)
        if (!(installed >> i & 1))
            fprintf(stderr, "mdriver: %s is not installed (%s, Debian package %s): skipped\n",
                    production_libraries[i].name, production_libraries[i].soname,
                    production_libraries[i].package);
}

struct policy allocator_policy(const struct allocator *a)
{
    struct policy policy = {.verdict = POLICY_KEPT, .why = ""};
    size_t len = sizeof policy.why;
    int used = 0;
    if (FORBIDDEN_CALLS_POLICY > 0 && a->forbidden_calls != NULL &&
        a->forbidden_calls[0] != '\0') {
        policy.verdict = FORBIDDEN_CALLS_POLICY;
        used = snprintf(policy.why, len, "%s calls %s, which an allocator may not use (get "
                                         "memory from mem_sbrk only)",
                        a->name, a->forbidden_calls);
    }
    if (GLOBAL_DATA_POLICY > 0 && a->global_bytes > GLOBAL_DATA_LIMIT && used >= 0 &&
        (size_t)used < len) {
        if (GLOBAL_DATA_POLICY > policy.verdict)
            policy.verdict = GLOBAL_DATA_POLICY;
        snprintf(policy.why + used, len - (size_t)used,
                 "%s%s has %lu bytes of writable global data, more than GLOBAL_DATA_LIMIT = "
                 "%d (keep the allocator's state in the heap)",
                 used > 0 ? "; " : "", a->name, a->global_bytes, GLOBAL_DATA_LIMIT);
    }
    return policy;
}

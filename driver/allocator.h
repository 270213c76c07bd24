/*
 * allocator.h - what the driver knows of the allocators it can replay
 * traces with: their names, and which host program serves each.
 *
 * The driver never contains an allocator's code. Each allocator runs in a
 * host program of its own kind (host/served.h has the other side):
 *
 *   HOST_OF_STUDENT     "mm", the student's mm.c, alone in its program
 *   HOST_OF_KIT         the reference allocators of allocators/, built by
 *                       the kit from its own sources
 *   HOST_OF_PRODUCTION  the C library's malloc, and jemalloc, mimalloc and
 *                       tcmalloc where their shared libraries are installed;
 *                       they live outside the simulated heap, so their
 *                       utilization cannot be measured as the others' is
 *
 * so that no submission's code shares a program with the judge or with the
 * reference it is compared against.
 */
#ifndef ALLOCATOR_H
#define ALLOCATOR_H

#include <stdbool.h>
#include <stddef.h>

#include "shared/production.h"

enum host_kind {
    HOST_OF_STUDENT,
    HOST_OF_KIT,
    HOST_OF_PRODUCTION,
    HOST_KINDS
};

struct allocator {
    const char *name;        /* what -m selects */
    const char *description; /* one line for -h */
    bool uses_heap;          /* grows the simulated heap with mem_sbrk */
    enum host_kind host;     /* the program that serves it */
    const char *forbidden_calls; /* C library heap functions it calls, or NULL */
    unsigned long global_bytes;  /* writable global data of its object file */
};

enum policy_verdict { POLICY_KEPT, POLICY_WARNING, POLICY_FAILED };

/* Whether an allocator keeps the grading policies of config.h (forbidden
 * calls, global data), and when not, a sentence saying why. */
struct policy {
    enum policy_verdict verdict;
    char why[512]; /* "" when kept */
};

/* Allocator a's policy, made once per run (the driver hands it on to the
 * summary and every output). */
struct policy allocator_policy(const struct allocator *a);

/* The allocator called name, or NULL. */
const struct allocator *allocator_find(const char *name);

/* Every allocator of this build that is known to be there (the production
 * allocators only after production_probe), ending with NULL. */
const struct allocator *const *allocator_all(void);

/* Which production libraries are installed: the production host's answer
 * when asked (bit i for production_libraries[i]). */
void production_set_installed(unsigned loaded);

/* One line per production library that is not installed. */
void production_report_missing(void);

/* Whether a -m list names one of the production libraries. */
bool production_named_in(const char *names);

#endif /* ALLOCATOR_H */

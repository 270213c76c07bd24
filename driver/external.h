/*
 * external.h - production allocators loaded at run time, for comparison.
 *
 * With -l the driver replays the traces with the C library's malloc and,
 * when their shared libraries are installed, with jemalloc, mimalloc and
 * tcmalloc. They live outside the simulated heap, so their utilization
 * cannot be measured as the heap allocators' is; the driver reports how
 * much the process's resident memory grew instead.
 */
#ifndef EXTERNAL_H
#define EXTERNAL_H

#include <stdbool.h>

#include "allocator.h"

/* Find the production allocators, running the driver again (same argv)
 * if one of them needs glibc to set aside more thread-local storage at
 * start-up. Call it before anything else when they will be used. */
void external_load(char **argv);

/* libc, then the production allocators external_load found, ending with
 * NULL. Only libc until external_load has run. */
const struct allocator *const *external_allocators(void);

/* Whether a -m list names one of the production allocators. */
bool external_named_in(const char *names);

/* Print one line per production allocator that is not installed. */
void external_report_missing(void);

#endif /* EXTERNAL_H */

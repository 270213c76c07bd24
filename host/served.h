/*
 * served.h - the allocators a host program serves (the driver's side is
 * driver/allocator.h).
 *
 * Each host program links the tables of what it serves, and nothing else:
 *
 *   mdriver-host-mm    student_served(): "mm", the student's mm.c, with
 *                      the kit's calloc and checkheap where mm.c has none
 *   mdriver-host       kit_served(): the reference allocators (a table the
 *                      build generates) and "null", the allocator that does
 *                      nothing, whose cost is the harness's own (driver/icount.h)
 *   mdriver-host-libc  production_served(): libc, and the production
 *                      libraries it could load
 *
 * served_find looks in whichever tables the program has; the in-process
 * program of -X has them all.
 */
#ifndef SERVED_H
#define SERVED_H

#include <stddef.h>

#include "mm.h"
#include "shared/mailbox.h"
#include "shared/mm_functions.h"

struct served_allocator {
    const char *name;
    struct mm_functions fn;
};

/* Each ends with an entry whose name is NULL. */
const struct served_allocator *student_served(void);
const struct served_allocator *kit_served(void);
const struct served_allocator *production_served(void);

/* The allocator called name in this program, or NULL. */
const struct mm_functions *served_find(const char *name);

/* Copy mm.c's team record, each field cut to TEAM_FIELD_BYTES - 1 bytes;
 * all empty when mm.c defines none. Only the student's host has it. */
void student_team(char fields[TEAM_FIELDS][TEAM_FIELD_BYTES]);

#endif /* SERVED_H */

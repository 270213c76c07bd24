/*
 * symbolize.h - naming the allocator's code where its process crashed or
 * hung: "in coalesce (mm.c:131), called from mm_free (mm.c:204)".
 *
 * The fault report's frames come from the allocator's own process, so they
 * only colour a message: the verdict itself comes from the exit status the
 * kernel gave. Names and lines come from the debug information the build
 * already puts in the host program, read by binutils' addr2line.
 */
#ifndef SYMBOLIZE_H
#define SYMBOLIZE_H

#include <stddef.h>

#include "mailbox.h"

/* Describe where f's frames lie in program, or leave out empty. */
void symbolize(const char *program, const struct fault_report *f, char *out, size_t len);

#endif /* SYMBOLIZE_H */

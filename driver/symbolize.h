/*
 * symbolize.h - naming the allocator's code where its process crashed or
 * hung: "in coalesce (mm.c:131), called from mm_free (mm.c:204)", and the
 * instruction it stopped at.
 *
 * The first frame is the kernel's (the instruction a traced process was
 * stopped at, tracer.h); the callers are the process's own walk of its
 * stack, and only name places in its own program. Names and lines come
 * from the debug information the build puts in the host program, read by
 * binutils' addr2line; the instruction is objdump's.
 */
#ifndef SYMBOLIZE_H
#define SYMBOLIZE_H

#include <stddef.h>

#include "shared/mailbox.h"
#include "tracer.h"

/* Describe where f's frames lie in program, or leave out empty. */
void symbolize(const char *program, const struct fault_report *f, char *out, size_t len);

/* The instruction at k's pc in program, and the values of the registers
 * its memory operand is made of: "the instruction "mov 0x8(%rax),%rdx"
 * with %rax = 0xa2218efb4b81c9c0"; empty when it cannot be read. */
void describe_instruction(const char *program, const struct kernel_facts *k, char *out,
                          size_t len);

#endif /* SYMBOLIZE_H */

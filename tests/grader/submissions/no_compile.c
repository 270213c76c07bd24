/*
 * no_compile.c - grading fixture: a submission that does not compile.
 *
 * A bump allocator with a missing semicolon in mm_malloc. The grader must
 * report status "compile_error", score 0, and the compiler's message.
 */
#include <stdint.h>

#include "config.h"
#include "memlib.h"
#include "mm.h"

int mm_init(void)
{
    return 0;
}

void *mm_malloc(size_t size)
{
    size_t payload = (size + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1)
    char *block = mem_sbrk((intptr_t)(payload + ALIGNMENT));
    return block == (void *)-1 ? NULL : block + ALIGNMENT;
}

void mm_free(void *ptr)
{
    (void)ptr;
}

void *mm_realloc(void *ptr, size_t size)
{
    (void)ptr;
    return mm_malloc(size);
}

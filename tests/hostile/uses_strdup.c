/* Keeps a copy of a name in memory from strdup, which calls the C
 * library's malloc where no symbol of mm.o shows it.
 * expect: tests/traces/mixed.rep: mm_init used the C library's heap */
#define _GNU_SOURCE
#include <string.h>

#include "mm.h"

static char *label;

int mm_init(void)
{
    label = strdup("allocator");
    return label == NULL ? -1 : 0;
}

/* Defines prctl and syscall, which the allocator's process calls to confine
 * itself, so that confinement would do nothing; and memcpy, which every
 * program calls, so that its own code would run wherever its object is
 * linked. The build must refuse each name, with its line.
 * build: refused
 * expect: takes_libc_names.c:23: error: it defines memcpy, a name the C library or the compiler's runtime already gives */
#include <stddef.h>

#include "mm.h"

int prctl(int option, unsigned long a, unsigned long b, unsigned long c, unsigned long d)
{
    (void)option, (void)a, (void)b, (void)c, (void)d;
    return 0;
}

long syscall(long number, ...)
{
    (void)number;
    return 0;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    char *d = dst;
    const char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

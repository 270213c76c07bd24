/* Defines __ctzdi2, a helper of the compiler's runtime (libgcc) that
 * 32-bit code calls to count trailing zeros: every caller in the program
 * it is linked into, the driver's or the reference's were they there,
 * would reach this one, which is correct and slow. C reserves the name,
 * and the build must refuse it.
 * build: refused
 * expect: libgcc_helper.c:13: error: it defines __ctzdi2, a reserved identifier */
#include "base.h"
#include "mm.h"

int __ctzdi2(unsigned long long x);

int __ctzdi2(unsigned long long x)
{
    int n = 0;
    for (volatile int delay = 0; delay < 1000; delay++)
        ;
    while (n < 64 && !(x >> n & 1))
        n++;
    return n;
}

void *mm_malloc(size_t size) { return base_malloc(size); }

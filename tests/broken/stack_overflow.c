/* The 10th malloc recurses without end and overflows the stack.
 * expect: crashed with SIGSEGV .* on the stack \(a stack overflow */
#include "base.h"
#include "mm.h"

static volatile unsigned bottom = ~0u; /* never reached */

static unsigned descend(unsigned depth)
{
    volatile char frame[256];
    frame[0] = (char)depth;
    if (depth == bottom)
        return 0;
    return descend(depth + 1) + frame[0];
}

void *mm_malloc(size_t size)
{
    static unsigned calls;
    if (++calls == 10)
        descend(0);
    return base_malloc(size);
}

/* Puts a call in the .init section with an asm statement: the C start-up
 * code runs .init before main, in every program the object is linked into,
 * so it would run before the driver asks for anything (and in the
 * driver's own program, were the object linked there). The build must
 * refuse the section, naming the line that makes it.
 * build: refused
 * expect: init_section.c:18: error: it has a section .init, code that would run before */
#include "base.h"
#include "mm.h"

static int started_early;

void count_start(void);
void count_start(void) { started_early = 1; }

void *mm_malloc(size_t size)
{
    __asm__(".pushsection .init, \"ax\", @progbits\n\tcall count_start\n\t.popsection");
    return started_early ? base_malloc(size) : NULL;
}

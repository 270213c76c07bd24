/* Puts a call in the .fini section, which runs after main returns: code
 * of the allocator's that would run when the driver is done with it. The
 * build must refuse the section.
 * build: refused
 * expect: fini_section.c:17: error: it has a section .fini, code that would run before or after */
#include "base.h"
#include "mm.h"

static int ending;

void note_end(void);
void note_end(void) { ending = 1; }

void *mm_malloc(size_t size)
{
    (void)ending;
    __asm__(".pushsection .fini, \"ax\", @progbits\n\tcall note_end\n\t.popsection");
    return base_malloc(size);
}

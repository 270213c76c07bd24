/*
 * compat/cmu13/shim.c - the kit's mm_init and mm_checkheap for an mm.c of
 * CMU's 2010-2015 kits (make API=cmu13).
 *
 * Its mm_init already returns 0 or -1. Its mm_checkheap reports problems by
 * printing them and returns nothing meaningful (void, or in some files an
 * int with no agreed meaning), so the driver cannot learn from it whether
 * the heap is consistent: the shim calls it, for its messages, and answers
 * "consistent". It is declared here as returning nothing, which a file
 * that returns an int satisfies on every ABI the kit runs on.
 */
#include "mm.h"

int style_mm_init(void);
void style_mm_checkheap(int verbose);

int mm_init(void) { return style_mm_init(); }

int mm_checkheap(int verbose)
{
    style_mm_checkheap(verbose);
    return 1;
}

/*
 * compat/cmu16/shim.c - the kit's mm_init and mm_checkheap for an mm.c of
 * CMU's 2016+ kits (make API=cmu16), whose versions return bool: true for
 * success and for a consistent heap.
 *
 * This file does not include mm.h: the style's mm.h (beside it) declares
 * the bool versions under the kit's names, which the build renames in
 * mm.c only.
 */
#include <stdbool.h>

int mm_init(void);
int mm_checkheap(int verbose);
bool style_mm_init(void);
bool style_mm_checkheap(int lineno);

int mm_init(void) { return style_mm_init() ? 0 : -1; }

int mm_checkheap(int verbose) { return style_mm_checkheap(verbose) ? 1 : 0; }

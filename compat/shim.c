/*
 * compat/shim.c - the kit's mm_init and mm_checkheap for an mm.c written
 * for an older kit (make API=classic32, cmu13 or cmu16).
 *
 * The build renames that file's own two functions to style_mm_init and
 * style_mm_checkheap and says what they return (STYLE_INIT_TYPE,
 * STYLE_CHECKHEAP_TYPE, and a STYLE_*_RETURNS_type flag for each):
 *
 *   mm_init      int: 0 or -1, as the kit's; bool: true on success.
 *   mm_checkheap bool: true when the heap is consistent (CMU 2016+).
 *                int or void: the older kits gave the result no agreed
 *                meaning (some files return 0 for "consistent", some 1),
 *                and used the function for what it prints: it is called
 *                for that, and the heap is taken to be consistent.
 *                Absent: the same, with nothing to call.
 */
#include <stdbool.h>

int mm_init(void);
int mm_checkheap(int verbose);

STYLE_INIT_TYPE style_mm_init(void);
STYLE_CHECKHEAP_TYPE style_mm_checkheap(int lineno) __attribute__((weak));

int mm_init(void)
{
#ifdef STYLE_INIT_RETURNS_bool
    return style_mm_init() ? 0 : -1;
#else
    return style_mm_init();
#endif
}

int mm_checkheap(int verbose)
{
    if (style_mm_checkheap == 0)
        return 1;
#ifdef STYLE_CHECKHEAP_RETURNS_bool
    return style_mm_checkheap(verbose) ? 1 : 0;
#else
    style_mm_checkheap(verbose);
    return 1;
#endif
}

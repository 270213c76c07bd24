/*
 * compat.h - grading an mm.c of an older kit as that kit graded it.
 *
 * A driver built for an older kit's mm.c (the kit's Makefile has a build
 * for each of classic32, cmu13 and cmu16) names that kit in GRADED_AS. It
 * reads every trace's header as that kit did (trace.h), and replays each
 * trace with only the calls the kit's own driver made: malloc of a size
 * that can fit, free and realloc of a live block, and in the CMU kits
 * free(NULL) for "f -1", realloc(NULL, n) for an r on an id with no block
 * (their drivers' block table starts all NULL) and realloc(p, 0). Before
 * any allocator runs, each op whose call that kit never made becomes the
 * call it did make, or none:
 *
 *   a or r of more than MAX_HEAP bytes   not made (the request must fail:
 *                                        the block stays as it was)
 *   c whose nmemb * size overflows       not made (the block stays dead)
 *   a or c of 0 bytes                    not made, nor a later f of the
 *                                        block; a later r is then as below
 *   f -1, free(NULL)                     classic32: not made (it does
 *                                        nothing)
 *   r on a dead id, realloc(NULL, n)     classic32: made as malloc(n); for
 *                                        n = 0 not made (the block stays
 *                                        dead)
 *   r of 0 bytes on a live block         classic32: made as free(p) (its
 *                                        driver took NULL from realloc for
 *                                        a failure)
 *   c, calloc(nmemb, size)               made as malloc(nmemb * size): that
 *                                        its bytes are zero is not checked
 *
 * The live bytes after every op, and so utilization, are those of the
 * trace as written. Each kind that occurs gives one warning naming the
 * first line of it and how many there were: these are not failures, and
 * the perf index stands. Every other check holds as in the kit's own mode,
 * which makes all of them.
 */
#ifndef COMPAT_H
#define COMPAT_H

#include <stdint.h>

#include "trace.h"

enum unasked_call {
    UNASKED_NEVER_FITS,      /* a or r of more than MAX_HEAP bytes */
    UNASKED_CALLOC_OVERFLOW, /* c whose nmemb * size overflows */
    UNASKED_ZERO_BYTES,      /* a or c of 0 bytes */
    UNASKED_FREE_NULL,       /* f -1 */
    UNASKED_REALLOC_NULL,    /* r on a dead id */
    UNASKED_REALLOC_ZERO,    /* r of 0 bytes on a live block */
    UNASKED_CALLOC,          /* any other c */
    UNASKED_KINDS
};

/* Per trace: the ops of each kind that the older kit never asked for. */
struct unasked_calls {
    uint32_t first_line[UNASKED_KINDS]; /* 0: none of that kind */
    uint32_t count[UNASKED_KINDS];
};

/* The older kit this driver grades as ("classic32", "cmu13", "cmu16"), or
 * NULL for the kit's own, strict mode. */
const char *graded_as(void);

/* How this driver reads trace headers: as its older kit did, or by the
 * kit's own guess. */
enum header_reading header_reading(void);

/* The name of a kind in -j ("never_fits", "free_null"...). */
const char *unasked_call_name(enum unasked_call kind);

/* Under an older kit, rewrite trace's ops into the calls that kit made,
 * record what was rewritten in *unasked and print one warning per kind,
 * "FILE:LINE: warning: ..."; in the kit's own mode, only clear *unasked.
 * False when out of memory, with nothing printed. */
bool grade_as_older_kit(struct trace *trace, struct unasked_calls *unasked);

#endif /* COMPAT_H */

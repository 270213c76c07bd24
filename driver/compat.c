/*
 * compat.c - grading an older kit's mm.c as its kit graded it (see
 * compat.h).
 *
 * One pass over the ops, following which ids are live as the trace reader
 * does (and which of them the allocator was asked for), rewrites them in
 * place: an op is kept, made as a malloc, or dropped. The ops that stay
 * keep their line numbers, so every message still names the trace's own
 * lines.
 */
#define _GNU_SOURCE
#include "compat.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

const char *graded_as(void)
{
#ifdef GRADED_AS
    return GRADED_AS;
#else
    return NULL;
#endif
}

/* What an older kit's driver did, from its mdriver.c: how it read trace
 * headers, and what it called beyond malloc of a size that fits and free
 * and realloc of a live block with a size that fits. The classic one's
 * block table starts uninitialized and it takes NULL from realloc for a
 * failure; the CMU ones' table starts all NULL, and they pass index -1 on
 * as NULL. */
struct older_kit {
    const char *kit;
    enum header_reading headers;
    bool free_null;    /* free(NULL), for "f -1" */
    bool realloc_null; /* realloc(NULL, n), for an r on a dead id */
    bool realloc_zero; /* realloc(p, 0) */
};

static const struct older_kit older_kits[] = {
    {"classic32", HEADERS_CLASSIC, false, false, false},
    {"cmu13", HEADERS_CMU2010, true, true, true},
    {"cmu16", HEADERS_CMU2016, true, true, true},
};

/* The older kit this driver grades as, or NULL. */
static const struct older_kit *graded_kit(void)
{
    for (size_t i = 0; graded_as() != NULL && i < sizeof older_kits / sizeof *older_kits; i++)
        if (strcmp(older_kits[i].kit, graded_as()) == 0)
            return &older_kits[i];
    return NULL;
}

enum header_reading header_reading(void)
{
    return graded_kit() != NULL ? graded_kit()->headers : HEADERS_GUESSED;
}

/* Each kind's name in -j, and what the older kit's driver did instead,
 * for the warning. */
static const struct {
    const char *name;
    const char *became_of;
} unasked_kinds[] = {
    [UNASKED_NEVER_FITS] = {"never_fits",
                            "a request of more than MAX_HEAP bytes was not made (the kit never "
                            "checked that one that can never fit gives NULL)"},
    [UNASKED_CALLOC_OVERFLOW] = {"calloc_overflow",
                                 "a calloc whose nmemb * size overflows was not made (the kit "
                                 "never called calloc)"},
    [UNASKED_ZERO_BYTES] = {"zero_bytes",
                            "malloc(0) or calloc of 0 bytes was not made, nor the free of its "
                            "block (the kit never asked for 0 bytes)"},
    [UNASKED_FREE_NULL] = {"free_null", "free(NULL) was not made (the kit never called it)"},
    [UNASKED_REALLOC_NULL] = {"realloc_null",
                              "realloc(NULL, n) was made as malloc(n) (the kit never called "
                              "it)"},
    [UNASKED_REALLOC_ZERO] = {"realloc_zero",
                              "realloc(p, 0) was made as free(p) (the kit never asked for 0 "
                              "bytes)"},
    [UNASKED_CALLOC] = {"calloc",
                        "calloc was made as malloc of nmemb * size bytes, and its zeros were "
                        "not checked (the kit never called calloc)"},
};
_Static_assert(sizeof unasked_kinds / sizeof *unasked_kinds == UNASKED_KINDS,
               "every kind of unasked call has its name and its warning");

const char *unasked_call_name(enum unasked_call kind)
{
    const char *name = (unsigned)kind < UNASKED_KINDS ? unasked_kinds[kind].name : NULL;
    return name != NULL ? name : "unknown";
}

static void note(struct unasked_calls *unasked, enum unasked_call kind, const struct op *op)
{
    if (unasked->count[kind]++ == 0)
        unasked->first_line[kind] = op->line;
}

/* Where an id stands: as the trace reader sees it, and whether the
 * allocator was asked for its block. */
enum block_state {
    BLOCK_DEAD,     /* not allocated */
    BLOCK_MADE,     /* allocated, and the allocator made it */
    BLOCK_UNMADE,   /* allocated in the trace (0 bytes), never asked for */
};

/* The op under the older kit, written to *out; false when no call is made. */
static bool rewrite(const struct older_kit *kit, const struct op *op, enum block_state *state,
                    struct unasked_calls *unasked, struct op *out)
{
    uint64_t bytes = 0;
    bool fails = op->kind != OP_FREE && request_is_unsatisfiable(op, &bytes);
    *out = *op;
    switch ((enum op_kind)op->kind) {
    case OP_ALLOC:
    case OP_CALLOC:
        if (fails) {
            uint64_t product;
            state[op->id] = BLOCK_DEAD;
            note(unasked, op->kind == OP_CALLOC &&
                                  __builtin_mul_overflow(op->nmemb, op->size, &product)
                              ? UNASKED_CALLOC_OVERFLOW
                              : UNASKED_NEVER_FITS,
                 op);
            return false;
        }
        if (bytes == 0) {
            state[op->id] = BLOCK_UNMADE;
            note(unasked, UNASKED_ZERO_BYTES, op);
            return false;
        }
        state[op->id] = BLOCK_MADE;
        if (op->kind == OP_CALLOC) {
            note(unasked, UNASKED_CALLOC, op);
            *out = (struct op){.kind = OP_ALLOC, .id = op->id, .size = bytes, .line = op->line};
        }
        return true;
    case OP_REALLOC:
        if (fails) {
            note(unasked, UNASKED_NEVER_FITS, op);
            return false;
        }
        if (state[op->id] != BLOCK_MADE && !kit->realloc_null) {
            note(unasked, UNASKED_REALLOC_NULL, op);
            state[op->id] = bytes != 0 ? BLOCK_MADE : BLOCK_DEAD;
            out->kind = OP_ALLOC;
            return bytes != 0;
        }
        if (state[op->id] == BLOCK_MADE && bytes == 0 && !kit->realloc_zero) {
            note(unasked, UNASKED_REALLOC_ZERO, op);
            *out = (struct op){.kind = OP_FREE, .id = op->id, .line = op->line};
        }
        state[op->id] = bytes != 0 ? BLOCK_MADE : BLOCK_DEAD;
        return true;
    case OP_FREE:
        if (op->id == NULL_BLOCK_ID && kit->free_null)
            return true;
        if (op->id == NULL_BLOCK_ID) {
            note(unasked, UNASKED_FREE_NULL, op);
            return false;
        }
        bool made = state[op->id] == BLOCK_MADE;
        state[op->id] = BLOCK_DEAD;
        return made;
    }
    return true; /* the trace reader makes no other kind */
}

/* One warning per kind that occurs, in the order of their first lines. */
static void print_warnings(const struct trace *trace, const struct unasked_calls *unasked)
{
    bool printed[UNASKED_KINDS] = {false};
    for (;;) {
        int next = -1;
        for (int kind = 0; kind < UNASKED_KINDS; kind++)
            if (unasked->count[kind] > 0 && !printed[kind] &&
                (next < 0 || unasked->first_line[kind] < unasked->first_line[next]))
                next = kind;
        if (next < 0)
            return;
        printed[next] = true;
        fprintf(stderr, "%s:%" PRIu32 ": warning: graded as the %s kit: %s", trace->shown_path,
                unasked->first_line[next], graded_as(), unasked_kinds[next].became_of);
        if (unasked->count[next] > 1)
            fprintf(stderr, "; %" PRIu32 " lines like this in all", unasked->count[next]);
        fputc('\n', stderr);
    }
}

bool grade_as_older_kit(struct trace *trace, struct unasked_calls *unasked)
{
    *unasked = (struct unasked_calls){.count = {0}};
    const struct older_kit *kit = graded_kit();
    if (kit == NULL)
        return true;
    enum block_state *state = calloc(trace->num_ids + 1u, sizeof *state);
    if (state == NULL)
        return false;
    uint32_t kept = 0;
    for (uint32_t i = 0; i < trace->num_ops; i++) {
        struct op made;
        if (rewrite(kit, &trace->ops[i], state, unasked, &made))
            trace->ops[kept++] = made;
    }
    trace->num_ops = kept;
    free(state);
    print_warnings(trace, unasked);
    return true;
}

/*
 * checker.c - the checked replay of one trace (contract in checker.h).
 *
 * Per block id the checker remembers the payload, its requested size and a
 * pattern seed. The pattern is a function of (seed, offset), so any byte of
 * a payload can be re-derived and compared without keeping a copy; eight
 * bytes come from one multiply, so filling and comparing a payload costs
 * about what copying it would. Every byte is written when a block is
 * handed out and compared before it is freed or moved, so a change
 * anywhere in a payload is caught, and pinned to the span of ops since the
 * pattern was written.
 *
 * Every failure becomes a verdict (verdict.h) naming the check, the trace
 * line and op, the block and the addresses involved; the first failure
 * ends the run, and the allocator's process with it.
 */
#define _GNU_SOURCE
#include "checker.h"

#include <assert.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "blockmap.h"
#include "breakdown.h"
#include "config.h"
#include "die.h"
#include "memlib.h"

struct live_block {
    uintptr_t payload;    /* the allocator's address; 0 when not live */
    uint64_t size;        /* bytes requested */
    uint64_t seed;        /* pattern seed */
    uint32_t since_line;  /* trace line where the pattern was written */
    bool live;
};

/* One checked run over a trace. */
struct pass {
    const struct allocator *a;
    const struct trace *trace;
    struct host *host;
    const struct op *op;       /* op being replayed */
    uint32_t op_index;
    struct live_block *blocks; /* indexed by block id */
    struct check_result *result;
    int level;
    enum phase phase;          /* PHASE_CHECKED or PHASE_RECHECKED */
    uint64_t live_bytes;       /* requested bytes of the live blocks */
    struct observer *observer; /* timeline and heap map, first run only */
    bool peak_measured;        /* breakdown taken (first run only) */
    uint64_t *answers;         /* first run: written; second: compared */
    int statm_fd;              /* allocators outside the heap: their
                                  process's /proc/PID/statm */
};

bool checker_init(void)
{
    return blockmap_init(MEM_ARENA_ADDRESS, MAX_HEAP);
}

static bool fail(struct pass *pass, enum check_kind check, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail(struct pass *pass, enum check_kind check, const char *fmt, ...)
{
    char detail[sizeof pass->result->verdict.detail];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    verdict_fail(&pass->result->verdict, pass->phase, pass->op != NULL, pass->op_index, check,
                 "%s", detail);
    return false;
}

/* The verdict just made also names block id (for the explorer page, which
 * highlights it); returns failed. */
static bool naming_block(struct pass *pass, int32_t id, bool failed)
{
    pass->result->verdict.names_block = true;
    pass->result->verdict.named_block = id;
    return failed;
}

/* Make one call in the allocator's process. */
static bool call(struct pass *pass, enum request request, uint64_t x, uint64_t y,
                 uint64_t *result)
{
    pass->host->at_op = pass->op != NULL;
    pass->host->op_index = pass->op_index;
    if (host_call(pass->host, request, x, y, result))
        return true;
    pass->result->verdict = pass->host->verdict;
    return false;
}

/* ---- payload patterns ------------------------------------------------ */

/* Eight pattern bytes at a time: byte k of word w is the byte at offset
 * 8 * w + k. */
static inline uint64_t pattern_word(uint64_t seed, uint64_t word_index)
{
    uint64_t word = (seed ^ word_index) * UINT64_C(0x9E3779B97F4A7C15);
    return word ^ (word >> 29);
}

static inline uint8_t pattern_byte(uint64_t seed, uint64_t offset)
{
    return (uint8_t)(pattern_word(seed, offset >> 3) >> ((offset & 7) * 8));
}

static uint64_t mix_seed(uint64_t x)
{
    x += UINT64_C(0x9E3779B97F4A7C15);
    x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
    return x ^ (x >> 31);
}

static void fill_range(uint8_t *p, uint64_t from, uint64_t to, uint64_t seed)
{
    uint64_t i = from;
    for (; i < to && (i & 7) != 0; i++)
        p[i] = pattern_byte(seed, i);
    for (; i + 8 <= to; i += 8) {
        uint64_t word = pattern_word(seed, i >> 3);
        memcpy(p + i, &word, 8);
    }
    for (; i < to; i++)
        p[i] = pattern_byte(seed, i);
}

/* First offset in [from, to) whose byte differs from the pattern, or
 * UINT64_MAX. */
static uint64_t first_difference(const uint8_t *p, uint64_t from, uint64_t to, uint64_t seed)
{
    uint64_t i = from;
    for (; i < to && (i & 7) != 0; i++)
        if (p[i] != pattern_byte(seed, i))
            return i;
    for (; i + 8 <= to; i += 8) {
        uint64_t word;
        memcpy(&word, p + i, 8);
        if (word != pattern_word(seed, i >> 3))
            break;
    }
    for (; i < to; i++)
        if (p[i] != pattern_byte(seed, i))
            return i;
    return UINT64_MAX;
}

/* First nonzero byte in [p, p + n), or UINT64_MAX. */
static uint64_t first_nonzero(const uint8_t *p, uint64_t n)
{
    static const uint8_t zeros[4096];
    for (uint64_t at = 0; at < n; at += sizeof zeros) {
        uint64_t chunk = n - at < sizeof zeros ? n - at : sizeof zeros;
        if (memcmp(p + at, zeros, chunk) == 0)
            continue;
        for (uint64_t i = at;; i++)
            if (p[i] != 0)
                return i;
    }
    return UINT64_MAX;
}

/* The driver's view of a payload the checks have placed in the heap. */
static uint8_t *view(const struct pass *pass, uintptr_t payload)
{
    assert(payload - MEM_ARENA_ADDRESS <= MAX_HEAP &&
           "only a payload the checks placed inside the arena is read through the view");
    return arena_at(&pass->host->arena, payload);
}

/* Whether the driver writes and compares this block's bytes. */
static bool patterned(const struct pass *pass, const struct live_block *b)
{
    return pass->level > 0 && pass->a->uses_heap && b->payload != 0;
}

static bool verify_intact(struct pass *pass, int32_t id, const char *when)
{
    const struct live_block *b = &pass->blocks[id];
    if (!patterned(pass, b))
        return true;
    const uint8_t *p = view(pass, b->payload);
    uint64_t at = first_difference(p, 0, b->size, b->seed);
    if (at == UINT64_MAX)
        return true;
    return naming_block(pass, id, fail(pass, CHECK_PAYLOAD,
                "%spayload of block %" PRId32 " [0x%" PRIxPTR ",0x%" PRIxPTR ") was changed "
                "since line %" PRIu32 ": byte %" PRIu64 " is 0x%02x, expected 0x%02x (the "
                "allocator wrote into a payload it had handed out)",
                when, id, b->payload, (uintptr_t)(b->payload + b->size), b->since_line, at,
                p[at], pattern_byte(b->seed, at)));
}

/* ---- address checks -------------------------------------------------- */

static uint64_t span_of(uint64_t size) { return size == 0 ? 1 : size; }

static bool check_payload(struct pass *pass, const char *fn, uintptr_t p, uint64_t size)
{
    if (pass->level == 0)
        return true;
    uintptr_t alignment = ALIGNMENT;
    /* C asks a production allocator only for the alignment of any object
     * that fits the request: a 4-byte block needs only 4. */
    while (!pass->a->uses_heap && alignment > 1 && alignment > size)
        alignment /= 2;
    if (p % alignment != 0)
        return fail(pass, CHECK_ALIGNMENT, "%s returned 0x%" PRIxPTR ", which is not aligned "
                                           "to %u bytes",
                    fn, p, (unsigned)alignment);
    if (!pass->a->uses_heap)
        return true;
    /* A payload of 0 bytes may sit at the very end of the heap; it still
     * takes one byte's place in the overlap check, to be unique. */
    uintptr_t lo = MEM_ARENA_ADDRESS, end_of_heap = lo + pass->host->arena.brk;
    uint64_t span = span_of(size);
    if (p < lo || p > end_of_heap || size > end_of_heap - p)
        return fail(pass, CHECK_BOUNDS, "%s returned payload [0x%" PRIxPTR ",0x%" PRIxPTR "), "
                                        "not inside the heap [0x%" PRIxPTR ",0x%" PRIxPTR ")",
                    fn, p, (uintptr_t)(p + span), lo, end_of_heap);
    uintptr_t other;
    int32_t owner;
    if (blockmap_find_overlap(p, span, &other, &owner)) {
        const struct live_block *b = &pass->blocks[owner];
        return naming_block(pass, owner, fail(pass, CHECK_OVERLAP, "%s returned payload [0x%" PRIxPTR ",0x%" PRIxPTR "), "
                                         "which overlaps block %" PRId32 " [0x%" PRIxPTR
                                         ",0x%" PRIxPTR ")",
                    fn, p, (uintptr_t)(p + span), owner, b->payload,
                    (uintptr_t)(b->payload + span_of(b->size))));
    }
    return true;
}

/* No byte between the break and the end of its page may change: that
 * memory is not the allocator's. (Pages beyond fault at once.) */
static bool check_above_break(struct pass *pass)
{
    const struct arena *arena = &pass->host->arena;
    if (pass->level == 0 || !pass->a->uses_heap)
        return true;
    size_t brk = arena->brk, page_end = (brk + arena->page - 1) & ~(arena->page - 1);
    uint64_t at = first_nonzero(arena->view + brk, page_end - brk);
    if (at == UINT64_MAX)
        return true;
    return fail(pass, CHECK_ABOVE_BREAK, "the allocator wrote above the heap's break: byte "
                                         "0x%" PRIxPTR " (break 0x%" PRIxPTR ") is 0x%02x",
                (uintptr_t)(MEM_ARENA_ADDRESS + brk + at), (uintptr_t)(MEM_ARENA_ADDRESS + brk),
                arena->view[brk + at]);
}

/* A pattern seed unique to this run and op. */
static uint64_t fresh_seed(const struct pass *pass)
{
    return mix_seed(((uint64_t)pass->phase << 32) | (uint64_t)pass->op_index);
}

/* Block id now lives at payload; its pattern bytes from offset written on
 * are written (the earlier ones are already in place). */
static void remember(struct pass *pass, int32_t id, uintptr_t payload, uint64_t size,
                     uint64_t seed, uint64_t written)
{
    struct live_block *b = &pass->blocks[id];
    *b = (struct live_block){payload, size, seed, pass->op->line, true};
    pass->live_bytes += size;
    if (payload == 0)
        return;
    if (pass->a->uses_heap && pass->level > 0)
        blockmap_insert(payload, span_of(size), id);
    if (patterned(pass, b))
        fill_range(view(pass, payload), written, size, seed);
}

static void forget(struct pass *pass, int32_t id)
{
    struct live_block *b = &pass->blocks[id];
    if (b->payload != 0 && pass->a->uses_heap && pass->level > 0)
        blockmap_remove(b->payload, span_of(b->size));
    pass->live_bytes -= b->size;
    *b = (struct live_block){0};
}

/* ---- the four ops ---------------------------------------------------- */

/* An allocation that must fail (too large to ever fit) returned p. */
static bool check_refused(struct pass *pass, const char *fn, uintptr_t p)
{
    if (p == 0 || !pass->a->uses_heap)
        return true;
    return fail(pass, CHECK_MUST_FAIL, "%s returned 0x%" PRIxPTR " for a request that can "
                                       "never fit (more than MAX_HEAP = %u bytes, or nmemb * "
                                       "size overflows); it must return NULL",
                fn, p, (unsigned)MAX_HEAP);
}

static bool check_not_null(struct pass *pass, const char *fn, uintptr_t p, uint64_t size)
{
    if (p != 0 || size == 0)
        return true;
    const struct arena *arena = &pass->host->arena;
    if (arena->refused != 0)
        return fail(pass, CHECK_NULL, "%s returned NULL for %" PRIu64 " bytes (the heap is "
                                      "%zu bytes; mem_sbrk refused to grow it to %zu, past "
                                      "MAX_HEAP = %u)",
                    fn, size, arena->brk, arena->refused, (unsigned)MAX_HEAP);
    return fail(pass, CHECK_NULL, "%s returned NULL for %" PRIu64 " bytes (the heap is %zu "
                                  "bytes of MAX_HEAP = %u)",
                fn, size, arena->brk, (unsigned)MAX_HEAP);
}

/* A block for a request that leaves its id dead (one that must fail, met
 * by a production allocator, or realloc(NULL, 0)): given back at once. */
static bool give_back(struct pass *pass, uintptr_t p)
{
    uint64_t ignored;
    return p == 0 || call(pass, REQUEST_FREE, p, 0, &ignored);
}

static bool replay_alloc(struct pass *pass, uintptr_t *result)
{
    const struct op *op = pass->op;
    uint64_t bytes;
    bool must_fail = request_is_unsatisfiable(op, &bytes);
    uint64_t p;
    if (!call(pass, REQUEST_MALLOC, size_argument(must_fail ? op->size : bytes), 0, &p))
        return false;
    *result = (uintptr_t)p;
    if (must_fail)
        return check_refused(pass, "mm_malloc", *result) && give_back(pass, *result);
    if (!check_not_null(pass, "mm_malloc", *result, bytes) ||
        (p != 0 && !check_payload(pass, "mm_malloc", *result, bytes)))
        return false;
    remember(pass, op->id, *result, bytes, fresh_seed(pass), 0);
    return true;
}

static bool replay_calloc(struct pass *pass, uintptr_t *result)
{
    const struct op *op = pass->op;
    uint64_t bytes = 0;
    bool must_fail = request_is_unsatisfiable(op, &bytes);
    uint64_t p;
    if (!call(pass, REQUEST_CALLOC, size_argument(op->nmemb), size_argument(op->size), &p))
        return false;
    *result = (uintptr_t)p;
    if (must_fail)
        return check_refused(pass, "mm_calloc", *result) && give_back(pass, *result);
    if (!check_not_null(pass, "mm_calloc", *result, bytes) ||
        (p != 0 && !check_payload(pass, "mm_calloc", *result, bytes)))
        return false;
    if (p != 0 && pass->level > 0 && pass->a->uses_heap) {
        uint64_t at = first_nonzero(view(pass, *result), bytes);
        if (at != UINT64_MAX)
            return fail(pass, CHECK_CALLOC_ZERO, "mm_calloc returned [0x%" PRIxPTR
                                                 ",0x%" PRIxPTR ") whose byte %" PRIu64
                                                 " is 0x%02x, not zero",
                        *result, (uintptr_t)(*result + bytes), at, view(pass, *result)[at]);
    }
    remember(pass, op->id, *result, bytes, fresh_seed(pass), 0);
    return true;
}

static bool replay_free(struct pass *pass)
{
    int32_t id = pass->op->id;
    uint64_t ignored;
    if (id == NULL_BLOCK_ID)
        return call(pass, REQUEST_FREE, 0, 0, &ignored);
    if (!verify_intact(pass, id, ""))
        return false;
    uintptr_t payload = pass->blocks[id].payload;
    forget(pass, id);
    return call(pass, REQUEST_FREE, payload, 0, &ignored);
}

static bool replay_realloc(struct pass *pass, uintptr_t *result)
{
    const struct op *op = pass->op;
    struct live_block old = pass->blocks[op->id];
    if (!verify_intact(pass, op->id, "before mm_realloc: "))
        return false;
    uint64_t bytes;
    bool must_fail = request_is_unsatisfiable(op, &bytes);
    uint64_t p;
    if (!call(pass, REQUEST_REALLOC, old.payload, size_argument(must_fail ? op->size : bytes),
              &p))
        return false;
    *result = (uintptr_t)p;
    if (must_fail && p != 0 && !pass->a->uses_heap) {
        /* A production allocator may meet a request the heap never could:
         * the block moved, and is tracked at its new place. */
        forget(pass, op->id);
        remember(pass, op->id, *result, 0, 0, 0);
        return true;
    }
    if (must_fail)
        return check_refused(pass, "mm_realloc", *result) &&
               verify_intact(pass, op->id, "after a refused mm_realloc: ");
    if (bytes == 0) {
        forget(pass, op->id);
        if (old.payload == 0)
            /* realloc(NULL, 0) is malloc(0): a unique pointer is allowed. */
            return (p == 0 || check_payload(pass, "mm_realloc", *result, 0)) &&
                   give_back(pass, *result);
        /* C leaves realloc(p, 0) to the implementation: a production
         * allocator may return a fresh minimal block. */
        if (!pass->a->uses_heap)
            return give_back(pass, *result);
        if (p != 0)
            return fail(pass, CHECK_REALLOC_ZERO, "mm_realloc(0x%" PRIxPTR ", 0) returned "
                                                  "0x%" PRIxPTR "; it must free the block and "
                                                  "return NULL",
                        old.payload, *result);
        return true;
    }
    if (!check_not_null(pass, "mm_realloc", *result, bytes))
        return false;
    forget(pass, op->id);
    if (!check_payload(pass, "mm_realloc", *result, bytes))
        return false;
    uint64_t kept = old.payload != 0 ? (old.size < bytes ? old.size : bytes) : 0;
    if (kept > 0 && patterned(pass, &old)) {
        uint64_t at = first_difference(view(pass, *result), 0, kept, old.seed);
        if (at != UINT64_MAX)
            return fail(pass, CHECK_REALLOC_DATA, "mm_realloc moved block %" PRId32 " from "
                                                  "[0x%" PRIxPTR ",0x%" PRIxPTR ") to [0x%" PRIxPTR
                                                  ",0x%" PRIxPTR ") but lost data: byte %" PRIu64
                                                  " of the first %" PRIu64 " is 0x%02x, "
                                                  "expected 0x%02x",
                        op->id, old.payload, (uintptr_t)(old.payload + old.size), *result,
                        (uintptr_t)(*result + bytes), at, kept, view(pass, *result)[at],
                        pattern_byte(old.seed, at));
    }
    /* A moved block keeps its seed: the kept bytes already match it. */
    remember(pass, op->id, *result, bytes, old.payload != 0 ? old.seed : fresh_seed(pass),
             kept);
    return true;
}

/* ---- runs ------------------------------------------------------------ */

static bool check_heap_consistent(struct pass *pass)
{
    uint64_t consistent;
    if (!call(pass, REQUEST_CHECKHEAP, 0, 0, &consistent))
        return false;
    if ((int)consistent != 0)
        return true;
    return fail(pass, CHECK_CHECKHEAP, "mm_checkheap reported an inconsistent heap before this "
                                       "op (its own message is shown above)");
}

/* The allocator's process's resident memory, from /proc/PID/statm; 0 if
 * unknown. */
static uint64_t resident_bytes(int statm_fd)
{
    char text[128];
    ssize_t n = statm_fd < 0 ? -1 : pread(statm_fd, text, sizeof text - 1, 0);
    if (n <= 0)
        return 0;
    text[n] = '\0';
    unsigned long size, resident;
    if (sscanf(text, "%lu %lu", &size, &resident) != 2)
        return 0;
    return (uint64_t)resident * (uint64_t)sysconf(_SC_PAGESIZE);
}

/* The live payloads, in id order (malloc'd; NULL when out of memory). */
static struct live_span *live_spans(const struct pass *pass, size_t *count)
{
    const struct trace *t = pass->trace;
    struct live_span *spans = calloc(t->num_ids + 1u, sizeof *spans);
    *count = 0;
    for (uint32_t id = 0; spans != NULL && id < t->num_ids; id++)
        if (pass->blocks[id].payload != 0)
            spans[(*count)++] = (struct live_span){pass->blocks[id].payload,
                                                   pass->blocks[id].size, (int32_t)id};
    return spans;
}

/* The live payloads as they are now, for the -H map. */
static void write_heap_map(struct pass *pass)
{
    struct observer *o = pass->observer;
    uint64_t heap_bytes = pass->host->arena.brk;
    size_t count;
    struct live_span *spans = live_spans(pass, &count);
    if (spans != NULL)
        observer_write_map(o, pass->op_index, MEM_ARENA_ADDRESS, heap_bytes, spans, count);
    free(spans);
}

/* Hand the first run's view of the heap to the observer, if any. */
static void observe(struct pass *pass)
{
    struct observer *o = pass->observer;
    uint64_t heap_bytes = pass->a->uses_heap ? pass->host->arena.brk : 0;
    observer_after_op(o, pass->op_index, heap_bytes, pass->live_bytes);
    if (pass->a->uses_heap && observer_wants_map(o, pass->op_index, pass->live_bytes))
        write_heap_map(pass);
}

/* The first run measures where the bytes went when live bytes first reach
 * their peak (breakdown.h); before any op for a trace whose peak is 0. */
static void measure_peak(struct pass *pass, bool at_op)
{
    if (pass->phase != PHASE_CHECKED || !pass->a->uses_heap || pass->peak_measured ||
        pass->live_bytes != pass->trace->peak_bytes)
        return;
    pass->peak_measured = true;
    size_t count;
    struct live_span *spans = live_spans(pass, &count);
    if (spans != NULL)
        breakdown_measure(&pass->result->breakdown, spans, count, MEM_ARENA_ADDRESS, at_op,
                          pass->op_index);
    free(spans);
}

_Static_assert(ALIGNMENT >= 2 && (ALIGNMENT & (ALIGNMENT - 1)) == 0,
               "ALIGNMENT (config.h) is a power of two, so a heap allocator's payload has "
               "its lowest bit free for answer_of's mark");

/* The first run records each op's answer; the second must repeat it. */
static bool same_answer(struct pass *pass, uintptr_t result)
{
    uint64_t answer = answer_of(result);
    if (pass->phase == PHASE_CHECKED || !pass->a->uses_heap) {
        pass->answers[pass->op_index] = answer;
        return true;
    }
    uint64_t first = pass->answers[pass->op_index];
    if (answer == first)
        return true;
    return fail(pass, CHECK_DETERMINISM,
                "the allocator returned 0x%" PRIxPTR " the second time the trace ran, but "
                "0x%" PRIxPTR " the first time: an allocator must give the same answers every "
                "time it replays a trace from an empty heap (does mm_init reset all state? "
                "does the allocator read heap bytes it never wrote?)",
                (uintptr_t)(answer & ~(uint64_t)1), (uintptr_t)(first & ~(uint64_t)1));
}

static bool replay_op(struct pass *pass)
{
    uintptr_t result = 0;
    bool ok = false; /* the trace reader makes no other kind */
    switch ((enum op_kind)pass->op->kind) {
    case OP_ALLOC: ok = replay_alloc(pass, &result); break;
    case OP_CALLOC: ok = replay_calloc(pass, &result); break;
    case OP_REALLOC: ok = replay_realloc(pass, &result); break;
    case OP_FREE: ok = replay_free(pass); break;
    }
    /* A call that crashed, hung or was stopped returned nothing; one that
     * a check failed on returned its answer. */
    bool answered = ok || pass->result->verdict.kind == VERDICT_FAILED_CHECK;
    if (pass->observer != NULL && pass->a->uses_heap && answered)
        observer_answer(pass->observer, pass->op_index, result, pass->host->arena.brk);
    return ok && same_answer(pass, result) && check_above_break(pass);
}

static bool run_pass(struct pass *pass)
{
    const struct trace *t = pass->trace;
    memset(pass->blocks, 0, (t->num_ids + 1u) * sizeof *pass->blocks);
    pass->live_bytes = 0;
    pass->op = NULL;
    pass->op_index = 0;
    pass->host->spec.phase = pass->phase;
    blockmap_clear();
    uint64_t status;
    if (!call(pass, REQUEST_INIT, 0, 0, &status))
        return false;
    if ((int)status < 0) {
        verdict_fail(&pass->result->verdict, pass->phase, false, 0, CHECK_INIT,
                     "mm_init returned %d (failure)", (int)status);
        return false;
    }
    /* For an allocator outside the simulated heap, the memory it takes
     * shows as the growth of its process's resident memory. */
    bool sample_rss = !pass->a->uses_heap && pass->phase == PHASE_CHECKED;
    uint64_t rss_base = sample_rss ? resident_bytes(pass->statm_fd) : 0, rss_peak = rss_base;
    if (t->peak_bytes == 0)
        measure_peak(pass, false);
    double ops_started = monotonic_seconds();
    for (uint32_t i = 0; i < t->num_ops; i++) {
        pass->op_index = i;
        pass->op = &t->ops[i];
        if (pass->level >= 2 && !check_heap_consistent(pass))
            return false;
        if (!replay_op(pass)) {
            /* The map of the blocks live when the check failed. */
            if (pass->observer != NULL && pass->a->uses_heap)
                write_heap_map(pass);
            return false;
        }
        measure_peak(pass, true);
        if (pass->observer != NULL)
            observe(pass);
        /* Sample every RSS_SAMPLE ops, after every large request, and at
         * the end. */
        if (sample_rss && (i % RSS_SAMPLE == 0 || pass->op->size >= RSS_LARGE_REQUEST ||
                           i + 1 == t->num_ops)) {
            uint64_t now = resident_bytes(pass->statm_fd);
            rss_peak = now > rss_peak ? now : rss_peak;
        }
    }
    if (pass->phase == PHASE_CHECKED)
        pass->result->check_secs = monotonic_seconds() - ops_started;
    if (pass->level >= 2) {
        for (int32_t id = 0; (uint32_t)id < t->num_ids; id++)
            if (!verify_intact(pass, id, "at the end of the trace: "))
                return false;
        if (!check_heap_consistent(pass))
            return false;
    }
    if (sample_rss)
        pass->result->rss_growth = rss_peak - rss_base;
    /* Blocks of a production allocator live on in its process; the next
     * run starts from a fresh mm_init anyway, so only free them. */
    uint64_t ignored;
    for (uint32_t id = 0; !pass->a->uses_heap && id < t->num_ids; id++)
        if (pass->blocks[id].payload != 0 &&
            !call(pass, REQUEST_FREE, pass->blocks[id].payload, 0, &ignored))
            return false;
    return true;
}

static int open_statm(const struct host *h)
{
    char path[64];
    if (h->pid <= 0)
        snprintf(path, sizeof path, "/proc/self/statm");
    else
        snprintf(path, sizeof path, "/proc/%d/statm", (int)h->pid);
    return open(path, O_RDONLY | O_CLOEXEC);
}

void check_trace(const struct allocator *a, const struct trace *trace,
                 const struct check_options *options, struct check_result *result)
{
    *result = (struct check_result){.verdict = {.kind = VERDICT_OK}};
    struct host_spec spec = {
        .allocator = a,
        .mode = HOST_CHECKED,
        .phase = PHASE_CHECKED,
        .deadline = options->timeout_secs > 0 ? monotonic_seconds() + options->timeout_secs : 0,
        .show_output = options->show_output,
        .tick = options->tick,
        .tick_arg = options->tick_arg,
    };
    struct host host;
    struct pass pass = {
        .a = a,
        .trace = trace,
        .host = &host,
        .blocks = calloc(trace->num_ids + 1u, sizeof *pass.blocks),
        .answers = calloc(trace->num_ops + 1u, sizeof *pass.answers),
        .result = result,
        .level = options->debug_level,
        .phase = PHASE_CHECKED,
        .statm_fd = -1,
    };
    if (pass.blocks == NULL || pass.answers == NULL)
        die("out of memory for the checks of %s", trace->shown_path);
    if (!host_start(&host, &spec)) {
        result->verdict = host.verdict;
        host_stop(&host, false);
        free(pass.blocks);
        free(pass.answers);
        return;
    }
    if (!a->uses_heap)
        pass.statm_fd = open_statm(&host);
    pass.observer = observer_open(options->observation, a->name, trace);
    bool ok = run_pass(&pass);
    result->recording = observer_close(pass.observer);
    pass.observer = NULL;
    if (ok && a->uses_heap) {
        result->heap_size = host.arena.brk;
        result->util = result->heap_size == 0
                           ? 1.0
                           : (double)trace->peak_bytes / (double)result->heap_size;
        breakdown_finish(&result->breakdown, result->heap_size);
    }
    pass.phase = PHASE_RECHECKED;
    if (ok && run_pass(&pass) && a->uses_heap && host.arena.brk != result->heap_size)
        verdict_fail(&result->verdict, PHASE_RECHECKED, false, 0, CHECK_DETERMINISM,
                     "the heap grew to %zu bytes the second time the trace ran but to %zu the "
                     "first time: does mm_init reset all state?",
                     host.arena.brk, result->heap_size);
    host_stop(&host, false);
    result->output_bytes = host.output_bytes;
    if (pass.statm_fd >= 0)
        close(pass.statm_fd);
    free(pass.blocks);
    if (result->verdict.kind == VERDICT_OK)
        result->answers = pass.answers;
    else
        free(pass.answers);
    if (result->verdict.kind != VERDICT_OK)
        result->breakdown.measured = false;
}

/*
 * checker.c - checked replay of one trace (contract in checker.h).
 *
 * Per block id the checker remembers the payload, its requested size and a
 * pattern seed. The pattern is a function of (seed, offset), so any byte of
 * a payload can be re-derived and compared without keeping a copy. At the
 * default level only the head and tail windows of a payload are written and
 * compared, which catches the usual damage (a header or footer written over
 * a neighbour's first or last bytes) at a cost independent of block size.
 *
 * Every failure is turned into one line naming the trace file, the line,
 * the op as written, the block and the addresses involved; the first
 * failure ends the pass.
 */
#define _GNU_SOURCE
#include "checker.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include "blockmap.h"
#include "config.h"
#include "memlib.h"
#include "observe.h"
#include "progress.h"

struct live_block {
    uint8_t *payload;     /* NULL when not live, or for a NULL malloc(0) */
    uint64_t size;        /* bytes requested */
    uint64_t seed;        /* pattern seed, new for every write */
    uint32_t since_line;  /* trace line where the pattern was written */
    bool live;
};

/* One checked pass over a trace. */
struct pass {
    const struct allocator *a;
    const struct trace *trace;
    const struct op *op;       /* op being replayed */
    struct live_block *blocks; /* indexed by block id */
    struct check_result *result;
    int level;
    int number;                /* 1 or 2 */
    uint64_t live_bytes;       /* requested bytes of the live blocks */
    struct observer *observer; /* timeline and heap map, first pass only */
};

bool checker_init(void)
{
    return blockmap_init((uintptr_t)mem_arena_lo(),
                         (uintptr_t)mem_arena_hi() - (uintptr_t)mem_arena_lo());
}

static bool fail(struct pass *pass, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bool fail(struct pass *pass, const char *fmt, ...)
{
    char what[480], text[96];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    op_format(pass->op, text, sizeof text);
    snprintf(pass->result->error, sizeof pass->result->error, "%s:%" PRIu32 ": %s: %s%s",
             pass->trace->path, pass->op->line, text, what,
             pass->number == 2 ? " (second run of the trace: does mm_init reset all state?)" : "");
    pass->result->valid = false;
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

/* The byte ranges that carry the pattern at this level: the whole payload,
 * or a head and a tail window (which may touch or coincide). */
struct windows {
    uint64_t head_end, tail_start, size;
};

static struct windows windows_of(const struct pass *pass, uint64_t size)
{
    struct windows w = {size, size, size};
    /* An allocator outside the simulated heap gets every byte written in
     * the first pass, so that resident memory shows what it really uses. */
    bool every_byte = pass->level >= 2 || (!pass->a->uses_heap && pass->number == 1);
    if (!every_byte && size > 2 * (uint64_t)CHECK_WINDOW) {
        w.head_end = CHECK_WINDOW;
        w.tail_start = size - CHECK_WINDOW;
    }
    return w;
}

static void fill_range(uint8_t *p, uint64_t from, uint64_t to, uint64_t seed)
{
    uint64_t i = from;
    for (; i < to && (i & 7) != 0; i++)
        p[i] = pattern_byte(seed, i);
    for (; i + 8 <= to; i += 8) {
        uint64_t word = pattern_word(seed, i >> 3);
        for (unsigned k = 0; k < 8; k++)
            p[i + k] = (uint8_t)(word >> (8 * k));
    }
    for (; i < to; i++)
        p[i] = pattern_byte(seed, i);
}

/* First offset in [from, min(to, limit)) whose byte differs, or UINT64_MAX. */
static uint64_t first_difference(const uint8_t *p, uint64_t from, uint64_t to,
                                 uint64_t limit, uint64_t seed)
{
    if (to > limit)
        to = limit;
    uint64_t i = from;
    for (; i < to && (i & 7) != 0; i++)
        if (p[i] != pattern_byte(seed, i))
            return i;
    for (; i + 8 <= to; i += 8) {
        uint64_t word = pattern_word(seed, i >> 3);
        for (unsigned k = 0; k < 8; k++)
            if (p[i + k] != (uint8_t)(word >> (8 * k)))
                return i + k;
    }
    for (; i < to; i++)
        if (p[i] != pattern_byte(seed, i))
            return i;
    return UINT64_MAX;
}

static void fill_windows(const struct pass *pass, struct live_block *b)
{
    struct windows w = windows_of(pass, b->size);
    fill_range(b->payload, 0, w.head_end, b->seed);
    fill_range(b->payload, w.tail_start, w.size, b->seed);
    b->since_line = pass->op->line;
}

/* Offset of the first pattern byte of b below limit that changed. */
static uint64_t damaged_offset(const struct pass *pass, const struct live_block *b,
                               uint64_t limit)
{
    struct windows w = windows_of(pass, b->size);
    uint64_t at = first_difference(b->payload, 0, w.head_end, limit, b->seed);
    if (at == UINT64_MAX)
        at = first_difference(b->payload, w.tail_start, w.size, limit, b->seed);
    return at;
}

static bool verify_intact(struct pass *pass, int32_t id, const char *when)
{
    const struct live_block *b = &pass->blocks[id];
    if (pass->level == 0 || b->payload == NULL)
        return true;
    uint64_t at = damaged_offset(pass, b, b->size);
    if (at == UINT64_MAX)
        return true;
    return fail(pass,
                "%spayload of block %" PRId32 " [%p,%p) was changed since line %" PRIu32
                ": byte %" PRIu64 " is 0x%02x, expected 0x%02x (the allocator wrote "
                "into a payload it had handed out)",
                when, id, (void *)b->payload, (void *)(b->payload + b->size),
                b->since_line, at, b->payload[at], pattern_byte(b->seed, at));
}

/* ---- address checks -------------------------------------------------- */

static uint64_t span_of(uint64_t size) { return size == 0 ? 1 : size; }

static bool check_payload(struct pass *pass, const char *fn, const uint8_t *p,
                          uint64_t size)
{
    if (pass->level == 0)
        return true;
    uintptr_t start = (uintptr_t)p;
    uintptr_t alignment = ALIGNMENT;
    /* C asks a production allocator only for the alignment of any object
     * that fits the request: a 4-byte block needs only 4. */
    while (!pass->a->uses_heap && alignment > 1 && alignment > size)
        alignment /= 2;
    if (start % alignment != 0)
        return fail(pass, "%s returned %p, which is not aligned to %u bytes", fn,
                    (void *)p, (unsigned)alignment);
    if (!pass->a->uses_heap)
        return true;
    /* A payload of 0 bytes may sit at the very end of the heap; it still
     * takes one byte's place in the overlap check, to be unique. */
    uintptr_t lo = (uintptr_t)mem_heap_lo(), end_of_heap = (uintptr_t)mem_heap_hi() + 1;
    uint64_t span = span_of(size);
    if (start < lo || start > end_of_heap || size > end_of_heap - start)
        return fail(pass, "%s returned payload [%p,%p), not inside the heap [%p,%p)", fn,
                    (void *)p, (void *)(uintptr_t)(start + span), (void *)lo, (void *)end_of_heap);
    uintptr_t other;
    int32_t owner;
    if (blockmap_find_overlap(start, span, &other, &owner)) {
        const struct live_block *b = &pass->blocks[owner];
        return fail(pass, "%s returned payload [%p,%p), which overlaps block %" PRId32
                          " [%p,%p)",
                    fn, (void *)p, (void *)(uintptr_t)(start + span), owner, (void *)b->payload,
                    (void *)(b->payload + span_of(b->size)));
    }
    return true;
}

/* A pattern seed unique to this pass and op. */
static uint64_t fresh_seed(const struct pass *pass)
{
    return mix_seed(((uint64_t)pass->number << 32) | (uint64_t)(pass->op - pass->trace->ops));
}

static void remember(struct pass *pass, int32_t id, uint8_t *payload, uint64_t size,
                     uint64_t seed)
{
    struct live_block *b = &pass->blocks[id];
    b->live = true;
    b->payload = payload;
    b->size = size;
    b->seed = seed;
    pass->live_bytes += size;
    if (payload == NULL)
        return;
    if (pass->a->uses_heap && pass->level > 0)
        blockmap_insert((uintptr_t)payload, span_of(size), id);
    if (pass->level > 0)
        fill_windows(pass, b);
}

static void forget(struct pass *pass, int32_t id)
{
    struct live_block *b = &pass->blocks[id];
    if (b->payload != NULL && pass->a->uses_heap && pass->level > 0)
        blockmap_remove((uintptr_t)b->payload, span_of(b->size));
    pass->live_bytes -= b->size;
    b->live = false;
    b->payload = NULL;
    b->size = 0;
}

/* ---- the four ops ---------------------------------------------------- */

/* An allocation that must fail (too large to ever fit) returned p. */
static bool check_refused(struct pass *pass, const char *fn, const void *p)
{
    if (p == NULL || !pass->a->uses_heap)
        return true;
    return fail(pass, "%s returned %p for a request that can never fit (more than "
                      "MAX_HEAP = %u bytes, or nmemb * size overflows); it must return NULL",
                fn, p, (unsigned)MAX_HEAP);
}

static bool check_not_null(struct pass *pass, const char *fn, const void *p, uint64_t size)
{
    if (p != NULL || size == 0)
        return true;
    return fail(pass, "%s returned NULL for %" PRIu64 " bytes (the heap is %zu bytes "
                      "of MAX_HEAP = %u)",
                fn, size, mem_heapsize(), (unsigned)MAX_HEAP);
}

static bool replay_alloc(struct pass *pass)
{
    const struct op *op = pass->op;
    uint64_t bytes;
    bool must_fail = request_is_unsatisfiable(op, &bytes);
    uint8_t *p = pass->a->malloc(size_argument(must_fail ? op->size : bytes));
    if (must_fail) {
        if (p != NULL && !pass->a->uses_heap)
            pass->a->free(p);
        return check_refused(pass, "mm_malloc", p);
    }
    if (!check_not_null(pass, "mm_malloc", p, bytes) ||
        (p != NULL && !check_payload(pass, "mm_malloc", p, bytes)))
        return false;
    remember(pass, op->id, p, bytes, fresh_seed(pass));
    return true;
}

static bool replay_calloc(struct pass *pass)
{
    const struct op *op = pass->op;
    uint64_t bytes = 0;
    bool must_fail = request_is_unsatisfiable(op, &bytes);
    uint8_t *p = pass->a->calloc(size_argument(op->nmemb), size_argument(op->size));
    if (must_fail) {
        if (p != NULL && !pass->a->uses_heap)
            pass->a->free(p);
        return check_refused(pass, "mm_calloc", p);
    }
    if (!check_not_null(pass, "mm_calloc", p, bytes) ||
        (p != NULL && !check_payload(pass, "mm_calloc", p, bytes)))
        return false;
    if (p != NULL && pass->level > 0) {
        struct windows w = windows_of(pass, bytes);
        for (uint64_t i = 0; i < w.size; i = i + 1 == w.head_end ? w.tail_start : i + 1)
            if (p[i] != 0)
                return fail(pass, "mm_calloc returned [%p,%p) whose byte %" PRIu64
                                  " is 0x%02x, not zero",
                            (void *)p, (void *)(p + bytes), i, p[i]);
    }
    remember(pass, op->id, p, bytes, fresh_seed(pass));
    return true;
}

static bool replay_free(struct pass *pass)
{
    int32_t id = pass->op->id;
    if (id == NULL_BLOCK_ID) {
        pass->a->free(NULL);
        return true;
    }
    if (!verify_intact(pass, id, ""))
        return false;
    void *payload = pass->blocks[id].payload;
    forget(pass, id);
    pass->a->free(payload);
    return true;
}

static bool replay_realloc(struct pass *pass)
{
    const struct op *op = pass->op;
    struct live_block old = pass->blocks[op->id];
    if (!old.live)
        old.payload = NULL, old.size = 0;
    if (!verify_intact(pass, op->id, "before mm_realloc: "))
        return false;
    uint64_t bytes;
    bool must_fail = request_is_unsatisfiable(op, &bytes);
    uint8_t *p = pass->a->realloc(old.payload, size_argument(must_fail ? op->size : bytes));
    if (must_fail) {
        if (p != NULL && !pass->a->uses_heap) {
            forget(pass, op->id);
            remember(pass, op->id, p, 0, 0);
        }
        return check_refused(pass, "mm_realloc", p) &&
               verify_intact(pass, op->id, "after a refused mm_realloc: ");
    }
    if (bytes == 0) {
        forget(pass, op->id);
        if (old.payload == NULL) {
            /* realloc(NULL, 0) is malloc(0): a unique pointer is allowed,
             * and freed at once so that the id stays dead. */
            if (p != NULL && !check_payload(pass, "mm_realloc", p, 0))
                return false;
            if (p != NULL)
                pass->a->free(p);
            return true;
        }
        /* C leaves realloc(p, 0) to the implementation: a production
         * allocator may return a fresh minimal block, which is freed here. */
        if (p != NULL && !pass->a->uses_heap) {
            pass->a->free(p);
            return true;
        }
        if (p != NULL)
            return fail(pass, "mm_realloc(%p, 0) returned %p; it must free the block and "
                              "return NULL",
                        (void *)old.payload, (void *)p);
        return true;
    }
    if (!check_not_null(pass, "mm_realloc", p, bytes))
        return false;
    forget(pass, op->id);
    if (!check_payload(pass, "mm_realloc", p, bytes))
        return false;
    if (old.payload != NULL && pass->level > 0) {
        struct live_block moved = old;
        moved.payload = p;
        uint64_t kept = old.size < bytes ? old.size : bytes;
        uint64_t at = damaged_offset(pass, &moved, kept);
        if (at != UINT64_MAX)
            return fail(pass, "mm_realloc moved block %" PRId32 " from [%p,%p) to [%p,%p) "
                              "but lost data: byte %" PRIu64 " of the first %" PRIu64
                              " is 0x%02x, expected 0x%02x",
                        op->id, (void *)old.payload, (void *)(old.payload + old.size),
                        (void *)p, (void *)(p + bytes), at, kept, p[at],
                        pattern_byte(old.seed, at));
    }
    /* A moved block keeps its seed, so the surviving bytes already agree
     * with the windows written for its new size. */
    remember(pass, op->id, p, bytes, old.payload != NULL ? old.seed : fresh_seed(pass));
    return true;
}

/* ---- passes ---------------------------------------------------------- */

static double thread_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static bool check_heap_consistent(struct pass *pass)
{
    if (pass->a->checkheap(0))
        return true;
    return fail(pass, "mm_checkheap reported an inconsistent heap before this op "
                      "(its own message is printed above)");
}

/* The process's resident memory, from /proc/self/statm; 0 if unknown. */
static uint64_t resident_bytes(void)
{
    static long page;
    if (page == 0)
        page = sysconf(_SC_PAGESIZE);
    int fd = open("/proc/self/statm", O_RDONLY);
    char text[128];
    ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
    if (fd >= 0)
        close(fd);
    if (n <= 0)
        return 0;
    text[n] = '\0';
    unsigned long size, resident;
    if (sscanf(text, "%lu %lu", &size, &resident) != 2)
        return 0;
    return (uint64_t)resident * (uint64_t)page;
}

/* Hand the first pass's view of the heap to the observer, if any. */
static void observe(struct pass *pass, uint32_t op_index)
{
    struct observer *o = pass->observer;
    uint64_t heap_bytes = pass->a->uses_heap ? mem_heapsize() : 0;
    observer_after_op(o, op_index, heap_bytes, pass->live_bytes);
    if (!pass->a->uses_heap || !observer_wants_map(o, op_index, pass->live_bytes))
        return;
    const struct trace *t = pass->trace;
    struct live_span *spans = calloc(t->num_ids + 1u, sizeof *spans);
    size_t count = 0;
    for (uint32_t id = 0; spans != NULL && id < t->num_ids; id++)
        if (pass->blocks[id].payload != NULL)
            spans[count++] = (struct live_span){(uintptr_t)pass->blocks[id].payload,
                                                pass->blocks[id].size, (int32_t)id};
    if (spans != NULL)
        observer_write_map(o, op_index, (uintptr_t)mem_heap_lo(), heap_bytes, spans, count);
    free(spans);
}

static bool run_pass(struct pass *pass)
{
    const struct trace *t = pass->trace;
    enum phase phase = pass->number == 1 ? PHASE_CHECK_1 : PHASE_CHECK_2;
    memset(pass->blocks, 0, t->num_ids * sizeof *pass->blocks); /* also makes it resident */
    pass->live_bytes = 0;
    blockmap_clear();
    if (pass->a->uses_heap)
        mem_reset_brk();
    progress_at(PHASE_INIT, 0);
    if (pass->a->init() < 0) {
        snprintf(pass->result->error, sizeof pass->result->error,
                 "%s: mm_init returned -1 (failure)", t->path);
        pass->result->valid = false;
        return false;
    }
    /* For an allocator outside the simulated heap, the memory it takes
     * shows as the growth of the process's resident memory. */
    bool sample_rss = !pass->a->uses_heap && pass->number == 1;
    uint64_t rss_base = sample_rss ? resident_bytes() : 0, rss_peak = rss_base;
    bool ok = true;
    for (uint32_t i = 0; ok && i < t->num_ops; i++) {
        progress_at(phase, i);
        pass->op = &t->ops[i];
        if (pass->level >= 2 && !check_heap_consistent(pass))
            return false;
        switch (pass->op->kind) {
        case OP_ALLOC: ok = replay_alloc(pass); break;
        case OP_CALLOC: ok = replay_calloc(pass); break;
        case OP_REALLOC: ok = replay_realloc(pass); break;
        default: ok = replay_free(pass);
        }
        if (ok && pass->observer != NULL)
            observe(pass, i);
        /* Sample every RSS_SAMPLE ops, after every large request, and at
         * the end. */
        if (sample_rss && (i % RSS_SAMPLE == 0 || pass->op->size >= RSS_LARGE_REQUEST ||
                           i + 1 == t->num_ops)) {
            uint64_t now = resident_bytes();
            rss_peak = now > rss_peak ? now : rss_peak;
        }
    }
    if (ok && pass->level >= 2) {
        for (int32_t id = 0; ok && (uint32_t)id < t->num_ids; id++)
            ok = verify_intact(pass, id, "at the end of the trace: ");
        ok = ok && check_heap_consistent(pass);
    }
    if (sample_rss)
        pass->result->rss_growth = rss_peak - rss_base;
    if (!pass->a->uses_heap)
        for (uint32_t id = 0; id < t->num_ids; id++)
            if (pass->blocks[id].payload != NULL)
                pass->a->free(pass->blocks[id].payload);
    return ok;
}

void check_trace(const struct allocator *a, const struct trace *trace, int debug_level,
                 const struct observation *observation, struct check_result *result)
{
    memset(result, 0, sizeof *result);
    result->valid = true;
    struct pass pass = {
        .a = a,
        .trace = trace,
        .blocks = calloc(trace->num_ids + 1u, sizeof *pass.blocks),
        .result = result,
        .level = debug_level,
        .number = 1,
        .observer = observer_open(observation, a->name, trace),
    };
    if (pass.blocks == NULL) {
        snprintf(result->error, sizeof result->error, "%s: out of memory", trace->path);
        result->valid = false;
        return;
    }
    double start = thread_seconds();
    bool ok = run_pass(&pass);
    result->check_secs = thread_seconds() - start;
    observer_close(pass.observer);
    pass.observer = NULL;
    if (ok && a->uses_heap) {
        result->heap_size = mem_heapsize();
        result->util = result->heap_size == 0
                           ? 1.0
                           : (double)trace->peak_bytes / (double)result->heap_size;
    }
    pass.number = 2;
    if (ok && run_pass(&pass) && a->uses_heap && mem_heapsize() != result->heap_size) {
        snprintf(result->error, sizeof result->error,
                 "%s: the heap grew to %zu bytes the second time the trace ran but to "
                 "%zu the first time: does mm_init reset all state?",
                 trace->path, mem_heapsize(), result->heap_size);
        result->valid = false;
    }
    free(pass.blocks);
}

/*
 * timer.c - the timed replays (see timer.h).
 */
#define _GNU_SOURCE
#include "timer.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "callgrind.h"
#include "config.h"
#include "die.h"
#include "sandbox.h"
#include "shared/mailbox.h"

int timed_trace_ops(const struct trace *t)
{
    int fd = memfd_create("mdriver-ops", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    const char *p = (const char *)t->ops;
    size_t left = (size_t)t->num_ops * sizeof *t->ops;
    while (fd >= 0 && left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close(fd);
            return -1;
        }
        p += n;
        left -= (size_t)n;
    }
    /* Nobody, the allocator's process least of all, can change them now. */
    if (fd >= 0 &&
        fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* The first op whose answer differs from the checked replay's, or
 * UINT32_MAX. */
static uint32_t first_other_answer(const volatile uint64_t *answers, const uint64_t *expected,
                                   uint32_t count)
{
    for (uint32_t i = 0; i < count; i++)
        if (answers[i] != expected[i])
            return i;
    return UINT32_MAX;
}

static void differs(struct verdict *v, enum phase phase, uint32_t op_index, uint64_t got,
                    uint64_t expected)
{
    if (got == 0)
        verdict_fail(v, phase, true, op_index, CHECK_DETERMINISM,
                     "the replay stopped before this op returned");
    else
        verdict_fail(v, phase, true, op_index, CHECK_DETERMINISM,
                     "the allocator returned 0x%" PRIxPTR " here, but 0x%" PRIxPTR " in the "
                     "checked replay: an allocator must give the same answers every time it "
                     "replays a trace from an empty heap (does it read heap bytes it never "
                     "wrote, or behave differently when timed?)",
                     (uintptr_t)(got & ~(uint64_t)1), (uintptr_t)(expected & ~(uint64_t)1));
}

bool timed_answers_create(struct timed_answers *answers, const struct trace *t)
{
    answers->bytes = ((size_t)t->num_ops + 1) * sizeof *answers->answers;
    answers->answers = MAP_FAILED;
    answers->fd = memfd_create("mdriver-answers", MFD_CLOEXEC);
    if (answers->fd >= 0 && ftruncate(answers->fd, (off_t)answers->bytes) == 0)
        answers->answers = mmap(NULL, answers->bytes, PROT_READ | PROT_WRITE, MAP_SHARED,
                                answers->fd, 0);
    return answers->answers != MAP_FAILED;
}

void timed_answers_destroy(struct timed_answers *answers)
{
    if (answers->answers != MAP_FAILED && answers->answers != NULL)
        munmap((void *)answers->answers, answers->bytes);
    if (answers->fd >= 0)
        close(answers->fd);
    *answers = (struct timed_answers){.fd = -1};
}

bool replay_in_process_of_its_own(const struct measured_replay *r,
                                  struct timed_answers *answers, double *cost,
                                  struct verdict *v)
{
    const struct allocator *a = r->allocator;
    const struct trace *t = r->tt->trace;
    bool counted = r->unit == COST_INSTRUCTIONS;
    struct counts_folder counts;
    if (counted && !counts_folder_prepare(&counts))
        die("-I: no folder for the counts: %s", strerror(errno));
    /* A production allocator's addresses are its own process's. */
    const uint64_t *expected = a->uses_heap ? r->expected : NULL;
    struct host_spec spec = {
        .allocator = a,
        .mode = HOST_TIMED,
        .phase = r->phase,
        .counts = counted ? &counts : NULL,
        .heap_cap = a->uses_heap ? r->heap_cap : 0,
        .answers = answers,
        .ops_fd = r->tt->ops_fd,
        .op_count = t->num_ops,
        .id_count = t->num_ids,
        .deadline = r->deadline,
    };
    struct host h;
    bool ok = host_start(&h, &spec) && host_replay(&h, cost);
    if (!ok)
        *v = h.verdict;
    uint32_t at = ok && expected != NULL ? first_other_answer(h.answers, expected, t->num_ops)
                                         : UINT32_MAX;
    if (at != UINT32_MAX) {
        differs(v, r->phase, at, h.answers[at], expected[at]);
        ok = false;
    }
    if (!host_stop(&h, ok && counted) && ok) {
        verdict_fail(v, r->phase, false, 0, CHECK_PROTOCOL,
                     "the allocator's process did not end cleanly after its replay");
        ok = false;
    }
    memset((void *)answers->answers, 0, answers->bytes);
    if (counted) {
        bool read = ok && callgrind_read_counts(&counts, cost);
        counts_folder_release(&counts);
        if (ok && !read)
            die("-I: valgrind could not count %s's instructions on %s (is valgrind installed? "
                "apt-get install valgrind)",
                a->name, t->path);
    }
    return ok;
}

_Static_assert(1 <= SAMPLE_AGREE && SAMPLE_AGREE <= SAMPLE_MIN_PAIRS &&
                   SAMPLE_MIN_PAIRS <= SAMPLE_MAX,
               "config.h: the pairs taken can reach SAMPLE_MIN_PAIRS, and the fastest "
               "SAMPLE_AGREE of them can agree");

/* Keeps the SAMPLE_AGREE fastest samples, in increasing order. */
struct fastest {
    double best[SAMPLE_AGREE];
    int count;
};

static void keep_if_fast(struct fastest *f, double secs)
{
    if (f->count == SAMPLE_AGREE && secs >= f->best[SAMPLE_AGREE - 1])
        return;
    int i = f->count < SAMPLE_AGREE ? f->count++ : SAMPLE_AGREE - 1;
    while (i > 0 && f->best[i - 1] > secs) {
        f->best[i] = f->best[i - 1];
        i--;
    }
    f->best[i] = secs;
}

static int agreed(const struct fastest *f)
{
    return f->count == SAMPLE_AGREE &&
           f->best[SAMPLE_AGREE - 1] <= f->best[0] * (1.0 + SAMPLE_TOLERANCE);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of n values, which it sorts. */
static double median(double *values, int n)
{
    qsort(values, (size_t)n, sizeof *values, by_value);
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static void too_slow(struct verdict *v, unsigned seconds)
{
    *v = (struct verdict){.kind = VERDICT_TOO_SLOW, .phase = PHASE_TIMED, .seconds = seconds};
}

bool time_trace(const struct allocator *a, const struct allocator *ref,
                const struct timed_trace *tt, const struct check_result *checked,
                struct timing *out, struct verdict *v)
{
    double deadline = tt->timeout_secs > 0 ? monotonic_seconds() + tt->timeout_secs : 0;
    struct fastest mine = {.count = 0}, theirs = {.count = 0};
    double ratios[SAMPLE_MAX];
    int n = 0;
    *out = (struct timing){.rounds = 1};
    struct timed_answers my_answers, ref_answers;
    if (!timed_answers_create(&my_answers, tt->trace) ||
        !timed_answers_create(&ref_answers, tt->trace))
        die("no memory for timed replays: %s", strerror(errno));
    const struct measured_replay mine_timed = {a, tt, checked->heap_size, checked->answers,
                                               PHASE_TIMED, COST_SECONDS, deadline};
    const struct measured_replay ref_timed = {ref, tt, tt->reference->heap_size,
                                              tt->reference->answers, PHASE_REFERENCE,
                                              COST_SECONDS, deadline};
    bool failed = false;
    while (n < SAMPLE_MAX && (n < SAMPLE_MIN_PAIRS || !(agreed(&mine) && agreed(&theirs)))) {
        double my_secs, ref_secs;
        if (!replay_in_process_of_its_own(&mine_timed, &my_answers, &my_secs, v) ||
            !replay_in_process_of_its_own(&ref_timed, &ref_answers, &ref_secs, v)) {
            failed = v->kind != VERDICT_TIMED_OUT;
            break;
        }
        keep_if_fast(&mine, my_secs);
        keep_if_fast(&theirs, ref_secs);
        ratios[n++] = ref_secs / my_secs;
    }
    timed_answers_destroy(&my_answers);
    timed_answers_destroy(&ref_answers);
    if (failed)
        return false;
    out->samples = n;
    if (n < SAMPLE_MIN_PAIRS) {
        too_slow(v, tt->timeout_secs);
        return true;
    }
    out->cost = mine.best[0];
    out->ref_cost = theirs.best[0];
    out->ratio = median(ratios, n);
    *v = (struct verdict){.kind = VERDICT_OK}; /* a late timeout leaves enough pairs */
    return true;
}

void timing_combine(const struct timing *rounds, int n, struct timing *out)
{
    double ratios[TIMING_ROUNDS_MAX];
    struct timing combined = rounds[0];
    combined.samples = 0;
    for (int i = 0; i < n; i++) {
        ratios[i] = rounds[i].ratio;
        combined.samples += rounds[i].samples;
        if (rounds[i].cost < combined.cost)
            combined.cost = rounds[i].cost;
        if (rounds[i].ref_cost < combined.ref_cost)
            combined.ref_cost = rounds[i].ref_cost;
    }
    combined.ratio = median(ratios, n);
    combined.rounds = n;
    *out = combined;
}

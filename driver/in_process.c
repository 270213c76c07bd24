/*
 * in_process.c - the host calls of sandbox.h, made in this process: the
 * backend of mdriver-in-process, the program that ./mdriver -X runs, for
 * debuggers.
 *
 * The program links the driver with every allocator, the student's
 * included, and calls them directly: a breakpoint in mm.c stops where the
 * driver's call went in. The arena is mapped at MEM_ARENA_ADDRESS and lent
 * to memlib, whose every mem_sbrk this file grants. None of the judge's
 * guarantees hold here: the allocator shares the driver's memory, and
 * nothing confines it, so its results carry no weight.
 */
#define _GNU_SOURCE
#include "sandbox.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "die.h"
#include "host/external.h"
#include "host/served.h"
#include "memlib.h"
#include "shared/replay.h"

const bool sandbox_isolates = false;

void sandbox_set_host_programs(const char *const programs[HOST_KINDS]) { (void)programs; }

bool sandbox_program_path(enum host_kind kind, char *out, size_t len)
{
    (void)kind;
    (void)out;
    (void)len;
    return false;
}

double monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The arena lent to the allocator running now. */
static struct arena *lent;

static bool grow_lent_arena(size_t incr, size_t *old_brk)
{
    return arena_grow(lent, incr, old_brk);
}

static void refuse(const char *call)
{
    (void)call; /* nothing is held here: the call does nothing */
}

static const struct mem_owner owner = {grow_lent_arena, refuse};

static const struct mm_functions *functions_of(const struct allocator *a)
{
    const struct mm_functions *fn = served_find(a->name);
    if (fn == NULL)
        die("this program has no allocator %s", a->name);
    return fn;
}

static void lend(struct arena *arena)
{
    lent = arena;
    mem_attach(arena->view, arena->brk, &owner);
}

bool host_start(struct host *h, const struct host_spec *spec)
{
    *h = (struct host){.spec = *spec, .mailbox_fd = -1, .libc_heap_fd = -1};
    h->output.fd = -1;
    if (!arena_create(&h->arena, spec->mode == HOST_TIMED ? spec->heap_cap : 0, true))
        die("the arena: %s", strerror(errno));
    lend(&h->arena);
    return true;
}

bool host_call(struct host *h, enum request request, uint64_t x, uint64_t y, uint64_t *result)
{
    const struct mm_functions *a = functions_of(h->spec.allocator);
    if (request == REQUEST_INIT) {
        arena_empty(&h->arena);
        lend(&h->arena);
    }
    switch (request) {
    case REQUEST_INIT: *result = (uint64_t)(int64_t)a->init(); break;
    case REQUEST_MALLOC: *result = (uintptr_t)a->malloc((size_t)x); break;
    case REQUEST_FREE: a->free((void *)(uintptr_t)x); *result = 0; break;
    case REQUEST_REALLOC: *result = (uintptr_t)a->realloc((void *)(uintptr_t)x, (size_t)y); break;
    case REQUEST_CALLOC: *result = (uintptr_t)a->calloc((size_t)x, (size_t)y); break;
    case REQUEST_CHECKHEAP: *result = (uint64_t)(int64_t)a->checkheap((int)x); break;
    case REQUEST_REPLAY:
    case REQUEST_GROWN:
    case REQUEST_EXIT:
    case REQUEST_TEAM: *result = 0; break;
    }
    return true;
}

static double thread_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

bool host_replay(struct host *h, double *cpu_seconds)
{
    const struct mm_functions *a = functions_of(h->spec.allocator);
    size_t ops_bytes = (size_t)h->spec.op_count * sizeof(struct op);
    const struct op *ops = mmap(NULL, ops_bytes ? ops_bytes : 1, PROT_READ, MAP_SHARED,
                                h->spec.ops_fd, 0);
    void **slots = calloc(h->spec.id_count + 1u, sizeof *slots);
    uint64_t *answers = (uint64_t *)h->spec.answers->answers;
    if (slots == NULL || ops == MAP_FAILED)
        die("no memory to time the trace");
    double start = thread_seconds();
    a->init();
    answers[h->spec.op_count] = INIT_RETURNED;
    replay_ops(a, ops, h->spec.op_count, slots, answers);
    *cpu_seconds = thread_seconds() - start;
    for (uint32_t id = 0; !h->spec.allocator->uses_heap && id <= h->spec.id_count; id++)
        a->free(slots[id]);
    free(slots);
    munmap((void *)ops, ops_bytes ? ops_bytes : 1);
    h->answers = h->spec.answers->answers;
    return true;
}

bool host_stop(struct host *h, bool exit_cleanly)
{
    (void)exit_cleanly;
    arena_destroy(&h->arena);
    lent = NULL;
    return true;
}

void host_team(char fields[TEAM_FIELDS][4 * TEAM_FIELD_BYTES])
{
    char raw[TEAM_FIELDS][TEAM_FIELD_BYTES];
    student_team(raw);
    for (int i = 0; i < TEAM_FIELDS; i++)
        snprintf(fields[i], 4 * TEAM_FIELD_BYTES, "%.*s", TEAM_FIELD_BYTES - 1, raw[i]);
}

unsigned host_production_libraries(void) { return external_load(); }

const char *host_emulator(void) { return NULL; }

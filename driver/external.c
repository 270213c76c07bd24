/*
 * external.c - dlopen'ing jemalloc, mimalloc and tcmalloc (see external.h).
 *
 * Each library is opened with RTLD_LOCAL, so its malloc does not replace
 * the C library's for the rest of the process: the driver calls it only
 * through the pointers looked up here, and every block it allocates is
 * freed by the same library.
 */
#define _GNU_SOURCE
#include "external.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int no_init(void) { return 0; }

static int no_checkheap(int verbose)
{
    (void)verbose;
    return 1;
}

struct candidate {
    const char *name;
    const char *library;  /* soname to dlopen */
    const char *package;  /* Debian package that installs it */
    const char *symbols[4]; /* malloc, free, realloc, calloc */
    const char *description;
};

static const struct candidate candidates[] = {
    {"jemalloc", "libjemalloc.so.2", "libjemalloc2", {"malloc", "free", "realloc", "calloc"},
     "jemalloc (shared library, outside the simulated heap)"},
    {"mimalloc", "libmimalloc.so.2", "libmimalloc2.0",
     {"mi_malloc", "mi_free", "mi_realloc", "mi_calloc"},
     "mimalloc (shared library, outside the simulated heap)"},
    {"tcmalloc", "libtcmalloc_minimal.so.4", "libtcmalloc-minimal4",
     {"tc_malloc", "tc_free", "tc_realloc", "tc_calloc"},
     "tcmalloc (shared library, outside the simulated heap)"},
};

enum { CANDIDATES = sizeof candidates / sizeof *candidates };

static struct allocator loaded[CANDIDATES + 1];
static const struct allocator *found[CANDIDATES + 2];
static bool missing[CANDIDATES];

/* The C library's own malloc, by the names glibc gives it besides malloc:
 * the allocator's process (driver/host.c) takes the plain names for itself
 * (driver/libc_heap.c). */
void *__libc_malloc(size_t size);
void __libc_free(void *ptr);
void *__libc_realloc(void *ptr, size_t size);
void *__libc_calloc(size_t nmemb, size_t size);

static const struct allocator libc = {
    .name = "libc",
    .description = "the C library's malloc (outside the simulated heap)",
    .uses_heap = false,
    .init = no_init,
    .malloc = __libc_malloc,
    .free = __libc_free,
    .realloc = __libc_realloc,
    .calloc = __libc_calloc,
    .checkheap = no_checkheap,
    .entry_points = {"malloc", "free", "realloc", "calloc"},
};

static bool load(const struct candidate *c, struct allocator *a)
{
    void *library = dlopen(c->library, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL)
        return false;
    void *symbol[4];
    for (int i = 0; i < 4; i++)
        if ((symbol[i] = dlsym(library, c->symbols[i])) == NULL)
            return false;
    *a = (struct allocator){
        .name = c->name,
        .description = c->description,
        .uses_heap = false,
        .init = no_init,
        .checkheap = no_checkheap,
        .entry_points = {c->symbols[0], c->symbols[1], c->symbols[2], c->symbols[3]},
    };
    /* POSIX guarantees that function pointers survive a trip through
     * void *, which is how dlsym returns them. */
    *(void **)&a->malloc = symbol[0];
    *(void **)&a->free = symbol[1];
    *(void **)&a->realloc = symbol[2];
    *(void **)&a->calloc = symbol[3];
    return true;
}

/* jemalloc keeps its thread-local state in the static TLS block, which a
 * library opened after start-up finds too small unless glibc is told, at
 * start-up, to keep more room: the driver then runs itself again with
 * that tunable set. */
static void restart_with_room_for_tls(char **argv)
{
    if (getenv("MDRIVER_TLS_RESTARTED") != NULL)
        return;
    const char *tunables = getenv("GLIBC_TUNABLES");
    char *value;
    if (asprintf(&value, "%s%sglibc.rtld.optional_static_tls=65536", tunables ? tunables : "",
                 tunables ? ":" : "") < 0)
        return;
    setenv("GLIBC_TUNABLES", value, 1);
    setenv("MDRIVER_TLS_RESTARTED", "1", 1);
    execv("/proc/self/exe", argv);
    free(value); /* only reached when execv failed: go on without jemalloc */
}

void external_load(char **argv)
{
    if (found[1] != NULL || missing[0])
        return;
    for (size_t i = 0; i < CANDIDATES; i++) {
        void *library = dlopen(candidates[i].library, RTLD_NOW | RTLD_LOCAL);
        if (library == NULL && strstr(dlerror(), "static TLS") != NULL)
            restart_with_room_for_tls(argv);
    }
    size_t n = 1;
    for (size_t i = 0; i < CANDIDATES; i++) {
        if (load(&candidates[i], &loaded[i]))
            found[n++] = &loaded[i];
        else
            missing[i] = true;
    }
}

const struct allocator *const *external_allocators(void)
{
    found[0] = &libc;
    return found;
}

bool external_named_in(const char *names)
{
    for (size_t i = 0; i < CANDIDATES; i++)
        if (strstr(names, candidates[i].name) != NULL)
            return true;
    return false;
}

void external_report_missing(void)
{
    for (size_t i = 0; i < CANDIDATES; i++)
        if (missing[i])
            fprintf(stderr, "mdriver: %s is not installed (%s, Debian package %s): skipped\n",
                    candidates[i].name, candidates[i].library, candidates[i].package);
}

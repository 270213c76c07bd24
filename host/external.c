/*
 * external.c - what the production host serves (see served.h): the C
 * library's malloc, and jemalloc, mimalloc and tcmalloc, each opened with
 * dlopen where its shared library is installed.
 *
 * Each library is opened with RTLD_LOCAL, so its malloc does not replace
 * the C library's for the rest of the process: the host calls it only
 * through the pointers looked up here, and every block it allocates is
 * freed by the same library. This program serves the kit's trusted
 * comparisons only, and runs none of a submission's code.
 */
#define _GNU_SOURCE
#include "external.h"

#include <dlfcn.h>
#include <stdlib.h>

#include "served.h"
#include "shared/production.h"

static int no_init(void) { return 0; }

static int no_checkheap(int verbose)
{
    (void)verbose;
    return 1;
}

static struct served_allocator table[PRODUCTION_LIBRARIES + 2] = {
    {"libc", {no_init, malloc, free, realloc, calloc, no_checkheap}},
};
static unsigned loaded;

static bool load(const struct production_library *library, struct served_allocator *out)
{
    void *handle = dlopen(library->soname, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL)
        return false;
    void *symbol[4];
    for (int i = 0; i < 4; i++)
        if ((symbol[i] = dlsym(handle, library->symbols[i])) == NULL)
            return false;
    *out = (struct served_allocator){.name = library->name,
                                     .fn = {.init = no_init, .checkheap = no_checkheap}};
    /* POSIX guarantees that function pointers survive a trip through
     * void *, which is how dlsym returns them. */
    *(void **)&out->fn.malloc = symbol[0];
    *(void **)&out->fn.free = symbol[1];
    *(void **)&out->fn.realloc = symbol[2];
    *(void **)&out->fn.calloc = symbol[3];
    return true;
}

unsigned external_load(void)
{
    size_t n = 1;
    for (unsigned i = 0; i < PRODUCTION_LIBRARIES; i++)
        if (load(&production_libraries[i], &table[n])) {
            n++;
            loaded |= 1u << i;
        }
    return loaded;
}

const struct served_allocator *production_served(void) { return table; }

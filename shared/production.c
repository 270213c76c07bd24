/*
 * production.c - the production allocators the kit compares with (see
 * production.h): each one's shared library, its Debian package, and the
 * names of its four entry points.
 */
#include "production.h"

const struct production_library production_libraries[PRODUCTION_LIBRARIES] = {
    {"jemalloc", "libjemalloc.so.2", "libjemalloc2",
     "jemalloc (shared library, outside the simulated heap)", {"malloc", "free", "realloc", "calloc"}},
    {"mimalloc", "libmimalloc.so.2", "libmimalloc2.0",
     "mimalloc (shared library, outside the simulated heap)", {"mi_malloc", "mi_free", "mi_realloc", "mi_calloc"}},
    {"tcmalloc", "libtcmalloc_minimal.so.4", "libtcmalloc-minimal4",
     "tcmalloc (shared library, outside the simulated heap)", {"tc_malloc", "tc_free", "tc_realloc", "tc_calloc"}},
};

/* Speaks to valgrind with its own header: under -I it would switch the
 * meter's counting off around its work (CALLGRIND_TOGGLE_COLLECT), leaving
 * its answers as they were. The build must refuse the client request,
 * naming the line.
 * build: refused
 * expect: client_request.c:15: error: it holds valgrind's client-request preamble */
#include <valgrind/callgrind.h>

#include "base.h"
#include "mm.h"

void *mm_malloc(size_t size)
{
    void *p;
    CALLGRIND_TOGGLE_COLLECT;
    p = base_malloc(size);
    CALLGRIND_TOGGLE_COLLECT;
    return p;
}

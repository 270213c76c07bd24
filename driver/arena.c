/*
 * arena.c - the driver's side of the simulated heap (see arena.h).
 */
#define _GNU_SOURCE
#include "arena.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"

static size_t round_up(size_t n, size_t page) { return (n + page - 1) & ~(page - 1); }

bool arena_create(struct arena *a, size_t length, bool placed)
{
    *a = (struct arena){.fd = -1, .page = (size_t)sysconf(_SC_PAGESIZE), .placed = placed};
    a->fd = memfd_create("mdriver-heap", MFD_CLOEXEC);
    a->length = round_up(length, a->page);
    if (a->fd < 0 || ftruncate(a->fd, (off_t)a->length) != 0)
        goto failed;
    void *at = NULL;
    int placement = 0;
    if (placed) {
        /* A page below the heap that is never accessible. */
        char *guard = mmap((void *)(MEM_ARENA_ADDRESS - a->page), a->page + MAX_HEAP,
                           PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
                                          MAP_FIXED_NOREPLACE, -1, 0);
        if (guard != (char *)(MEM_ARENA_ADDRESS - a->page))
            goto failed;
        at = guard + a->page;
        placement = MAP_FIXED;
    }
    a->view = mmap(at, MAX_HEAP, PROT_READ | PROT_WRITE, MAP_SHARED | placement, a->fd, 0);
    if (a->view == MAP_FAILED)
        goto failed;
    return true;
failed:;
    int saved = errno;
    if (a->fd >= 0)
        close(a->fd);
    a->fd = -1;
    a->view = NULL;
    errno = saved;
    return false;
}

bool arena_grow(struct arena *a, size_t incr, size_t *old_brk)
{
    bool fits = incr <= MAX_HEAP - a->brk;
    size_t needed = fits ? round_up(a->brk + incr, a->page) : 0;
    if (!fits || (needed > a->length && ftruncate(a->fd, (off_t)needed) != 0)) {
        a->refused = incr > SIZE_MAX - a->brk ? SIZE_MAX : a->brk + incr;
        return false;
    }
    if (needed > a->length)
        a->length = needed;
    *old_brk = a->brk;
    a->brk += incr;
    return true;
}

void arena_empty(struct arena *a)
{
    if (ftruncate(a->fd, 0) != 0)
        return;
    a->brk = a->length = 0;
    a->refused = 0;
}

void arena_destroy(struct arena *a)
{
    if (a->view != NULL) {
        size_t guard = a->placed ? a->page : 0;
        munmap(a->view - guard, guard + MAX_HEAP);
    }
    if (a->fd >= 0)
        close(a->fd);
    *a = (struct arena){.fd = -1};
}

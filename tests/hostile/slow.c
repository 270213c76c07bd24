/* A correct allocator that spends 100 ms on every malloc and free: the two
 * checked replays of a 12-op trace take about 2.4 s, inside the limit of
 * 4 s, but timing, five replays of its own and five of the reference,
 * cannot finish. It keeps its correctness verdict; its throughput scores 0.
 * traces: tests/traces/short.rep
 * flags: -s 4
 * expect: too slow to time within 4 s: its throughput scores 0
 * status: 0 */
#define _GNU_SOURCE
#include <time.h>

#include "base.h"
#include "mm.h"

static void spend(void)
{
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    do
        clock_gettime(CLOCK_MONOTONIC, &now);
    while ((now.tv_sec - start.tv_sec) * 1000000000L + (now.tv_nsec - start.tv_nsec) <
           100000000L);
}

void *mm_malloc(size_t size)
{
    spend();
    return base_malloc(size);
}

void mm_free(void *ptr)
{
    spend();
    (void)ptr;
}

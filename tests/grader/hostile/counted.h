/*
 * counted.h - how a hostile submission tells the replay that -I counts
 * (it runs under valgrind) from the others, without asking valgrind: the
 * build refuses valgrind's client requests, so it times a loop, which
 * valgrind runs some tens of times slower than the machine.
 */
#ifndef COUNTED_H
#define COUNTED_H

#include <stdbool.h>
#include <time.h>

static inline bool counted_replay(void)
{
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (volatile int i = 0; i < 2000000; i++)
        ;
    clock_gettime(CLOCK_MONOTONIC, &end);
    long ns = (end.tv_sec - start.tv_sec) * 1000000000L + (end.tv_nsec - start.tv_nsec);
    return ns > 50000000L;
}

#endif /* COUNTED_H */

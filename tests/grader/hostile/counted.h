/*
 * counted.h - how a hostile submission tells the replay that -I counts
 * (it runs under valgrind) from the others, without asking valgrind: the
 * build refuses valgrind's client requests, so it times a loop, which
 * valgrind runs some tens of times slower than the machine: 20 million
 * turns take some 5 ms of processor time here, and 250 ms under valgrind.
 * Processor time, not the clock's: on a loaded machine the clock also
 * counts the time other processes ran, and the native replay would pass
 * for the counted one.
 */
#ifndef COUNTED_H
#define COUNTED_H

#include <stdbool.h>
#include <time.h>

static inline bool counted_replay(void)
{
    struct timespec start, end;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
    for (volatile int i = 0; i < 20000000; i++)
        ;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end);
    long ns = (end.tv_sec - start.tv_sec) * 1000000000L + (end.tv_nsec - start.tv_nsec);
    return ns > 60000000L;
}

#endif /* COUNTED_H */

/* Leaves printf debugging in mm_free: its first three calls after mm_init
 * each print a line and take 150 ms, so that on a terminal the driver's
 * progress line is showing when they print. Every trace passes; its lines
 * are shown as its own, each on a line of its own.
 * status: 0
 * expect: ^mm\| mm_free\(0x[0-9a-f]+\)$ */
#define _GNU_SOURCE
#include <stdio.h>
#include <time.h>

#include "base.h"
#include "mm.h"

static unsigned frees_since_init;

static void spend_150_ms(void)
{
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    do
        clock_gettime(CLOCK_MONOTONIC, &now);
    while ((now.tv_sec - start.tv_sec) * 1000000000L + (now.tv_nsec - start.tv_nsec) <
           150000000L);
}

int mm_init(void)
{
    frees_since_init = 0;
    return 0;
}

void mm_free(void *ptr)
{
    if (frees_since_init++ < 3) {
        printf("mm_free(%p)\n", ptr);
        fflush(stdout);
        spend_150_ms();
    }
}

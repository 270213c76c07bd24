/*
 * memlib_test.c - the simulated heap's contract, one behaviour per test.
 *
 * Prints "ok NAME" or "FAIL NAME: why" per test; tests/run.sh counts them.
 * Tests that expect a fault run in a child process.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "memlib.h"

static int failures;

static void check(bool ok, const char *name, const char *why)
{
    if (ok)
        printf("ok   memlib: %s\n", name);
    else {
        printf("FAIL memlib: %s: %s\n", name, why);
        failures++;
    }
}

/* Run write_at(addr) in a child; true when the child died of SIGSEGV. */
static bool write_faults(volatile char *addr)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        *addr = 1;
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
}

int main(void)
{
    mem_init();
    char *lo = mem_heap_lo();
    check(mem_heapsize() == 0 && (char *)mem_heap_hi() == lo - 1, "starts empty",
          "heap size is not 0 or heap_hi is not heap_lo - 1");

    char *first = mem_sbrk(100);
    check(first == lo && mem_heapsize() == 100 && (char *)mem_heap_hi() == lo + 99,
          "sbrk returns the old break and moves it", "wrong break after mem_sbrk(100)");
    first[99] = 7;
    check(first[99] == 7, "bytes below the break are writable", "write lost");

    char *top_page = lo + mem_pagesize();
    check(write_faults(top_page), "a write in the first page above the break faults",
          "no SIGSEGV writing one page above the break");

    check(write_faults(lo - 1), "a write just below the heap faults",
          "no SIGSEGV writing one byte below mem_heap_lo()");

    errno = 0;
    check(mem_sbrk(-16) == (void *)-1 && errno == EINVAL && mem_heapsize() == 100,
          "a negative increment is refused with EINVAL", "mem_sbrk(-16) was not refused");

    errno = 0;
    check(mem_sbrk((intptr_t)MAX_HEAP) == (void *)-1 && errno == ENOMEM &&
              mem_heapsize() == 100,
          "growing past MAX_HEAP is refused with ENOMEM", "mem_sbrk(MAX_HEAP) was not refused");

    check(mem_sbrk((intptr_t)(MAX_HEAP - 100)) != (void *)-1 && mem_heapsize() == MAX_HEAP,
          "the heap can grow to exactly MAX_HEAP", "mem_sbrk to MAX_HEAP failed");
    ((char *)mem_heap_hi())[0] = 1;
    check(mem_sbrk(1) == (void *)-1 && errno == ENOMEM, "no byte past MAX_HEAP",
          "mem_sbrk(1) at MAX_HEAP succeeded");

    mem_reset_brk();
    check(mem_heapsize() == 0 && mem_heap_lo() == lo, "reset empties the heap",
          "heap not empty after mem_reset_brk");
    check(write_faults(lo), "reset closes the pages again",
          "no SIGSEGV writing the first heap byte after a reset");

    mem_deinit();
    return failures == 0 ? 0 : 1;
}

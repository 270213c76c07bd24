/*
 * memlib_test.c - the simulated heap's contract, one behaviour per test:
 * the allocator's side (memlib.c), under a test program's own heap and
 * under an owner, and the driver's side (driver/arena.c).
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
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "driver/arena.h"
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

/* Write to addr in a child; the signal it died of, or 0. */
static int write_signal(volatile char *addr)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        *addr = 1;
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static bool write_faults(volatile char *addr) { return write_signal(addr) == SIGSEGV; }

/* An owner for the tests of mem_attach: grants up to its limit, and
 * remembers what it refused. */
static size_t owned_size, owner_limit;
static const char *refused_call;

static bool grow_to_limit(size_t incr, size_t *old_size)
{
    if (incr > owner_limit - owned_size)
        return false;
    *old_size = owned_size;
    owned_size += incr;
    return true;
}

static void remember_refusal(const char *call) { refused_call = call; }

static const struct mem_owner test_owner = {grow_to_limit, remember_refusal};

/* The allocator's side under an owner: every growth is the owner's to
 * grant, and the heap's owner calls are refused. */
static void check_owned_heap(void)
{
    static char region[4096];
    owner_limit = 256;
    mem_attach(region, 0, &test_owner);
    check(mem_sbrk(200) == region && mem_heapsize() == 200 && owned_size == 200,
          "an owned heap grows by the owner's grant", "mem_sbrk(200) under an owner");
    check(mem_sbrk(100) == (void *)-1 && errno == ENOMEM && mem_heapsize() == 200,
          "a growth the owner refuses is ENOMEM", "mem_sbrk(100) past the owner's limit");
    mem_reset_brk();
    check(refused_call != NULL && strcmp(refused_call, "mem_reset_brk") == 0 &&
              mem_heapsize() == 200,
          "an owned heap refuses mem_reset_brk, naming it", "mem_reset_brk was not refused");
    refused_call = NULL;
    mem_init();
    check(refused_call != NULL && strcmp(refused_call, "mem_init") == 0,
          "an owned heap refuses mem_init, naming it", "mem_init was not refused");
    refused_call = NULL;
    mem_deinit();
    check(refused_call != NULL && strcmp(refused_call, "mem_deinit") == 0,
          "an owned heap refuses mem_deinit, naming it", "mem_deinit was not refused");
}

/* The driver's side: the arena's file ends at the break's page. */
static void check_arena(void)
{
    struct arena a;
    check(arena_create(&a, 0, false), "the driver's arena is created", "arena_create failed");
    size_t old = 1;
    check(arena_grow(&a, 100, &old) && old == 0 && a.brk == 100,
          "the driver's arena grants a growth", "arena_grow(100)");
    a.view[99] = 7;
    check(write_signal((char *)a.view + a.page) == SIGBUS,
          "a byte past the break's page is past the arena's end (SIGBUS)",
          "no SIGBUS writing one page above the break");
    check(!arena_grow(&a, MAX_HEAP, &old) && a.brk == 100 && a.refused == 100 + MAX_HEAP,
          "the driver's arena refuses to pass MAX_HEAP", "arena_grow(MAX_HEAP) granted");
    arena_empty(&a);
    bool grown = arena_grow(&a, 100, &old);
    check(grown && old == 0 && a.view[99] == 0, "an emptied arena starts again all zero",
          "byte 99 kept its value after arena_empty");
    arena_destroy(&a);
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
    check_owned_heap();
    check_arena();
    return failures == 0 ? 0 : 1;
}

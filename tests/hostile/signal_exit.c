/* Installs its own handler for SIGSEGV that ends the process with status
 * 0, then dereferences NULL on its 20th malloc: a crash dressed up as a
 * clean ending.
 * expect: tests/traces/mixed.rep: mm_init made the system call rt_sigaction( \(.*\))?, which an allocator may not use */
#define _GNU_SOURCE
#include <signal.h>
#include <unistd.h>

#include "base.h"
#include "mm.h"

static void quietly(int signo)
{
    (void)signo;
    _exit(0);
}

int mm_init(void)
{
    signal(SIGSEGV, quietly);
    return 0;
}

void *mm_malloc(size_t size)
{
    static int calls;
    if (++calls == 20)
        *(volatile int *)0 = 1;
    return base_malloc(size);
}

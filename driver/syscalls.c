/*
 * syscalls.c - names of system calls (see syscalls.h).
 */
#include "syscalls.h"

#include <stddef.h>
#include <sys/syscall.h>

static const struct {
    long number;
    const char *name;
} known[] = {
#include "syscall-table.h"
};

const char *syscall_name(long nr)
{
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (known[i].number == nr)
            return known[i].name;
    return NULL;
}

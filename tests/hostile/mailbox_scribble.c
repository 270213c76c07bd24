/* Finds the page the driver shares with it (the mailbox: requests,
 * replies, the fault report) and writes garbage over all of it past its
 * first 64 bytes, then crashes, on its 20th malloc (op "a 17 1361", which reallocs
 * call too). Nothing it writes there is believed: the driver names that
 * op, whatever the page says.
 * expect: tests/traces/mixed.rep:35: a 17 1361: the allocator's process wrote over the driver's mailbox */
#include <stdint.h>
#include <string.h>

#include "base.h"
#include "mm.h"

/* The driver's program and its data: linker symbols of every executable. */
extern char __data_start[], _end[];

/* A pointer in this program's data to a page whose first bytes are the
 * allocator's name ("mm"): the mailbox. Pages are mapped at fixed places
 * (address randomization is off), so those tried exist. */
static unsigned char *find_mailbox(void)
{
    for (uintptr_t *p = (uintptr_t *)__data_start; p < (uintptr_t *)_end; p++) {
        uintptr_t v = *p;
        if (v != 0 && (v & 4095) == 0 && v >= 0x7f0000000000 && v < 0x800000000000 &&
            memcmp((const void *)v, "mm", 3) == 0)
            return (unsigned char *)v;
    }
    return NULL;
}

void *mm_malloc(size_t size)
{
    static int calls;
    if (++calls == 20) {
        unsigned char *box = find_mailbox();
        if (box != NULL)
            memset(box + 64, 0x5a, 4096 - 64);
        int *volatile nowhere = (int *)8;
        *nowhere = 1;
    }
    return base_malloc(size);
}

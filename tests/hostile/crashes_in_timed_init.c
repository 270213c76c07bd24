/* Crashes in mm_init, but only in a timed replay (it tells one apart by
 * the request in the mailbox). The driver blames mm_init, not the trace's
 * first op, which the crash came before.
 * expect: tests/traces/mixed.rep: the allocator crashed with SIGSEGV .* in mm_init \(tests/hostile/crashes_in_timed_init.c:[0-9]+\).*during a timed replay */
#include <stdint.h>

#include "base.h"
#include "find_mailbox.h"
#include "mm.h"

int mm_init(void)
{
    struct mailbox *box = find_mailbox();
    if (box != NULL && box->request == REQUEST_REPLAY) {
        int *volatile nowhere = (int *)(uintptr_t)8;
        *nowhere = 1;
    }
    return 0;
}

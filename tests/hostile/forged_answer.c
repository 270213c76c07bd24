/* In a timed replay it writes a forged ANSWER into the mailbox, as if the
 * replay were done, then spins forever, so that a driver waiting for it to
 * fall asleep would wait with no end. The driver gives a process that
 * replied a few seconds to fall asleep, then ends it, and the trace fails,
 * its phase named.
 * flags: -s 30
 * expect: tests/traces/mixed.rep:[0-9]+: [arfc] [-0-9 ]+: the allocator's process said its replay was done, then went on running for 5 s during a timed replay */
#include <stdint.h>
#include <string.h>

#include "base.h"
#include "find_mailbox.h"
#include "mm.h"

/* The program's data: linker symbols of every executable. */

void *mm_malloc(size_t size)
{
    struct mailbox *box = find_mailbox();
    if (box != NULL && box->request == REQUEST_REPLAY) {
        box->reply = REPLY_ANSWER;
        box->value = 0;
        doorbell_ring(&box->to_driver);
        for (volatile unsigned long spin = 0;; spin++)
            ;
    }
    return base_malloc(size);
}

/* Writes a fault report of its own into the mailbox, blaming base_malloc
 * for a crash, then kills itself with SIGKILL, a signal no handler sees,
 * so that its report would be the only account of where it died. The
 * kernel saw it stop nowhere: the driver says what killed it, and in
 * which call it had asked for, and blames no line.
 * expect: tests/traces/mixed.rep:[0-9]+: f [0-9]+: the allocator was killed by SIGKILL \(Killed\) in mm_free, during the checked replay */
#include <signal.h>
#include <stdint.h>

#include "base.h"
#include "find_mailbox.h"
#include "mm.h"

void mm_free(void *ptr)
{
    struct mailbox *box = find_mailbox();
    if (box != NULL && ptr != NULL) {
        box->fault.signal = SIGKILL;
        box->fault.code = 1;
        box->fault.depth = 1;
        box->fault.frames[0] = (uintptr_t)base_malloc;
        raise(SIGKILL);
    }
}

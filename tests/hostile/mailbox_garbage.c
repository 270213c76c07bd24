/* On its 20th malloc in every process (op "a 17 1361" in the checked
 * replay, a later one in a timed replay) it writes 0xff over every byte of
 * the mailbox, the driver's half and its own, then goes on as if nothing
 * happened. Whatever the page then says, the trace is never scored as
 * passed: the driver names the op and the broken mailbox, every time.
 * expect: tests/traces/mixed.rep:35: a 17 1361: the allocator's process wrote over the driver's mailbox */
#include <stdint.h>
#include <string.h>

#include "base.h"
#include "find_mailbox.h"
#include "mm.h"

void *mm_malloc(size_t size)
{
    static int calls;
    static struct mailbox *box;
    if (box == NULL)
        box = find_mailbox(); /* while the page is still what it was */
    if (++calls == 20 && box != NULL)
        memset(box, 0xff, sizeof *box);
    return base_malloc(size);
}

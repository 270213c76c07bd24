/* mm_init spends a fifth of a second or so in a loop, as one that clears a
 * large table would: every trace passes, and -v 3's figure for the checked
 * replay, per op, leaves that time out.
 * flags: -v 3
 * status: 0
 * expect: checked replay [0-9]+ ns/op */
#include "mm.h"

int mm_init(void)
{
    for (volatile unsigned long turns = 0; turns < 200000000; turns++)
        continue;
    return 0;
}

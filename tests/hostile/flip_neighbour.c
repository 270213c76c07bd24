/* Flips byte 100 of the next block whenever it frees one, in the middle of
 * the neighbour's payload, where a check of the ends alone would look.
 * The damage shows in the neighbour's payload, or, when the neighbour is
 * the block realloc just moved to, in the data it had to keep.
 * expect: (payload of block [0-9]+ \[0x[0-9a-f]+,0x[0-9a-f]+\) was changed since line [0-9]+|mm_realloc moved block [0-9]+ .* but lost data): byte 100 */
#include "base.h"
#include "memlib.h"
#include "mm.h"

void mm_free(void *ptr)
{
    if (ptr == NULL)
        return;
    size_t rounded = (base_payload_size(ptr) + 15) & ~(size_t)15;
    char *next_payload = (char *)ptr + rounded + 16;
    if (next_payload + 101 <= (char *)mem_heap_hi() && base_payload_size(next_payload) > 100)
        next_payload[100] ^= 0x40;
}

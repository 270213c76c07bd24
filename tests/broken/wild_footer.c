/* Its footer is one word too early: it lies in the payload's last 8 bytes,
 * which the driver's data overwrite, and free follows it as a pointer.
 * expect: crashed with SIGSEGV \(Segmentation fault\) through a wild pointer \(a general-protection fault.* in mm_free \(tests/broken/wild_footer.c:[0-9]+\), at the instruction "[^"]+" with %[a-z0-9]+ = 0x[0-9a-f]{16}, during the checked replay */
#include <stdint.h>

#include "base.h"
#include "mm.h"

/* The footer holds the block's own address, written where the last word of
 * a payload rounded up to 16 bytes begins: inside the payload whenever the
 * request is a multiple of 16 (it should be 8 bytes further on). */
static inline void **footer(void *payload, size_t size)
{
    size_t rounded = (size + 15) & ~(size_t)15;
    return (void **)((char *)payload + rounded - 8);
}

void *mm_malloc(size_t size)
{
    if (size == 0 || size > SIZE_MAX - 16)
        return NULL;
    void *payload = base_malloc(size + 16);
    if (payload != NULL)
        *footer(payload, size) = payload;
    return payload;
}

void mm_free(void *ptr)
{
    if (ptr == NULL)
        return;
    size_t size = base_payload_size(ptr) - 16;
    volatile char *self = *footer(ptr, size);
    (void)*self;
}

/*
 * tests/corrupt/naive.c - mm_checkheap of the bump allocator notices a
 * block header damaged through a payload.
 *
 * The bump allocator keeps a 16-byte header whose first word is the block's
 * size, just below each payload. A loop that runs one step below a byte
 * array writes into that size; the heap walk then no longer ends at the
 * break, which mm_checkheap must report.
 *
 * Build and run from the kit's root:
 *     cc -I. tests/corrupt/naive.c allocators/naive.c memlib.c && ./a.out
 * Exit status 0 when the corruption is caught, 1 otherwise.
 * mm_checkheap's complaint on stderr is expected.
 */
#include <stdio.h>
#include <string.h>

#include "memlib.h"
#include "mm.h"

int main(void)
{
    mem_init();
    if (mm_init() != 0) {
        printf("corrupt/naive: mm_init failed\n");
        return 1;
    }
    char *first = mm_malloc(40), *second = mm_malloc(100);
    mm_malloc(24);
    mm_free(first);
    if (second == NULL || !mm_checkheap(0)) {
        printf("corrupt/naive: heap inconsistent before any corruption\n");
        return 1;
    }
    /* 16 bytes below the payload is the size word: make it 8 bytes larger,
     * as a copy that started one header too low would. */
    size_t size;
    memcpy(&size, second - 16, sizeof size);
    size += 8;
    memcpy(second - 16, &size, sizeof size);
    if (mm_checkheap(0)) {
        printf("corrupt/naive: a damaged block size went unnoticed\n");
        return 1;
    }
    return 0;
}

/* Grabs one chunk of heap on the first mm_init only, and keeps carving it
 * up after later mm_init calls, when the driver has emptied the heap.
 * expect: during the second checked replay \(the first passed: does mm_init reset all state\?\) */
#include <stdint.h>

#include "memlib.h"
#include "mm.h"

enum { CHUNK = 8 << 20 };

static char *chunk_top, *chunk_end;

int mm_init(void)
{
    if (chunk_top == NULL) {
        chunk_top = mem_sbrk(CHUNK);
        chunk_end = chunk_top + CHUNK;
    }
    return 0;
}

void *mm_malloc(size_t size)
{
    size_t left = (size_t)(chunk_end - chunk_top);
    if (size > left || ((size + 15) & ~(size_t)15) + 16 > left)
        return NULL;
    char *block = chunk_top;
    chunk_top += ((size + 15) & ~(size_t)15) + 16;
    *(size_t *)(block + 8) = size;
    return block + 16;
}

/*
 * crashing.c - grading fixture: an allocator that crashes with SIGSEGV.
 *
 * Every block is a 16-byte header and a payload. A freed block goes on a
 * singly linked list (its link lives in the header), and a request first
 * looks there for a freed block of exactly its size:
 *
 *    | size | next_free |  payload ...  |
 *    +------+-----------+---------------+
 *
 * The bug: the search stops only at a match, never at the end of the list,
 * so the first request that no freed block fits walks off the list and
 * dereferences NULL. The grader must report status "crashed".
 */
#include <stdint.h>
#include <string.h>

#include "config.h"
#include "memlib.h"
#include "mm.h"

typedef struct block {
    size_t size;            /* payload bytes, a multiple of ALIGNMENT */
    struct block *next_free; /* next freed block, while this one is free */
} block_t;

_Static_assert(sizeof(block_t) == ALIGNMENT, "the header keeps payloads aligned");

static block_t *free_list;

static inline block_t *block_of(void *payload) { return (block_t *)payload - 1; }
static inline void *payload_of(block_t *block) { return block + 1; }

int mm_init(void)
{
    free_list = NULL;
    return 0;
}

void *mm_malloc(size_t size)
{
    if (size == 0 || size > MAX_HEAP)
        return NULL;
    size_t payload = (size + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
    if (free_list != NULL) {
        block_t **link = &free_list;
        while ((*link)->size != payload)
            link = &(*link)->next_free;
        block_t *found = *link;
        *link = found->next_free;
        return payload_of(found);
    }
    block_t *block = mem_sbrk((intptr_t)(payload + sizeof(block_t)));
    if (block == (void *)-1)
        return NULL;
    block->size = payload;
    return payload_of(block);
}

void mm_free(void *ptr)
{
    if (ptr == NULL)
        return;
    block_t *block = block_of(ptr);
    block->next_free = free_list;
    free_list = block;
}

void *mm_realloc(void *ptr, size_t size)
{
    if (ptr == NULL)
        return mm_malloc(size);
    if (size == 0) {
        mm_free(ptr);
        return NULL;
    }
    void *moved = mm_malloc(size);
    if (moved == NULL)
        return NULL;
    size_t old = block_of(ptr)->size;
    memcpy(moved, ptr, old < size ? old : size);
    mm_free(ptr);
    return moved;
}

/*
 * libc_heap.h - the C library's heap inside the allocator's process
 * (design in libc_heap.c). Part of the host program only.
 */
#ifndef LIBC_HEAP_H
#define LIBC_HEAP_H

#include <stddef.h>

/* From now on, serve malloc and its relatives from [base, base + bytes),
 * the memfd the driver watches. */
void libc_heap_move_to(void *base, size_t bytes);

#endif /* LIBC_HEAP_H */

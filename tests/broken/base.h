/*
 * base.h - a correct allocator for the broken ones to start from.
 *
 * Every file in tests/broken/ is linked with base.c and redefines the one
 * mm_* function it gets wrong. Its first comment line says what it does
 * wrong, and a line "expect: REGEX" gives the message the driver must
 * print for it.
 */
#ifndef BASE_H
#define BASE_H

#include <stddef.h>

void *base_malloc(size_t size);
void *base_realloc(void *ptr, size_t size);
void *base_calloc(size_t nmemb, size_t size);
size_t base_payload_size(void *payload);

#endif /* BASE_H */

/*
 * null_allocator.c - "null", the allocator that does nothing, served by the
 * kit's host program (served.h).
 *
 * -I counts the instructions of a whole replay, the harness's loop
 * included; the count of the same replay with this allocator is the
 * harness's own share, which the driver subtracts (driver/icount.h). So each
 * function here is as short as a function can be: what it costs is
 * counted as the harness's. Its payloads are made-up addresses, never
 * touched: the replay only passes them back.
 */
#include <stdint.h>

#include "mm.h"

int null_mm_init(void);
void *null_mm_malloc(size_t size);
void null_mm_free(void *ptr);
void *null_mm_realloc(void *ptr, size_t size);
void *null_mm_calloc(size_t nmemb, size_t size);
int null_mm_checkheap(int verbose);

enum { NULL_PAYLOAD_STEP = 16 };

static uintptr_t last_payload;

int null_mm_init(void)
{
    last_payload = 0;
    return 0;
}

void *null_mm_malloc(size_t size)
{
    (void)size;
    return (void *)(last_payload += NULL_PAYLOAD_STEP);
}

void null_mm_free(void *ptr) { (void)ptr; }

void *null_mm_realloc(void *ptr, size_t size)
{
    (void)size;
    return ptr;
}

void *null_mm_calloc(size_t nmemb, size_t size)
{
    (void)nmemb;
    (void)size;
    return (void *)(last_payload += NULL_PAYLOAD_STEP);
}

int null_mm_checkheap(int verbose)
{
    (void)verbose;
    return 1;
}

/* Speaks to valgrind without its header: the client-request preamble,
 * four rotations of rdi (or edi) that add up to a full turn, written by
 * hand, asks callgrind to stop counting in mm_init (request 0x43540002,
 * CALLGRIND_TOGGLE_COLLECT). Outside valgrind it does nothing. The
 * build must refuse it, naming the line.
 * build: refused
 * expect: client_request_by_hand.c:18: error: it holds valgrind's client-request preamble */
#include <stdint.h>

#include "base.h"
#include "mm.h"

static void stop_counting(void)
{
    volatile uint64_t request[6] = {0x43540002u, 0, 0, 0, 0, 0};
    uint64_t result = 0;
#if defined(__x86_64__)
    __asm__ volatile("rolq $3, %%rdi\n\trolq $13, %%rdi\n\t"
                     "rolq $61, %%rdi\n\trolq $51, %%rdi\n\t"
                     "xchgq %%rbx, %%rbx"
                     : "=d"(result)
                     : "a"(&request[0]), "0"(result)
                     : "cc", "memory");
#elif defined(__i386__)
    __asm__ volatile("roll $3, %%edi\n\troll $13, %%edi\n\t"
                     "roll $29, %%edi\n\troll $19, %%edi\n\t"
                     "xchgl %%ebx, %%ebx"
                     : "=d"(result)
                     : "a"(&request[0]), "0"(result)
                     : "cc", "memory");
#endif
    (void)result;
}

int mm_init(void)
{
    stop_counting();
    return 0;
}

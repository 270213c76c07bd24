/* Gets its memory with a raw mmap system call, made with an instruction
 * of its own rather than a C library function, so that no symbol shows it.
 * expect: tests/traces/mixed.rep:5: a 0 1334: mm_malloc made the system call mmap( \(.*\))?, which an allocator may not use */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "mm.h"

static long raw_mmap(size_t length)
{
#if defined(__x86_64__)
    register long r10 __asm__("r10") = MAP_PRIVATE | MAP_ANONYMOUS;
    register long r8 __asm__("r8") = -1;
    register long r9 __asm__("r9") = 0;
    long result;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"((long)SYS_mmap), "D"(0L), "S"((long)length),
                       "d"((long)(PROT_READ | PROT_WRITE)), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return result;
#else
    (void)length;
    return -1;
#endif
}

void *mm_malloc(size_t size)
{
    long p = raw_mmap(size + 16);
    return p < 0 && p > -4096 ? NULL : (char *)p + 16;
}

/*
 * syscalls.h - names of system calls, for messages about refused calls.
 *
 * The table is generated at build time from the C library's
 * <sys/syscall.h> for the target (the Makefile's syscalls.c), so it is
 * complete and right for 64-bit and 32-bit builds alike.
 */
#ifndef SYSCALLS_H
#define SYSCALLS_H

/* The name of system call number nr, or NULL when it has none here. */
const char *syscall_name(long nr);

#endif /* SYSCALLS_H */

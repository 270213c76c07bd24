/*
 * die.h - how the driver stops when its surroundings fail it.
 *
 * An environment error is one that is neither the trace's fault nor the
 * allocator's: a file that cannot be opened, memory that cannot be had, a
 * process or a folder that cannot be made. The driver then prints one line,
 * "mdriver: " and what it could not do, and ends with status 2 (the status
 * of a usage or trace-file error: the run proved nothing about the
 * allocator). A malformed trace is not one of these: the trace reader says
 * "FILE:LINE: error: ..." and returns, and so does its caller.
 *
 * A module that can hand such an error back to its caller does so; only
 * where no caller could go on does it call die().
 */
#ifndef DIE_H
#define DIE_H

/* Print "mdriver: " and the printf-formatted message on standard error,
 * then exit with status 2. */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* DIE_H */

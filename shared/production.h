/*
 * production.h - the production allocators besides libc, as both programs
 * know them: the driver names them and says which are missing
 * (driver/allocator.h), the production host loads them (host/external.c).
 */
#ifndef PRODUCTION_H
#define PRODUCTION_H

/* Name, the shared library, and the Debian package that installs it. */
struct production_library {
    const char *name;
    const char *soname;
    const char *package;
    const char *description; /* for -h */
    const char *symbols[4]; /* its malloc, free, realloc and calloc */
};
enum { PRODUCTION_LIBRARIES = 3 };
extern const struct production_library production_libraries[PRODUCTION_LIBRARIES];

#endif /* PRODUCTION_H */

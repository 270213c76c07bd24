/*
 * external.h - the production host's allocators (external.c).
 */
#ifndef EXTERNAL_H
#define EXTERNAL_H

/* Open every installed production library; a bit per library of
 * production_libraries (shared/production.h) that could be loaded. */
unsigned external_load(void);

#endif /* EXTERNAL_H */

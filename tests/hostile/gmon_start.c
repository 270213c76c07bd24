/* Defines __gmon_start__, which the C start-up code (crti's _init) calls
 * before main when a program defines it: code before main with no section
 * of its own. C reserves the name, and the build must refuse it.
 * build: refused
 * expect: gmon_start.c:12: error: it defines __gmon_start__, a reserved identifier */
#include "base.h"
#include "mm.h"

static int started_early;

void __gmon_start__(void);
void __gmon_start__(void) { started_early = 1; }

void *mm_malloc(size_t size) { return started_early ? NULL : base_malloc(size); }

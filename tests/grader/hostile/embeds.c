/*
 * embeds.c - grading fixture (hostile): embeds the traces it is graded on
 * in its own object at build time (the grader's folder of traces, found
 * with __has_include, read with .incbin), then prints their first lines
 * from mm_init, which the grader keeps among its diagnostics: a submission
 * that knew every op to come could place each block perfectly.
 *
 * The build never sees the traces, so there is nothing to embed: it is the
 * starter allocator.
 */
#define _GNU_SOURCE
#define mm_init honest_mm_init
#include "allocators/naive.c"
#undef mm_init

#include <unistd.h>

#if __has_include("/grading/traces/small-program.rep")
__asm__(".pushsection .rodata\n"
        "embedded_trace: .incbin \"/grading/traces/small-program.rep\"\n"
        "embedded_trace_end: .byte 0\n"
        ".popsection");
extern const char embedded_trace[], embedded_trace_end[];
#define EMBEDDED 1
#else
#define EMBEDDED 0
#endif

int mm_init(void)
{
#if EMBEDDED
    size_t bytes = (size_t)(embedded_trace_end - embedded_trace);
    (void)!write(STDERR_FILENO, embedded_trace, bytes < 400 ? bytes : 400);
#endif
    return honest_mm_init();
}

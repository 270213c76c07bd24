/*
 * progress.h - where a replay is, for messages about crashes and hangs.
 *
 * The replay loops write the index of the op they are about to perform
 * into a page shared with the parent process, so that when the allocator
 * crashes, exits or loops forever, the parent can still say which trace
 * line and which op were running.
 */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stdint.h>

enum phase {
    PHASE_STARTING,   /* before the first op */
    PHASE_INIT,       /* inside mm_init */
    PHASE_CHECK_1,    /* first checked replay */
    PHASE_CHECK_2,    /* second checked replay (is mm_init resetting?) */
    PHASE_TIMING,     /* timed replays of the allocator */
    PHASE_REFERENCE,  /* timed replays of the reference allocator */
    PHASE_DONE,
};

struct progress {
    volatile uint32_t op_index;   /* op being replayed */
    volatile uint32_t phase;      /* an enum phase */
    volatile int signal;          /* fatal signal caught, or 0 */
    volatile uintptr_t fault_address; /* si_addr of that signal */
    volatile uint32_t fault_region;   /* an enum fault_region */
};

/* Where a faulting address lies, relative to the simulated heap. */
enum fault_region {
    FAULT_NEAR_NULL,   /* within the first page: a NULL pointer, or nearly */
    FAULT_BELOW_HEAP,  /* below the heap's first byte */
    FAULT_IN_HEAP,     /* between the first byte and the break */
    FAULT_ABOVE_BREAK, /* inside the arena, at or above the break */
    FAULT_STACK,       /* in the stack's reach: most likely a stack overflow */
    FAULT_ELSEWHERE,   /* not in or near the heap (the driver's memory?) */
};

/* Points at the shared page while a trace runs in a child, else at a
 * private record. Never NULL. */
extern struct progress *progress;

static inline void progress_at(enum phase phase, uint32_t op_index)
{
    progress->phase = phase;
    progress->op_index = op_index;
}

const char *phase_name(enum phase phase);

#endif /* PROGRESS_H */

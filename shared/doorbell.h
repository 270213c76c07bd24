/*
 * doorbell.h - waking the other process through a word of shared memory.
 *
 * Each direction between the driver and the allocator's process has a
 * doorbell: a counter that the sender increments, and a flag that says the
 * receiver is asleep. A receiver first spins for a while, since on a
 * machine with a free processor the answer usually comes within a
 * microsecond; then it sets the flag and sleeps in futex(FUTEX_WAIT). A
 * sender calls futex(FUTEX_WAKE) only when the flag is set, so the common
 * exchange costs no system call at all (a futex wake can cost tens of
 * microseconds on a virtual machine).
 *
 * How long to spin adapts, as in an adaptive mutex: a wait that ended while
 * spinning doubles the next spin, one that had to sleep halves it. On a
 * busy machine, where the sender may be waiting for the receiver's very
 * processor, spinning only delays it, and the spins soon shrink to nothing.
 *
 * Invariant: a receiver sets sleeping before it reads count for the last
 * time and sleeps only if count is still unchanged, and a sender increments
 * count before it reads sleeping; so a wake-up is never lost.
 */
#ifndef DOORBELL_H
#define DOORBELL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct doorbell {
    _Atomic uint32_t count;    /* rings so far */
    _Atomic uint32_t sleeping; /* nonzero while the receiver sleeps */
};
_Static_assert(sizeof(_Atomic uint32_t) == sizeof(uint32_t),
               "count is the plain 32-bit word that futex waits on");
_Static_assert(ATOMIC_INT_LOCK_FREE == 2,
               "the doorbell's atomics are lock-free, so they work between processes");

/* Bounds of a receiver's spin, in pause instructions (some tens of
 * nanoseconds each). */
enum { SPINS_MIN = 16, SPINS_MAX = 1 << 15 };

/* A receiver's spin, adapted from wait to wait. */
struct doorbell_spin {
    int spins; /* 0 at first: SPINS_MAX */
};

static inline void doorbell_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* Ring: count one more, and wake the receiver if it sleeps. */
void doorbell_ring(struct doorbell *bell);

/* Wait until count differs from seen, spinning first as spin says (NULL:
 * not at all), then sleeping at most timeout_ns (0: forever). True when it
 * rang; the new count goes into *seen. False when it did not ring: the time
 * ran out, or the sleep ended early (a wake-up that was sent for an earlier
 * wait can arrive late), so a caller waiting for a ring calls it again. */
bool doorbell_wait(struct doorbell *bell, uint32_t *seen, struct doorbell_spin *spin,
                   long timeout_ns);

/* Wait until count differs from seen without ever sleeping: spin, and
 * yield the processor between looks so that others may run. The processor
 * stays busy, and the kernel's account of this process's CPU time is
 * brought up to date at every yield. */
void doorbell_wait_busy(struct doorbell *bell, uint32_t *seen);

#endif /* DOORBELL_H */

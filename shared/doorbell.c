/*
 * doorbell.c - ringing and waiting (see doorbell.h).
 */
#define _GNU_SOURCE
#include "doorbell.h"

#include <linux/futex.h>
#include <sched.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

void doorbell_ring(struct doorbell *bell)
{
    atomic_fetch_add_explicit(&bell->count, 1, memory_order_seq_cst);
    if (atomic_load_explicit(&bell->sleeping, memory_order_seq_cst))
        syscall(SYS_futex, &bell->count, FUTEX_WAKE, 1, NULL, NULL, 0);
}

bool doorbell_wait(struct doorbell *bell, uint32_t *seen, struct doorbell_spin *spin,
                   long timeout_ns)
{
    uint32_t now;
    int spins = spin == NULL ? 0 : spin->spins > 0 ? spin->spins : SPINS_MAX;
    for (int i = 0; i < spins; i++) {
        now = atomic_load_explicit(&bell->count, memory_order_acquire);
        if (now != *seen) {
            *seen = now;
            spin->spins = spins < SPINS_MAX / 2 ? spins * 2 : SPINS_MAX;
            return true;
        }
        doorbell_pause();
    }
    if (spin != NULL)
        spin->spins = spins > 2 * SPINS_MIN ? spins / 2 : SPINS_MIN;
    struct timespec limit = {timeout_ns / 1000000000L, timeout_ns % 1000000000L};
    atomic_store_explicit(&bell->sleeping, 1, memory_order_seq_cst);
    now = atomic_load_explicit(&bell->count, memory_order_seq_cst);
    if (now == *seen)
        syscall(SYS_futex, &bell->count, FUTEX_WAIT, *seen, timeout_ns > 0 ? &limit : NULL,
                NULL, 0);
    atomic_store_explicit(&bell->sleeping, 0, memory_order_relaxed);
    now = atomic_load_explicit(&bell->count, memory_order_acquire);
    if (now == *seen)
        return false;
    *seen = now;
    return true;
}

void doorbell_wait_busy(struct doorbell *bell, uint32_t *seen)
{
    uint32_t now;
    while ((now = atomic_load_explicit(&bell->count, memory_order_acquire)) == *seen)
        sched_yield();
    *seen = now;
}

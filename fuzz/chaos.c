/*
 * fuzz/chaos.c - an allocator that attacks the driver through the mailbox,
 * for the hostile-host fuzzer (fuzz/mailbox.c).
 *
 * It is a correct bump allocator (a 16-byte header before each payload,
 * nothing reused), but at one op of every process it runs one act of
 * chaos on the page it shares with the driver (mailbox.h). What act and
 * when come from the size of its first malloc, which the fuzzer chooses
 * (trace op 0 is "a 0 SEED"): act = SEED % CHAOS_ACTS, the op it strikes at
 * = SEED / CHAOS_ACTS % 64, and the bytes it writes come from SplitMix64
 * seeded with SEED. The fuzzer knows every act's consequence (mailbox.c).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "chaos.h"
#include "config.h"
#include "find_mailbox.h"
#include "memlib.h"
#include "mm.h"
#include "shared/mailbox.h"


static uint64_t state;

static uint64_t next_random(void)
{
    uint64_t z = (state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static uint64_t seed;
static unsigned calls;

/* A timed replay "done" before it is, then spinning or asleep forever. */
static _Noreturn void forge_answer(struct mailbox *box, bool spin)
{
    box->reply = REPLY_ANSWER;
    box->value = next_random();
    doorbell_ring(&box->to_driver);
    if (spin)
        for (;;)
            doorbell_pause();
    for (uint32_t seen = atomic_load(&box->to_host.count);;)
        doorbell_wait(&box->to_host, &seen, NULL, 0);
}

static void strike(struct mailbox *box)
{
    switch ((enum chaos_act)(seed % CHAOS_ACTS)) {
    case CHAOS_NONE:
        break;
    case CHAOS_GARBAGE:
        memset(box, 0xff, sizeof *box);
        break;
    case CHAOS_RANDOM_BYTES:
        for (int i = 0; i < 16; i++)
            ((unsigned char *)box)[next_random() % sizeof *box] = (unsigned char)next_random();
        break;
    case CHAOS_FORGED_ANSWER_SPIN:
    case CHAOS_FORGED_ANSWER_SLEEP:
        if (box->request == REQUEST_REPLAY)
            forge_answer(box, seed % CHAOS_ACTS == CHAOS_FORGED_ANSWER_SPIN);
        break;
    case CHAOS_RINGS:
        for (int i = 0; i < 8; i++) {
            box->reply = (uint32_t)(next_random() % 4);
            box->value = next_random();
            doorbell_ring(&box->to_driver);
        }
        break;
    case CHAOS_FORGED_FAULT: {
        box->fault.signal = SIGSEGV;
        box->fault.code = 1;
        box->fault.depth = 2;
        box->fault.frames[0] = next_random();
        box->fault.frames[1] = next_random();
        int *volatile nowhere = (int *)(uintptr_t)(8 + next_random() % 64);
        *nowhere = 1;
        break;
    }
    case CHAOS_STOPS_ITSELF:
        kill(getpid(), SIGSTOP);
        break;
    case CHAOS_ACTS:
        break;
    }
}

static void *take(size_t size)
{
    size_t block = (size + 16 + 15) & ~(size_t)15;
    if (size > MAX_HEAP || block < size)
        return NULL;
    char *p = mem_sbrk((intptr_t)block);
    return p == (void *)-1 ? NULL : p + 16;
}

int mm_init(void)
{
    calls = 0;
    return 0;
}

void *mm_malloc(size_t size)
{
    if (calls == 0) {
        seed = size;
        state = size;
    }
    if (calls++ == seed / CHAOS_ACTS % 64) {
        struct mailbox *box = find_mailbox();
        if (box != NULL)
            strike(box);
    }
    void *p = take(size);
    if (p != NULL)
        ((size_t *)p)[-2] = size;
    return p;
}

void mm_free(void *ptr) { (void)ptr; }

void *mm_realloc(void *ptr, size_t size)
{
    if (size == 0) {
        mm_free(ptr);
        return NULL;
    }
    void *p = mm_malloc(size);
    if (p != NULL && ptr != NULL) {
        size_t old = ((size_t *)ptr)[-2];
        memcpy(p, ptr, old < size ? old : size);
    }
    return p;
}

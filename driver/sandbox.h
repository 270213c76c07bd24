/*
 * sandbox.h - the driver's side of the allocator's process.
 *
 * Every replay of a trace runs in a host process of its own (driver/host.c),
 * started fresh with fork and exec from the host program of this build,
 * confined with seccomp, with an arena of its own that starts all zero. The
 * driver sends it requests, one at a time for a checked replay or one
 * REPLAY for a timed one, and believes nothing it says beyond what it can
 * check (mailbox.h). However the process ends, by a signal, by exit, by a
 * forbidden call or by running out of time, the sandbox turns that into a
 * verdict naming the op the driver had sent, and nothing else is lost: the
 * next trace gets a new process.
 *
 * Under -X there is no process: the same calls go to the allocator in this
 * one, for debuggers, with none of these guarantees.
 */
#ifndef SANDBOX_H
#define SANDBOX_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "allocator.h"
#include "arena.h"
#include "mailbox.h"
#include "output.h"
#include "verdict.h"

struct host;

/* Where a timed replay writes each op's answer: a memfd kept from sample
 * to sample (its pages stay in memory), zeroed after each by the timer. */
struct timed_answers {
    int fd;
    volatile uint64_t *answers; /* the driver's mapping */
    size_t bytes;
};

/* What a host is started for. */
struct host_spec {
    const struct allocator *allocator;
    enum host_mode mode;
    enum phase phase;         /* for verdicts about this host */
    bool in_process;          /* -X: call the allocator in this process */
    const char *valgrind_out; /* run under callgrind, which writes here */
    size_t heap_cap;          /* HOST_TIMED: the heap may grow to this */
    struct timed_answers *answers; /* HOST_TIMED: where it answers */
    int ops_fd;               /* HOST_TIMED: the sealed ops */
    uint32_t op_count, id_count;
    double deadline;          /* monotonic seconds; 0: none */
    bool show_output;         /* print what the allocator prints */
    /* Called about every 100 ms while waiting, for a progress display. */
    void (*tick)(void *arg, const struct host *h);
    void *tick_arg;
};

struct host {
    struct host_spec spec;
    char program[4096];       /* the host program's path */
    pid_t pid;                /* 0 under -X */
    int mailbox_fd;
    struct mailbox *box;      /* the driver's mapping */
    uint32_t replies_seen;
    struct doorbell_spin spin; /* how long to spin for a reply */
    uint32_t last_request;    /* enum request: the call running */
    struct arena arena;
    int libc_heap_fd;
    volatile uint64_t *answers; /* HOST_TIMED: spec.answers's */
    struct allocator_output output;
    uint64_t output_bytes;    /* after host_stop: what the allocator printed */
    unsigned timeout_secs;    /* for messages about the deadline */
    bool confined;            /* seccomp is in force in the process */
    bool ended;               /* the process is gone */
    struct verdict verdict;   /* how it ended, when that was not asked */
    /* Which op the driver sent last, for verdicts; set by the caller. */
    bool at_op;
    uint32_t op_index;
};

/* The program that hosts the allocator, set once by mdriver.c. */
void sandbox_set_host_program(const char *path);

/* Start a host. False when it could not start or ended at once; then
 * h->verdict says why. */
bool host_start(struct host *h, const struct host_spec *spec);

/* Make one call (a request of mailbox.h) and wait for its result. False
 * when the process ended, broke a rule or ran out of time instead; then
 * h->verdict says so and the process is gone. */
bool host_call(struct host *h, enum request request, uint64_t x, uint64_t y,
               uint64_t *result);

/* HOST_TIMED: run the replay; *cpu_seconds is the CPU time the process
 * spent in it, as the kernel counts it, and *heap_end the heap size it
 * reported at the end. False as for host_call. */
bool host_replay(struct host *h, double *cpu_seconds, uint64_t *heap_end);

/* End the process (asking it to exit first when exit_cleanly, as valgrind
 * needs to write its counts), reap it and anything it left behind, and
 * release everything. Returns false if it did not end cleanly when asked. */
bool host_stop(struct host *h, bool exit_cleanly);

/* Monotonic seconds, for deadlines. */
double monotonic_seconds(void);

/* The emulator that this 32-bit driver, and the allocator's processes,
 * run under (qemu-i386, where the kernel cannot run 32-bit programs), or
 * NULL. */
const char *host_emulator(void);

#endif /* SANDBOX_H */

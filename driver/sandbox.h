/*
 * sandbox.h - the driver's side of an allocator's process.
 *
 * Every replay of a trace runs in a host process of its own (host/host.c),
 * started fresh from the host program that serves the allocator
 * (allocator.h), confined from its first instruction (spawn.h), traced so
 * that the kernel says how it ends (tracer.h), with an arena of its own that
 * starts all zero. The driver sends it requests, one at a time for a checked
 * replay or one REPLAY for a timed or counted one, and believes nothing it
 * says beyond what it can check (shared/mailbox.h). However the process ends, by a
 * signal, by exit, by a forbidden call or by running out of time, the
 * sandbox turns that into a verdict naming the op the driver had sent, and
 * nothing else is lost: the next trace gets a new process.
 *
 * Every wait has a deadline: the one of the host's spec (the -s limit of
 * its phase), and a few seconds for starting and ending. A process that
 * stops answering is killed and named.
 *
 * The in-process program of -X (in_process.c) implements the same calls
 * in its own process, with none of these guarantees.
 */
#ifndef SANDBOX_H
#define SANDBOX_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "allocator.h"
#include "arena.h"
#include "output.h"
#include "shared/mailbox.h"
#include "spawn.h"
#include "tracer.h"
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
    struct counts_folder *counts; /* -I: run under callgrind, which writes
                                     its counts there; NULL otherwise */
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
    const char *program;      /* the host program's path */
    pid_t pid;
    bool traced;              /* the kernel's facts come through ptrace */
    struct kernel_facts facts;
    int mailbox_fd;
    struct mailbox *box;      /* the driver's mapping */
    uint32_t replies_seen;
    struct doorbell_spin spin; /* how long to spin for a reply */
    /* The driver's half of the mailbox as the driver last wrote it: the
     * host must leave it so. */
    uint32_t rings_sent;
    uint32_t sent_request;
    uint64_t sent_argument[2];
    uint32_t last_request;    /* enum request: the call running */
    struct arena arena;
    int libc_heap_fd;
    volatile uint64_t *answers; /* HOST_TIMED: spec.answers's */
    struct allocator_output output;
    uint64_t output_bytes;    /* after host_stop: what the allocator printed */
    unsigned timeout_secs;    /* for messages about the deadline */
    bool confined;            /* seccomp is in force in the process */
    bool ended;               /* the process is gone */
    unsigned loaded;          /* READY's value: production libraries */
    struct verdict verdict;   /* how it ended, when that was not asked */
    /* Which op the driver sent last, for verdicts; set by the caller. */
    bool at_op;
    uint32_t op_index;
};

/* The programs that host each kind of allocator (allocator.h), relative to
 * the folder of the running driver; set once by mdriver.c. */
void sandbox_set_host_programs(const char *const programs[HOST_KINDS]);

/* The path of the program that hosts kind; false when it is not there. */
bool sandbox_program_path(enum host_kind kind, char *out, size_t len);

/* Whether this build runs allocators in processes of their own (false in
 * the in-process program of -X). */
extern const bool sandbox_isolates;

/* Start a host. False when it could not start or ended at once; then
 * h->verdict says why. */
bool host_start(struct host *h, const struct host_spec *spec);

/* Make one call (a request of shared/mailbox.h) and wait for its result. False
 * when the process ended, broke a rule or ran out of time instead; then
 * h->verdict says so and the process is gone. */
bool host_call(struct host *h, enum request request, uint64_t x, uint64_t y,
               uint64_t *result);

/* HOST_TIMED: run the replay; *cpu_seconds is the CPU time the process
 * spent in it, as the kernel counts it. False as for host_call. */
bool host_replay(struct host *h, double *cpu_seconds);

/* End the process (asking it to exit first when exit_cleanly, as valgrind
 * needs to write its counts), reap it and anything it left behind, and
 * release everything. Returns false if it did not end cleanly when asked. */
bool host_stop(struct host *h, bool exit_cleanly);

/* mm.c's team record, each field printable text (what is not printable
 * ASCII escaped), or all empty; from a host of its own. */
void host_team(char fields[TEAM_FIELDS][4 * TEAM_FIELD_BYTES]);

/* The production libraries the production host could load (a bit each). */
unsigned host_production_libraries(void);

/* Monotonic seconds, for deadlines. */
double monotonic_seconds(void);

/* The emulator that this 32-bit driver, and the allocator's processes,
 * run under (qemu-i386, where the kernel cannot run 32-bit programs), or
 * NULL. */
const char *host_emulator(void);

#endif /* SANDBOX_H */

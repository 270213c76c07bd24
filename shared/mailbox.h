/*
 * mailbox.h - what the driver and the allocator's process share.
 *
 * Every allocator runs in a host process of its own (host/host.c),
 * started fresh for every replay. The two talk through one page of shared memory,
 * the mailbox, and these files, each a memfd passed at a fixed descriptor:
 *
 *   fd  what                          driver          host
 *   0   /dev/null                     -               reads nothing
 *   1,2 the allocator's output        reads, shows    writes (printf)
 *   3   the mailbox                   read/write      read/write
 *   4   the arena (the heap) of a     read/write      read/write, at
 *       checked replay                (checks)        MEM_ARENA_ADDRESS
 *   5   the ops of a timed replay     writes, seals   reads
 *   6   the answers of a timed replay reads           writes
 *   7   the C library's heap          looks for data  malloc inside the
 *                                                     host (host/libc_heap.c)
 *
 * The driver writes the request half; the host writes the reply half. The
 * host can write anything anywhere in the page, so the driver never reads
 * back its own half, and everything it reads from the host's half is
 * checked before use: a pointer must lie in the heap, a size must be in
 * range, a fault report only colours a message about an ending that the
 * driver saw for itself (the process's exit status).
 *
 * A checked replay is a conversation: the driver sends one request (init,
 * malloc, free, realloc, calloc, checkheap), the host makes the call and
 * replies with its result; when the allocator calls mem_sbrk, the host
 * replies GROW instead and waits for the driver's grant. A timed replay is
 * one request, REPLAY: the host replays the ops of fd 5 and writes each
 * result to fd 6, so that only the allocator's work is timed.
 */
#ifndef MAILBOX_H
#define MAILBOX_H

#include <stdalign.h>
#include <stdint.h>

#include "doorbell.h"

enum host_descriptor {
    HOST_FD_MAILBOX = 3,
    HOST_FD_ARENA = 4,
    HOST_FD_OPS = 5,
    HOST_FD_ANSWERS = 6,
    HOST_FD_LIBC_HEAP = 7,
    HOST_FD_COUNT = 8,
};

enum host_mode {
    HOST_CHECKED = 1, /* one request at a time */
    HOST_TIMED,       /* one REPLAY of every op, timed or counted */
};

enum confinement {
    CONFINE_STRICT = 1, /* seccomp: write to fds 1 and 2, futex, exit */
    CONFINE_COUNTED,    /* under valgrind (-I): what valgrind needs too */
    CONFINE_SANITIZED,  /* the sanitizer build (make debug, never graded):
                           what AddressSanitizer needs too */
    CONFINE_NONE,       /* production allocators: any system call */
};

enum request {
    REQUEST_INIT = 1,  /* -> mm_init's status */
    REQUEST_MALLOC,    /* size -> payload */
    REQUEST_FREE,      /* payload -> 0 */
    REQUEST_REALLOC,   /* payload, size -> payload */
    REQUEST_CALLOC,    /* nmemb, size -> payload */
    REQUEST_CHECKHEAP, /* verbose -> mm_checkheap's status */
    REQUEST_REPLAY,    /* -> the heap size at the end */
    REQUEST_GROWN,     /* granted (0 or 1), old heap size: answers GROW */
    REQUEST_EXIT,      /* end the process with status 0 */
    REQUEST_TEAM,      /* -> 0, with mm.c's team record in team */
};

enum reply {
    REPLY_READY = 1, /* set up, confined, waiting for requests; value: the
                        production libraries it loaded (a bit each) */
    REPLY_ANSWER,    /* value: the result of the request */
    REPLY_GROW,      /* value: bytes mem_sbrk asks for */
};

/* mm.c's team record, as the host copies it: each field cut to
 * TEAM_FIELD_BYTES - 1 bytes. */
enum { TEAM_FIELDS = 5, TEAM_FIELD_BYTES = 80 };

/* Frames of the call stack kept in a fault report. */
enum { FAULT_FRAMES = 8 };

/* Filled in by the host's handler of a fatal signal. */
struct fault_report {
    uint32_t signal;  /* 0 until a fatal signal is caught */
    int32_t code;     /* si_code */
    uint64_t address; /* si_addr */
    uint64_t stack_pointer; /* at the fault: tells a stack overflow */
    int32_t syscall;  /* SIGSYS from seccomp: the refused system call */
    char call[32];    /* a refused call that is not a system call */
    uint64_t executable_start; /* where the host program is loaded */
    uint64_t executable_end;
    uint32_t depth;            /* frames[0] is the faulting instruction */
    uint64_t frames[FAULT_FRAMES];
};

struct host_setup {
    char allocator[48];      /* the name to serve */
    int32_t driver_pid;      /* the host ends if its parent is not this */
    uint32_t mode;           /* enum host_mode */
    uint32_t confinement;    /* enum confinement */
    uint32_t own_view;       /* it sees files of its own (driver/spawn.h): under
                                valgrind it lets go of /proc and /tmp */
    uint64_t heap_cap;       /* HOST_TIMED: the heap may grow to this */
    uint32_t op_count;       /* HOST_TIMED: ops in fd 5 */
    uint32_t id_count;       /* HOST_TIMED: block ids they use */
    uint32_t fill_payloads;  /* write every byte of every payload (for
                                allocators outside the heap, whose memory
                                is measured by the process's growth) */
    uint64_t output_limit;   /* bytes of output fds 1 and 2 may hold */
    uint64_t libc_heap_bytes; /* size of fd 7 */
};

struct mailbox {
    /* Written by the driver before the host starts. */
    struct host_setup setup;

    /* The driver's half. */
    alignas(64) struct doorbell to_host;
    uint32_t request;      /* enum request */
    uint64_t argument[2];

    /* The host's half. */
    alignas(64) struct doorbell to_driver;
    uint32_t reply;        /* enum reply */
    uint64_t value;
    struct fault_report fault;
    char team[TEAM_FIELDS][TEAM_FIELD_BYTES]; /* REQUEST_TEAM's answer */
};

/* The smallest page of the machines the kit runs on. */
enum { MAILBOX_PAGE = 4096 };
_Static_assert(sizeof(struct mailbox) <= MAILBOX_PAGE, "the mailbox fits in one page");

/* The answer a timed replay writes for op i: the returned pointer with its
 * lowest bit set (payloads are aligned, so the bit is free), 1 for a free
 * or a NULL result, and 0 while the op has not returned. After the last
 * op's comes INIT_RETURNED once mm_init has returned. */
enum { INIT_RETURNED = 1 };
static inline uint64_t answer_of(uintptr_t result) { return (uint64_t)result | 1u; }

#endif /* MAILBOX_H */

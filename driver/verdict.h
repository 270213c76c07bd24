/*
 * verdict.h - the one model of what happened to a trace.
 *
 * Every way a replay can end is a kind with its details, decided by the
 * driver alone and made in one place (the checker for failed checks, the
 * sandbox for endings of the allocator's process, the timer for timing).
 * The same struct reaches the table, the -g lines and the "verdict" object
 * of -j; the one-sentence message for people is written from its fields by
 * verdict_describe, and no tool ever needs to read that sentence.
 */
#ifndef VERDICT_H
#define VERDICT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "trace.h"

enum verdict_kind {
    VERDICT_OK,             /* every check passed; scored */
    VERDICT_FAILED_CHECK,   /* a check failed: which one is in check */
    VERDICT_CRASHED,        /* killed by a signal: signal, address, where */
    VERDICT_EXITED,         /* ended its process: exit_status */
    VERDICT_TIMED_OUT,      /* still running after the time limit */
    VERDICT_FORBIDDEN_CALL, /* made a call an allocator may not make */
    VERDICT_TOO_SLOW,       /* correct, but timing could not finish: its
                               throughput scores 0 */
    VERDICT_NOT_RUN,        /* a giant trace (trace.h), read but not
                               replayed: at_op names its giant request */
    VERDICT_KINDS           /* how many kinds there are */
};

enum check_kind {
    CHECK_NONE,
    CHECK_INIT,          /* mm_init returned -1 */
    CHECK_NULL,          /* NULL for a request that fits */
    CHECK_MUST_FAIL,     /* not NULL for a request that can never fit */
    CHECK_ALIGNMENT,     /* payload not aligned */
    CHECK_BOUNDS,        /* payload not inside the heap */
    CHECK_OVERLAP,       /* payload overlaps a live one */
    CHECK_PAYLOAD,       /* a live payload's bytes changed */
    CHECK_REALLOC_DATA,  /* realloc lost bytes it had to keep */
    CHECK_CALLOC_ZERO,   /* calloc's memory not all zero */
    CHECK_REALLOC_ZERO,  /* realloc(p, 0) did not return NULL */
    CHECK_CHECKHEAP,     /* mm_checkheap reported an inconsistent heap */
    CHECK_ABOVE_BREAK,   /* bytes at or above the break were written */
    CHECK_DETERMINISM,   /* a replay gave other answers than the first */
    CHECK_PROTOCOL,      /* the process wrote nonsense to the mailbox */
    CHECK_METER,         /* -I's count is not to be believed */
    CHECK_KINDS          /* how many kinds there are */
};

/* The part of a run where something happened. */
enum phase {
    PHASE_CHECKED,   /* the first checked replay */
    PHASE_RECHECKED, /* the second (after mm_init again) */
    PHASE_TIMED,     /* a timed replay of the allocator */
    PHASE_COUNTED,   /* the replay whose instructions -I counts */
    PHASE_REFERENCE, /* a replay of the reference allocator */
    PHASES           /* how many phases there are */
};

/* What kind of call was refused. */
enum forbidden_kind {
    FORBIDDEN_SYSCALL,    /* a system call outside the allowed few */
    FORBIDDEN_HEAP_OWNER, /* mem_init, mem_reset_brk or mem_deinit */
    FORBIDDEN_LIBC_HEAP,  /* the C library's malloc, directly or not */
    FORBIDDEN_KINDS       /* how many kinds there are */
};

/* Where a faulting address lies, relative to the heap. */
enum fault_region {
    REGION_NONE,        /* no address (a signal sent, not a fault) */
    REGION_NEAR_NULL,   /* within the first page: a NULL pointer, or nearly */
    REGION_BELOW_HEAP,  /* just below the heap's first byte */
    REGION_IN_HEAP,     /* between the first byte and the break */
    REGION_ABOVE_BREAK, /* inside the arena, at or above the break */
    REGION_STACK,       /* near the stack pointer: a stack overflow */
    REGION_ELSEWHERE,   /* not in or near the heap */
    REGION_UNKNOWN,     /* a general-protection fault: the address was not
                           canonical, and the kernel does not say it */
    REGIONS             /* how many regions there are */
};

enum { SOURCE_TEXT = 160, MESSAGE_TEXT = 1024 };

struct verdict {
    enum verdict_kind kind;
    enum phase phase;
    bool at_op;           /* op_index names the op being replayed */
    uint32_t op_index;
    char entry[16];       /* the mm_* function running, or "" */
    /* VERDICT_FAILED_CHECK */
    enum check_kind check;
    char detail[640];     /* what the check saw: blocks, addresses, bytes */
    bool names_block;     /* the check names a block besides the op's own: */
    int32_t named_block;  /* the block overlapped, or whose payload changed */
    /* VERDICT_CRASHED, and where a hang or a refused call was */
    int signal;
    uint64_t address;
    enum fault_region region;
    char where[SOURCE_TEXT]; /* "in coalesce (mm.c:131), called from ..." */
    char operands[SOURCE_TEXT]; /* the faulting instruction and the values of
                                   the registers it addressed through */
    bool from_kernel;     /* signal, address and the first place of where
                             are the kernel's; else, and for where's
                             callers, the process's own account */
    /* VERDICT_EXITED */
    int exit_status;
    /* VERDICT_TIMED_OUT, VERDICT_TOO_SLOW */
    unsigned seconds;
    /* VERDICT_FORBIDDEN_CALL */
    enum forbidden_kind forbidden;
    char call[48];        /* "mmap", "mem_reset_brk" or "malloc" */
};

/* Names used in JSON and the -g lines: "ok", "failed_check", ...; each
 * enum has one table of them (verdict.c), and a value outside the enum is
 * "unknown". */
const char *verdict_kind_name(enum verdict_kind kind);
const char *check_kind_name(enum check_kind check);
const char *phase_name(enum phase phase);
const char *fault_region_name(enum fault_region region);
const char *forbidden_kind_name(enum forbidden_kind forbidden);

/* The word for a verdict in the table's verdict column: "ok", "failed",
 * "timeout"... */
const char *verdict_kind_word(enum verdict_kind kind);

/* What a trace of a failing kind did, in a few words: "failed a check",
 * "crashed"... ("passed" for ok and too slow). */
const char *verdict_kind_failure(enum verdict_kind kind);

/* "SIGSEGV", or "a signal" for one without a name here. */
const char *signal_name(int signo);

/* Why the giant trace t is not run, as its verdict. */
struct verdict verdict_not_run(const struct trace *t);

/* Whether the trace passed its checks (ok, or too slow to time). */
static inline bool verdict_is_valid(const struct verdict *v)
{
    return v->kind == VERDICT_OK || v->kind == VERDICT_TOO_SLOW;
}

/* A failed check at op op_index of phase: detail is printf-formatted. */
void verdict_fail(struct verdict *v, enum phase phase, bool at_op, uint32_t op_index,
                  enum check_kind check, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* The sentence for people: "FILE:LINE: OP: what happened, phase". */
void verdict_describe(const struct verdict *v, const struct trace *t, char *buf, size_t len);

#endif /* VERDICT_H */

/*
 * tracer.h - how the allocator's process ends, as the kernel tells it.
 *
 * The driver attaches to every host process it starts with ptrace
 * (PTRACE_SEIZE: the process is never stopped for anything else). When a
 * fatal signal is about to be delivered, a fault, a refused system call
 * (SIGSYS from seccomp), abort's SIGABRT or the SIGXCPU of a timeout, the
 * kernel stops the process and the driver reads the signal's own record
 * (si_code, the faulting address, the refused call's number) and the
 * registers at that instruction, then lets the signal go on. These facts
 * are the kernel's; the fault report in the mailbox is only the process's
 * own account, and the driver uses it for nothing the kernel has said.
 *
 * Where the process cannot be traced (valgrind's or an emulator's
 * process, whose registers are not the allocator's; a system that refuses
 * ptrace), kernel_facts.seen stays false.
 */
#ifndef TRACER_H
#define TRACER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

enum { FACT_REGISTERS = 18 };

struct kernel_facts {
    bool seen;            /* a fatal signal was seen at its delivery */
    int signal;
    int code;             /* si_code */
    uint64_t address;     /* si_addr: the faulting address; SIGSYS: the
                             address of the call */
    int syscall;          /* SIGSYS: the refused call's number */
    uint64_t pc, sp;      /* the instruction it stopped at, its stack */
    unsigned registers;   /* how many of the general registers below */
    struct {
        char name[8];
        uint64_t value;
    } general[FACT_REGISTERS];
};

/* Attach to pid; false when the kernel refuses (then nothing is known but
 * what waitpid says). */
bool tracer_attach(pid_t pid);

/* Wait for pid (without blocking unless block): let every stop go on,
 * recording the first fatal signal's facts, until the process has ended or
 * is running. True when it has ended, with its waitpid status. */
bool tracer_reap(pid_t pid, bool block, int *status, struct kernel_facts *facts);

#endif /* TRACER_H */

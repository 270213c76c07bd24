/*
 * tracer.c - the kernel's account of how a host process ends (see
 * tracer.h).
 *
 * A traced process shows up in waitpid as stopped whenever a signal is
 * about to be delivered to it (a "signal-delivery-stop"), and, for SIGSTOP
 * and its kin, as stopped for the group ("group-stop", flagged
 * PTRACE_EVENT_STOP under PTRACE_SEIZE). The driver answers every stop at
 * once: a signal-delivery-stop is continued with its signal, so that the
 * process sees exactly what it would have seen untraced; a group-stop is
 * continued too, so that nothing can park the process where the driver's
 * deadline would call it a loop.
 */
#define _GNU_SOURCE
#include "tracer.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>

bool tracer_attach(pid_t pid)
{
    return ptrace(PTRACE_SEIZE, pid, NULL, (void *)(long)PTRACE_O_EXITKILL) == 0;
}

static bool is_fatal(int signo)
{
    switch (signo) {
    case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGABRT:
    case SIGTRAP: case SIGSYS: case SIGXCPU:
        return true;
    default:
        return false;
    }
}

static void name_register(struct kernel_facts *f, const char *name, uint64_t value)
{
    if (f->registers == FACT_REGISTERS)
        return;
    snprintf(f->general[f->registers].name, sizeof f->general[0].name, "%s", name);
    f->general[f->registers++].value = value;
}

static void read_registers(pid_t pid, struct kernel_facts *f)
{
    struct user_regs_struct r;
    if (ptrace(PTRACE_GETREGS, pid, NULL, &r) != 0)
        return;
#if defined(__x86_64__)
    f->pc = r.rip;
    f->sp = r.rsp;
    const struct {
        const char *name;
        unsigned long long value;
    } named[] = {{"rax", r.rax}, {"rbx", r.rbx}, {"rcx", r.rcx}, {"rdx", r.rdx},
                 {"rsi", r.rsi}, {"rdi", r.rdi}, {"rbp", r.rbp}, {"rsp", r.rsp},
                 {"r8", r.r8},   {"r9", r.r9},   {"r10", r.r10}, {"r11", r.r11},
                 {"r12", r.r12}, {"r13", r.r13}, {"r14", r.r14}, {"r15", r.r15},
                 {"rip", r.rip}};
#elif defined(__i386__)
    f->pc = (uint32_t)r.eip;
    f->sp = (uint32_t)r.esp;
    const struct {
        const char *name;
        unsigned long value;
    } named[] = {{"eax", r.eax}, {"ebx", r.ebx}, {"ecx", r.ecx}, {"edx", r.edx},
                 {"esi", r.esi}, {"edi", r.edi}, {"ebp", r.ebp}, {"esp", r.esp},
                 {"eip", r.eip}};
#else
    const struct {
        const char *name;
        unsigned long value;
    } named[] = {{"", 0}};
#endif
    for (size_t i = 0; i < sizeof named / sizeof *named; i++)
        if (named[i].name[0] != '\0')
            name_register(f, named[i].name, (uint64_t)named[i].value);
}

/* A signal is about to be delivered: its facts, if it is the first fatal
 * one. */
static void note_signal(pid_t pid, int signo, struct kernel_facts *f)
{
    siginfo_t info;
    if (f->seen || !is_fatal(signo) || ptrace(PTRACE_GETSIGINFO, pid, NULL, &info) != 0)
        return;
    *f = (struct kernel_facts){.seen = true, .signal = signo, .code = info.si_code};
    if (signo == SIGSYS) {
        f->syscall = info.si_syscall;
        f->address = (uintptr_t)info.si_call_addr;
    } else if (info.si_code > 0) {
        f->address = (uintptr_t)info.si_addr;
    }
    read_registers(pid, f);
}

bool tracer_reap(pid_t pid, bool block, int *status, struct kernel_facts *facts)
{
    for (;;) {
        pid_t got = waitpid(pid, status, (block ? 0 : WNOHANG) | __WALL);
        if (got < 0 && errno == EINTR)
            continue;
        if (got != pid)
            return false;
        if (!WIFSTOPPED(*status))
            return true;
        int signo = WSTOPSIG(*status);
        bool group_stop = (unsigned)*status >> 16 == PTRACE_EVENT_STOP;
        if (!group_stop)
            note_signal(pid, signo, facts);
        ptrace(PTRACE_CONT, pid, NULL, (void *)(long)(group_stop ? 0 : signo));
    }
}

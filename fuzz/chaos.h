/*
 * fuzz/chaos.h - the acts of chaos of fuzz/chaos.c, and what each one
 * must lead to.
 */
#ifndef CHAOS_H
#define CHAOS_H

enum chaos_act {
    CHAOS_NONE,                /* an honest allocator: every replay passes */
    CHAOS_GARBAGE,             /* 0xff over the whole mailbox: never passes */
    CHAOS_RANDOM_BYTES,        /* 16 random bytes anywhere in it */
    CHAOS_FORGED_ANSWER_SPIN,  /* a timed replay "done" early, then spinning:
                                  never passes, never hangs */
    CHAOS_FORGED_ANSWER_SLEEP, /* the same, then asleep: never passes */
    CHAOS_RINGS,               /* eight rings with random replies */
    CHAOS_FORGED_FAULT,        /* a made-up fault report, then a crash */
    CHAOS_STOPS_ITSELF,        /* SIGSTOP to itself: refused, never passes */
    CHAOS_ACTS
};

#endif /* CHAOS_H */

/*
 * compat/cmu13/contracts.h - the contract macros that CMU's 2010-2015 kits
 * shipped for mm.c (make API=cmu13): REQUIRES (a precondition), ENSURES (a
 * postcondition) and ASSERT (anything else).
 *
 * They check their condition only in a debugging build (-DDEBUG, without
 * -DNDEBUG); otherwise they compile to nothing and do not evaluate it, so
 * a condition may be as costly as a heap walk.
 */
#ifndef CONTRACTS_H
#define CONTRACTS_H

#include <assert.h>

#undef ASSERT
#undef REQUIRES
#undef ENSURES

#ifdef DEBUG
#define ASSERT(condition) assert(condition)
#define REQUIRES(condition) assert(condition)
#define ENSURES(condition) assert(condition)
#else
#define ASSERT(condition) ((void)0)
#define REQUIRES(condition) ((void)0)
#define ENSURES(condition) ((void)0)
#endif

#endif /* CONTRACTS_H */

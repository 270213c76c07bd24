/*
 * replay.h - one replay of a trace's ops and nothing else: the timed loop.
 *
 * The allocator's process runs it for a timed or counted replay, and the
 * driver runs it itself under -X. It makes exactly the calls that the
 * checked replay makes (driver/checker.c), in the same order, so that a
 * deterministic allocator gives the same answers in both.
 */
#ifndef REPLAY_H
#define REPLAY_H

#include <stdint.h>

#include "mm_functions.h"
#include "op.h"

/* Replay count ops with allocator a, after its mm_init. slots holds one
 * payload per block id, all NULL at the start. answers, when not NULL,
 * receives answer_of() of each op's result as soon as the op returns. */
void replay_ops(const struct mm_functions *a, const struct op *ops, uint32_t count, void **slots,
                volatile uint64_t *answers);

#endif /* REPLAY_H */

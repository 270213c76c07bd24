"""fitmodel.py: the textbook allocator's heap, block for block, in Python.
(tests/suites/allocators.sh checks that on every default trace it scores
what implicit-first and implicit-best score in the driver.)"""

import unittest
from fractions import Fraction

from tools.kit.traces.fitmodel import (BEST, FIRST, FitModel, ModelReplay,
                                       block_size_for)
from tools.kit.traces.validate import read_trace


def heap_with_two_holes(policy):
    """A 128-byte hole at 0 and a 64-byte hole at 160, each followed by a
    live 32-byte block."""
    model = FitModel(policy)
    large = model.malloc(100)        # [0, 128)
    model.malloc(16)                 # [128, 160)
    small = model.malloc(48)         # [160, 224)
    model.malloc(16)                 # [224, 256)
    model.free(large)
    model.free(small)
    return model


def replay(text, policy):
    """The model's utilization on a trace given as text."""
    report = read_trace(text)
    model = ModelReplay(policy)
    for (_, op), effect in zip(report.ops, report.effects):
        model.step(op, effect)
    return model.utilization(report.ledger.peak_bytes)


class BlockTest(unittest.TestCase):

    def test_a_block_is_the_request_and_16_bytes_of_tags_rounded_to_16(self):
        self.assertEqual([block_size_for(n) for n in (1, 16, 17, 100, 112)],
                         [32, 32, 48, 128, 128])


class PlacementTest(unittest.TestCase):

    def test_first_fit_takes_the_lowest_hole_that_fits(self):
        model = heap_with_two_holes(FIRST)
        self.assertEqual(model.malloc(40), 0)

    def test_best_fit_takes_the_smallest_hole_that_fits(self):
        model = heap_with_two_holes(BEST)
        self.assertEqual(model.malloc(40), 160)

    def test_the_rest_of_a_hole_is_a_free_block_of_its_own(self):
        model = heap_with_two_holes(FIRST)
        model.malloc(40)                 # [0, 64) of the 128-byte hole
        self.assertEqual(model.malloc(40), 64)
        self.assertEqual(model.top, 256)

    def test_freed_neighbours_merge_so_that_their_sum_fits(self):
        model = FitModel(FIRST)
        blocks = [model.malloc(48) for _ in range(3)]    # 64 bytes each
        model.malloc(16)
        for block in (blocks[0], blocks[2], blocks[1]):
            model.free(block)
        self.assertEqual(model.malloc(176), 0)           # a 192-byte block
        self.assertEqual(model.top, 224)

    def test_a_request_that_fits_nowhere_grows_the_heap_by_what_is_missing(
            self):
        model = FitModel(BEST)
        model.malloc(100)                                # [0, 128)
        model.free(model.malloc(100))                    # free [128, 256)
        self.assertEqual(model.malloc(200), 128)         # a 224-byte block
        self.assertEqual(model.top, 352)
        self.assertEqual(model.heap_bytes(), 32 + 352)


class ReallocTest(unittest.TestCase):

    def test_the_last_block_grows_with_the_heap(self):
        model = FitModel(FIRST)
        model.malloc(16)
        last = model.malloc(16)                          # [32, 64)
        self.assertEqual(model.realloc(last, 1000), last)
        self.assertEqual(model.top, 32 + 1024)

    def test_a_block_grows_into_its_free_neighbour(self):
        model = FitModel(FIRST)
        block = model.malloc(16)                         # [0, 32)
        neighbour = model.malloc(100)                    # [32, 160)
        model.malloc(16)                                 # [160, 192)
        model.free(neighbour)
        self.assertEqual(model.realloc(block, 100), 0)   # a 128-byte block
        self.assertEqual(model.malloc(16), 128)          # the 32 left over

    def test_a_block_that_cannot_grow_in_place_moves(self):
        model = FitModel(FIRST)
        block = model.malloc(16)                         # [0, 32)
        model.malloc(16)                                 # [32, 64)
        self.assertEqual(model.realloc(block, 100), 64)
        self.assertEqual(model.malloc(16), 0)

    def test_a_shrunk_block_frees_its_tail(self):
        model = FitModel(FIRST)
        block = model.malloc(1000)                       # [0, 1024)
        model.malloc(16)
        self.assertEqual(model.realloc(block, 16), 0)
        self.assertEqual(model.malloc(900), 32)


class ReplayTest(unittest.TestCase):

    def test_utilization_is_the_peak_over_the_largest_heap(self):
        text = "1\n2\n3\n200\na 0 100\na 1 100\nf 0\n"
        # Two 128-byte blocks and the 32 bytes of control, prologue and
        # epilogue.
        self.assertEqual(replay(text, FIRST), Fraction(200, 32 + 256))

    def test_zero_bytes_and_unsatisfiable_requests_take_no_block(self):
        text = ("1\n3\n6\n100\na 0 0\na 1 200000000\nr 2 100\nr 0 0\n"
                "f 0\nf 2\n")
        self.assertEqual(replay(text, BEST), Fraction(100, 32 + 128))

    def test_a_trace_that_never_uses_the_heap_has_no_utilization(self):
        self.assertIsNone(replay("1\n1\n2\n0\na 0 0\nf 0\n", FIRST))


if __name__ == "__main__":
    unittest.main()

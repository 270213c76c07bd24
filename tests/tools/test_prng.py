"""The pseudo-random stream behind generated traces: exact and unbiased."""

import unittest

from tools.kit.traces.prng import SplitMix64


class SplitMix64Test(unittest.TestCase):

    def test_matches_the_published_reference_values(self):
        # Output of the reference C implementation for seed 1234567.
        stream = SplitMix64(1234567)
        self.assertEqual([stream.next64() for _ in range(5)],
                         [6457827717110365317, 3203168211198807973,
                          9817491932198370423, 4593380528125082431,
                          16408922859458223821])

    def test_between_stays_in_range_and_reaches_both_ends(self):
        stream = SplitMix64(7)
        values = {stream.between(3, 6) for _ in range(200)}
        self.assertEqual(values, {3, 4, 5, 6})

    def test_power_law_stays_in_range_and_favours_small_octaves(self):
        stream = SplitMix64(7)
        sizes = [stream.power_law(8, 4096, 1, 2) for _ in range(2000)]
        self.assertTrue(all(8 <= size <= 4096 for size in sizes))
        small = sum(1 for size in sizes if size < 16)
        large = sum(1 for size in sizes if size >= 2048)
        self.assertGreater(small, 10 * large)

    def test_shuffle_is_a_permutation(self):
        items = list(range(50))
        SplitMix64(3).shuffle(items)
        self.assertEqual(sorted(items), list(range(50)))
        self.assertNotEqual(items, list(range(50)))

    def test_weighted_never_picks_a_zero_weight(self):
        stream = SplitMix64(5)
        picks = {stream.weighted([0, 3, 0, 1]) for _ in range(100)}
        self.assertEqual(picks, {1, 3})


if __name__ == "__main__":
    unittest.main()

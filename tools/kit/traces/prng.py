"""prng.py - the pseudo-random numbers behind every generated trace.

Generated traces are committed and must come out byte for byte the same on
any machine and any Python version, so this module does not use `random`
(whose algorithms Python may change) and never uses floats. It implements
SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit counter advanced by the
golden-ratio constant, then scrambled by two xor-shift-multiply rounds.
It passes the usual statistical batteries, needs one integer of state, and
is a dozen lines, so anyone can check it against the published constants.

Every derived draw (`below`, `between`, `chance`, `weighted`, `power_law`,
`shuffle`) uses only integer arithmetic, and `below` rejects the few raw
values that would make `x % n` favour small results, so each distribution
is exact, not approximately right.
"""

from functools import lru_cache

MASK64 = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15
MIX_MULTIPLIER_1 = 0xBF58476D1CE4E5B9
MIX_MULTIPLIER_2 = 0x94D049BB133111EB


class SplitMix64:
    """A deterministic stream of 64-bit values and the draws built on it."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next64(self):
        """The next raw value, uniform in [0, 2**64)."""
        self.state = (self.state + GOLDEN_GAMMA) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * MIX_MULTIPLIER_1) & MASK64
        z = ((z ^ (z >> 27)) * MIX_MULTIPLIER_2) & MASK64
        return z ^ (z >> 31)

    def below(self, n):
        """Uniform in [0, n), for 0 < n <= 2**64."""
        assert 0 < n <= 1 << 64, "below() needs a range of 1 to 2**64 values"
        # Raw values at or above the largest multiple of n would wrap onto
        # the small results a second time; draw again instead.
        unbiased_limit = (1 << 64) - (1 << 64) % n
        while True:
            value = self.next64()
            if value < unbiased_limit:
                return value % n

    def between(self, low, high):
        """Uniform in [low, high], both ends included."""
        assert low <= high, "between() needs low <= high"
        return low + self.below(high - low + 1)

    def chance(self, numerator, denominator):
        """True with probability numerator / denominator."""
        return self.below(denominator) < numerator

    def pick(self, items):
        """One element of a non-empty sequence, each equally likely."""
        return items[self.below(len(items))]

    def weighted(self, weights):
        """An index i with probability weights[i] / sum(weights)."""
        target = self.below(sum(weights))
        for index, weight in enumerate(weights):
            if target < weight:
                return index
            target -= weight
        raise AssertionError("weighted() ran past the total weight")

    def power_law(self, low, high, ratio_num, ratio_den):
        """A size in [low, high] drawn octave by octave.

        The range is cut at powers of two; each octave is
        ratio_num/ratio_den times as likely as the one below it, and within
        an octave every size is equally likely. A ratio of 1/1 gives a
        log-uniform size (density proportional to 1/size); 1/2 halves the
        odds per octave, so small sizes dominate as in real programs.
        """
        assert 1 <= low <= high, "power_law() needs 1 <= low <= high"
        first = low.bit_length()
        octaves = high.bit_length() - first + 1
        octave = first + self.weighted(
            octave_weights(octaves, ratio_num, ratio_den))
        octave_low = max(low, 1 << (octave - 1))
        octave_high = min(high, (1 << octave) - 1)
        return self.between(octave_low, octave_high)

    def shuffle(self, items):
        """Shuffle a list in place (Fisher-Yates)."""
        for last in range(len(items) - 1, 0, -1):
            other = self.below(last + 1)
            items[last], items[other] = items[other], items[last]



@lru_cache(maxsize=None)
def octave_weights(octaves, ratio_num, ratio_den):
    """Integer weights of successive octaves, each ratio_num/ratio_den
    times the one before."""
    return tuple(ratio_num ** i * ratio_den ** (octaves - 1 - i)
                 for i in range(octaves))

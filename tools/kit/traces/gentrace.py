"""gentrace.py - generate one allocation trace of a named class.

    tools/gentrace.py CLASS [--seed N] [--weight W] [class options] [-o FILE]

The same arguments give the same bytes on every machine and every Python
version: all randomness comes from SplitMix64 (prng.py) and only integers
reach the output. The trace uses the 2016+ header (weight, num_ids,
num_ops, exact max_live_bytes), is followed by two comment lines giving the
full command that regenerates it, and frees every block by the end
(balanced) unless --no-balance is given. A trace whose peak of live bytes
would pass 40 MiB is refused, so that every allocator with a sane block
format fits in the 100 MiB heap. Ops are written through tracebuilder.py,
which replays each one and stops at the first invalid op.

--size-seed Z (every class but scale) keeps every choice that --seed makes
and moves every size by up to 10%, within its power-of-two range: the
same trace on blocks of nearly the same sizes (TraceRandom below).
mksuite.py --fresh uses it to make a new term's traces as hard as the
published ones.

Classes and what they stress (`tools/gentrace.py CLASS --help` gives each
one's shape and options):

  short       About a dozen ops: three blocks, a hole refilled, a grow, a
              shrink, frees. Small enough to follow by hand in a debugger.
  program     A program-like mix: structs of a few fixed sizes, strings and
              arrays with power-law sizes, rare large buffers, some callocs;
              most blocks die young, some live for a phase, a few forever;
              growing arrays and strings are realloc'd. Stresses the common
              case: fast small requests and reuse of mixed-size holes.
  coalescing  Runs of adjacent blocks are freed in every order (forward,
              backward, interleaved, random) and then one request as large
              as a whole run follows: only an allocator that merges
              neighbouring free blocks can place it without growing the heap.
  random      Uniform random sizes in a range and uniform random lifetimes.
              No structure to exploit; with a wide range, holes of every
              size compete.
  binary      Small and large blocks alternate, every large one is freed,
              then requests slightly larger than those holes arrive. The
              holes fit none of them: external fragmentation, which defeats
              naive fits and power-of-two (buddy) classes.
  realloc     One block grows step by step while small blocks are allocated
              and freed behind it (variant `large`: big steps; `small`:
              steps of a few bytes, mostly absorbed by padding), or a pool of
              blocks is grown and shrunk at random (`mixed`), or only grown
              (`many`). Stresses in-place realloc and extending the heap by
              only what is missing.
  corners     The edge cases of the interface: free(NULL), malloc(0),
              realloc(NULL, n), realloc(p, 0), calloc, calloc whose product
              overflows, sizes 1 to 3, sizes at and around powers of two, a
              32 MiB block, and unsatisfiable requests that must return NULL.
  scale       About 1,000,000 ops over tens of thousands of live blocks, for
              throughput and for how allocators scale. --ops may go up to
              the trace reader's limit of 16,777,216: freed ids are reused,
              so the id count stays that of the live blocks. Not in the
              default suite.
"""

import argparse
import heapq
import inspect
import sys
from collections import namedtuple

from ..commandline import quit_quietly_on_closed_pipe
from .prng import SplitMix64
from .tracebuilder import TraceBuilder
from .traceformat import MAX_HEAP

KIB = 1024
MIB = 1024 * 1024

# Generated traces must leave room in the 100 MiB heap for block overhead,
# alignment and fragmentation, or reasonable allocators would run out.
PEAK_LIMIT = 40 * MIB


class ParameterError(ValueError):
    """Class options that cannot make a sensible trace."""


def require(condition, message):
    if not condition:
        raise ParameterError(message)


# A class option: flag, default, help. Every option is an integer except
# those with choices.
Option = namedtuple("Option", "flag default help choices")


def option(flag, default, help_text, choices=None):
    return Option(flag, default, help_text, choices)


# With --size-seed, a size moves by up to this percentage of itself (see
# TraceRandom).
NEAR_PERCENT = 10

# Every class but scale draws its sizes apart from its other choices and
# takes this option. Unset, it is left out of the provenance comment, so
# that the traces made before it existed keep their bytes.
SIZE_SEED = option("--size-seed", None, "the trace of --seed with every "
                   "size moved by up to %d percent, by draws from this seed "
                   "(within its power-of-two range and the class's bounds)"
                   % NEAR_PERCENT)


class TraceRandom(SplitMix64):
    """The random choices of a trace, with its sizes drawn apart.

    A class draws each request size (and each growth step) with
    size_between or size_power_law, and every other choice (kinds,
    lifetimes, orders, counts) with the plain draws. Without a size seed a
    size is the plain draw. With one, the plain draw is still made, so
    that every later choice is the one --seed makes, and the size is
    replaced by a draw from a second stream, seeded by the size seed:
    uniform over the sizes within NEAR_PERCENT of it (and at least 1 of
    it) that are also in its power-of-two range and within the class's
    bounds. So `--seed S --size-seed Z` is the trace of `--seed S` with
    every size moved a little: the same choices in the same order, blocks
    of nearly the same sizes, a histogram of sizes with the same buckets.
    Where a class's rules look at sizes (a budget of live bytes, a largest
    block), its ops can part from those of `--seed S` a little.
    """

    def __init__(self, seed, size_seed=None):
        super().__init__(seed)
        self.size_stream = None if size_seed is None else \
            SplitMix64(size_seed)

    def size_between(self, low, high):
        """A size uniform in [low, high], moved by the size stream."""
        return self._near(self.between(low, high), low, high)

    def size_power_law(self, low, high, ratio_num, ratio_den):
        """A size of power_law(), moved by the size stream."""
        return self._near(self.power_law(low, high, ratio_num, ratio_den),
                          low, high)

    def _near(self, size, low, high):
        if self.size_stream is None or size == 0:
            return size
        reach = max(1, size * NEAR_PERCENT // 100)
        octave = size.bit_length()
        lowest = max(low, 1 << (octave - 1), size - reach)
        highest = min(high, (1 << octave) - 1, size + reach)
        return self.size_stream.between(lowest, highest)


def attribute(flag):
    """The argparse attribute name of a flag: --max-size -> max_size."""
    return flag.lstrip("-").replace("-", "_")


# -- short --------------------------------------------------------------------

def build_short(trace, rng, params):
    """About a dozen ops, each commented, for debugging by hand.

    Three blocks; the middle one is freed and a smaller request refills the
    hole; the first block grows past its live neighbour; the third shrinks;
    one larger block comes from fresh space; then everything is freed. The
    seed changes only the sizes, never the shape.
    """
    trace.comment("three blocks side by side")
    first = trace.malloc(rng.size_between(1, 64))
    middle = trace.malloc(rng.size_between(65, 256))
    third = trace.malloc(rng.size_between(17, 64))
    trace.comment("free the middle one and refill the hole with less")
    hole = trace.size_of(middle)
    trace.free(middle)
    refill = trace.malloc(rng.size_between(16, hole - 1))
    trace.comment("grow the first block although its neighbour is live")
    trace.realloc(first, trace.size_of(first) + rng.size_between(64, 512))
    trace.comment("shrink the third block")
    trace.realloc(third, rng.size_between(1, trace.size_of(third) - 1))
    trace.comment("a larger block, then free everything")
    larger = trace.malloc(rng.size_between(257, 1024))
    if not params.no_balance:
        for block in (refill, first, larger, third):
            trace.free(block)


SHORT_OPTIONS = [SIZE_SEED]


# -- program ------------------------------------------------------------------

# Object kinds of the program model and their relative frequencies.
STRUCT, STRING, ARRAY, BUFFER = range(4)
KIND_WEIGHTS = [55, 30, 14, 1]
ELEMENT_SIZES = [1, 2, 4, 8, 12, 16, 24, 32]
# Lifetimes: die young, live a while, live until the phase ends, live until
# the program exits.
YOUNG, WHILE, PHASE, FOREVER = range(4)
LIFETIME_WEIGHTS = [50, 30, 15, 5]


def build_program(trace, rng, params):
    """A program-like mix of structs, strings, arrays and buffers.

    Of the requests 55% are structs (six sizes picked by the seed,
    multiples of 8 in 16..192 bytes, the first the most common), 30%
    strings (power-law lengths 4..4096), 14% arrays (an element size of
    1..32 bytes times a power-law count; one in ten made with calloc) and
    1% buffers (4 KiB..1 MiB); no request exceeds an eighth of the live
    budget. Half of the blocks die within 8 allocations, 30% after up to
    4096, 15% at the end of their phase (freed together in reverse order,
    like an arena being torn down) and 5% only at exit. One array or
    string in ten is growable: about 4% of the steps realloc one (arrays
    double, strings append a few bytes, now and then one is shrunk to
    fit). When the live bytes would pass the budget the blocks closest to
    death are freed early.
    """
    require(params.live_kib >= 64, "--live-kib must be at least 64")
    require(params.live_kib * KIB <= 32 * MIB, "--live-kib must be <= 32768")
    require(params.phases >= 1, "--phases must be at least 1")
    budget = params.live_kib * KIB
    largest = budget // 8
    struct_sizes = [rng.size_between(2, 24) * 8 for _ in range(6)]
    struct_weights = [32, 16, 8, 4, 2, 1]

    deaths = []           # heap of (allocation tick of death, id)
    phase_blocks = []     # ids that die when the current phase ends
    growable = []         # (id, kind) of arrays and strings that may be
                          # realloc'd; dead ones are dropped when picked
    tick = 0
    phase = 1

    def new_request():
        kind = rng.weighted(KIND_WEIGHTS)
        if kind == STRUCT:
            return kind, struct_sizes[rng.weighted(struct_weights)], 1
        if kind == STRING:
            return kind, rng.size_power_law(4, min(4096, largest), 1, 2), 1
        if kind == ARRAY:
            element = rng.pick(ELEMENT_SIZES)
            count = rng.size_power_law(1, min(4096, largest // element), 2, 3)
            return kind, count * element, element
        assert kind == BUFFER, "every object kind has a size rule"
        return kind, rng.size_power_law(4096, min(MIB, largest), 1, 2), 1

    def free_closest_to_death():
        while deaths:
            _, block = heapq.heappop(deaths)
            if trace.is_live(block):
                trace.free(block)
                return
        trace.free(trace.random_live(rng))

    def resize_growable():
        slot = rng.below(len(growable))
        block, kind = growable[slot]
        if not trace.is_live(block):
            growable[slot] = growable[-1]
            growable.pop()
            return
        size = trace.size_of(block)
        if rng.chance(1, 8):
            trace.realloc(block, max(1, size - rng.size_between(0, size // 2)))
        elif kind == ARRAY and 2 * size <= largest:
            trace.realloc(block, 2 * size)
        elif kind == STRING and size + 64 <= largest:
            trace.realloc(block, size + rng.size_between(1, 64))

    while trace.op_count + trace.live_count < params.ops:
        if trace.op_count * params.phases >= phase * params.ops:
            phase += 1
            for block in reversed(phase_blocks):
                if trace.is_live(block):
                    trace.free(block)
            phase_blocks = []
            continue
        if deaths and deaths[0][0] <= tick:
            _, block = heapq.heappop(deaths)
            if trace.is_live(block):
                trace.free(block)
            continue
        if growable and rng.chance(4, 100):
            resize_growable()
            continue
        kind, size, element = new_request()
        while trace.live_count and trace.live_bytes + size > budget:
            free_closest_to_death()
        if kind == ARRAY and rng.chance(1, 10):
            block = trace.calloc(size // element, element)
        else:
            block = trace.malloc(size)
        tick += 1
        if kind in (STRING, ARRAY) and rng.chance(1, 10):
            growable.append((block, kind))
        lifetime = rng.weighted(LIFETIME_WEIGHTS)
        if lifetime == YOUNG:
            heapq.heappush(deaths, (tick + rng.between(1, 8), block))
        elif lifetime == WHILE:
            heapq.heappush(deaths, (tick + rng.power_law(8, 4096, 2, 3),
                                    block))
        elif lifetime == PHASE:
            phase_blocks.append(block)
        # FOREVER blocks are freed only when the program exits.
    if not params.no_balance:
        trace.free_all(rng)


PROGRAM_OPTIONS = [
    option("--ops", 20000, "about this many ops"),
    option("--live-kib", 1024, "budget of live bytes, in KiB (64..32768)"),
    option("--phases", 4, "program phases; phase-lived blocks die at the "
                          "end of theirs"),
    SIZE_SEED,
]


# -- coalescing ---------------------------------------------------------------

def build_coalescing(trace, rng, params):
    """Freed neighbours that must merge to satisfy a larger request.

    A round allocates --runs runs, each of 2..--max-run blocks of uniform
    sizes in [--min-size, --max-size] followed by a small fence block that
    keeps runs apart. Each run is then freed in one of five orders:
    forward (each block merges with its predecessor), backward (with its
    successor), even positions then odd ones (the odd ones merge on both
    sides), odd then even, or random. Then each run gets one request of
    the sum of its block sizes, which no single freed block can hold.
    Finally the fences and the merged blocks are freed, leaving the heap
    empty for the next round, whose different sizes must split what was
    merged. Rounds repeat until about --ops ops.
    """
    require(16 <= params.min_size <= params.max_size,
            "need 16 <= --min-size <= --max-size (a request must not fit "
            "in one freed block of its run)")
    require(params.max_size <= 64 * KIB, "--max-size must be <= 65536")
    require(params.max_run >= 2, "--max-run must be at least 2")
    require(params.runs >= 1, "--runs must be at least 1")
    orders = ["forward", "backward", "even then odd", "odd then even",
              "random"]
    while trace.op_count < params.ops:
        runs = []
        fences = []
        for _ in range(params.runs):
            length = rng.between(2, params.max_run)
            runs.append([trace.malloc(rng.size_between(params.min_size,
                                                       params.max_size))
                         for _ in range(length)])
            fences.append(trace.malloc(rng.size_between(16, 64)))
        merged_sizes = []
        for run in runs:
            merged_sizes.append(sum(trace.size_of(block) for block in run))
            order = rng.pick(orders)
            if order == "forward":
                sequence = run
            elif order == "backward":
                sequence = run[::-1]
            elif order == "even then odd":
                sequence = run[0::2] + run[1::2]
            elif order == "odd then even":
                sequence = run[1::2] + run[0::2]
            else:
                sequence = list(run)
                rng.shuffle(sequence)
            for block in sequence:
                trace.free(block)
        merged = [trace.malloc(size) for size in merged_sizes]
        if params.no_balance and trace.op_count >= params.ops:
            break
        leftovers = fences + merged
        rng.shuffle(leftovers)
        for block in leftovers:
            trace.free(block)


COALESCING_OPTIONS = [
    option("--ops", 14000, "about this many ops (whole rounds)"),
    option("--min-size", 16, "smallest block of a run (>= 16)"),
    option("--max-size", 256, "largest block of a run"),
    option("--max-run", 8, "most blocks in a run (>= 2)"),
    option("--runs", 16, "runs per round"),
    SIZE_SEED,
]


# -- random -------------------------------------------------------------------

def build_random(trace, rng, params):
    """Uniform random sizes and uniform random lifetimes.

    Every allocation has a size uniform in [--min-size, --max-size] and a
    lifetime uniform in 1..--lifetime later allocations, so about half of
    --lifetime blocks are live at a time. Live bytes are held under 32 MiB
    by freeing the blocks closest to death early.
    """
    require(1 <= params.min_size <= params.max_size,
            "need 1 <= --min-size <= --max-size")
    require(params.max_size <= 4 * MIB, "--max-size must be <= 4 MiB")
    require(params.lifetime >= 1, "--lifetime must be at least 1")
    budget = 32 * MIB
    deaths = []
    tick = 0
    while trace.op_count + trace.live_count < params.ops:
        if deaths and deaths[0][0] <= tick:
            trace.free(heapq.heappop(deaths)[1])
            continue
        size = rng.size_between(params.min_size, params.max_size)
        while trace.live_bytes + size > budget:
            trace.free(heapq.heappop(deaths)[1])
        tick += 1
        block = trace.malloc(size)
        heapq.heappush(deaths, (tick + rng.between(1, params.lifetime),
                                block))
    if not params.no_balance:
        trace.free_all(rng)


RANDOM_OPTIONS = [
    option("--ops", 20000, "about this many ops"),
    option("--min-size", 1, "smallest request"),
    option("--max-size", 128, "largest request (<= 4 MiB)"),
    option("--lifetime", 1000, "longest lifetime, in allocations"),
    SIZE_SEED,
]


# -- binary -------------------------------------------------------------------

def build_binary(trace, rng, params):
    """Holes that are always slightly too small.

    --pairs times: a small block of --small bytes, then a large one of
    --large. Every large block is freed, oldest first; then --pairs
    requests of --next bytes (more than --large) arrive while the small
    blocks still pin the holes apart. Sizes are jittered by the seed:
    small and large ones down by up to --jitter bytes, the later ones up
    by up to --jitter, so a hole never fits a later request. The best an
    allocator can do is to put the later requests in fresh space; the
    defaults (64, 448, 512) and (16, 112, 136) also sit just above powers
    of two after a header, the worst case for buddy allocators.
    """
    require(params.pairs >= 1, "--pairs must be at least 1")
    require(0 <= params.jitter < params.small,
            "need 0 <= --jitter < --small")
    require(params.jitter < params.large, "need --jitter < --large")
    require(params.large < params.next, "need --large < --next")
    require(params.pairs * (params.small + params.next + params.jitter)
            <= PEAK_LIMIT, "the pairs would pass 40 MiB of live bytes")
    large_blocks = []
    for _ in range(params.pairs):
        trace.malloc(rng.size_between(params.small - params.jitter,
                                      params.small))
        large_blocks.append(trace.malloc(
            rng.size_between(params.large - params.jitter, params.large)))
    for block in large_blocks:
        trace.free(block)
    for _ in range(params.pairs):
        trace.malloc(rng.size_between(params.next,
                                      params.next + params.jitter))
    if not params.no_balance:
        trace.free_all(rng)


BINARY_OPTIONS = [
    option("--pairs", 2000, "small/large pairs (and later requests)"),
    option("--small", 64, "size of the small blocks"),
    option("--large", 448, "size of the large blocks, which are freed"),
    option("--next", 512, "size of the later requests (> --large)"),
    option("--jitter", 8, "sizes vary by up to this many bytes"),
    SIZE_SEED,
]


# -- realloc ------------------------------------------------------------------

# Defaults that depend on --variant; an explicit option overrides them.
REALLOC_VARIANTS = {
    "large": {"start": 512, "step_min": 128, "step_max": 1024,
              "max_block": 128 * KIB},
    "small": {"start": 4092, "step_min": 1, "step_max": 16,
              "max_block": 128 * KIB},
    "mixed": {"start": 1024, "step_min": 1, "step_max": 4096,
              "max_block": 64 * KIB},
    "many": {"start": 1024, "step_min": 1, "step_max": 4096,
             "max_block": 64 * KIB},
}


def build_realloc(trace, rng, params):
    """Realloc patterns, by --variant.

    large, small: a block of --start bytes grows by a step uniform in
    [--step-min, --step-max] each time; after each growth a small block
    (16..128 bytes) is allocated and the previous small block freed, so
    something new always sits beside the growing block. When the block
    would pass --max-block it is freed and a new one starts. `large`
    steps (128..1024 from 512) outgrow any padding; `small` steps (1..16
    from 4092, in the spirit of the classic realloc2 trace) are mostly
    absorbed by padding or a free neighbour, so an allocator that copies on
    every realloc pays for nothing.

    mixed: a pool of --blocks blocks (starting log-uniform in 1..--start
    bytes, never above --max-block) is resized at random: a block grows by
    a quarter to all of its size plus --step-min..--step-max bytes, or
    shrinks by a quarter to three quarters; some are freed with `r id 0`
    and come back later with `r` on the dead id (realloc(NULL, n)); small
    blocks come and go in between.

    many: a pool of --blocks blocks (starting as in mixed) that only grow,
    each step by a quarter to all of its size plus --step-min..--step-max
    bytes, like many vectors and strings filled at once; a block that
    would pass --max-block is freed and a new one starts in its place;
    small blocks come and go in between.
    """
    # The defaults are written into params so that the provenance comment
    # of the trace shows the values actually used.
    for name, value in REALLOC_VARIANTS[params.variant].items():
        if getattr(params, name) is None:
            setattr(params, name, value)
    require(params.start >= 1, "--start must be at least 1")
    require(1 <= params.step_min <= params.step_max,
            "need 1 <= --step-min <= --step-max")
    require(params.start + params.step_max <= params.max_block <= 4 * MIB,
            "need --start + --step-max <= --max-block <= 4 MiB")
    require(params.blocks >= 1, "--blocks must be at least 1")
    if params.variant == "mixed":
        realloc_mixed(trace, rng, params)
    elif params.variant == "many":
        realloc_many(trace, rng, params)
    else:
        realloc_growing(trace, rng, params)
    if not params.no_balance:
        trace.free_all(rng)


def realloc_growing(trace, rng, params):
    growing = trace.malloc(params.start)
    neighbour = trace.malloc(rng.size_between(16, 128))
    while trace.op_count + trace.live_count < params.ops:
        size = trace.size_of(growing) + rng.size_between(params.step_min,
                                                         params.step_max)
        if size > params.max_block:
            trace.free(growing)
            growing = trace.malloc(params.start)
            continue
        trace.realloc(growing, size)
        newer = trace.malloc(rng.size_between(16, 128))
        trace.free(neighbour)
        neighbour = newer


# What the mixed variant does to a pool block, and how often.
GROW, SHRINK, DROP, SMALL_CHURN = range(4)
MIXED_ACTION_WEIGHTS = [45, 35, 5, 15]


def realloc_mixed(trace, rng, params):
    pool = [trace.malloc(rng.size_power_law(1, params.start, 1, 1))
            for _ in range(params.blocks)]
    comeback_size = {}        # dropped pool id -> size it comes back with
    smalls = []
    while trace.op_count + trace.live_count < params.ops:
        block = rng.pick(pool)
        if block in comeback_size:
            trace.realloc(block, comeback_size.pop(block))
            continue
        size = trace.size_of(block)
        action = rng.weighted(MIXED_ACTION_WEIGHTS)
        if action == GROW:
            grown = (size + size * rng.between(1, 4) // 4
                     + rng.size_between(params.step_min, params.step_max))
            if grown <= params.max_block:
                trace.realloc(block, grown)
                continue
            action = SHRINK
        if action == SHRINK:
            trace.realloc(block, max(1, size - size * rng.between(1, 3) // 4))
        elif action == DROP:
            trace.realloc(block, 0)
            comeback_size[block] = rng.size_power_law(1, params.start, 1, 1)
        elif len(smalls) < 16 and rng.chance(1, 2):
            smalls.append(trace.malloc(rng.size_between(16, 128)))
        elif smalls:
            trace.free(smalls.pop(rng.below(len(smalls))))


def realloc_many(trace, rng, params):
    pool = [trace.malloc(rng.size_power_law(1, params.start, 1, 1))
            for _ in range(params.blocks)]
    smalls = []
    while trace.op_count + trace.live_count < params.ops:
        slot = rng.below(len(pool))
        size = trace.size_of(pool[slot])
        grown = (size + size * rng.between(1, 4) // 4
                 + rng.size_between(params.step_min, params.step_max))
        if grown <= params.max_block:
            trace.realloc(pool[slot], grown)
        else:
            trace.free(pool[slot])
            pool[slot] = trace.malloc(rng.size_power_law(1, params.start, 1, 1))
        if len(smalls) < 16 and rng.chance(1, 2):
            smalls.append(trace.malloc(rng.size_between(16, 128)))
        elif smalls:
            trace.free(smalls.pop(rng.below(len(smalls))))


REALLOC_OPTIONS = [
    option("--variant", "large", "large: big growth steps; small: steps of "
           "a few bytes; mixed: random growing and shrinking; many: many "
           "blocks growing at once",
           choices=sorted(REALLOC_VARIANTS)),
    option("--ops", 12000, "about this many ops"),
    option("--start", None, "size a growing block starts from (mixed, "
           "many: largest initial size); default by variant: large 512, "
           "small 4092, mixed and many 1024"),
    option("--step-min", None, "smallest growth step; default by variant: "
           "large 128, small 1, mixed and many 1"),
    option("--step-max", None, "largest growth step; default by variant: "
           "large 1024, small 16, mixed and many 4096"),
    option("--max-block", None, "largest block; default by variant: large "
           "and small 131072, mixed and many 65536"),
    option("--blocks", 64, "blocks in the pool (mixed and many)"),
    SIZE_SEED,
]


# -- corners ------------------------------------------------------------------

SIZE_MAX = (1 << 64) - 1


def build_corners(trace, rng, params):
    """Edge cases of the interface, one commented section each.

    A few filler blocks (sizes from the seed) stay live throughout, so
    that corner cases happen among other blocks. Sections: free(NULL);
    sizes 1, 2, 3; malloc(0) and callocs of zero bytes; realloc(NULL, n)
    on a never-used id; realloc(p, 0), then realloc(NULL, n) on that dead
    id; an id reused after its free; growth from a zero-size block; sizes
    2^k - 9, -8, -7, -1, +0, +1 for k = 4..16 (payload and block-size
    boundaries of 8- and 16-byte designs); callocs; a 32 MiB malloc and a
    realloc of a small block up to 16 MiB and back; unsatisfiable requests
    (more than MAX_HEAP, near SIZE_MAX, calloc products that overflow 64
    bits or pass MAX_HEAP, a failed realloc that must keep its block, and
    realloc(NULL, huge)). Ids of unsatisfiable requests are never used
    again.
    """
    trace.comment("filler blocks that stay live until the end")
    for _ in range(4):
        trace.malloc(rng.size_power_law(1, 512, 1, 1))

    trace.comment("free(NULL) does nothing")
    trace.free(-1)

    trace.comment("the smallest requests")
    tiny = [trace.malloc(size) for size in (1, 2, 3)]
    free_shuffled(trace, rng, tiny)

    trace.comment("malloc(0) and calloc of zero bytes may return NULL or a "
                  "unique pointer; free accepts either")
    zeros = [trace.malloc(0), trace.calloc(0, 16), trace.calloc(16, 0)]
    free_shuffled(trace, rng, zeros)

    trace.comment("realloc on an id never allocated is realloc(NULL, n)")
    fresh = trace.realloc(trace.new_id(), rng.size_between(1, 100))
    trace.realloc(fresh, trace.size_of(fresh) + rng.size_between(1, 200))
    trace.free(fresh)

    trace.comment("realloc(p, 0) frees p; realloc on the dead id is then "
                  "realloc(NULL, n) again")
    revived = trace.malloc(rng.size_between(1, 100))
    trace.realloc(revived, 0)
    trace.realloc(revived, rng.size_between(1, 100))
    trace.free(revived)

    trace.comment("an id lives again after its free")
    reused = trace.malloc(24)
    trace.free(reused)
    trace.malloc(40, block=reused)
    trace.free(reused)

    trace.comment("a zero-size block grows, then realloc(p, 0) frees it")
    empty = trace.malloc(0)
    trace.realloc(empty, 40)
    trace.realloc(empty, 0)

    trace.comment("sizes at and around powers of two")
    for power in range(4, 17):
        base = 1 << power
        around = [trace.malloc(base + delta)
                  for delta in (-9, -8, -7, -1, 0, 1)]
        free_shuffled(trace, rng, around)

    trace.comment("calloc")
    callocs = [trace.calloc(10, 24), trace.calloc(1, 1),
               trace.calloc(rng.size_between(2, 100), rng.size_between(1, 64))]
    free_shuffled(trace, rng, callocs)

    trace.comment("a very large block that fits: 32 MiB")
    huge = trace.malloc(32 * MIB)
    trace.free(huge)
    trace.comment("a small block grown to 16 MiB and shrunk back")
    stretched = trace.malloc(rng.size_between(1, 64))
    trace.realloc(stretched, 16 * MIB)
    trace.realloc(stretched, rng.size_between(1, 64))
    trace.free(stretched)

    trace.comment("unsatisfiable: malloc must return NULL")
    for size in (MAX_HEAP + 1, 18446744073709551600, SIZE_MAX):
        trace.malloc(size)
    trace.comment("unsatisfiable: calloc product overflows 64 bits")
    trace.calloc(1 << 32, 1 << 32)
    trace.calloc(SIZE_MAX, 2)
    trace.comment("unsatisfiable: calloc product fits 64 bits but passes "
                  "MAX_HEAP")
    trace.calloc(1024, MIB)
    trace.comment("unsatisfiable realloc returns NULL and keeps the block")
    kept = trace.malloc(rng.size_between(16, 256))
    trace.realloc(kept, 18446744073709551600)
    trace.realloc(kept, MAX_HEAP + 1)
    trace.realloc(kept, trace.size_of(kept) + rng.size_between(1, 256))
    trace.free(kept)
    trace.comment("unsatisfiable realloc(NULL, n) leaves the id not live")
    trace.realloc(trace.new_id(), SIZE_MAX)

    trace.comment("free(NULL) once more, on a heap that has been used")
    trace.free(-1)
    if not params.no_balance:
        trace.free_all(rng)


def free_shuffled(trace, rng, blocks):
    order = list(blocks)
    rng.shuffle(order)
    for block in order:
        trace.free(block)


CORNERS_OPTIONS = [SIZE_SEED]


# -- scale --------------------------------------------------------------------

def build_scale(trace, rng, params):
    """A long trace over many live blocks, for throughput and scaling.

    First --live-blocks blocks are allocated (power-law sizes 8..--max-size,
    each octave two thirds as likely as the one below). Then, until about
    --ops ops, a random live block is freed and a new one allocated, or
    (3 times in 100) a random live block is realloc'd to a new size. Live
    bytes are held under 32 MiB by making a request small when a large one
    would pass that. An allocator whose malloc or free walks all blocks
    is slow here in proportion to --live-blocks.

    Each new block takes the id of the block just freed, so the trace
    names --live-blocks ids however many ops it has: the trace reader
    accepts at most 524,288 ids (TRACE_MAX_IDS in config.h), which fresh
    ids would pass at about a million ops.
    """
    require(params.live_blocks >= 1, "--live-blocks must be at least 1")
    require(1 <= params.max_size <= 4 * MIB, "need 1 <= --max-size <= 4 MiB")
    budget = 32 * MIB

    def new_size():
        size = rng.power_law(min(8, params.max_size), params.max_size,
                             2, 3)
        if trace.live_bytes + size > budget:
            size = rng.between(1, 64)
        return size

    while (trace.live_count < params.live_blocks
           and trace.op_count + trace.live_count < params.ops):
        trace.malloc(new_size())
    while trace.op_count + trace.live_count < params.ops:
        if rng.chance(3, 100):
            block = trace.random_live(rng)
            trace.realloc(block, new_size())
        else:
            block = trace.random_live(rng)
            trace.free(block)
            trace.malloc(new_size(), block)
    if not params.no_balance:
        trace.free_all(rng)


SCALE_OPTIONS = [
    option("--ops", 1000000, "about this many ops"),
    option("--live-blocks", 20000, "live blocks after the start"),
    option("--max-size", 4096, "largest request"),
]


# -- the command line ---------------------------------------------------------

TraceClass = namedtuple("TraceClass", "build options")

CLASSES = {
    "short": TraceClass(build_short, SHORT_OPTIONS),
    "program": TraceClass(build_program, PROGRAM_OPTIONS),
    "coalescing": TraceClass(build_coalescing, COALESCING_OPTIONS),
    "random": TraceClass(build_random, RANDOM_OPTIONS),
    "binary": TraceClass(build_binary, BINARY_OPTIONS),
    "realloc": TraceClass(build_realloc, REALLOC_OPTIONS),
    "corners": TraceClass(build_corners, CORNERS_OPTIONS),
    "scale": TraceClass(build_scale, SCALE_OPTIONS),
}


def takes_size_seed(trace_class):
    """Whether a class draws its sizes apart and takes --size-seed."""
    return SIZE_SEED in CLASSES[trace_class].options


def build_parser():
    parser = argparse.ArgumentParser(
        prog="tools/gentrace.py", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    classes = parser.add_subparsers(dest="trace_class", metavar="CLASS",
                                    required=True)
    for name, trace_class in CLASSES.items():
        sub = classes.add_parser(
            name, description=inspect.cleandoc(trace_class.build.__doc__),
            formatter_class=argparse.RawDescriptionHelpFormatter,
            help=trace_class.build.__doc__.splitlines()[0])
        sub.add_argument("--seed", type=int, default=1,
                         help="seed of the random choices (default 1)")
        sub.add_argument("--weight", type=int, default=1,
                         choices=[0, 1, 2, 3],
                         help="header weight: 0 not scored, 1 utilization "
                              "and throughput, 2 utilization only, 3 "
                              "throughput only (default 1)")
        sub.add_argument("--no-balance", action="store_true",
                         help="leave blocks live at the end instead of "
                              "freeing them all")
        sub.add_argument("-o", "--output", metavar="FILE",
                         help="write here instead of standard output")
        for item in trace_class.options:
            kind = str if item.choices else int
            default_text = ("" if item.default is None
                            else " (default %s)" % item.default)
            sub.add_argument(item.flag, type=kind, default=item.default,
                             choices=item.choices,
                             help=item.help + default_text)
    return parser


def command_line(params):
    """The canonical command that regenerates a trace: every option with
    its resolved value, in a fixed order (an unset --size-seed left
    out)."""
    words = ["tools/gentrace.py", params.trace_class,
             "--seed", str(params.seed), "--weight", str(params.weight)]
    if params.no_balance:
        words.append("--no-balance")
    for item in CLASSES[params.trace_class].options:
        value = getattr(params, attribute(item.flag))
        if item is not SIZE_SEED or value is not None:
            words += [item.flag, str(value)]
    return " ".join(words)


def build(params, observers=()):
    """The TraceBuilder holding the trace of parsed arguments, each op
    shown to `observers` as it is written. Raises ParameterError when the
    options cannot make a sensible trace."""
    require(params.seed >= 0, "--seed must be non-negative")
    # scale has no --size-seed.
    size_seed = getattr(params, "size_seed", None)
    require(size_seed is None or size_seed >= 0,
            "--size-seed must be non-negative")
    trace = TraceBuilder(observers)
    CLASSES[params.trace_class].build(
        trace, TraceRandom(params.seed, size_seed), params)
    require(trace.peak_bytes <= PEAK_LIMIT,
            "peak of live bytes %d would pass 40 MiB; choose smaller sizes"
            % trace.peak_bytes)
    return trace


def render(params, trace):
    """The trace file, as bytes, of a built trace."""
    summary = CLASSES[params.trace_class].build.__doc__.splitlines()[0]
    provenance = [command_line(params),
                  "%s: %s" % (params.trace_class, summary)]
    return trace.render(params.weight, provenance)


def generate(params):
    """The trace file, as bytes, for parsed arguments. Raises
    ParameterError when the options cannot make a sensible trace."""
    return render(params, build(params))



def main():
    quit_quietly_on_closed_pipe()
    parser = build_parser()
    params = parser.parse_args()
    try:
        text = generate(params)
    except ParameterError as error:
        parser.error(str(error))
    if params.output:
        with open(params.output, "wb") as out:
            out.write(text)
    else:
        sys.stdout.buffer.write(text)

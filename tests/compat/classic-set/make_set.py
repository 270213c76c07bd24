#!/usr/bin/env python3
"""make_set.py - write the classic CS:APP default set's eleven traces, in
the shapes of that kit's files, for the tests (tests/compat/classic-set/).

    tests/compat/classic-set/make_set.py [DIR]

The traces are the kit's own, written for the tests: they carry the
classic handout's names and the shapes its files have, never their
contents. Each is balanced (every block is freed by the end), and has the
classic four-line header: a suggested heap size (unused), num_ids, num_ops
and a weight (unused: the classic driver scores every trace). The quirks
of the classic files are here too, each where the classic driver read it
as intended:

  - coalescing-bal.rep's header starts with 0, a suggested heap size that
    a CMU reader takes for weight 0 (not scored);
  - realloc-bal.rep and realloc2-bal.rep suggest a heap size of 100;
  - cccp-bal.rep and random2-bal.rep end their lines with CR LF;
  - expr-bal.rep writes "a ID" with no size where the size repeats the
    last one given, which the classic fscanf parser reused.

The same DIR gets the same bytes on every machine and Python version (the
numbers come from tools/kit/traces/prng.py). Without DIR, the traces are written
beside this script.
"""

import os
import sys

# The kit's root, for its tools package: this script's folder cannot be
# named as a module (python3 -m), since "classic-set" is not a Python name.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", ".."))
from tools.kit.traces.prng import SplitMix64  # noqa: E402


class Trace:
    """Ops of one trace, kept balanced: every id is allocated once at a
    time and freed before the end."""

    def __init__(self):
        self.ops = []
        self.live = {}
        self.next_id = 0

    def alloc(self, size):
        block = self.next_id
        self.next_id += 1
        self.live[block] = size
        self.ops.append(("a", block, size))
        return block

    def realloc(self, block, size):
        self.live[block] = size
        self.ops.append(("r", block, size))

    def free(self, block):
        del self.live[block]
        self.ops.append(("f", block, None))

    def free_all(self):
        for block in sorted(self.live):
            self.free(block)


def program_like(seed, ops, sizes, large):
    """A program's shape: requests of a few favourite sizes and some of
    any size up to large, most freed soon, some kept to the end."""
    rng = SplitMix64(seed)
    t = Trace()
    while len(t.ops) < ops:
        if t.live and rng.chance(2, 5):
            t.free(rng.pick(sorted(t.live)))
        elif rng.chance(3, 4):
            t.alloc(rng.pick(sizes))
        else:
            t.alloc(rng.power_law(1, large, 1, 2))
    t.free_all()
    return t


def coalescing(pairs):
    """Two neighbours freed, then one block as large as both."""
    t = Trace()
    for _ in range(pairs):
        first, second = t.alloc(4095), t.alloc(4095)
        t.free(first)
        t.free(second)
        t.free(t.alloc(8190))
    return t


def random_sizes(seed, ops, largest):
    """Sizes and lifetimes uniformly at random."""
    rng = SplitMix64(seed)
    t = Trace()
    while len(t.ops) < ops:
        if t.live and rng.chance(1, 2):
            t.free(rng.pick(sorted(t.live)))
        else:
            t.alloc(rng.between(1, largest))
    t.free_all()
    return t


def binary(pairs, small, large, after):
    """Small and large blocks alternate, every large one is freed, and
    requests a little larger than the holes follow."""
    t = Trace()
    larges = []
    for _ in range(pairs):
        t.alloc(small)
        larges.append(t.alloc(large))
    for block in larges:
        t.free(block)
    for _ in range(pairs):
        t.alloc(after)
    t.free_all()
    return t


def growing(steps, start, step, small):
    """One block grows by step while small blocks come and go behind it."""
    t = Trace()
    grown, size = t.alloc(start), start
    behind = t.alloc(small)
    for _ in range(steps):
        size += step
        t.realloc(grown, size)
        newer = t.alloc(small)
        t.free(behind)
        behind = newer
    t.free_all()
    return t


# name: (suggested heap size, the ops, line end)
SET = {
    "amptjp-bal.rep": (20000, lambda: program_like(11, 900, [8, 16, 24, 40, 72], 3000), "\n"),
    "cccp-bal.rep": (20000, lambda: program_like(12, 900, [12, 20, 32, 100], 2000), "\r\n"),
    "cp-decl-bal.rep": (20000, lambda: program_like(13, 1000, [16, 48, 64, 256], 6000), "\n"),
    "expr-bal.rep": (20000, lambda: program_like(14, 900, [8, 8, 8, 24, 24], 1500), "\n"),
    "coalescing-bal.rep": (0, lambda: coalescing(300), "\n"),
    "random-bal.rep": (20000, lambda: random_sizes(15, 1000, 8000), "\n"),
    "random2-bal.rep": (20000, lambda: random_sizes(16, 1000, 30000), "\r\n"),
    "binary-bal.rep": (20000, lambda: binary(400, 64, 448, 512), "\n"),
    "binary2-bal.rep": (20000, lambda: binary(600, 16, 112, 128), "\n"),
    "realloc-bal.rep": (100, lambda: growing(300, 512, 128, 128), "\n"),
    "realloc2-bal.rep": (100, lambda: growing(300, 4092, 5, 16), "\n"),
}

# The trace whose a lines repeat the last size given without writing it.
SIZELESS = "expr-bal.rep"


def text_of(name, heap_size, trace, line_end):
    """The file: the classic header, then one op per line."""
    lines = [str(heap_size), str(trace.next_id), str(len(trace.ops)), "1"]
    last_size = None
    for kind, block, size in trace.ops:
        if kind == "f":
            lines.append("f %d" % block)
        elif name == SIZELESS and kind == "a" and size == last_size:
            lines.append("a %d" % block)
        else:
            lines.append("%s %d %d" % (kind, block, size))
        if size is not None:
            last_size = size
    return line_end.join(lines) + line_end


def main(argv):
    folder = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    for name, (heap_size, make, line_end) in SET.items():
        with open(os.path.join(folder, name), "w", newline="") as out:
            out.write(text_of(name, heap_size, make(), line_end))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

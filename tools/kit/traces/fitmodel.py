"""fitmodel.py - the textbook allocator's heap, simulated: first and best fit.

`FitModel(policy)` follows the kit's implicit-list allocator (implicit.c,
built as implicit-first and implicit-best) block for block, in Python,
without the bytes: a block of n requested bytes takes
max(32, roundup(n + 16, 16)) (a header and a footer of 8 bytes each), free
blocks merge with free neighbours at once, a chosen block is split when
the rest can be a block (32 bytes or more), and a request that nothing
fits grows the heap by only what is missing (a free last block provides
part of it). malloc(0) takes no block. realloc shrinks in place, grows in
place into a free next block or by growing the heap when the block is the
last one, and otherwise allocates, copies and frees. The policy is FIRST
(the first free block from the start of the heap that fits) or BEST (the
smallest, the first of them on a tie), as `-DPLACEMENT=FIRST_FIT` and
`BEST_FIT` build implicit.c; the heap it ends with is the heap
implicit-first and implicit-best end with, so its utilization is theirs.

`ModelReplay(policy)` feeds a model the ops of a trace as a Ledger
(ledger.py) applies them: `step(op, effect)` per op, then
`utilization(peak)`, an exact Fraction: the peak over the largest heap,
which counts the 32 bytes of control word, prologue and epilogue that
implicit.c's mm_init lays down. traceshape.py steps two of them as
gentrace.py writes each op, so a trace's model utilization costs no
second reading of the trace.

Free blocks are kept by size for best fit (a sorted list: O(log n) to
find, a memmove to insert) and by address for first fit, in runs of at
most RUN_LENGTH blocks that each know their largest block, so that a first
fit search reads the runs' maxima and one run rather than every block.
"""

from bisect import bisect_left, bisect_right, insort
from fractions import Fraction

FIRST, BEST = "first", "best"
ALIGNMENT = 16
TAGS_BYTES = 16           # an 8-byte header and an 8-byte footer
MIN_BLOCK = TAGS_BYTES + ALIGNMENT
INITIAL_HEAP = 32         # control word, prologue, epilogue header
RUN_LENGTH = 64
# Block starts are offsets below 2**ADDRESS_BITS: far above any heap that
# MAX_HEAP (100 MiB) allows.
ADDRESS_BITS = 40
ADDRESS_MASK = (1 << ADDRESS_BITS) - 1


def block_size_for(size):
    """The block a request of `size` (> 0) bytes takes."""
    assert size > 0, "a request of 0 bytes takes no block"
    return max(MIN_BLOCK, (size + TAGS_BYTES + ALIGNMENT - 1)
               // ALIGNMENT * ALIGNMENT)


class _FreeByAddress:
    """Free blocks in address order, for first fit: their starts in runs,
    each run sorted and knowing its largest block."""

    def __init__(self, sizes):
        self.sizes = sizes    # start -> size of every free block (shared)
        self.runs = []        # lists of starts, each sorted, in order
        self.firsts = []      # first start of each run
        self.largest = []     # largest size in each run

    def add(self, start, size):
        if not self.runs:
            self.runs.append([start])
            self.firsts.append(start)
            self.largest.append(size)
            return
        i = max(0, bisect_right(self.firsts, start) - 1)
        run = self.runs[i]
        insort(run, start)
        self.firsts[i] = run[0]
        if size > self.largest[i]:
            self.largest[i] = size
        if len(run) > 2 * RUN_LENGTH:
            upper = run[RUN_LENGTH:]
            del run[RUN_LENGTH:]
            self.runs.insert(i + 1, upper)
            self.firsts.insert(i + 1, upper[0])
            self.largest.insert(i + 1, max(self.sizes[s] for s in upper))
            self.largest[i] = max(self.sizes[s] for s in run)

    def remove(self, start, size):
        i = bisect_right(self.firsts, start) - 1
        run = self.runs[i]
        del run[bisect_left(run, start)]
        if not run:
            del self.runs[i], self.firsts[i], self.largest[i]
            return
        self.firsts[i] = run[0]
        if size == self.largest[i]:
            self.largest[i] = max(self.sizes[s] for s in run)

    def find(self, size):
        """The lowest start of a free block of at least `size` bytes."""
        for i, largest in enumerate(self.largest):
            if largest >= size:
                for start in self.runs[i]:
                    if self.sizes[start] >= size:
                        return start
        return None


class _FreeBySize:
    """Free blocks in order of size, then of address, for best fit. Each
    is one integer, size * 2**ADDRESS_BITS + start, which sorts that way
    and compares faster than a pair."""

    def __init__(self):
        self.keys = []

    def add(self, start, size):
        insort(self.keys, size << ADDRESS_BITS | start)

    def remove(self, start, size):
        del self.keys[bisect_left(self.keys, size << ADDRESS_BITS | start)]

    def find(self, size):
        """The start of the smallest free block of at least `size` bytes,
        the lowest of them on a tie."""
        i = bisect_left(self.keys, size << ADDRESS_BITS)
        return self.keys[i] & ADDRESS_MASK if i < len(self.keys) else None


class FitModel:
    """Blocks as offsets into a heap that starts at 0; `top` is the end of
    the last block, `largest_top` the most the heap ever held."""

    def __init__(self, policy):
        assert policy in (FIRST, BEST), "the policies are FIRST and BEST"
        self.policy = policy
        self.block_sizes = {}       # start -> size, allocated blocks
        self.free_sizes = {}        # start -> size, free blocks
        self.free_ending_at = {}    # end -> start, free blocks
        self.free_blocks = _FreeByAddress(self.free_sizes) \
            if policy == FIRST else _FreeBySize()
        self.top = 0
        self.largest_top = 0

    # -- free blocks ---------------------------------------------------------

    def _add_free(self, start, size):
        self.free_sizes[start] = size
        self.free_ending_at[start + size] = start
        self.free_blocks.add(start, size)

    def _take_free(self, start):
        """Remove a free block from the free sets; returns its size."""
        size = self.free_sizes.pop(start)
        del self.free_ending_at[start + size]
        self.free_blocks.remove(start, size)
        return size

    def _release(self, start, size):
        """Free the space [start, start + size), merged with free
        neighbours."""
        if start in self.free_ending_at:
            before = self.free_ending_at[start]
            size += self._take_free(before)
            start = before
        if start + size in self.free_sizes:
            size += self._take_free(start + size)
        self._add_free(start, size)

    def _trim(self, start, size):
        """An allocated block keeps `size` bytes; the rest is freed when
        it can be a block."""
        whole = self.block_sizes[start]
        assert whole >= size, "a block is trimmed to fit, never grown"
        if whole - size >= MIN_BLOCK:
            self.block_sizes[start] = size
            self._release(start + size, whole - size)

    def _grow_heap(self, size):
        self.top += size
        self.largest_top = max(self.largest_top, self.top)

    # -- the interface -------------------------------------------------------

    def malloc(self, size):
        """The start of a new block for `size` (> 0) bytes."""
        needed = block_size_for(size)
        start = self.free_blocks.find(needed)
        if start is not None:
            self.block_sizes[start] = self._take_free(start)
        elif self.top in self.free_ending_at:
            # The free last block provides part of the request.
            start = self.free_ending_at[self.top]
            self._grow_heap(max(MIN_BLOCK, needed - self._take_free(start)))
            self.block_sizes[start] = self.top - start
        else:
            start = self.top
            self._grow_heap(needed)
            self.block_sizes[start] = needed
        self._trim(start, needed)
        return start

    def free(self, start):
        self._release(start, self.block_sizes.pop(start))

    def realloc(self, start, size):
        """The start of the block resized to `size` (> 0) bytes."""
        needed = block_size_for(size)
        current = self.block_sizes[start]
        if needed > current:
            following = start + current
            spare = self.free_sizes.get(following, 0)
            if current + spare >= needed:
                whole = current + spare
            elif following + spare == self.top:
                # The last block grows with the heap.
                self._grow_heap(max(MIN_BLOCK, needed - current - spare))
                whole = self.top - start
            else:
                moved = self.malloc(size)
                self.free(start)
                return moved
            if spare:
                self._take_free(following)
            self.block_sizes[start] = whole
        self._trim(start, needed)
        return start

    def heap_bytes(self):
        """The largest heap, as mem_heapsize() would have shown it."""
        return INITIAL_HEAP + self.largest_top


class ModelReplay:
    """A FitModel fed the ops of a trace, with the Ledger's effects."""

    def __init__(self, policy):
        self.model = FitModel(policy)
        self.starts = {}    # live id -> its block's start (None: 0 bytes)

    def step(self, op, effect):
        """Apply one op, given what the Ledger made of it."""
        kind, block = op.kind, op.block
        _, released, acquired, unsatisfiable = effect
        if unsatisfiable or block == -1:
            return
        before = self.starts.pop(block, None)
        if before is not None and released is not None:
            if kind == "r" and acquired:
                self.starts[block] = self.model.realloc(before, acquired)
                return
            self.model.free(before)
        if acquired is not None:
            self.starts[block] = \
                self.model.malloc(acquired) if acquired else None

    def utilization(self, peak_bytes):
        """peak_bytes over the largest heap, as the driver computes it, as
        an exact Fraction; None for a trace that never used the heap."""
        if not self.model.largest_top:
            return None
        return Fraction(peak_bytes, self.model.heap_bytes())

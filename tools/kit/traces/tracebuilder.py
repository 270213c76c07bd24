"""tracebuilder.py - writes a trace op by op, so that it is always valid.

Trace classes (gentrace.py) say what happens: "malloc 24 bytes", "free
that block", "grow it to 4096". The builder picks ids, writes the op lines,
replays each op through a Ledger (ledger.py) and stops with an
AssertionError at the first op the ledger rejects, so a generator bug can
never reach a committed file. At the end it can free every block still
live, and it renders the file with an exact 2016+ header: num_ids is one
past the highest id used, num_ops counts the op lines, max_live_bytes is
the ledger's peak.

Ids are handed out fresh, 0, 1, 2, ..., one per block, as in the classic
traces; a class that wants to reuse an id (to test that a freed id may
live again) names it explicitly. Live ids are also kept in a list with an
index per id, so that picking a random live block and removing it are O(1)
and the list order depends only on the ops, never on hashing.

The lines wait in memory until render() can write the header, which
counts them. They are kept joined into one string per LINES_PER_CHUNK
lines, which takes about a byte per character: a list of ten million
line strings took 900 MB, the same lines in chunks 90 MB.

Observers, given to the constructor, are called with each op and the
Ledger's Effect of it as the op is written (traceshape.py measures a trace
this way while it is generated).
"""

from .ledger import Ledger
from .traceformat import Op, format_op

LINES_PER_CHUNK = 4096


class TraceBuilder:
    """An op list under construction, with its live blocks."""

    def __init__(self, observers=()):
        self.observers = tuple(observers)
        self._chunks = []        # earlier lines, LINES_PER_CHUNK per string
        self._recent = []        # the lines after them, in file order
        self.op_count = 0
        self.ids_used = 0        # ids 0 .. ids_used-1 have been handed out
        self.ledger = Ledger()
        self.live_ids = []       # live ids, in an order fixed by the ops
        self._live_slot = {}     # id -> its index in live_ids

    # -- state ------------------------------------------------------------

    @property
    def lines(self):
        """Every op line and comment so far, in file order."""
        for chunk in self._chunks:
            yield from chunk.split("\n")
        yield from self._recent

    @property
    def live_count(self):
        return len(self.live_ids)

    @property
    def live_bytes(self):
        return self.ledger.live_bytes

    @property
    def peak_bytes(self):
        return self.ledger.peak_bytes

    def size_of(self, block):
        return self.ledger.live[block]

    def is_live(self, block):
        return self.ledger.is_live(block)

    def random_live(self, rng):
        """A live id, each equally likely."""
        return self.live_ids[rng.below(len(self.live_ids))]

    # -- operations ---------------------------------------------------------

    def new_id(self):
        """An id never used before."""
        self.ids_used += 1
        return self.ids_used - 1

    def malloc(self, size, block=None):
        """`a`: returns the id (a fresh one unless given)."""
        block = self.new_id() if block is None else block
        self._emit(Op("a", block, size, None))
        return block

    def calloc(self, nmemb, size, block=None):
        """`c`: returns the id (a fresh one unless given)."""
        block = self.new_id() if block is None else block
        self._emit(Op("c", block, size, nmemb))
        return block

    def realloc(self, block, size):
        """`r` on an id; on an id that is not live this is
        realloc(NULL, size)."""
        self._emit(Op("r", block, size, None))
        return block

    def free(self, block):
        """`f` of a live id, or free(NULL) for -1."""
        self._emit(Op("f", block, None, None))

    def comment(self, text):
        """A `#` line, for a reader of the trace."""
        self._add_line("# " + text)

    def free_all(self, rng):
        """Free every live block, in a random order (a program exiting
        frees in no particular order)."""
        remaining = list(self.live_ids)
        rng.shuffle(remaining)
        for block in remaining:
            self.free(block)

    # -- output ---------------------------------------------------------------

    def render(self, weight, provenance):
        """The whole trace file as bytes: header, provenance comments,
        ops."""
        assert weight in (0, 1, 2, 3), "a 2016+ header weight is 0..3"
        header = [str(weight), str(self.ids_used),
                  str(self.op_count), str(self.peak_bytes)]
        comments = ["# " + line for line in provenance]
        text = "\n".join(header + comments + self._chunks +
                         self._recent) + "\n"
        return text.encode("ascii")

    def _emit(self, op):
        self.op_count += 1
        if op.block >= self.ids_used:
            self.ids_used = op.block + 1
        was_live = self.ledger.is_live(op.block)
        effect = self.ledger.apply(op, "op %d" % self.op_count)
        assert effect.error is None, "generator wrote an invalid op: " + \
            effect.error
        self._track_liveness(op.block, was_live)
        self._add_line(format_op(op))
        for observe in self.observers:
            observe(op, effect)

    def _add_line(self, line):
        self._recent.append(line)
        if len(self._recent) == LINES_PER_CHUNK:
            self._chunks.append("\n".join(self._recent))
            self._recent = []

    def _track_liveness(self, block, was_live):
        now_live = self.ledger.is_live(block)
        if now_live and not was_live:
            self._live_slot[block] = len(self.live_ids)
            self.live_ids.append(block)
        elif was_live and not now_live:
            slot = self._live_slot.pop(block)
            last = self.live_ids.pop()
            if last != block:
                self.live_ids[slot] = last
                self._live_slot[last] = slot

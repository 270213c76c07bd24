"""ledger.py - which blocks are live, and how many bytes, after each op.

The ledger is the meaning of a trace, shared by the generator (which must
only write meaningful traces) and the checker (which must reject the
rest). It follows the rules every driver of this kit applies:

    a ID N        ID must not be live; it becomes live with N bytes
    c ID M N      the same with M * N bytes
    r ID N        ID live:      its size becomes N (N = 0 frees it)
                  ID not live:  realloc(NULL, N): ID becomes live with N
                                bytes (N = 0 leaves it not live)
    f ID          ID must be live; it stops being live
    f -1          free(NULL): nothing happens

An unsatisfiable request (see traceformat.py) changes nothing: an `a` or
`c` leaves its id not live, so a later `f` of that id is an error, and a
failed `r` keeps the old block. Live bytes are the sum of the sizes of the
live blocks; the peak is their maximum after any op (0 for an empty
trace), which is the 2016+ header's max_live_bytes.

`apply` returns an Effect naming the sizes of the block released and the
block acquired, so that callers can keep other running sums (the block
bytes of a model allocator, in tracestats.py) without repeating the rules.
Every op is O(1).
"""

from collections import namedtuple

from .traceformat import requested_bytes

# error: None, or a sentence saying why the op is not allowed (the op then
# changes nothing). released / acquired: size of the block given up or
# obtained, or None. unsatisfiable: the request must return NULL.
Effect = namedtuple("Effect", "error released acquired unsatisfiable")

_NOTHING = Effect(None, None, None, False)


class Ledger:
    """Live blocks, live bytes and their peak, op by op."""

    def __init__(self):
        self.live = {}          # id -> size of its live block
        self.born_at = {}       # id -> where its live block was made
        self.freed_at = {}      # id -> where it last stopped being live
        self.failed_at = {}     # id -> where an unsatisfiable request left
                                # it not live (cleared when it lives again)
        self.live_bytes = 0
        self.peak_bytes = 0

    def is_live(self, block):
        return block in self.live

    def apply(self, op, where):
        """Apply one Op; `where` (a line number or op index) is remembered
        for later error messages."""
        if op.kind == "f":
            effect = self._free(op.block, where)
        elif op.kind == "r":
            effect = self._realloc(op, where)
        else:
            effect = self._allocate(op, where)
        self.peak_bytes = max(self.peak_bytes, self.live_bytes)
        return effect

    def _allocate(self, op, where):
        if op.block in self.live:
            return Effect("id %d is already live (allocated at %s)"
                          % (op.block, self.born_at[op.block]),
                          None, None, False)
        wanted = requested_bytes(op)
        if wanted is None:
            self._note_failure(op.block, where)
            return Effect(None, None, None, True)
        self._make_live(op.block, wanted, where)
        return Effect(None, None, wanted, False)

    def _realloc(self, op, where):
        wanted = requested_bytes(op)
        if wanted is None:
            if op.block not in self.live:
                self._note_failure(op.block, where)
            return Effect(None, None, None, True)
        old = self.live.get(op.block)
        if old is not None:
            self._release(op.block, where)
        if wanted == 0:
            return Effect(None, old, None, False)
        self._make_live(op.block, wanted, where)
        return Effect(None, old, wanted, False)

    def _free(self, block, where):
        if block == -1:
            return _NOTHING
        if block in self.live:
            size = self.live[block]
            self._release(block, where)
            return Effect(None, size, None, False)
        if block in self.freed_at:
            reason = "double free of id %d (freed at %s)" % (
                block, self.freed_at[block])
        elif block in self.failed_at:
            reason = ("free of id %d, which is not live: its request at "
                      "%s was unsatisfiable" % (block, self.failed_at[block]))
        else:
            reason = "free of id %d, which was never allocated" % block
        return Effect(reason, None, None, False)

    def _note_failure(self, block, where):
        self.failed_at[block] = where
        self.freed_at.pop(block, None)

    def _make_live(self, block, size, where):
        self.failed_at.pop(block, None)
        self.live[block] = size
        self.born_at[block] = where
        self.live_bytes += size

    def _release(self, block, where):
        self.live_bytes -= self.live.pop(block)
        del self.born_at[block]
        self.freed_at[block] = where

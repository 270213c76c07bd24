"""traceformat.py - what a trace file says, line by line.

A trace is four header lines of one number each, then one operation per
line. Lines whose first non-blank character is `#` are comments and blank
lines are ignored, anywhere in the file.

Header dialects, told apart by the first value:

    first value   dialect   the four values
    0 .. 3        2016+     weight, num_ids, num_ops, max_live_bytes
    anything else classic   suggested_heap_size, num_ids, num_ops, weight

Weight: 0 replayed and checked but not scored, 1 utilization and
throughput, 2 utilization only, 3 throughput only. The classic dialect's
heap size and weight are ignored. CMU's 2010-2015 files also start with
the weight, but their fourth value is `ignore_ranges` (0 or 1), not the
peak, so under the 2016+ reading their peak is usually wrong.

Operations (ids are 0 <= id < num_ids; sizes are unsigned 64-bit):

    a ID SIZE          malloc(SIZE) into block ID
    r ID SIZE          realloc(block ID, SIZE); realloc(NULL, SIZE) when ID
                       is not live; `r ID 0` frees the block
    f ID               free(block ID); `f -1` is free(NULL)
    c ID NMEMB SIZE    calloc(NMEMB, SIZE) into block ID

A request is unsatisfiable when it asks for more than MAX_HEAP bytes, or,
for calloc, when NMEMB * SIZE overflows 64 bits or exceeds MAX_HEAP. The
allocator must return NULL; a failed realloc leaves the old block as it was.

This module turns text into `Op` records (raising `TraceSyntaxError` with a
message that says what is wrong) and records back into text, and knows the
unsatisfiable rule. What a sequence of operations means for live blocks is
in ledger.py.
"""

import re
from collections import namedtuple

MAX_HEAP = 100 * 1024 * 1024
SIZE_LIMIT = 1 << 64
WEIGHTS = (0, 1, 2, 3)
HEADER_FIELDS = {
    "2016+": ("weight", "num_ids", "num_ops", "max_live_bytes"),
    "classic": ("suggested_heap_size", "num_ids", "num_ops", "weight"),
}

# kind is one of "a", "r", "f", "c"; size is None for "f"; nmemb is None
# except for "c".
Op = namedtuple("Op", "kind block size nmemb")

_UNSIGNED = re.compile(r"[0-9]+\Z")
_SIGNED = re.compile(r"-?[0-9]+\Z")
_OPERAND_COUNTS = {"a": 2, "r": 2, "f": 1, "c": 3}
_OPERAND_NAMES = {"a": "ID SIZE", "r": "ID SIZE", "f": "ID",
                  "c": "ID NMEMB SIZE"}


class TraceSyntaxError(ValueError):
    """A line that is not a header value or an operation."""


def is_ignored(line):
    """True for blank lines and comments."""
    text = line.strip()
    return not text or text.startswith("#")


def dialect_of(first_header_value):
    """The header dialect announced by the first header value."""
    return "2016+" if first_header_value in WEIGHTS else "classic"


def parse_header_value(line):
    """The one non-negative number on a header line."""
    text = line.strip()
    if not _UNSIGNED.match(text):
        raise TraceSyntaxError(
            "header line must hold one non-negative number, found %r" % text)
    return int(text)


def _unsigned(token, what):
    if not _UNSIGNED.match(token):
        raise TraceSyntaxError("%s must be a non-negative number, found %r"
                               % (what, token))
    value = int(token)
    if value >= SIZE_LIMIT:
        raise TraceSyntaxError("%s %s does not fit in 64 bits"
                               % (what, token))
    return value


def parse_op(line):
    """The Op on an operation line."""
    tokens = line.split()
    kind = tokens[0]
    if kind not in _OPERAND_COUNTS:
        raise TraceSyntaxError("unknown operation %r (expected a, r, f or c)"
                               % kind)
    operands = tokens[1:]
    if len(operands) != _OPERAND_COUNTS[kind]:
        raise TraceSyntaxError("'%s' takes %s, found %d operand(s)"
                               % (kind, _OPERAND_NAMES[kind], len(operands)))
    if not _SIGNED.match(operands[0]):
        raise TraceSyntaxError("id must be a number, found %r" % operands[0])
    block = int(operands[0])
    if block < 0 and not (kind == "f" and block == -1):
        raise TraceSyntaxError("negative id %d (only 'f -1' may use one)"
                               % block)
    if kind == "f":
        return Op(kind, block, None, None)
    if kind == "c":
        return Op(kind, block, _unsigned(operands[2], "size"),
                  _unsigned(operands[1], "nmemb"))
    return Op(kind, block, _unsigned(operands[1], "size"), None)


def format_op(op):
    """The text line of an Op, without the newline."""
    if op.kind == "f":
        return "f %d" % op.block
    if op.kind == "c":
        return "c %d %d %d" % (op.block, op.nmemb, op.size)
    return "%s %d %d" % (op.kind, op.block, op.size)


def requested_bytes(op):
    """Bytes an a, r or c asks for, or None when the request is
    unsatisfiable (more than MAX_HEAP, or a calloc product that overflows
    64 bits)."""
    assert op.kind != "f", "a free requests no bytes"
    wanted = op.size if op.kind != "c" else op.nmemb * op.size
    if wanted >= SIZE_LIMIT or wanted > MAX_HEAP:
        return None
    return wanted


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

# The driver's limits (config.h, which `./mdriver --config -j` prints;
# the kit's tests check that these agree with it).
MAX_HEAP = 100 * 1024 * 1024
MAX_IDS = 524288
MAX_OPS = 16777216
MAX_LINE_BYTES = 65536
# A request this many times MAX_HEAP or more that a trace expects to be met
# makes it "giant" (CMU's syn-giant traces): read, but never run.
GIANT_FACTOR = 1000
SIZE_LIMIT = 1 << 64
WEIGHTS = (0, 1, 2, 3)
HEADER_FIELDS = {
    "2016+": ("weight", "num_ids", "num_ops", "max_live_bytes"),
    "classic": ("suggested_heap_size", "num_ids", "num_ops", "weight"),
}

# kind is one of "a", "r", "f", "c"; size is None for "f"; nmemb is None
# except for "c".
Op = namedtuple("Op", "kind block size nmemb")

# Characters of a token that a message shows.
SHOWN_TOKEN_CHARACTERS = 40
_UNSIGNED = re.compile(r"[0-9]+\Z")
_SIGNED = re.compile(r"-?[0-9]+\Z")
_OPERAND_COUNTS = {"a": 2, "r": 2, "f": 1, "c": 3}
_OPERAND_NAMES = {"a": "ID SIZE", "r": "ID SIZE", "f": "ID",
                  "c": "ID NMEMB SIZE"}


class TraceSyntaxError(ValueError):
    """A line that is not a header value or an operation."""


# What separates the fields of a line: spaces and tabs, nothing else.
_SPACES = " \t"


def tokens_of(line):
    """The fields of a line."""
    return [token for token in line.replace("\t", " ").split(" ") if token]


def is_ignored(line):
    """True for blank lines and comments."""
    text = line.strip(_SPACES)
    return not text or text.startswith("#")


def dialect_of(first_header_value):
    """The header dialect announced by the first header value."""
    return "2016+" if first_header_value in WEIGHTS else "classic"


def _number(digits):
    """The value of a run of decimal digits (a sign allowed), or SIZE_LIMIT
    when it has more digits than any 64-bit number: a file may hold a
    number of any length, and int() refuses those of thousands of digits."""
    if len(digits.lstrip("-").lstrip("0")) > len(str(SIZE_LIMIT)):
        return -SIZE_LIMIT if digits.startswith("-") else SIZE_LIMIT
    return int(digits)


def parse_header_value(line):
    """The one non-negative number on a header line."""
    text = line.strip(_SPACES)
    if not _UNSIGNED.match(text):
        raise TraceSyntaxError(
            "header line must hold one non-negative number, found %r"
            % _shown(text))
    return _unsigned(text, "header value")


def _shown(token):
    """A token for a message: its first SHOWN_TOKEN_CHARACTERS characters
    and "..." when it is longer, as the driver cuts it."""
    if len(token) <= SHOWN_TOKEN_CHARACTERS:
        return token
    return token[:SHOWN_TOKEN_CHARACTERS] + "..."


def _unsigned(token, what):
    if not _UNSIGNED.match(token):
        raise TraceSyntaxError("%s must be a non-negative number, found %r"
                               % (what, _shown(token)))
    value = _number(token)
    if value >= SIZE_LIMIT:
        raise TraceSyntaxError("%s %s does not fit in 64 bits"
                               % (what, _shown(token)))
    return value


def is_sizeless(line):
    """Whether the line is an a or r with an id and no size, which the
    older kits' parsers read with the last size given (trace.h)."""
    tokens = tokens_of(line)
    return len(tokens) == 2 and tokens[0] in ("a", "r")


def parse_op(line, reused_size=None):
    """The Op on an operation line; an a or r line with no size takes
    reused_size when one is given."""
    tokens = tokens_of(line)
    if reused_size is not None and is_sizeless(line):
        tokens.append(str(reused_size))
    kind = tokens[0]
    if kind not in _OPERAND_COUNTS:
        raise TraceSyntaxError("unknown operation %r (expected a, r, f or c)"
                               % _shown(kind))
    operands = tokens[1:]
    if len(operands) != _OPERAND_COUNTS[kind]:
        raise TraceSyntaxError("'%s' takes %s, found %d operand(s)"
                               % (kind, _OPERAND_NAMES[kind], len(operands)))
    if not _SIGNED.match(operands[0]):
        raise TraceSyntaxError("id must be a number, found %r"
                               % _shown(operands[0]))
    block = _number(operands[0])
    if operands[0].startswith("-") and not (kind == "f" and block in (0, -1)):
        raise TraceSyntaxError("negative id %s (only 'f -1' may use one)"
                               % _shown(operands[0]))
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


def is_giant(op):
    """Whether the request asks for GIANT_FACTOR times MAX_HEAP or more (a
    calloc whose product overflows is unsatisfiable, not giant)."""
    if op.kind == "f":
        return False
    wanted = op.size if op.kind != "c" else op.nmemb * op.size
    return GIANT_FACTOR * MAX_HEAP <= wanted < SIZE_LIMIT


def requested_bytes(op):
    """Bytes an a, r or c asks for, or None when the request is
    unsatisfiable (more than MAX_HEAP, or a calloc product that overflows
    64 bits)."""
    assert op.kind != "f", "a free requests no bytes"
    wanted = op.size if op.kind != "c" else op.nmemb * op.size
    if wanted >= SIZE_LIMIT or wanted > MAX_HEAP:
        return None
    return wanted


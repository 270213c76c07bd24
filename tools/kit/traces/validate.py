"""validate.py - read a trace file and list everything wrong with it.

`read_trace(text)` walks the file once, line by line, and returns a
TraceReport: the header values and the line each came from, the dialect,
the (line, Op) pairs, every Effect the ledger gave, the errors and the
warnings as (line, message) pairs in file order, and whether the trace is
giant. It refuses what the driver's reader (driver/trace.c) refuses,
naming the same line (the kit's tests run both over every trace the kit
keeps):

  - lines end with LF or CR LF; a CR elsewhere, a NUL byte, a line longer
    than MAX_LINE_BYTES and a UTF-8 byte-order mark end the reading;
    fields are separated by spaces and tabs;
  - four header lines, each one non-negative number within 64 bits,
    num_ids and num_ops within the driver's limits (the dialect follows
    from the first: 0..3 is 2016+, anything else classic);
  - each op line: a known op with the right operands, ids in
    0..num_ids-1 (`f -1` excepted), sizes within 64 bits;
  - the ledger's rules (ledger.py): no `a` or `c` on a live id, no `f` of
    an id that is not live, telling apart a double free, a free of an id
    never allocated and a free of an id whose request returned NULL;
  - at least as many op lines as num_ops says; the error names the file's
    last line.

Warnings, for what the driver reads as the older kits' parsers did or
does not use: op lines beyond num_ops (ignored), an a or r line with no
size (it takes the last size given), a giant trace (a request of
GIANT_FACTOR times MAX_HEAP or more that a later free expects to have
been met, or such a max_live_bytes: the driver reads it but cannot run
it), and in the 2016+ dialect a max_live_bytes that is not the peak of
live bytes (checked only when the ops are valid; a 0 or 1 there is
pointed out as probably a CMU 2010-2015 `ignore_ranges` field).

An op the ledger rejects changes nothing, so one mistake gives one error
and the ops after it are still checked. Time and memory are linear in the
file.
"""

from collections import namedtuple

from .ledger import Ledger
from .traceformat import (GIANT_FACTOR, HEADER_FIELDS, MAX_HEAP, MAX_IDS,
                          MAX_LINE_BYTES, MAX_OPS, TraceSyntaxError,
                          dialect_of, is_giant, is_ignored, is_sizeless,
                          parse_header_value, parse_op)

TraceReport = namedtuple(
    "TraceReport",
    "dialect header header_lines ops effects errors ledger warnings giant")

# The UTF-8 byte-order mark, as text decoded byte for byte or as UTF-8.
_BYTE_ORDER_MARKS = ("\xef\xbb\xbf", "\ufeff")


def header_value(report, field):
    """A header value by its name in the report's dialect, or None."""
    fields = HEADER_FIELDS[report.dialect]
    if field not in fields or len(report.header) < 4:
        return None
    return report.header[fields.index(field)]


def decode(data):
    """The text of a trace file's bytes, one character per byte, so that a
    byte outside ASCII is refused where it stands, on its line."""
    return data.decode("latin-1")


def _lines(text):
    """The lines of the text, each without its LF or CR LF end."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _unreadable(number, line):
    """Why the driver's reader stops at this line, or None: bytes that do
    not belong in a trace, or a line past its length limit."""
    if "\r" in line:
        return ("a carriage return (CR, byte 0x0d) at byte %d of the line: a "
                "CR may stand only just before the LF that ends a line"
                % (line.index("\r") + 1))
    if "\0" in line:
        return "a NUL byte at byte %d of the line" % (line.index("\0") + 1)
    if len(line) > MAX_LINE_BYTES:
        return "the line is longer than %d bytes" % MAX_LINE_BYTES
    if number == 1 and line.startswith(_BYTE_ORDER_MARKS):
        return "the file starts with a UTF-8 byte-order mark: save it as " \
               "plain ASCII, without one"
    return None


# Header fields 2 and 3 and their limits.
_HEADER_LIMITS = {1: ("num_ids", MAX_IDS), 2: ("num_ops", MAX_OPS)}


def read_trace(text):
    """Check the text of a trace file; see the module comment."""
    header = []
    header_lines = []
    ops = []
    effects = []
    errors = []
    warnings = []
    ledger = Ledger()
    op_lines_seen = 0
    last_size = None        # (size, line) of the last a or r that gave one
    sizeless_warned = False
    giant = False
    failed_requests = {}    # id -> the request that left it not live
    ledger_error_lines = set()
    lines = _lines(text)

    def report():
        return TraceReport(dialect_of(header[0]) if header else "2016+",
                           header, header_lines, ops, effects, errors, ledger,
                           warnings, giant)

    for number, line in enumerate(lines, 1):
        unreadable = _unreadable(number, line)
        if unreadable:
            errors.append((number, unreadable))
            return report()
        if is_ignored(line):
            continue
        if len(header) < 4:
            try:
                value = parse_header_value(line)
            except TraceSyntaxError as error:
                errors.append((number, str(error)))
                return report()
            name, limit = _HEADER_LIMITS.get(len(header), (None, None))
            if name and value > limit:
                errors.append((number, "%s out of range: %d (must be at most "
                               "%d)" % (name, value, limit)))
                return report()
            header.append(value)
            header_lines.append(number)
            continue
        op_lines_seen += 1
        num_ids, num_ops = header[1], header[2]
        if op_lines_seen > num_ops:
            if op_lines_seen == num_ops + 1:
                warnings.append((number, "more op lines than num_ops = %d "
                                 "(line %d): these are ignored, as the older "
                                 "kits' parsers ignored them"
                                 % (num_ops, header_lines[2])))
            continue
        sizeless = is_sizeless(line)
        if sizeless and last_size is None:
            errors.append((number, "missing size (and no earlier a or r line "
                           "gives one to reuse)"))
            continue
        try:
            op = parse_op(line, last_size[0] if sizeless else None)
        except TraceSyntaxError as error:
            errors.append((number, str(error)))
            continue
        if op.block >= num_ids:
            errors.append((number, "id %d out of range: num_ids = %d "
                           "(line %d)" % (op.block, num_ids,
                                          header_lines[1])))
            continue
        if sizeless and not sizeless_warned:
            warnings.append((number, "no size: the last size given, %d (line "
                             "%d), is used, as the older kits' parsers read "
                             "such a line" % last_size))
            sizeless_warned = True
        elif op.kind in ("a", "r"):
            last_size = (op.size, number)
        if giant:
            continue
        if op.kind == "f" and op.block in ledger.failed_at and \
                is_giant(failed_requests[op.block]):
            giant = True
            warnings.append((number, "a giant trace: it frees the block of "
                             "the giant request at %s, which it expects to be "
                             "met; it is read, but cannot be run"
                             % ledger.failed_at[op.block]))
            continue
        effect = ledger.apply(op, "line %d" % number)
        if effect.error:
            errors.append((number, effect.error))
            ledger_error_lines.add(number)
            continue
        if effect.unsatisfiable and op.kind != "f":
            failed_requests[op.block] = op
        ops.append((number, op))
        effects.append(effect)
    if len(header) < 4:
        errors.append((len(lines), "the file ends after %d of the 4 header "
                       "lines" % len(header)))
    elif op_lines_seen < header[2]:
        errors.append((len(lines), "too few ops: the file ends on this line, "
                       "after %d op lines, but num_ops = %d (line %d)"
                       % (op_lines_seen, header[2], header_lines[2])))
    finished = report()
    if finished.dialect == "2016+" and len(header) == 4 and \
            header[3] >= GIANT_FACTOR * MAX_HEAP:
        finished = finished._replace(giant=True, errors=[
            (number, message) for number, message in errors
            if number not in ledger_error_lines])
    if finished.dialect == "2016+" and not finished.errors and \
            not finished.giant:
        _check_peak(finished)
    return finished


def _check_peak(report):
    declared = report.header[3]
    actual = report.ledger.peak_bytes
    if declared == actual:
        return
    message = "max_live_bytes = %d but the peak of live bytes is %d" % (
        declared, actual)
    if declared in (0, 1):
        message += (" (a 0 or 1 here suggests a CMU 2010-2015 header, "
                    "whose fourth value is ignore_ranges)")
    report.warnings.append((report.header_lines[3], message))

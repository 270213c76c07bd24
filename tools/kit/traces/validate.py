"""validate.py - read a trace file and list everything wrong with it.

`read_trace(text)` walks the file once, line by line, and returns a
TraceReport: the header values and the line each came from, the dialect,
the (line, Op) pairs, every Effect the ledger gave, and the errors as
(line, message) pairs in file order. It checks:

  - four header lines, each one non-negative number (the dialect follows
    from the first: 0..3 is 2016+, anything else classic);
  - each op line: a known op with the right operands, ids in
    0..num_ids-1 (`f -1` excepted), sizes within 64 bits;
  - the ledger's rules (ledger.py): no `a` or `c` on a live id, no `f` of
    an id that is not live, telling apart a double free, a free of an id
    never allocated and a free of an id whose request returned NULL;
  - as many op lines as num_ops says (the first extra line is reported,
    and the lines after it are ignored as old drivers ignored them);
  - in the 2016+ dialect, max_live_bytes equal to the peak of live bytes
    (checked only when the ops themselves are valid, since the peak of an
    invalid trace means nothing). A value of 0 or 1 there is pointed out
    as probably a CMU 2010-2015 `ignore_ranges` field.

An op the ledger rejects changes nothing, so one mistake gives one error
and the ops after it are still checked. Time and memory are linear in the
file.
"""

from collections import namedtuple

from .ledger import Ledger
from .traceformat import (HEADER_FIELDS, TraceSyntaxError, dialect_of,
                          is_ignored, parse_header_value, parse_op)

TraceReport = namedtuple(
    "TraceReport",
    "dialect header header_lines ops effects errors ledger")


def header_value(report, field):
    """A header value by its name in the report's dialect, or None."""
    fields = HEADER_FIELDS[report.dialect]
    if field not in fields or len(report.header) < 4:
        return None
    return report.header[fields.index(field)]


def read_trace(text):
    """Check the text of a trace file; see the module comment."""
    header = []
    header_lines = []
    ops = []
    effects = []
    errors = []
    ledger = Ledger()
    op_lines_seen = 0
    overflow_reported = False
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        if is_ignored(line):
            continue
        if len(header) < 4:
            try:
                header.append(parse_header_value(line))
                header_lines.append(number)
            except TraceSyntaxError as error:
                errors.append((number, str(error)))
                return _report(header, header_lines, ops, effects, errors,
                               ledger)
            continue
        op_lines_seen += 1
        num_ids, num_ops = header[1], header[2]
        if op_lines_seen > num_ops:
            if not overflow_reported:
                errors.append((number, "more op lines than num_ops = %d "
                               "(line %d)" % (num_ops, header_lines[2])))
                overflow_reported = True
            continue
        try:
            op = parse_op(line)
        except TraceSyntaxError as error:
            errors.append((number, str(error)))
            continue
        if op.block >= num_ids:
            errors.append((number, "id %d out of range: num_ids = %d "
                           "(line %d)" % (op.block, num_ids,
                                          header_lines[1])))
            continue
        effect = ledger.apply(op, "line %d" % number)
        if effect.error:
            errors.append((number, effect.error))
            continue
        ops.append((number, op))
        effects.append(effect)
    if len(header) < 4:
        errors.append((max(len(lines), 1), "the file ends after %d of the "
                       "4 header lines" % len(header)))
    elif op_lines_seen < header[2]:
        errors.append((header_lines[2], "num_ops = %d but the file has %d "
                       "op lines" % (header[2], op_lines_seen)))
    report = _report(header, header_lines, ops, effects, errors, ledger)
    if report.dialect == "2016+" and not errors:
        _check_peak(report)
    return report


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
    report.errors.append((report.header_lines[3], message))


def _report(header, header_lines, ops, effects, errors, ledger):
    dialect = dialect_of(header[0]) if header else "2016+"
    return TraceReport(dialect, header, header_lines, ops, effects, errors,
                       ledger)

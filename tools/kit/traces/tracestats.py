"""tracestats.py - statistics of a valid trace, as text or as a dict.

    tools/tracestats.py [--header BYTES] FILE...   the ceiling of each file

`trace_stats(report, header_bytes=8)` takes a TraceReport (validate.py)
of a trace without errors and returns a dict:

    dialect, weight            from the header
    num_ids, ids_used          declared ids, distinct ids the ops name
    num_ops, ops               op lines, and counts by kind: a, r, f, c,
                               plus free_null (`f -1`), realloc_null (`r`
                               on an id that is not live), realloc_free
                               (`r id 0` on a live id), unsatisfiable
    live_at_end                blocks never freed (0 for a balanced trace)
    peak_live_bytes            peak of the live requested bytes
    header_bytes               the model allocator's header size
    peak_block_bytes           peak of the summed block sizes of the model
                               allocator below
    utilization_ceiling        peak_live_bytes / peak_block_bytes, or None
                               for a trace that never holds a byte
    size_histogram             satisfied request sizes by power-of-two
                               bucket: [{"low", "high", "count"}], from
                               the smallest bucket used to the largest

The utilization ceiling is what the best allocator with a 16-byte
alignment, 16-byte minimum blocks and an H-byte header per block could
reach if it had no fragmentation at all: a request of n bytes takes
max(16, roundup(n + H, 16)) bytes (so size 0 takes 16) and an
unsatisfiable one takes nothing. No real allocator of that format scores
above it on the trace; one with larger headers or footers has a lower
ceiling still. H is 8 unless the caller gives another header size: an
8-byte header word and no footer in allocated blocks. An allocator whose
header word is 4 bytes (sizes below 4 GiB) has the higher ceiling of
H = 4, and one that keeps an 8-byte footer too the lower one of H = 16.

`format_stats(name, stats)` renders the dict for a terminal, with a bar
histogram. Everything is O(ops).

Run as a program, it prints one line per trace file: its ceiling for the
header size given by --header (default 8) and the two peaks it comes
from, e.g. `traces/binary1.rep: ceiling 96.2% with 4-byte headers (peak
1151742 live bytes, 1197792 block bytes)`. checktrace.py --stats prints
the full statistics.
"""

import argparse
import sys

from ..commandline import quit_quietly_on_closed_pipe
from .validate import header_value, read_trace

ALIGNMENT = 16
HEADER_BYTES = 8
HISTOGRAM_WIDTH = 40


def block_bytes(size, header_bytes=HEADER_BYTES):
    """Bytes a request of `size` takes in the model allocator whose blocks
    carry `header_bytes` of header."""
    padded = (size + header_bytes + ALIGNMENT - 1) // ALIGNMENT * ALIGNMENT
    return max(ALIGNMENT, padded)


def size_bucket(size):
    """Index of the power-of-two bucket of a size: 0 holds size 0, k >= 1
    holds 2**(k-1) .. 2**k - 1."""
    return size.bit_length()


def bucket_range(bucket):
    if bucket == 0:
        return 0, 0
    return 1 << (bucket - 1), (1 << bucket) - 1


def trace_stats(report, header_bytes=HEADER_BYTES):
    """The statistics dict of a valid trace (see the module comment), for
    a model allocator with `header_bytes` of header per block."""
    assert not report.errors, "statistics need a trace without errors"
    counts = {"a": 0, "r": 0, "f": 0, "c": 0, "free_null": 0,
              "realloc_null": 0, "realloc_free": 0, "unsatisfiable": 0}
    ids = set()
    buckets = {}
    block_sum = 0
    peak_block_sum = 0
    for (_, op), effect in zip(report.ops, report.effects):
        counts[op.kind] += 1
        if op.block == -1:
            counts["free_null"] += 1
        else:
            ids.add(op.block)
        if effect.unsatisfiable:
            counts["unsatisfiable"] += 1
        if op.kind == "r" and not effect.unsatisfiable:
            if effect.released is None:
                counts["realloc_null"] += 1
            elif effect.acquired is None:
                counts["realloc_free"] += 1
        if effect.released is not None:
            block_sum -= block_bytes(effect.released, header_bytes)
        if effect.acquired is not None:
            block_sum += block_bytes(effect.acquired, header_bytes)
            bucket = size_bucket(effect.acquired)
            buckets[bucket] = buckets.get(bucket, 0) + 1
        peak_block_sum = max(peak_block_sum, block_sum)
    peak_live = report.ledger.peak_bytes
    histogram = []
    used = sorted(buckets)
    for bucket in range(used[0], used[-1] + 1) if used else []:
        low, high = bucket_range(bucket)
        histogram.append({"low": low, "high": high,
                          "count": buckets.get(bucket, 0)})
    return {
        "dialect": report.dialect,
        "weight": header_value(report, "weight"),
        "num_ids": report.header[1],
        "ids_used": len(ids),
        "num_ops": report.header[2],
        "ops": counts,
        "live_at_end": len(report.ledger.live),
        "peak_live_bytes": peak_live,
        "header_bytes": header_bytes,
        "peak_block_bytes": peak_block_sum,
        "utilization_ceiling": (peak_live / peak_block_sum
                                if peak_block_sum else None),
        "size_histogram": histogram,
    }


def percent(numerator, denominator):
    """numerator / denominator as a percentage with one decimal, rounded
    half up in integer arithmetic so the text never depends on float
    formatting; "n/a" for a zero denominator."""
    if not denominator:
        return "n/a"
    tenths = (numerator * 1000 * 2 + denominator) // (2 * denominator)
    return "%d.%d%%" % (tenths // 10, tenths % 10)


def format_stats(name, stats):
    """The statistics of one trace as lines of text."""
    ops = stats["ops"]
    weight = stats["weight"]
    lines = [
        "%s: %s header, weight %s" % (
            name, stats["dialect"],
            "unused" if weight is None else weight),
        "  ops        %d: a %d, r %d, f %d, c %d" % (
            stats["num_ops"], ops["a"], ops["r"], ops["f"], ops["c"]),
        "             free(NULL) %d, realloc(NULL, n) %d, realloc(p, 0) %d, "
        "unsatisfiable %d" % (ops["free_null"], ops["realloc_null"],
                              ops["realloc_free"], ops["unsatisfiable"]),
        "  ids        %d declared, %d used, %d live at the end" % (
            stats["num_ids"], stats["ids_used"], stats["live_at_end"]),
        "  peak       %d live bytes, %d block bytes" % (
            stats["peak_live_bytes"], stats["peak_block_bytes"]),
        "  ceiling    %s (16-byte alignment, %d-byte header, no "
        "fragmentation)" % (percent(stats["peak_live_bytes"],
                                    stats["peak_block_bytes"]),
                            stats["header_bytes"]),
        "  request sizes:",
    ]
    histogram = stats["size_histogram"]
    tallest = max([bucket["count"] for bucket in histogram] + [1])
    for bucket in histogram:
        if bucket["low"] == bucket["high"]:
            label = "%d" % bucket["low"]
        else:
            label = "%d..%d" % (bucket["low"], bucket["high"])
        bar = "#" * ((bucket["count"] * HISTOGRAM_WIDTH + tallest - 1)
                     // tallest)
        lines.append("    %21s %8d %s" % (label, bucket["count"], bar))
    return lines


def ceiling_line(name, stats):
    """One line: the ceiling of a trace and the peaks it comes from."""
    return "%s: ceiling %s with %d-byte headers (peak %d live bytes, %d " \
        "block bytes)" % (name, percent(stats["peak_live_bytes"],
                                        stats["peak_block_bytes"]),
                          stats["header_bytes"], stats["peak_live_bytes"],
                          stats["peak_block_bytes"])


def header_size(text):
    """argparse type of --header: a whole number of bytes, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError("not a byte count: %r" % text)
    return value


def main():
    """Print the ceiling of each file; exit 1 if any is not a valid trace,
    2 if one cannot be read."""
    quit_quietly_on_closed_pipe()
    parser = argparse.ArgumentParser(
        prog="tools/tracestats.py",
        description="Print the utilization ceiling of each trace file.")
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="trace files")
    parser.add_argument("--header", type=header_size, default=HEADER_BYTES,
                        metavar="BYTES",
                        help="header bytes per block of the model "
                             "allocator (default %d)" % HEADER_BYTES)
    args = parser.parse_args()
    status = 0
    for name in args.files:
        try:
            with open(name, "rb") as source:
                text = source.read().decode("ascii")
        except (OSError, UnicodeDecodeError) as error:
            print("%s: error: cannot read: %s" % (name, error),
                  file=sys.stderr)
            return 2
        report = read_trace(text)
        if report.errors:
            print("%s: error: not a valid trace (tools/checktrace.py says "
                  "why)" % name, file=sys.stderr)
            status = 1
            continue
        print(ceiling_line(name, trace_stats(report, args.header)))
    return status

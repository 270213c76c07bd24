"""frontier.py - the reference allocator against its ceiling and the family.

    ./mdriver -m all -j > results.json       (or -t DIR, or -c FILE...)
    tools/frontier.py [--header BYTES] [--reference NAME] results.json...

Reads the JSON of `mdriver -m all -j` (several files, e.g. one per trace
folder, make one table) and prints, per trace, a Markdown row:

    ceiling     the trace's utilization ceiling for a block format of
                16-byte alignment, 16-byte minimum blocks and a header of
                --header bytes (4 unless given: the reference's own
                format), computed from the trace file by tracestats.py
    reference   the reference allocator's utilization (segregated unless
                --reference names another), and its share of the ceiling
    best other  the highest utilization of any other allocator that ran on
                the simulated heap and passed the trace, and its name
    gap         reference minus best other, in points of utilization

Below the table, for the scored traces (weight other than 0): the mean
share of the ceiling, the same without realloc-mixed (random grow and
shrink, which no allocator of this kind brings near its ceiling without
moving live blocks), and the traces where another allocator is more than
one point ahead. A trace that the reference failed has no share; it is
listed below the table as failed.

The ceiling needs the trace files themselves: each trace's `name` in the
JSON is the path the driver was given, read from the current folder.

Exit status: 0 on success, 2 when a file cannot be read or is not the
driver's JSON.
"""

import argparse
import json
import os
import sys

from ..traces.tracestats import header_size, trace_stats
from ..traces.validate import read_trace

DEFAULT_HEADER = 4
DEFAULT_REFERENCE = "segregated"
# How far another allocator may be ahead of the reference on a trace.
GAP_TOLERANCE = 0.01
# Excluded from the second mean: the pattern where every allocator that
# keeps live blocks in place stays far below the ceiling.
FREE_FORM_REALLOC = "realloc-mixed.rep"


class FrontierError(Exception):
    """A file that cannot be read, or is not what the driver writes."""


def load_runs(path):
    """The runs of one `mdriver -j` output: a list of per-allocator dicts."""
    try:
        with open(path) as source:
            data = json.load(source)
    except (OSError, ValueError) as error:
        raise FrontierError("%s: error: %s" % (path, error))
    several = isinstance(data, dict) and "runs" in data
    runs = data["runs"] if several else [data]
    if not all(isinstance(run, dict) and "traces" in run and "allocator" in run
               for run in runs):
        raise FrontierError("%s: error: not the JSON of mdriver -j" % path)
    return runs


def ceiling(path, header_bytes):
    """The utilization ceiling of the trace file at path for header_bytes
    of header per block, or None for a trace that never holds a byte."""
    try:
        with open(path, "rb") as source:
            text = source.read().decode("ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise FrontierError("%s: error: cannot read the trace: %s"
                            % (path, error))
    report = read_trace(text)
    if report.errors:
        raise FrontierError("%s: error: not a valid trace (tools/checktrace.py"
                            " says why)" % path)
    return trace_stats(report, header_bytes)["utilization_ceiling"]


def frontier_rows(runs, reference, header_bytes):
    """One dict per trace the reference ran, in its order: name, weight,
    ceiling, util (None if failed), best_other, best_other_util, gap."""
    heap_runs = [run for run in runs if run.get("simulated_heap", True)]
    mine = [run for run in heap_runs if run["allocator"] == reference]
    if not mine:
        raise FrontierError("error: no run of the reference allocator %s"
                            % reference)
    best = {}  # trace name -> (util, allocator): the first of equals
    for run in heap_runs:
        if run["allocator"] == reference:
            continue
        for trace in run["traces"]:
            name, util = trace["name"], trace["util"]
            if not trace["valid"] or util is None:
                continue
            if name not in best or util > best[name][0]:
                best[name] = (util, run["allocator"])
    rows = []
    for run in mine:
        for trace in run["traces"]:
            util = trace["util"] if trace["valid"] else None
            best_util, best_name = best.get(trace["name"], (None, None))
            gap = (util - best_util
                   if util is not None and best_util is not None else None)
            rows.append({"name": trace["name"], "weight": trace["weight"],
                         "ceiling": ceiling(trace["name"], header_bytes),
                         "util": util, "best_other": best_name,
                         "best_other_util": best_util, "gap": gap})
    return rows


def share(row):
    """The reference's utilization as a share of the ceiling, or None."""
    if row["util"] is None or not row["ceiling"]:
        return None
    return row["util"] / row["ceiling"]


def mean(values):
    values = [value for value in values if value is not None]
    return sum(values) / len(values) if values else None


def percent(x):
    return "--" if x is None else "%.1f%%" % (100 * x)


def points(x):
    """x in points of utilization, signed; a difference that rounds to
    nothing is +0.0, never -0.0."""
    return "--" if x is None else "%+.1f" % (round(100 * x, 1) + 0.0)


def summary(rows, reference):
    """The lines below the table: means over the scored traces, and where
    another allocator is more than GAP_TOLERANCE ahead."""
    scored = [row for row in rows if row["weight"] != 0]
    everyday = [row for row in scored
                if os.path.basename(row["name"]) != FREE_FORM_REALLOC]
    behind = [row for row in scored
              if row["gap"] is not None and row["gap"] < -GAP_TOLERANCE]
    failed = [row for row in rows if row["util"] is None]
    lines = ["",
             "- %s, mean share of the ceiling over the %d scored traces: %s"
             % (reference, len(scored), percent(mean(map(share, scored)))),
             "- the same without %s: %s"
             % (FREE_FORM_REALLOC, percent(mean(map(share, everyday)))),
             "- traces where another allocator is more than %d point ahead: %s"
             % (round(100 * GAP_TOLERANCE),
                ", ".join("%s (%s, %s)" % (row["name"], row["best_other"],
                                          points(row["gap"]))
                          for row in behind) or "none")]
    if failed:
        lines.append("- failed by %s: %s" % (
            reference, ", ".join(row["name"] for row in failed)))
    return lines


def table(rows, reference):
    lines = ["| trace | ceiling | %s | share of ceiling | best other | gap |"
             % reference,
             "| --- | ---: | ---: | ---: | --- | ---: |"]
    for row in rows:
        weight = " (w0)" if row["weight"] == 0 else ""
        other = ("--" if row["best_other"] is None else "%s %s" % (
            row["best_other"], percent(row["best_other_util"])))
        lines.append("| %s%s | %s | %s | %s | %s | %s |" % (
            row["name"], weight, percent(row["ceiling"]),
            "failed" if row["util"] is None else percent(row["util"]),
            percent(share(row)), other, points(row["gap"])))
    return lines + summary(rows, reference)


def main():
    parser = argparse.ArgumentParser(
        prog="tools/frontier.py",
        description="Tabulate the reference allocator against its ceiling "
                    "and the best other allocator, per trace.")
    parser.add_argument("results", nargs="+", metavar="JSON",
                        help="output of mdriver -m all -j")
    parser.add_argument("--header", type=header_size, default=DEFAULT_HEADER,
                        metavar="BYTES",
                        help="header bytes per block of the ceiling's model "
                             "(default %d)" % DEFAULT_HEADER)
    parser.add_argument("--reference", default=DEFAULT_REFERENCE,
                        metavar="NAME",
                        help="the allocator measured against the others "
                             "(default %s)" % DEFAULT_REFERENCE)
    args = parser.parse_args()
    try:
        runs = [run for path in args.results for run in load_runs(path)]
        rows = frontier_rows(runs, args.reference, args.header)
    except FrontierError as error:
        print(error, file=sys.stderr)
        return 2
    print("\n".join(table(rows, args.reference)))
    return 0

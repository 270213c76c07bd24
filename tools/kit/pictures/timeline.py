"""timeline.py - chart the heap size and the live bytes of a trace, as SVG.

    ./mdriver -m segregated,implicit-first -T timeline.csv \\
              -f traces/binary1.rep
    tools/timeline.py timeline.csv -o timeline.svg

The driver's -T file has one row per op of the first checked pass of each
allocator and trace: `allocator,trace,op,line,heap_bytes,live_bytes,verdict`
(files of older drivers have no verdict column). A run that failed ends
with one more row: the op and line it failed at (empty when it failed at
no op), no bytes, and as verdict the JSON object {"verdict": the -j
verdict, "message": the driver's sentence}. The chart has the op index
across and bytes up:

  - one coloured line per allocator: its heap size (the break of the
    simulated heap) after each op;
  - a grey area: the live payload bytes, which the trace alone decides, so
    it is drawn once for all allocators;
  - a dot on the peak of the live bytes, whose size and op the legend
    gives;
  - a title with each allocator's utilization, computed as the driver
    does: peak live bytes / heap size after the last op; an allocator that
    failed has none: its line ends at the failing op with a red cross, and
    its legend gives the driver's message.

The gap between an allocator's line and the top of the grey area is memory
the allocator holds but the program does not use: headers, padding and
free blocks. A heap line that keeps climbing while the grey area goes up
and down is an allocator that does not reuse what is freed.

A trace of a million ops has far more ops than the chart has pixels, so
each line is drawn from at most MAX_BUCKETS runs of consecutive ops, of
which only the smallest and the largest value are kept (downsample()):
a peak always survives, however short. The grey area is darker up to the
smallest live value of each run and lighter from there to the largest.

An allocator whose heap is 0 throughout (libc, which lives outside the
simulated heap) gets no line and no utilization. An allocator whose rows
stop before the others' with no verdict row (an older driver's file) is
taken as failed too: its legend says where it stopped.
If a file holds the same allocator and trace twice (the driver appends),
the later run counts. With several traces and no --trace, each gets its
own file, named OUT with `-TRACE` before the extension.

The output depends on nothing but the input: same CSV, same bytes.
"""

import argparse
import csv
import json
import os
import sys
import textwrap
from array import array
from xml.sax.saxutils import quoteattr

from ..commandline import quit_quietly_on_closed_pipe
from .svg import (document, human_bytes, number, suffixed_path, text,
                  trace_matches, trace_stem, write)

EXIT_ERROR = 1

CSV_HEADER = ["allocator", "trace", "op", "line", "heap_bytes", "live_bytes",
              "verdict"]
OLD_CSV_HEADER = CSV_HEADER[:-1]
FAIL_COLOUR = "#c0392b"
MESSAGE_CHARACTERS = 130
MAX_BUCKETS = 2000

# Canvas and plot area, in SVG pixels.
WIDTH = 960
PLOT_LEFT = 80
PLOT_RIGHT = WIDTH - 24
LEGEND_TOP = 46
LEGEND_LINE = 17
PLOT_AND_LEGEND_HEIGHT = 440
AXIS_HEIGHT = 48

# Okabe and Ito's palette, which colour-blind readers can tell apart, in
# the order allocators are given colours.
LINE_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
                "#56B4E9", "#000000", "#999933"]
LIVE_LOW_COLOUR = "#b8b8b8"
LIVE_BAND_COLOUR = "#dcdcdc"
LIVE_EDGE_COLOUR = "#8c8c8c"
PEAK_COLOUR = "#222222"

MAX_TICKS = 7


class TimelineError(Exception):
    pass


class Run:
    """The rows of one allocator on one trace: heap and live bytes by op
    (the op index is the position)."""

    def __init__(self, allocator, trace):
        self.allocator = allocator
        self.trace = trace
        self.heap = array("Q")
        self.live = array("Q")
        self.verdict = None   # {"verdict", "message"} of a failed run
        self.failed_op = None # the op it failed at, if any

    @property
    def failed(self):
        return self.verdict is not None

    @property
    def ops(self):
        return len(self.heap)

    def has_heap(self):
        return any(self.heap)

    def utilization(self):
        """Peak live bytes / final heap size, as the driver reports it."""
        final_heap = self.heap[-1]
        return 1.0 if final_heap == 0 else max(self.live) / final_heap


def read_timeline(lines, source="timeline", allocators=None, trace=None):
    """The runs of a timeline CSV, in the order they first appear, keeping
    only the allocators listed (all if None) and the traces that --trace
    NAME picks (all if None). Raises TimelineError with FILE:LINE."""
    reader = csv.reader(lines)
    header = next(reader, None)
    if header not in (CSV_HEADER, OLD_CSV_HEADER):
        raise TimelineError("%s:1: expected the header %s"
                            % (source, ",".join(CSV_HEADER)))
    trace_wanted = {}
    runs = {}
    for row in reader:
        where = "%s:%d" % (source, reader.line_num)
        if len(row) != len(header):
            raise TimelineError("%s: expected %d fields, found %d"
                                % (where, len(header), len(row)))
        allocator, trace_path = row[0], row[1]
        if allocators is not None and allocator not in allocators:
            continue
        if trace_path not in trace_wanted:
            trace_wanted[trace_path] = (trace is None
                                        or trace_matches(trace_path, trace))
        if not trace_wanted[trace_path]:
            continue
        if len(row) > len(OLD_CSV_HEADER) and row[6]:
            add_verdict(runs, allocator, trace_path, row, where)
            continue
        try:
            op, heap_bytes, live_bytes = int(row[2]), int(row[4]), int(row[5])
        except ValueError:
            raise TimelineError("%s: op, heap_bytes and live_bytes must be "
                                "numbers" % where) from None
        key = (trace_path, allocator)
        if key not in runs or (op == 0 and runs[key].ops > 0):
            runs.pop(key, None)
            runs[key] = Run(allocator, trace_path)
        run = runs[key]
        if op != run.ops:
            raise TimelineError("%s: op %d of %s on %s follows op %d"
                                % (where, op, allocator, trace_path,
                                   run.ops - 1))
        run.heap.append(heap_bytes)
        run.live.append(live_bytes)
    return list(runs.values())


def add_verdict(runs, allocator, trace_path, row, where):
    """A failed run's last row: its verdict, and the op it failed at."""
    try:
        verdict = json.loads(row[6])
        failed_op = int(row[2]) if row[2] else None
    except ValueError:
        raise TimelineError("%s: the verdict must be a JSON object and the op "
                            "a number or empty" % where) from None
    if not isinstance(verdict, dict) or not isinstance(verdict.get("message"), str):
        raise TimelineError("%s: the verdict has no message" % where)
    run = runs.get((trace_path, allocator))
    if run is None:
        run = runs[(trace_path, allocator)] = Run(allocator, trace_path)
    run.verdict, run.failed_op = verdict, failed_op


def bucket_extremes(values, buckets=MAX_BUCKETS):
    """Split the indices of `values` into at most `buckets` runs of
    consecutive indices, as even as can be, and return for each run its
    smallest and its largest value with the index where each first occurs:
    [((min_index, min_value), (max_index, max_value))]."""
    count = len(values)
    runs = min(count, buckets)
    extremes = []
    for bucket in range(runs):
        low = bucket * count // runs
        run = values[low:(bucket + 1) * count // runs]
        smallest, largest = min(run), max(run)
        extremes.append(((low + run.index(smallest), smallest),
                         (low + run.index(largest), largest)))
    return extremes


def downsample(values, buckets=MAX_BUCKETS):
    """[(index, value)] in index order: every value if there are at most
    `buckets`, else the smallest and the largest of each run that
    bucket_extremes() makes, plus the first and the last value. The largest
    and the smallest value of the whole series are always kept."""
    if len(values) <= buckets:
        return list(enumerate(values))
    kept = {0: values[0], len(values) - 1: values[-1]}
    for smallest, largest in bucket_extremes(values, buckets):
        kept.update((smallest, largest))
    return sorted(kept.items())


def human_count(value):
    """250k, 1.5M, 800."""
    if value >= 1000000:
        return "%gM" % (value / 1000000)
    if value >= 1000:
        return "%gk" % (value / 1000)
    return "%d" % value


def byte_step(maximum):
    """A power-of-two tick step that divides 0..maximum into at most
    MAX_TICKS - 1 steps: powers of two make round KiB and MiB labels."""
    step = 1
    while step * (MAX_TICKS - 1) < maximum:
        step *= 2
    return step


def count_step(maximum):
    """A tick step of 1, 2 or 5 times a power of ten, for op indices."""
    scale = 1
    while True:
        for factor in (1, 2, 5):
            if factor * scale * (MAX_TICKS - 1) >= maximum:
                return factor * scale
        scale *= 10


class Plot:
    """Maps op indices and byte counts to SVG coordinates: op 0 at
    PLOT_LEFT, the last op at PLOT_RIGHT, 0 bytes at the bottom."""

    def __init__(self, ops, top_bytes, top, bottom):
        self.last_op = max(1, ops - 1)
        self.top_bytes = max(1, top_bytes)
        self.top = top
        self.bottom = bottom

    def x(self, op):
        return PLOT_LEFT + op * (PLOT_RIGHT - PLOT_LEFT) / self.last_op

    def y(self, value):
        return (self.bottom
                - value * (self.bottom - self.top) / self.top_bytes)

    def points(self, samples):
        """SVG points of (op, bytes) samples, without the middle points of
        horizontal stretches, which add bytes and nothing to the picture."""
        coords = [(number(self.x(op)), number(self.y(value)))
                  for op, value in samples]
        kept = [point for i, point in enumerate(coords)
                if i in (0, len(coords) - 1)
                or not coords[i - 1][1] == point[1] == coords[i + 1][1]]
        return " ".join("%s,%s" % point for point in kept)


def failed(run, longest):
    """Whether the run failed: the driver's verdict row says so, or (in an
    older driver's file) its rows stop before the longest run's."""
    return run.failed or run.ops < longest


def title_text(trace, runs):
    longest = max(run.ops for run in runs)
    scored = ["%s %.1f%%" % (run.allocator, 100 * run.utilization())
              for run in runs if run.has_heap() and not failed(run, longest)]
    title = "%s, %d ops" % (os.path.basename(trace), longest)
    if scored:
        title += ": utilization " + ", ".join(scored)
    failures = [run.allocator for run in runs if failed(run, longest)]
    if failures:
        title += ("; " if scored else ": ") + ", ".join(failures) + " failed"
    return title


def legend_label(run, longest):
    """The lines of the run's legend: a failed run has no utilization, and
    its message follows, wrapped."""
    if not failed(run, longest):
        if not run.has_heap():
            return ["%s: no simulated heap" % run.allocator]
        return ["%s: heap %s after the last op, utilization %.1f%%" % (
            run.allocator, human_bytes(run.heap[-1]), 100 * run.utilization())]
    if run.verdict is None:
        return ["%s: rows stop after op %d: the allocator failed a check "
                "(no utilization)" % (run.allocator, run.ops - 1)]
    where = ("at op %d" % run.failed_op if run.failed_op is not None
             else "before its first op" if run.ops == 0 else "after its last op")
    lines = ["%s: failed %s (no utilization):" % (run.allocator, where)]
    lines += ["    " + line for line in
              textwrap.wrap(run.verdict["message"], MESSAGE_CHARACTERS)]
    return lines


def failure_mark(plot, run):
    """A red cross where a failed run's line ends: at the op it failed at,
    on its last heap size."""
    if not run.ops:
        return []
    op = run.failed_op if run.failed_op is not None else run.ops - 1
    op = min(op, plot.last_op)
    x, y = plot.x(op), plot.y(run.heap[min(op, run.ops - 1)])
    return ['<path class="failure" data-allocator=%s stroke="%s" '
            'stroke-width="3" d="M%s %sl10 10m0 -10l-10 10"/>'
            % (quoteattr(run.allocator), FAIL_COLOUR, number(x - 5),
               number(y - 5))]


def legend(runs, colours, peak_op, peak_bytes, longest):
    """Swatches and sentences: the live area, the peak, each allocator."""
    out = []
    y = LEGEND_TOP
    out.append('<rect x="%d" y="%d" width="22" height="10" fill="%s"/>'
               % (PLOT_LEFT, y - 9, LIVE_LOW_COLOUR))
    out.append(text(PLOT_LEFT + 30, y,
                    "live payload bytes (the same for every allocator)"))
    y += LEGEND_LINE
    out.append('<circle cx="%d" cy="%d" r="4.5" fill="%s"/>'
               % (PLOT_LEFT + 11, y - 4, PEAK_COLOUR))
    out.append(text(PLOT_LEFT + 30, y,
                    "peak of the live bytes: %d bytes (%s) after op %d"
                    % (peak_bytes, human_bytes(peak_bytes), peak_op)))
    for run in runs:
        y += LEGEND_LINE
        if run.allocator in colours:
            out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" '
                       'stroke-width="2.5"/>'
                       % (PLOT_LEFT, y - 4, PLOT_LEFT + 22, y - 4,
                          colours[run.allocator]))
        for number_of_line, line in enumerate(legend_label(run, longest)):
            if number_of_line:
                y += LEGEND_LINE
            fill = ' fill="%s"' % FAIL_COLOUR if failed(run, longest) else ""
            out.append(text(PLOT_LEFT + 30, y, line, extra=fill))
    return out


def axes(plot, step):
    """Grid lines, tick labels in KiB/MiB and op counts, axis names."""
    out = ['<g stroke="#e4e4e4" stroke-width="1">']
    for value in range(step, plot.top_bytes + 1, step):
        out.append('<line x1="%d" y1="%s" x2="%d" y2="%s"/>'
                   % (PLOT_LEFT, number(plot.y(value)), PLOT_RIGHT,
                      number(plot.y(value))))
    out.append("</g>")
    out.append('<g font-size="11" fill="#333">')
    for value in range(0, plot.top_bytes + 1, step):
        out.append(text(PLOT_LEFT - 6, plot.y(value) + 4, human_bytes(value),
                        anchor="end"))
    for op in range(0, plot.last_op + 1, count_step(plot.last_op)):
        x = number(plot.x(op))
        out.append('<line x1="%s" y1="%d" x2="%s" y2="%d" stroke="#333"/>'
                   % (x, plot.bottom, x, plot.bottom + 5))
        out.append(text(plot.x(op), plot.bottom + 18, human_count(op),
                        anchor="middle"))
    out.append("</g>")
    out.append(text((PLOT_LEFT + PLOT_RIGHT) / 2, plot.bottom + 38,
                    "op (0-based index in the trace)", anchor="middle"))
    middle = number((plot.top + plot.bottom) / 2)
    out.append(text(18, (plot.top + plot.bottom) / 2, "bytes",
                    anchor="middle",
                    extra=' transform="rotate(-90 18 %s)"' % middle))
    return out


def live_area(plot, live):
    """An area up to the largest live value of each run of ops and, when
    runs hold several ops, a darker one up to the smallest; a stroke along
    the top keeps a peak narrower than a pixel visible."""
    extremes = bucket_extremes(live)
    highs = [high for _, high in extremes]
    lows = [low for low, _ in extremes]
    areas = [("live", LIVE_LOW_COLOUR, highs)]
    if lows != highs:
        areas = [("live", LIVE_BAND_COLOUR, highs),
                 ("live-low", LIVE_LOW_COLOUR, lows)]
    out = []
    for css_class, colour, edge in areas:
        out.append('<polygon class="%s" fill="%s" points="%s,%d %s %s,%d"/>'
                   % (css_class, colour, number(plot.x(edge[0][0])),
                      plot.bottom, plot.points(edge),
                      number(plot.x(edge[-1][0])), plot.bottom))
    out.append('<polyline fill="none" stroke="%s" stroke-width="1" '
               'stroke-linejoin="round" points="%s"/>'
               % (LIVE_EDGE_COLOUR, plot.points(highs)))
    return out


def peak_marker(plot, peak_op, peak_bytes):
    x, y = number(plot.x(peak_op)), number(plot.y(peak_bytes))
    return ['<line x1="%s" y1="%s" x2="%s" y2="%d" stroke="%s" '
            'stroke-dasharray="3 3"/>' % (x, y, x, plot.bottom, PEAK_COLOUR),
            '<circle id="peak" cx="%s" cy="%s" r="4.5" fill="%s" '
            'stroke="white"/>' % (x, y, PEAK_COLOUR)]


def chart_svg(trace, runs):
    """The SVG text of one trace's chart; runs are drawn in the given order.
    The live bytes come from the longest run (one that failed stops
    early)."""
    assert any(run.ops > 0 for run in runs), "a chart needs rows"
    longest = max(runs, key=lambda run: run.ops)
    live = longest.live
    peak_bytes = max(live)
    peak_op = live.index(peak_bytes)
    highest = max([peak_bytes] + [max(run.heap) for run in runs if run.ops])
    step = byte_step(max(highest, 1))

    legend_rows = sum(len(legend_label(run, longest.ops)) for run in runs) + 2
    plot_top = LEGEND_TOP + legend_rows * LEGEND_LINE + 14
    plot_bottom = plot_top + PLOT_AND_LEGEND_HEIGHT - legend_rows * LEGEND_LINE
    height = plot_bottom + AXIS_HEIGHT
    plot = Plot(longest.ops, step * max(1, -(-highest // step)),
                plot_top, plot_bottom)
    colours = {}
    for run in runs:
        if run.ops and run.has_heap():
            colours[run.allocator] = LINE_COLOURS[len(colours)
                                                  % len(LINE_COLOURS)]

    out = [text(WIDTH / 2, 26, title_text(trace, runs), anchor="middle",
                size=15, weight="bold", extra=' id="title"')]
    out += legend(runs, colours, peak_op, peak_bytes, longest.ops)
    out += axes(plot, step)
    out += live_area(plot, live)
    for run in runs:
        if run.allocator in colours:
            out.append('<polyline class="heap" data-allocator=%s fill="none" '
                       'stroke="%s" stroke-width="2" stroke-linejoin="round" '
                       'points="%s"/>'
                       % (quoteattr(run.allocator), colours[run.allocator],
                          plot.points(downsample(run.heap))))
    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" '
               'stroke="#333"/>'
               % (PLOT_LEFT, plot_top, PLOT_RIGHT - PLOT_LEFT,
                  plot_bottom - plot_top))
    for run in runs:
        if run.allocator in colours and failed(run, longest.ops):
            out += failure_mark(plot, run)
    out += peak_marker(plot, peak_op, peak_bytes)
    return document(WIDTH, height, out)


def output_paths(output, source, traces):
    """Where each trace's chart goes: OUT as given for a single trace, OUT
    with -TRACE before the extension for several; OUT defaults to the CSV's
    name with .svg."""
    base = output or os.path.splitext(source)[0] + ".svg"
    if len(traces) == 1:
        return {traces[0]: base}
    if base == "-":
        raise TimelineError("-o - writes one chart, but the file has %d "
                            "traces: pick one with --trace" % len(traces))
    return {trace: suffixed_path(base, [trace_stem(trace)])
            for trace in traces}


def build_parser():
    parser = argparse.ArgumentParser(
        prog="tools/timeline.py", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("csv", metavar="CSV",
                        help="a timeline written by mdriver -T")
    parser.add_argument("-o", "--output", metavar="OUT.svg",
                        help="where to write the chart ('-': standard "
                             "output); default: CSV with .svg")
    parser.add_argument("--trace", metavar="NAME",
                        help="chart only this trace: its path, file name or "
                             "name without .rep")
    parser.add_argument("--allocator", metavar="A", nargs="+",
                        action="extend",
                        help="chart only these allocators, in this order "
                             "(names or comma-separated lists)")
    return parser


def write_charts(args):
    allocators = None
    if args.allocator:
        allocators = [name for word in args.allocator
                      for name in word.split(",") if name]
    with open(args.csv, newline="") as source:
        runs = read_timeline(source, args.csv, allocators, args.trace)
    if not runs:
        raise TimelineError("%s: no rows of the allocators and trace asked "
                            "for" % args.csv)
    traces = list(dict.fromkeys(run.trace for run in runs))
    for trace, path in output_paths(args.output, args.csv, traces).items():
        chosen = [run for run in runs if run.trace == trace]
        if allocators:
            chosen.sort(key=lambda run: allocators.index(run.allocator))
        if not any(run.ops for run in chosen):
            raise TimelineError("%s: no rows of %s: %s" % (
                args.csv, trace, "; ".join(
                    run.verdict["message"] for run in chosen if run.verdict)))
        write(chart_svg(trace, chosen), path)


def main():
    quit_quietly_on_closed_pipe()
    args = build_parser().parse_args()
    try:
        write_charts(args)
    except (OSError, TimelineError) as error:
        print("tools/timeline.py: error: %s" % error, file=sys.stderr)
        return EXIT_ERROR
    return 0

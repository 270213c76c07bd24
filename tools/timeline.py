#!/usr/bin/env python3
"""timeline.py - chart the heap size and the live bytes of a trace, as SVG.

    ./mdriver -m segregated,implicit-first -T timeline.csv -f traces/binary1.rep
    tools/timeline.py timeline.csv -o timeline.svg

The driver's -T file has one row per op of the first checked pass of each
allocator and trace: `allocator,trace,op,line,heap_bytes,live_bytes`. The
chart has the op index across and bytes up:

  - one coloured line per allocator: its heap size (the break of the
    simulated heap) after each op;
  - a grey area: the live payload bytes, which the trace alone decides, so
    it is drawn once for all allocators;
  - a dot on the peak of the live bytes, with its size and op;
  - a title with each allocator's utilization, computed as the driver
    does: peak live bytes / heap size after the last op.

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
stop before the others' failed a check; its legend says where it stopped.
If a file holds the same allocator and trace twice (the driver appends),
the later run counts. With several traces and no --trace, each gets its own
file, named OUT with `-TRACE` before the extension.

The output depends on nothing but the input: same CSV, same bytes.
"""

import argparse
import csv
import os
import re
import signal
import sys
from array import array
from xml.sax.saxutils import escape, quoteattr

EXIT_ERROR = 1
EXIT_USAGE = 2

MAX_BUCKETS = 2000

# Canvas and plot area, in SVG pixels.
WIDTH = 960
PLOT_LEFT = 80
PLOT_RIGHT = WIDTH - 24
LEGEND_TOP = 46
LEGEND_LINE = 17
HEIGHT_BELOW_LEGEND = 440
AXIS_BELOW = 48

# Okabe and Ito's palette, which colour-blind readers can tell apart, in
# the order allocators are given colours.
LINE_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
                "#56B4E9", "#000000", "#999933"]
LIVE_LOW_COLOUR = "#b8b8b8"
LIVE_BAND_COLOUR = "#dcdcdc"
PEAK_COLOUR = "#222222"

BYTE_UNITS = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB"), (1, "B")]
MAX_TICKS = 7


class Run:
    """The rows of one allocator on one trace: heap and live bytes by op."""

    def __init__(self, allocator, trace):
        self.allocator = allocator
        self.trace = trace
        self.heap = array("Q")
        self.live = array("Q")

    def restart(self):
        self.heap = array("Q")
        self.live = array("Q")

    @property
    def ops(self):
        return len(self.heap)

    @property
    def has_heap(self):
        return self.ops > 0 and max(self.heap) > 0

    def utilization(self):
        """Peak live bytes / final heap size, as the driver reports it."""
        final_heap = self.heap[-1]
        return 1.0 if final_heap == 0 else max(self.live) / final_heap


class TimelineError(Exception):
    pass


def trace_stem(trace):
    """binary1 for /work/main/traces/binary1.rep."""
    return os.path.splitext(os.path.basename(trace))[0]


def trace_matches(trace, name):
    """Whether --trace NAME picks this trace: its path, file name or stem."""
    return name in (trace, os.path.basename(trace), trace_stem(trace))


def read_timeline(lines, source="timeline", allocators=None, trace=None):
    """The runs of a timeline CSV, in the order they first appear, keeping
    only the allocators listed (all if None) and the traces that --trace
    picks (all if None). Raises TimelineError with FILE:LINE on bad rows."""
    reader = csv.reader(lines)
    header = next(reader, None)
    expected = ["allocator", "trace", "op", "line", "heap_bytes", "live_bytes"]
    if header != expected:
        raise TimelineError("%s:1: expected the header %s" % (source, ",".join(expected)))
    wanted_allocators = None if allocators is None else set(allocators)
    trace_wanted = {}
    runs = {}
    for row in reader:
        if len(row) != len(expected):
            raise TimelineError("%s:%d: expected %d fields, found %d"
                                % (source, reader.line_num, len(expected), len(row)))
        allocator, trace_path = row[0], row[1]
        if wanted_allocators is not None and allocator not in wanted_allocators:
            continue
        if trace_path not in trace_wanted:
            trace_wanted[trace_path] = trace is None or trace_matches(trace_path, trace)
        if not trace_wanted[trace_path]:
            continue
        try:
            op, heap_bytes, live_bytes = int(row[2]), int(row[4]), int(row[5])
        except ValueError:
            raise TimelineError("%s:%d: op, heap_bytes and live_bytes must be numbers"
                                % (source, reader.line_num)) from None
        run = runs.setdefault((trace_path, allocator), Run(allocator, trace_path))
        if op == 0 and run.ops > 0:
            run.restart()
        if op != run.ops:
            raise TimelineError("%s:%d: op %d of %s on %s comes after op %d"
                                % (source, reader.line_num, op, allocator, trace_path,
                                   run.ops - 1))
        run.heap.append(heap_bytes)
        run.live.append(live_bytes)
    return list(runs.values())


def downsample(values, buckets=MAX_BUCKETS):
    """[(index, value)] in index order: every value if there are at most
    `buckets`, else the smallest and the largest (first occurrence) of each
    of `buckets` runs of consecutive indices, plus the first and last value.
    The largest value of the whole series is always kept."""
    count = len(values)
    if count <= buckets:
        return list(enumerate(values))
    kept = {0: values[0], count - 1: values[-1]}
    for bucket in range(buckets):
        low = bucket * count // buckets
        high = (bucket + 1) * count // buckets
        run = values[low:high]
        smallest, largest = min(run), max(run)
        kept[low + run.index(smallest)] = smallest
        kept[low + run.index(largest)] = largest
    return sorted(kept.items())


def number(value):
    """A coordinate for the SVG: one decimal, no trailing .0."""
    text = "%.1f" % value
    return text[:-2] if text.endswith(".0") else text


def human_bytes(value):
    """1.25 MiB, 768 KiB, 40 B."""
    for unit, name in BYTE_UNITS:
        if value >= unit or unit == 1:
            return "%s %s" % (("%.2f" % (value / unit)).rstrip("0").rstrip("."), name)
    raise AssertionError("the 1-byte unit matches every value")


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
    """Maps op indices and byte counts to SVG coordinates."""

    def __init__(self, ops, top_bytes, top, bottom):
        self.last_op = max(1, ops - 1)
        self.top_bytes = max(1, top_bytes)
        self.top = top
        self.bottom = bottom

    def x(self, op):
        return PLOT_LEFT + op * (PLOT_RIGHT - PLOT_LEFT) / self.last_op

    def y(self, value):
        return self.bottom - value * (self.bottom - self.top) / self.top_bytes

    def points(self, samples):
        """SVG points of (op, bytes) samples, without the middle points of
        horizontal stretches, which add bytes and nothing to the picture."""
        coords = [(number(self.x(op)), number(self.y(value))) for op, value in samples]
        kept = []
        for i, point in enumerate(coords):
            if 0 < i < len(coords) - 1 and coords[i - 1][1] == point[1] == coords[i + 1][1]:
                continue
            kept.append(point)
        return " ".join("%s,%s" % point for point in kept)


def text(x, y, content, anchor="start", size=12, weight=None, extra=""):
    attributes = 'x="%s" y="%s"' % (number(x), number(y))
    if anchor != "start":
        attributes += ' text-anchor="%s"' % anchor
    if size != 12:
        attributes += ' font-size="%d"' % size
    if weight:
        attributes += ' font-weight="%s"' % weight
    return "<text %s%s>%s</text>" % (attributes, extra, escape(content))


def title_text(trace, runs):
    scored = ["%s %.1f%%" % (run.allocator, 100 * run.utilization())
              for run in runs if run.has_heap]
    title = "%s, %d ops" % (os.path.basename(trace), max(run.ops for run in runs))
    if scored:
        title += ": utilization " + ", ".join(scored)
    return title


def legend_label(run, longest):
    if not run.has_heap:
        return "%s: no simulated heap" % run.allocator
    label = "%s: heap %s after the last op, utilization %.1f%%" % (
        run.allocator, human_bytes(run.heap[-1]), 100 * run.utilization())
    if run.ops < longest:
        label += " (rows stop after op %d: the allocator failed a check)" % (run.ops - 1)
    return label


def chart_svg(trace, runs):
    """The SVG text of one trace's chart; runs are drawn in the given order."""
    assert runs and all(run.ops > 0 for run in runs), "a chart needs rows"
    longest = max(runs, key=lambda run: run.ops)
    live = longest.live
    peak_bytes = max(live)
    peak_op = live.index(peak_bytes)
    heap_top = max(max(run.heap) for run in runs)
    step = byte_step(max(heap_top, peak_bytes, 1))
    top_bytes = step * max(1, -(-max(heap_top, peak_bytes) // step))

    legend_rows = len(runs) + 1
    plot_top = LEGEND_TOP + legend_rows * LEGEND_LINE + 14
    plot_bottom = plot_top + HEIGHT_BELOW_LEGEND - legend_rows * LEGEND_LINE
    height = plot_bottom + AXIS_BELOW
    plot = Plot(longest.ops, top_bytes, plot_top, plot_bottom)

    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">'
           % (WIDTH, height, WIDTH, height),
           '<rect width="100%" height="100%" fill="white"/>',
           text(WIDTH / 2, 26, title_text(trace, runs), anchor="middle", size=15,
                weight="bold", extra=' id="title"')]

    # Legend: a swatch and a sentence per line drawn.
    row_y = LEGEND_TOP
    out.append('<rect x="%d" y="%s" width="22" height="10" fill="%s"/>'
               % (PLOT_LEFT, number(row_y - 9), LIVE_LOW_COLOUR))
    out.append(text(PLOT_LEFT + 30, row_y,
                    "live payload bytes (the same for every allocator), peak %s at op %d"
                    % (human_bytes(peak_bytes), peak_op)))
    colours = {}
    for run in runs:
        row_y += LEGEND_LINE
        if run.has_heap:
            colours[run.allocator] = LINE_COLOURS[len(colours) % len(LINE_COLOURS)]
            out.append('<line x1="%d" y1="%s" x2="%d" y2="%s" stroke="%s" stroke-width="2.5"/>'
                       % (PLOT_LEFT, number(row_y - 4), PLOT_LEFT + 22, number(row_y - 4),
                          colours[run.allocator]))
        out.append(text(PLOT_LEFT + 30, row_y, legend_label(run, longest.ops)))

    # Grid and axes.
    out.append('<g stroke="#e4e4e4" stroke-width="1">')
    for value in range(step, top_bytes + 1, step):
        out.append('<line x1="%d" y1="%s" x2="%d" y2="%s"/>'
                   % (PLOT_LEFT, number(plot.y(value)), PLOT_RIGHT, number(plot.y(value))))
    out.append("</g>")
    out.append('<g font-size="11" fill="#333">')
    for value in range(0, top_bytes + 1, step):
        out.append(text(PLOT_LEFT - 6, plot.y(value) + 4, human_bytes(value), anchor="end"))
    op_step = count_step(plot.last_op)
    for op in range(0, plot.last_op + 1, op_step):
        out.append('<line x1="%s" y1="%d" x2="%s" y2="%d" stroke="#333"/>'
                   % (number(plot.x(op)), plot_bottom, number(plot.x(op)), plot_bottom + 5))
        out.append(text(plot.x(op), plot_bottom + 18, human_count(op), anchor="middle"))
    out.append("</g>")
    out.append(text((PLOT_LEFT + PLOT_RIGHT) / 2, plot_bottom + 38,
                    "op (0-based index in the trace)", anchor="middle"))
    out.append(text(18, (plot_top + plot_bottom) / 2, "bytes", anchor="middle",
                    extra=' transform="rotate(-90 18 %s)"' % number((plot_top + plot_bottom) / 2)))

    # Live bytes: the area up to each run's smallest value, and a lighter
    # band from there up to its largest.
    samples = downsample(live)
    low_edge = [sample for sample in samples if sample[1] == min_of_bucket(samples, sample)]
    band_top = plot.points(samples)
    out.append('<polygon class="live" fill="%s" points="%s,%s %s %s,%s"/>'
               % (LIVE_BAND_COLOUR, number(plot.x(samples[0][0])), number(plot.bottom),
                  band_top, number(plot.x(samples[-1][0])), number(plot.bottom)))
    out.append('<polygon class="live-low" fill="%s" points="%s,%s %s %s,%s"/>'
               % (LIVE_LOW_COLOUR, number(plot.x(low_edge[0][0])), number(plot.bottom),
                  plot.points(low_edge), number(plot.x(low_edge[-1][0])), number(plot.bottom)))

    # One line per allocator with a heap.
    for run in runs:
        if run.has_heap:
            out.append('<polyline class="heap" data-allocator=%s fill="none" stroke="%s" '
                       'stroke-width="2" stroke-linejoin="round" points="%s"/>'
                       % (quoteattr(run.allocator), colours[run.allocator],
                          plot.points(downsample(run.heap))))

    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#333"/>'
               % (PLOT_LEFT, plot_top, PLOT_RIGHT - PLOT_LEFT, plot_bottom - plot_top))

    # The peak of the live bytes.
    peak_x, peak_y = plot.x(peak_op), plot.y(peak_bytes)
    out.append('<circle id="peak" cx="%s" cy="%s" r="4.5" fill="%s" stroke="white"/>'
               % (number(peak_x), number(peak_y), PEAK_COLOUR))
    left_half = peak_x < (PLOT_LEFT + PLOT_RIGHT) / 2
    out.append(text(peak_x + (8 if left_half else -8), peak_y - 8,
                    "peak live %s at op %d" % (human_bytes(peak_bytes), peak_op),
                    anchor="start" if left_half else "end", weight="bold"))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def min_of_bucket(samples, sample):
    """Placeholder replaced below; see low_samples()."""
    raise NotImplementedError

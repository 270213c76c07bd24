"""traceshape.py - the numbers a fresh trace shares with its published one.

The shape of a trace is:

    ops          op lines
    peak_bytes   the peak of live requested bytes
    sizes        satisfied requests by power-of-two size bucket
                 (tracestats.size_bucket), as {bucket: count}
    first_fit    the utilization the textbook allocator reaches on it with
    best_fit     first fit and with best fit (fitmodel.py: what
                 implicit-first and implicit-best score, to the byte), as
                 a Fraction, or None for a trace that never uses the heap

`ShapeRecorder` measures it while gentrace.py writes the trace (it is a
TraceBuilder observer); `shape_of_report` measures a trace read back from
its file. `differences(shape, published)` lists, as sentences, what lies
outside TOLERANCE; an empty list means that the two are alike. Every
comparison is exact (integers and fractions), so that the same traces are
alike on every machine.

Given the published shape, a recorder stops a trace that can no longer be
alike as soon as that is certain, by raising OutOfShape: the live bytes'
peak and the heaps of the two models only grow, so live bytes past the
peak's tolerance, or a model heap so large that even the highest peak
allowed would leave its utilization too low, settle it. A search for a
fresh trace (mksuite.py --fresh) then pays only for the ops up to there.
"""

from collections import namedtuple
from fractions import Fraction

from .fitmodel import BEST, FIRST, ModelReplay
from .tracestats import size_bucket

Shape = namedtuple("Shape", "ops peak_bytes sizes first_fit best_fit")

# How far a fresh trace's shape may be from the published one's: ops and
# peak as a fraction of the published value; sizes as the total variation
# distance between the two size histograms (half the sum of the
# differences of the buckets' shares: 0 for the same shares, 1 for no
# bucket in common); the two utilizations in percentage points.
Tolerance = namedtuple("Tolerance", "ops peak sizes utilization_points")
TOLERANCE = Tolerance(ops=Fraction(2, 100), peak=Fraction(10, 100),
                      sizes=Fraction(5, 100), utilization_points=2)


class OutOfShape(Exception):
    """A trace under way that can no longer have the shape sought."""


class ShapeRecorder:
    """A TraceBuilder observer that measures the shape of the trace it
    sees written; given a published shape, it raises OutOfShape as soon
    as the trace cannot be alike."""

    def __init__(self, published=None, tolerance=TOLERANCE):
        self.buckets = {}
        self.first_fit = ModelReplay(FIRST)
        self.best_fit = ModelReplay(BEST)
        self.live_bytes = 0
        self.live_limit = None
        self.heap_limits = []
        if published is not None:
            highest_peak = published.peak_bytes * (1 + tolerance.peak)
            self.live_limit = int(highest_peak)
            for replay, utilization in ((self.first_fit, published.first_fit),
                                        (self.best_fit, published.best_fit)):
                limit = heap_limit(highest_peak, utilization,
                                   tolerance.utilization_points)
                if limit is not None:
                    self.heap_limits.append((replay.model, limit))

    def __call__(self, op, effect):
        if effect.released is not None:
            self.live_bytes -= effect.released
        if effect.acquired is not None:
            self.live_bytes += effect.acquired
            bucket = size_bucket(effect.acquired)
            self.buckets[bucket] = self.buckets.get(bucket, 0) + 1
        self.first_fit.step(op, effect)
        self.best_fit.step(op, effect)
        if self.live_limit is not None:
            self._stop_when_out_of_shape()

    def _stop_when_out_of_shape(self):
        if self.live_bytes > self.live_limit:
            raise OutOfShape("live bytes past the peak's tolerance")
        for model, limit in self.heap_limits:
            if model.heap_bytes() > limit:
                raise OutOfShape("a %s fit heap too large for the "
                                 "utilization's tolerance" % model.policy)

    def shape(self, ops, peak_bytes):
        """The shape, given the trace's op count and peak."""
        return Shape(ops, peak_bytes, dict(self.buckets),
                     self.first_fit.utilization(peak_bytes),
                     self.best_fit.utilization(peak_bytes))


def heap_limit(highest_peak, utilization, points):
    """The largest heap (an integer) whose utilization at highest_peak is
    still within `points` of `utilization`; None when no heap is too
    large."""
    if utilization is None:
        return None
    lowest = utilization - Fraction(points, 100)
    return None if lowest <= 0 else int(highest_peak / lowest)


def shape_of_report(report):
    """The shape of a trace read by validate.read_trace (without
    errors)."""
    assert not report.errors, "a shape needs a trace without errors"
    recorder = ShapeRecorder()
    for (_, op), effect in zip(report.ops, report.effects):
        recorder(op, effect)
    return recorder.shape(len(report.ops), report.ledger.peak_bytes)


def size_distance(sizes, other):
    """The total variation distance between two size histograms, as a
    Fraction."""
    total, other_total = sum(sizes.values()), sum(other.values())
    if not total or not other_total:
        return Fraction(int(total != other_total))
    return sum((abs(Fraction(sizes.get(bucket, 0), total)
                    - Fraction(other.get(bucket, 0), other_total))
                for bucket in set(sizes) | set(other)), Fraction(0)) / 2


def relative_change(value, published):
    """|value - published| / published, as a Fraction."""
    if not published:
        return Fraction(int(value != published))
    return Fraction(abs(value - published), published)


def utilization_points(value, published):
    """How many percentage points apart two utilizations are (a trace that
    never uses the heap is 100 points from one that does)."""
    if value is None or published is None:
        return 0 if value is published else 100
    return 100 * abs(value - published)


def utilization_text(fraction):
    """A utilization as text: "68.8%", or "n/a"."""
    return "n/a" if fraction is None else "%.1f%%" % (100 * fraction)


def differences(shape, published, tolerance=TOLERANCE):
    """What in `shape` is outside the tolerance of `published`, one
    sentence each."""
    found = []
    if relative_change(shape.ops, published.ops) > tolerance.ops:
        found.append("%d ops against %d (tolerance %s%%)" % (
            shape.ops, published.ops, 100 * tolerance.ops))
    if relative_change(shape.peak_bytes, published.peak_bytes) > \
            tolerance.peak:
        found.append("a peak of %d live bytes against %d (tolerance %s%%)"
                     % (shape.peak_bytes, published.peak_bytes,
                        100 * tolerance.peak))
    distance = size_distance(shape.sizes, published.sizes)
    if distance > tolerance.sizes:
        found.append("size histograms %.3f apart (tolerance %s)" % (
            distance, float(tolerance.sizes)))
    for name, value, target in (
            ("first fit", shape.first_fit, published.first_fit),
            ("best fit", shape.best_fit, published.best_fit)):
        if utilization_points(value, target) > tolerance.utilization_points:
            found.append("%s utilization %s against %s (tolerance %d "
                         "points)" % (name, utilization_text(value),
                                      utilization_text(target),
                                      tolerance.utilization_points))
    return found

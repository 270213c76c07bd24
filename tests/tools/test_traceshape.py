"""traceshape.py: the shape a fresh trace must share with its published
one, the tolerance, and the recorder that stops a hopeless trace early."""

import unittest
from fractions import Fraction

from tools.kit.traces.traceshape import (OutOfShape, Shape, ShapeRecorder,
                                         differences, shape_of_report,
                                         size_distance)
from tools.kit.traces.validate import read_trace

# Sizes 100 and 20 (buckets 7 and 5), a peak of 120 bytes.
TRACE = "1\n2\n4\n120\na 0 100\na 1 20\nf 0\nf 1\n"
PUBLISHED = Shape(ops=1000, peak_bytes=100000, sizes={5: 50, 7: 50},
                  first_fit=Fraction(70, 100), best_fit=Fraction(90, 100))


def recorded(text, published=None):
    """Feed a trace given as text to a ShapeRecorder; returns it."""
    report = read_trace(text)
    recorder = ShapeRecorder(published)
    for (_, op), effect in zip(report.ops, report.effects):
        recorder(op, effect)
    return recorder


def trace_with_peak(peak):
    return "1\n1\n2\n%d\na 0 %d\nf 0\n" % (peak, peak)


class ShapeTest(unittest.TestCase):

    def test_a_shape_counts_ops_peak_size_buckets_and_model_utilization(
            self):
        shape = shape_of_report(read_trace(TRACE))
        # Blocks of 128 and 48 bytes, after 32 bytes of heap overhead.
        self.assertEqual(shape, Shape(4, 120, {7: 1, 5: 1},
                                      Fraction(120, 32 + 176),
                                      Fraction(120, 32 + 176)))


class ToleranceTest(unittest.TestCase):

    def moved(self, **changes):
        return differences(PUBLISHED._replace(**changes), PUBLISHED)

    def test_the_published_shape_is_alike_to_itself(self):
        self.assertEqual(self.moved(), [])

    def test_ops_may_differ_by_2_percent(self):
        self.assertEqual(self.moved(ops=1020), [])
        self.assertEqual(self.moved(ops=979),
                         ["979 ops against 1000 (tolerance 2%)"])

    def test_the_peak_may_differ_by_10_percent(self):
        self.assertEqual(self.moved(peak_bytes=110000), [])
        self.assertEqual(self.moved(peak_bytes=89999), [
            "a peak of 89999 live bytes against 100000 (tolerance 10%)"])

    def test_size_histograms_may_be_5_hundredths_apart(self):
        self.assertEqual(self.moved(sizes={5: 55, 7: 45}), [])
        self.assertEqual(self.moved(sizes={5: 56, 7: 44}), [
            "size histograms 0.060 apart (tolerance 0.05)"])

    def test_each_model_utilization_may_differ_by_2_points(self):
        self.assertEqual(self.moved(first_fit=Fraction(72, 100),
                                    best_fit=Fraction(88, 100)), [])
        self.assertEqual(self.moved(first_fit=Fraction(7201, 10000)), [
            "first fit utilization 72.0% against 70.0% (tolerance 2 "
            "points)"])
        self.assertEqual(self.moved(best_fit=None), [
            "best fit utilization n/a against 90.0% (tolerance 2 points)"])

    def test_size_distance_is_half_the_sum_of_the_share_differences(self):
        self.assertEqual(size_distance({1: 3}, {1: 5}), 0)
        self.assertEqual(size_distance({1: 1}, {2: 1}), 1)
        self.assertEqual(size_distance({1: 1, 2: 1}, {1: 1}), Fraction(1, 2))


class EarlyStopTest(unittest.TestCase):

    def test_live_bytes_past_the_peak_tolerance_stop_the_trace(self):
        published = shape_of_report(read_trace(trace_with_peak(1000)))
        recorded(trace_with_peak(1100), published)
        with self.assertRaisesRegex(OutOfShape, "live bytes past the peak"):
            recorded(trace_with_peak(1101), published)

    def test_a_model_heap_too_large_for_any_allowed_peak_stops_the_trace(
            self):
        # One block then a larger one beside it: the heap of the models
        # holds both, a third more than the published heap, although the
        # live bytes never pass the published peak.
        published = shape_of_report(read_trace(trace_with_peak(1000)))
        with self.assertRaisesRegex(OutOfShape, "first fit heap too large"):
            recorded("1\n2\n4\n1020\na 0 600\na 1 20\nf 0\na 0 1000\n",
                     published)

    def test_without_a_published_shape_nothing_stops(self):
        recorded(trace_with_peak(10 ** 6))


if __name__ == "__main__":
    unittest.main()

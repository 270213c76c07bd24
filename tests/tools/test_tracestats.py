"""tracestats.py: statistics of a tiny trace, worked out by hand."""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

TOOLS_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                         os.pardir, os.pardir, "tools"))

from tools.kit.traces.tracestats import (block_bytes, format_stats, percent,
                                         trace_stats)
from tools.kit.traces.validate import read_trace

CHECKTRACE = os.path.join(TOOLS_DIR, "checktrace.py")
TRACESTATS = os.path.join(TOOLS_DIR, "tracestats.py")

# Live bytes L and model block bytes B after each op; a block of n bytes
# takes max(16, roundup(n + 8, 16)).
TINY_TRACE = textwrap.dedent("""\
    1
    4
    13
    154
    a 0 1
    a 1 24
    c 2 3 10
    r 0 100
    f 1
    a 1 0
    r 2 200000000
    r 3 8
    r 3 0
    f -1
    f 0
    f 1
    f 2
    """)
#   a 0 1          L = 1     B = 16
#   a 1 24         L = 25    B = 16 + 32 = 48
#   c 2 3 10       L = 55    B = 48 + 48 = 96
#   r 0 100        L = 154   B = 96 - 16 + 112 = 192   <- both peaks
#   f 1            L = 130   B = 160
#   a 1 0          L = 130   B = 176
#   r 2 200000000  unsatisfiable: nothing changes
#   r 3 8          L = 138   B = 192   (realloc(NULL, 8))
#   r 3 0          L = 130   B = 176   (realloc(p, 0))
#   f -1           free(NULL)
#   f 0, f 1, f 2  L = 0     B = 0
PEAK_LIVE = 154
PEAK_BLOCKS = 192


class BlockModelTest(unittest.TestCase):

    def test_block_is_request_plus_header_rounded_to_16_at_least_16(self):
        sizes = [0, 1, 8, 9, 24, 25, 40, 100]
        self.assertEqual([block_bytes(size) for size in sizes],
                         [16, 16, 16, 32, 32, 48, 48, 112])


    def test_header_size_is_a_parameter(self):
        sizes = [0, 12, 13, 28, 29]
        self.assertEqual([block_bytes(size, 4) for size in sizes],
                         [16, 16, 32, 32, 48])
        self.assertEqual([block_bytes(size, 16) for size in sizes],
                         [16, 32, 32, 48, 48])


# Two blocks whose sizes fill 4-byte-header blocks exactly: live peak 40;
# block peak 16 + 32 = 48 with 4-byte headers, 32 + 48 = 80 with 8.
SNUG_TRACE = textwrap.dedent("""\
    1
    2
    4
    40
    a 0 12
    a 1 28
    f 0
    f 1
    """)


class HeaderSizeTest(unittest.TestCase):

    def setUp(self):
        self.report = read_trace(SNUG_TRACE)
        self.assertEqual(self.report.errors, [])

    def test_smaller_headers_raise_the_ceiling(self):
        four = trace_stats(self.report, header_bytes=4)
        eight = trace_stats(self.report)
        self.assertEqual((four["peak_live_bytes"], four["peak_block_bytes"]),
                         (40, 48))
        self.assertEqual((eight["header_bytes"], eight["peak_block_bytes"]),
                         (8, 80))

    def test_text_names_the_header_size(self):
        stats = trace_stats(self.report, header_bytes=4)
        text = "\n".join(format_stats("snug.rep", stats))
        self.assertIn("ceiling    83.3% (16-byte alignment, 4-byte header",
                      text)

    def test_program_prints_one_ceiling_line_per_file(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "snug.rep")
            with open(path, "w", encoding="ascii") as out:
                out.write(SNUG_TRACE)
            result = subprocess.run(
                [sys.executable, TRACESTATS, "--header", "4", path],
                capture_output=True, text=True, check=True)
        self.assertEqual(result.stdout,
                         "%s: ceiling 83.3%% with 4-byte headers (peak 40 "
                         "live bytes, 48 block bytes)\n" % path)

    def test_program_refuses_a_negative_header(self):
        result = subprocess.run(
            [sys.executable, TRACESTATS, "--header", "-4", "snug.rep"],
            capture_output=True, text=True)
        self.assertEqual(result.returncode, 2)
        self.assertIn("not a byte count", result.stderr)


class TinyTraceTest(unittest.TestCase):

    def setUp(self):
        report = read_trace(TINY_TRACE)
        self.assertEqual(report.errors, [])
        self.stats = trace_stats(report)

    def test_peaks(self):
        self.assertEqual(self.stats["peak_live_bytes"], PEAK_LIVE)
        self.assertEqual(self.stats["peak_block_bytes"], PEAK_BLOCKS)

    def test_utilization_ceiling(self):
        self.assertAlmostEqual(self.stats["utilization_ceiling"],
                               154 / 192)

    def test_ops_by_kind(self):
        self.assertEqual(self.stats["ops"], {
            "a": 3, "r": 4, "f": 5, "c": 1, "free_null": 1,
            "realloc_null": 1, "realloc_free": 1, "unsatisfiable": 1})
        self.assertEqual(self.stats["num_ops"], 13)

    def test_ids(self):
        self.assertEqual(self.stats["num_ids"], 4)
        self.assertEqual(self.stats["ids_used"], 4)
        self.assertEqual(self.stats["live_at_end"], 0)

    def test_size_histogram_counts_satisfied_requests(self):
        # Sizes obtained: 1, 24, 30, 100, 0, 8.
        self.assertEqual(
            [(b["low"], b["high"], b["count"])
             for b in self.stats["size_histogram"]],
            [(0, 0, 1), (1, 1, 1), (2, 3, 0), (4, 7, 0), (8, 15, 1),
             (16, 31, 2), (32, 63, 0), (64, 127, 1)])

    def test_text_shows_the_ceiling_as_a_percentage(self):
        text = "\n".join(format_stats("tiny.rep", self.stats))
        self.assertIn("154 live bytes, 192 block bytes", text)
        self.assertIn("ceiling    80.2%", text)


class PercentTest(unittest.TestCase):

    def test_rounds_half_up_to_one_decimal(self):
        self.assertEqual(percent(1, 3), "33.3%")
        self.assertEqual(percent(2, 3), "66.7%")
        self.assertEqual(percent(1, 2000), "0.1%")
        self.assertEqual(percent(5, 5), "100.0%")

    def test_zero_denominator_is_not_applicable(self):
        self.assertEqual(percent(0, 0), "n/a")


class JsonTest(unittest.TestCase):

    def test_json_lists_one_object_per_file(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "tiny.rep")
            with open(path, "w", encoding="ascii") as out:
                out.write(TINY_TRACE)
            result = subprocess.run(
                [sys.executable, CHECKTRACE, "--json", path],
                capture_output=True, text=True, check=True)
        stats = json.loads(result.stdout)
        self.assertEqual(len(stats), 1)
        self.assertEqual(stats[0]["file"], path)
        self.assertEqual(stats[0]["peak_block_bytes"], PEAK_BLOCKS)


if __name__ == "__main__":
    unittest.main()

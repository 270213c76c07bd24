"""log2trace.py and tools/record: recorder logs in, valid traces out.

The conversion tests give a hand-written log (pointers in hexadecimal, as
the recorder writes them) beside the op lines it must become; the balancing
frees at the end are part of the expectation. The end-to-end tests build
the recorder library and record real programs; they are skipped when no C
compiler is installed.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest
from unittest import mock

TOOLS_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                         os.pardir, os.pardir, "tools"))

from tools.kit.recording import log2trace, record
from tools.kit.traces.validate import read_trace

RECORD = os.path.join(TOOLS_DIR, "record")
LOG2TRACE = os.path.join(TOOLS_DIR, "log2trace.py")
CHECKTRACE = os.path.join(TOOLS_DIR, "checktrace.py")
HAVE_COMPILER = any(shutil.which(name) for name in ("cc", "gcc", "clang"))
HAVE_SORT = shutil.which("sort") is not None
NO_COMPILER = "no C compiler (cc, gcc or clang) to build the recorder"


class ConversionCase(unittest.TestCase):
    """Writes logs into a temporary folder and converts them."""

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="test_record-")
        self.addCleanup(shutil.rmtree, self.folder)

    def write_log(self, text, name="log.100"):
        path = os.path.join(self.folder, name)
        with open(path, "w", encoding="ascii") as out:
            out.write(textwrap.dedent(text).lstrip("\n"))
        return path

    def convert(self, *logs, **options):
        """(header values, op lines, summary text) of the trace; the trace
        must pass the checker."""
        text, summary = log2trace.log_to_trace(list(logs), **options)
        report = read_trace(text.decode("ascii"))
        self.assertEqual(report.errors, [], text.decode("ascii"))
        ops = [line for line in text.decode("ascii").splitlines()[4:]
               if not line.startswith("#")]
        return report.header, ops, "\n".join(summary)

    def assertOps(self, log, expected, **options):
        _, ops, summary = self.convert(self.write_log(log), **options)
        self.assertEqual(ops, expected.split("\n"))
        return summary


class PointersAndIdsTest(ConversionCase):

    def test_each_pointer_becomes_an_id_and_freed_ids_are_reused(self):
        self.assertOps("""
            p 100 1 /bin/prog
            m 16 a0
            m 32 b0
            f a0
            m 48 c0
            f c0
            f b0
            """, "a 0 16\na 1 32\nf 0\na 0 48\nf 0\nf 1")

    def test_the_smallest_freed_id_is_reused_first(self):
        self.assertOps("""
            m 8 a0
            m 8 b0
            m 8 c0
            f c0
            f a0
            m 8 d0
            """, "a 0 8\na 1 8\na 2 8\nf 2\nf 0\na 0 8\nf 1\nf 0")

    def test_num_ids_is_the_most_blocks_live_at_once(self):
        header, _, _ = self.convert(self.write_log("""
            m 8 a0
            m 8 b0
            f a0
            f b0
            m 8 c0
            m 8 d0
            f c0
            f d0
            """))
        self.assertEqual(header[1], 2)

    def test_an_address_still_live_frees_its_old_block_first(self):
        summary = self.assertOps("""
            m 16 a0
            m 32 a0
            """, "a 0 16\nf 0\na 0 32\nf 0")
        self.assertIn("1 allocations at a live address", summary)


class DroppedCallsTest(ConversionCase):

    def test_free_of_a_pointer_never_seen_allocated_is_dropped(self):
        summary = self.assertOps("""
            f dead0
            m 8 a0
            f a0
            f beef0
            """, "a 0 8\nf 0")
        self.assertIn("2 frees of pointers never seen allocated", summary)

    def test_free_null_is_kept(self):
        self.assertOps("""
            f 0
            """, "f -1")

    def test_calls_that_returned_null_are_dropped(self):
        summary = self.assertOps("""
            m 99 0
            c 2 8 0
            a 64 100 0
            m 8 a0
            r a0 4096 0
            """, "a 0 8\nf 0")
        self.assertIn("4 calls that returned NULL", summary)

    def test_a_request_larger_than_the_kit_heap_and_its_free_are_dropped(self):
        summary = self.assertOps("""
            m 8 a0
            m 209715200 b0
            f b0
            f a0
            """, "a 0 8\nf 0")
        self.assertIn("2 requests larger than the kit's heap", summary)

    def test_malformed_lines_are_skipped_and_counted(self):
        summary = self.assertOps("""
            m 8 a0
            m 8
            x 1 2
            m -8 b0
            f a0
            """, "a 0 8\nf 0")
        self.assertIn("3 malformed log lines", summary)


class CallKindsTest(ConversionCase):

    def test_calloc_keeps_its_two_factors(self):
        self.assertOps("""
            c 3 24 a0
            """, "c 0 3 24\nf 0")

    def test_memalign_family_becomes_a_malloc_of_the_size(self):
        summary = self.assertOps("""
            a 64 100 a0
            a 4096 10 b0
            """, "a 0 100\na 1 10\nf 0\nf 1")
        self.assertIn("2 memalign-family calls kept as malloc", summary)

    def test_realloc_null_is_a_realloc_on_a_free_id(self):
        self.assertOps("""
            r 0 24 a0
            """, "r 0 24\nf 0")

    def test_realloc_null_zero_is_a_malloc_of_zero(self):
        self.assertOps("""
            r 0 0 a0
            f a0
            """, "a 0 0\nf 0")

    def test_realloc_that_moves_the_block_keeps_its_id(self):
        self.assertOps("""
            m 16 a0
            r a0 64 b0
            m 16 a0
            f b0
            """, "a 0 16\nr 0 64\na 1 16\nf 0\nf 1")

    def test_realloc_in_place_keeps_its_id(self):
        self.assertOps("""
            m 16 a0
            r a0 20 a0
            f a0
            """, "a 0 16\nr 0 20\nf 0")

    def test_realloc_to_zero_frees_the_block(self):
        self.assertOps("""
            m 16 a0
            r a0 0 0
            m 8 b0
            """, "a 0 16\nr 0 0\na 0 8\nf 0")

    def test_realloc_of_an_unknown_pointer_is_realloc_null(self):
        summary = self.assertOps("""
            r dead0 40 a0
            f a0
            """, "r 0 40\nf 0")
        self.assertIn("1 reallocs of unknown pointers kept as "
                      "realloc(NULL, n)", summary)

    def test_realloc_of_an_unknown_pointer_to_zero_is_dropped(self):
        summary = self.assertOps("""
            m 8 a0
            r dead0 0 0
            """, "a 0 8\nf 0")
        self.assertIn("1 realloc(p, 0) of pointers never seen allocated",
                      summary)


class BalanceAndCapTest(ConversionCase):

    LOG = """
        m 100 a0
        m 50 b0
        f a0
        m 200 c0
        m 10 d0
        f b0
        """

    def test_blocks_left_live_are_freed_in_the_order_they_were_allocated(self):
        self.assertOps(self.LOG,
                       "a 0 100\na 1 50\nf 0\na 0 200\na 2 10\nf 1\nf 0\nf 2")

    def test_no_balance_leaves_them_live(self):
        self.assertOps(self.LOG, "a 0 100\na 1 50\nf 0\na 0 200\na 2 10\nf 1",
                       balance=False)

    def test_peak_is_exact(self):
        # Live bytes: 100, 150, 50, 250, 260, 210, then the balancing frees.
        header, _, _ = self.convert(self.write_log(self.LOG))
        self.assertEqual(header[3], 260)

    def test_max_ops_counts_the_balancing_frees(self):
        # a0 and b0 fit (2 ops + 2 frees); freeing a0 would make 3 ops + 1
        # free; then c0 would need 4 ops + 2 frees > 5: conversion stops.
        summary = self.assertOps(self.LOG, "a 0 100\na 1 50\nf 0\nf 1",
                                 max_ops=5)
        self.assertIn("3 calls after the --max-ops cap", summary)

    def test_max_ops_without_balance_counts_the_ops_alone(self):
        self.assertOps(self.LOG, "a 0 100\na 1 50\nf 0\na 0 200",
                       max_ops=4, balance=False)


class ProcessImagesTest(ConversionCase):

    def setUp(self):
        super().setUp()
        self.parent = self.write_log("""
            p 100 1 /usr/bin/driver
            m 8 a0
            p 100 1 /usr/bin/worker
            m 16 a0
            m 16 b0
            m 16 c0
            """, "log.100")
        self.child = self.write_log("""
            p 101 100 /usr/bin/helper
            m 32 a0
            m 32 b0
            """, "log.101")

    def test_largest_converts_the_image_with_the_most_calls(self):
        _, ops, summary = self.convert(self.parent, self.child)
        self.assertEqual(ops, ["a 0 16", "a 1 16", "a 2 16",
                               "f 0", "f 1", "f 2"])
        self.assertIn("process images in the logs: 3; converted: worker "
                      "(pid 100, 3 calls)", summary)

    def test_all_converts_each_image_in_turn_and_frees_what_it_left(self):
        _, ops, _ = self.convert(self.parent, self.child, process="all")
        self.assertEqual(ops, ["a 0 8", "f 0",
                               "a 0 16", "a 1 16", "a 2 16",
                               "f 0", "f 1", "f 2",
                               "a 0 32", "a 1 32", "f 0", "f 1"])

    def test_a_name_converts_the_images_of_that_executable(self):
        _, ops, _ = self.convert(self.parent, self.child, process="helper")
        self.assertEqual(ops, ["a 0 32", "a 1 32", "f 0", "f 1"])

    def test_an_unknown_name_lists_the_executables(self):
        with self.assertRaisesRegex(log2trace.LogError,
                                    "no process image runs 'cc1'.*driver, "
                                    "helper, worker"):
            self.convert(self.parent, self.child, process="cc1")

    def test_logs_without_records_are_an_error(self):
        with self.assertRaisesRegex(log2trace.LogError, "no process image"):
            self.convert(self.write_log("", "log.102"))


class CommandLineTest(ConversionCase):

    def test_log2trace_writes_a_trace_that_checktrace_accepts(self):
        log = self.write_log("""
            p 100 1 /bin/prog
            m 16 a0
            c 2 8 b0
            r a0 40 c0
            f b0
            f dead0
            """)
        trace = os.path.join(self.folder, "out.rep")
        result = subprocess.run(
            [sys.executable, LOG2TRACE, "--comment", "made by a test",
             "-o", trace, log],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("1 frees of pointers never seen allocated",
                      result.stderr)
        check = subprocess.run([sys.executable, CHECKTRACE, trace],
                               stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        self.assertEqual(check.returncode, 0, check.stderr)
        with open(trace, encoding="ascii") as source:
            self.assertIn("# made by a test", source.read())

    def test_record_says_so_when_there_is_no_c_compiler(self):
        with tempfile.TemporaryDirectory() as empty:
            with mock.patch.dict(os.environ, {"PATH": empty, "CC": ""}):
                with self.assertRaisesRegex(record.RecordError,
                                            "no C compiler found"):
                    record.find_compiler()


@unittest.skipUnless(HAVE_COMPILER, NO_COMPILER)
@unittest.skipUnless(HAVE_SORT, "no sort program to record")
class EndToEndTest(ConversionCase):

    def record(self, *arguments):
        trace = os.path.join(self.folder, "real.rep")
        result = subprocess.run(
            [sys.executable, RECORD, "-o", trace] + list(arguments),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            cwd=self.folder)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(trace, encoding="ascii") as source:
            report = read_trace(source.read())
        self.assertEqual(report.errors, [])
        return report, result.stderr

    def test_recording_sort_gives_a_valid_trace_with_ops(self):
        lines = self.write_log("pear\napple\nfig\n", "input.txt")
        report, summary = self.record("--", "sort", lines)
        self.assertGreater(report.header[2], 0)
        self.assertEqual(report.ledger.live, {})
        self.assertIn("converted: sort", summary)

    def test_children_write_their_own_logs(self):
        lines = self.write_log("b\na\n", "input.txt")
        logs = os.path.join(self.folder, "logs")
        _, summary = self.record(
            "--keep-logs", logs, "--process", "sort", "--",
            "sh", "-c", "sort %s >/dev/null; sort %s >/dev/null"
            % (lines, lines))
        self.assertGreaterEqual(len(os.listdir(logs)), 3)
        self.assertRegex(summary, r"converted: sort \(pid \d+, \d+ calls\), "
                                  r"sort \(pid \d+, \d+ calls\)")


if __name__ == "__main__":
    unittest.main()

"""checktrace.py: what it accepts, what it rejects and where, --balance.

Each rejection test gives a small trace beside the one error it must
cause: the line number and a phrase of the message.
"""

import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

TOOLS_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                         os.pardir, os.pardir, "tools"))

from tools.kit.traces.validate import decode, read_trace

CHECKTRACE = os.path.join(TOOLS_DIR, "checktrace.py")


def trace(text):
    return textwrap.dedent(text).lstrip("\n")


class RejectionTest(unittest.TestCase):

    def assertOneError(self, text, line, phrase):
        errors = read_trace(trace(text)).errors
        self.assertEqual(len(errors), 1, errors)
        self.assertEqual(errors[0][0], line, errors)
        self.assertIn(phrase, errors[0][1])

    def test_header_value_that_is_not_a_number(self):
        self.assertOneError("""
            1
            two
            1
            8
            a 0 8
            """, 2, "one non-negative number")

    def test_file_that_ends_inside_the_header(self):
        self.assertOneError("""
            1
            1
            """, 2, "after 2 of the 4 header lines")

    def test_unknown_operation(self):
        self.assertOneError("""
            1
            1
            2
            8
            a 0 8
            x 0
            """, 6, "unknown operation 'x'")

    def test_wrong_number_of_operands(self):
        self.assertOneError("""
            1
            1
            2
            0
            a 0 8 8
            f -1
            """, 5, "'a' takes ID SIZE")

    def test_a_line_with_no_size_and_no_size_before_it(self):
        self.assertOneError("""
            1
            1
            2
            0
            a 0
            f -1
            """, 5, "missing size")

    def test_negative_id_other_than_free_null(self):
        self.assertOneError("""
            1
            1
            1
            0
            a -1 8
            """, 5, "negative id -1")

    def test_id_out_of_range(self):
        self.assertOneError("""
            1
            2
            2
            8
            a 2 8
            f -1
            """, 5, "id 2 out of range: num_ids = 2")

    def test_size_beyond_64_bits(self):
        self.assertOneError("""
            1
            1
            1
            0
            a 0 18446744073709551616
            """, 5, "does not fit in 64 bits")

    def test_malloc_of_a_live_id(self):
        self.assertOneError("""
            1
            1
            3
            8
            a 0 8
            a 0 16
            f 0
            """, 6, "id 0 is already live (allocated at line 5)")

    def test_calloc_of_a_live_id(self):
        self.assertOneError("""
            1
            1
            3
            8
            a 0 8
            c 0 2 4
            f 0
            """, 6, "id 0 is already live")

    def test_free_of_an_id_never_allocated(self):
        self.assertOneError("""
            1
            2
            3
            8
            a 0 8
            f 1
            f 0
            """, 6, "free of id 1, which was never allocated")

    def test_double_free(self):
        self.assertOneError("""
            1
            1
            3
            8
            a 0 8
            f 0
            f 0
            """, 7, "double free of id 0 (freed at line 6)")

    def test_free_after_a_realloc_to_zero_is_a_double_free(self):
        self.assertOneError("""
            1
            1
            3
            8
            a 0 8
            r 0 0
            f 0
            """, 7, "double free of id 0 (freed at line 6)")

    def test_free_of_an_id_whose_request_was_unsatisfiable(self):
        self.assertOneError("""
            1
            1
            2
            0
            a 0 104857601
            f 0
            """, 6, "its request at line 5 was unsatisfiable")

    def test_fewer_op_lines_than_num_ops_names_the_last_line(self):
        self.assertOneError("""
            1
            1
            3
            8
            a 0 8
            f 0
            """, 6, "too few ops: the file ends on this line, after 2 op "
                    "lines, but num_ops = 3 (line 3)")

    def test_a_carriage_return_inside_a_line(self):
        self.assertOneError("1\n1\n1\n0\na 0\r8\n", 5, "carriage return")

    def test_a_nul_byte(self):
        self.assertOneError("1\n1\n1\n0\na 0 8\0\n", 5, "NUL byte")

    def test_a_byte_outside_ascii_in_a_number(self):
        self.assertOneError(decode(b"1\n1\n1\n0\na 0 8\xff\n"), 5,
                            "size must be a non-negative number")

    def test_a_num_ids_beyond_the_drivers_limit(self):
        self.assertOneError("1\n524289\n0\n0\n", 2, "num_ids out of range")

    def test_a_minus_zero_id_of_an_a(self):
        self.assertOneError("1\n1\n1\n0\na -0 8\n", 5, "negative id -0")

    def test_f_minus_zero_frees_id_0_not_null(self):
        self.assertOneError("1\n1\n1\n0\nf -0\n", 5,
                            "free of id 0, which was never allocated")

    def test_each_error_is_reported_once_and_checking_goes_on(self):
        errors = read_trace(trace("""
            1
            2
            4
            8
            f 0
            a 1 8
            f 1
            f 1
            """)).errors
        self.assertEqual([line for line, _ in errors], [5, 8])


class WarningTest(unittest.TestCase):
    """What the driver reads, as the older kits' parsers did, and what it
    does not use: a warning each, the trace still valid."""

    def assertOneWarning(self, text, line, phrase):
        report = read_trace(trace(text))
        self.assertEqual(report.errors, [])
        self.assertEqual(len(report.warnings), 1, report.warnings)
        self.assertEqual(report.warnings[0][0], line, report.warnings)
        self.assertIn(phrase, report.warnings[0][1])

    def test_more_op_lines_than_num_ops_are_ignored(self):
        self.assertOneWarning("""
            1
            1
            2
            8
            a 0 8
            f 0
            f -1
            f -1
            """, 7, "more op lines than num_ops = 2 (line 3)")

    def test_a_line_with_no_size_takes_the_last_size_given(self):
        self.assertOneWarning("""
            1
            2
            4
            16
            a 0 8
            a 1
            f 0
            f 1
            """, 6, "the last size given, 8 (line 5)")

    def test_a_giant_request_that_is_freed_makes_the_trace_giant(self):
        report = read_trace(trace("""
            1
            1
            2
            0
            a 0 104857600000
            f 0
            """))
        self.assertEqual(report.errors, [])
        self.assertTrue(report.giant)

    def test_wrong_peak_in_a_2016_header(self):
        self.assertOneWarning("""
            1
            2
            4
            24
            a 0 8
            a 1 8
            f 0
            f 1
            """, 4, "max_live_bytes = 24 but the peak of live bytes is 16")

    def test_cmu_2010_header_is_pointed_out(self):
        self.assertOneWarning("""
            1
            1
            2
            1
            a 0 8
            f 0
            """, 4, "ignore_ranges")


class AcceptanceTest(unittest.TestCase):

    def assertValid(self, text):
        self.assertEqual(read_trace(trace(text)).errors, [])

    def test_every_op_and_comments_anywhere(self):
        self.assertValid("""
            # a comment before the header
            1
            4

            11
            # peak: 8 + 16 + 40 after the realloc of id 2
            64
            a 0 8
            c 1 4 4
            f -1
            r 2 24
            r 2 40
            r 3 0
            f 0
            r 1 0
            r 1 5
            f 1
            f 2
            """)

    def test_unsatisfiable_requests_add_nothing_and_keep_the_block(self):
        self.assertValid("""
            1
            2
            6
            8
            a 0 8
            a 1 104857601
            c 1 4294967296 4294967296
            r 0 18446744073709551615
            r 1 104857601
            f 0
            """)

    def test_an_id_may_live_again_after_its_free(self):
        self.assertValid("""
            1
            1
            4
            16
            a 0 8
            f 0
            a 0 16
            f 0
            """)

    def test_classic_header_needs_no_peak(self):
        self.assertValid("""
            20000
            1
            2
            1
            a 0 8
            f 0
            """)

    def test_peak_of_an_empty_trace_is_zero(self):
        self.assertValid("""
            0
            0
            1
            0
            f -1
            """)


class CommandLineTest(unittest.TestCase):

    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)

    def write(self, name, text):
        path = os.path.join(self.folder.name, name)
        with open(path, "w", encoding="ascii") as out:
            out.write(trace(text))
        return path

    def run_checktrace(self, *words):
        return subprocess.run([sys.executable, CHECKTRACE] + list(words),
                              capture_output=True, text=True, check=False)

    def test_valid_file_is_ok_with_status_0(self):
        path = self.write("good.rep", """
            1
            1
            2
            8
            a 0 8
            f 0
            """)
        result = self.run_checktrace(path)
        self.assertEqual(result.returncode, 0)
        self.assertEqual(result.stdout, "%s: ok\n" % path)

    def test_errors_are_file_line_error_with_status_1(self):
        path = self.write("bad.rep", """
            1
            1
            2
            8
            a 0 8
            f 1
            """)
        result = self.run_checktrace(path)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr, "%s:6: error: id 1 out of range: "
                         "num_ids = 1 (line 2)\n" % path)

    def test_usage_mistakes_exit_with_status_2(self):
        self.assertEqual(self.run_checktrace().returncode, 2)
        missing = os.path.join(self.folder.name, "missing.rep")
        self.assertEqual(self.run_checktrace(missing).returncode, 2)

    def test_balance_appends_frees_and_fixes_num_ops(self):
        path = self.write("open.rep", """
            1
            3
            4
            24
            a 0 8
            a 1 8
            a 2 8
            f 1
            """)
        result = self.run_checktrace("--balance", path)
        self.assertEqual(result.returncode, 0)
        self.assertEqual(result.stdout, trace("""
            1
            3
            6
            24
            a 0 8
            a 1 8
            a 2 8
            f 1
            # frees appended by tools/checktrace.py --balance
            f 0
            f 2
            """))

    def test_balanced_output_passes_the_checker(self):
        path = self.write("open.rep", """
            1
            3
            3
            24
            a 0 8
            a 1 8
            c 2 2 4
            """)
        balanced = os.path.join(self.folder.name, "balanced.rep")
        self.assertEqual(self.run_checktrace("--balance", path, "-o",
                                             balanced).returncode, 0)
        result = self.run_checktrace(balanced)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(balanced, encoding="ascii") as source:
            self.assertEqual(read_trace(source.read()).ledger.live, {})

    def test_balance_refuses_an_invalid_file(self):
        path = self.write("bad.rep", """
            1
            1
            1
            8
            f 0
            """)
        result = self.run_checktrace("--balance", path)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, "")

    def test_help(self):
        result = self.run_checktrace("--help")
        self.assertEqual(result.returncode, 0)
        self.assertIn("--balance", result.stdout)


if __name__ == "__main__":
    unittest.main()

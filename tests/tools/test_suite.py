"""The committed default suite: reproducible, valid, balanced, in budget."""

import os
import sys
import tempfile
import unittest

TOOLS_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                         os.pardir, os.pardir, "tools"))
if TOOLS_DIR not in sys.path:
    sys.path.insert(0, TOOLS_DIR)

import mksuite  # noqa: E402
from suitefile import read_suite  # noqa: E402
from validate import read_trace  # noqa: E402

TRACES_DIR = os.path.join(os.path.dirname(TOOLS_DIR), "traces")
README = os.path.join(TRACES_DIR, "README.md")
SUITE = os.path.join(TRACES_DIR, "suite.txt")


def committed(name):
    with open(os.path.join(TRACES_DIR, name), "rb") as source:
        return source.read()


class SuiteTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.entries = read_suite(SUITE)
        cls.generated = mksuite.generate_suite(SUITE)
        cls.reports = {entry.file: read_trace(committed(entry.file).decode(
            "ascii")) for entry in cls.entries}
        cls.table = mksuite.table_lines(cls.generated)

    def test_regenerating_the_suite_reproduces_traces_byte_for_byte(self):
        with tempfile.TemporaryDirectory() as folder:
            mksuite.write_suite(self.generated, folder)
            for entry in self.entries:
                with self.subTest(entry.file):
                    with open(os.path.join(folder, entry.file),
                              "rb") as source:
                        self.assertEqual(source.read(),
                                         committed(entry.file))

    def test_every_default_trace_passes_the_checker_and_is_balanced(self):
        for entry in self.entries:
            with self.subTest(entry.file):
                report = self.reports[entry.file]
                self.assertEqual(report.errors, [])
                self.assertEqual(report.ledger.live, {})

    def test_sizes_keep_a_full_driver_run_short(self):
        ops = [report.header[2] for report in self.reports.values()]
        self.assertLessEqual(max(ops), 60000)
        self.assertTrue(150000 <= sum(ops) <= 300000, sum(ops))

    def test_every_entry_says_what_it_stresses(self):
        for entry in self.entries:
            self.assertTrue(entry.stresses, entry.file)

    def test_table_has_a_row_per_trace(self):
        self.assertEqual(len(self.table), 2 + len(self.entries))

    def test_readme_holds_the_current_table(self):
        with open(README, encoding="utf-8") as source:
            self.assertIn("\n".join(self.table), source.read())


if __name__ == "__main__":
    unittest.main()

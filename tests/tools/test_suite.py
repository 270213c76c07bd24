"""The committed default suite: reproducible, valid, balanced, in budget,
the same list as config.h's; and fresh variants of it for a new term."""

import os
import re
import subprocess
import sys
import tempfile
import unittest

TOOLS_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                         os.pardir, os.pardir, "tools"))
if TOOLS_DIR not in sys.path:
    sys.path.insert(0, TOOLS_DIR)

import mksuite  # noqa: E402
from suitefile import is_recorded, read_suite  # noqa: E402
from validate import read_trace  # noqa: E402

TRACES_DIR = os.path.join(os.path.dirname(TOOLS_DIR), "traces")
README = os.path.join(TRACES_DIR, "README.md")
SUITE = os.path.join(TRACES_DIR, "suite.txt")
CONFIG = os.path.join(os.path.dirname(TOOLS_DIR), "config.h")


def default_traces():
    """The file names of config.h's DEFAULT_TRACES, in order."""
    with open(CONFIG, encoding="utf-8") as source:
        text = source.read()
    found = re.search(r"#define DEFAULT_TRACES((?:[^\n]*\\\n)*[^\n]*)", text)
    return re.findall(r'"([^"]+)"', found.group(1))


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

    def test_the_suite_is_the_default_set_of_config_h_in_its_order(self):
        self.assertEqual([entry.file for entry in self.entries],
                         default_traces())

    def test_sizes_keep_a_full_driver_run_short(self):
        ops = [report.header[2] for report in self.reports.values()]
        self.assertLessEqual(max(ops), 60000)
        self.assertTrue(150000 <= sum(ops) <= 400000, sum(ops))

    def test_every_entry_says_what_it_stresses(self):
        for entry in self.entries:
            self.assertTrue(entry.stresses, entry.file)

    def test_table_has_a_row_per_trace(self):
        self.assertEqual(len(self.table), 2 + len(self.entries))

    def test_readme_holds_the_current_table(self):
        with open(README, encoding="utf-8") as source:
            self.assertIn("\n".join(self.table), source.read())


class FreshSuiteTest(unittest.TestCase):
    """tools/mksuite.py --fresh SEED --dir DIR: a new term's traces."""

    @classmethod
    def setUpClass(cls):
        cls.entries = read_suite(SUITE)
        cls.folder = tempfile.TemporaryDirectory()
        cls.fall = os.path.join(cls.folder.name, "fall")
        mksuite.write_fresh_suite(SUITE, "fall", cls.fall)

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()

    def fresh(self, name, folder=None):
        with open(os.path.join(folder or self.fall, name), "rb") as source:
            return source.read()

    def test_the_fresh_set_holds_every_default_trace_and_its_suite_file(self):
        names = sorted(n for n in os.listdir(self.fall) if n.endswith(".rep"))
        self.assertEqual(names, sorted(default_traces()))
        self.assertEqual([e.file for e in read_suite(
            os.path.join(self.fall, "suite.txt"))], default_traces())

    def test_generated_traces_change_and_recordings_are_kept(self):
        for entry in self.entries:
            with self.subTest(entry.file):
                if is_recorded(entry):
                    self.assertEqual(self.fresh(entry.file),
                                     committed(entry.file))
                else:
                    self.assertNotEqual(self.fresh(entry.file),
                                        committed(entry.file))

    def test_every_fresh_trace_is_valid_balanced_and_of_the_same_size(self):
        for entry in self.entries:
            with self.subTest(entry.file):
                report = read_trace(self.fresh(entry.file).decode("ascii"))
                self.assertEqual(report.errors, [])
                self.assertEqual(report.ledger.live, {})
                old = read_trace(committed(entry.file).decode("ascii"))
                self.assertEqual(report.header[0], old.header[0])
                self.assertAlmostEqual(report.header[2] / old.header[2], 1,
                                       delta=0.02)

    def test_the_same_seed_gives_the_same_suite_and_another_other_seeds(self):
        # The traces follow from the suite file byte for byte (the next
        # test regenerates and verifies them from it).
        fall = mksuite.fresh_suite_text(SUITE, "fall")
        self.assertEqual(fall, mksuite.fresh_suite_text(SUITE, "fall"))
        with open(os.path.join(self.fall, "suite.txt")) as source:
            self.assertEqual(source.read(), fall)
        spring = mksuite.fresh_suite_text(SUITE, "spring")
        changed = {line.split()[0]: line != other
                   for line, other in zip(fall.splitlines()[3:],
                                          spring.splitlines()[3:])}
        self.assertEqual(changed, {entry.file: not is_recorded(entry)
                                   for entry in self.entries})

    def test_the_fresh_suite_file_regenerates_and_verifies_its_folder(self):
        done = subprocess.run(
            [sys.executable, os.path.join(TOOLS_DIR, "mksuite.py"),
             os.path.join(self.fall, "suite.txt"), "--verify"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            universal_newlines=True)
        self.assertEqual(done.returncode, 0, done.stdout)
        self.assertIn("%d traces match" % len(self.entries), done.stdout)

    def test_seeds_change_with_the_grading_seed_and_only_then(self):
        arguments = ["program", "--seed", "1", "--ops", "20000"]
        first = mksuite.with_fresh_seed(arguments, "program1.rep", "fall")
        self.assertEqual(first, mksuite.with_fresh_seed(
            arguments, "program1.rep", "fall"))
        self.assertNotEqual(first, mksuite.with_fresh_seed(
            arguments, "program1.rep", "spring"))
        self.assertEqual(first[:2] + first[3:],
                         ["program", "--seed", "--ops", "20000"])

    def test_an_entry_without_a_seed_gets_one(self):
        words = mksuite.with_fresh_seed(["short", "--weight", "0"], "a.rep", 7)
        self.assertEqual(words[:2], ["short", "--seed"])

    def test_fresh_refuses_to_overwrite_the_public_traces(self):
        with self.assertRaises(mksuite.SuiteError):
            mksuite.write_fresh_suite(SUITE, "fall", TRACES_DIR)

    def test_fresh_needs_a_folder(self):
        done = subprocess.run(
            [sys.executable, os.path.join(TOOLS_DIR, "mksuite.py"),
             "--fresh", "fall"], stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, universal_newlines=True)
        self.assertEqual(done.returncode, 2)
        self.assertIn("--fresh SEED needs --dir DIR", done.stdout)


class RecordedEntryTest(unittest.TestCase):

    def test_a_recorded_entry_takes_no_options(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "suite.txt")
            with open(path, "w") as out:
                out.write("real.rep recorded --seed 3 | a program\n")
            with self.assertRaisesRegex(mksuite.SuiteError,
                                        "suite.txt:1: a recorded trace "
                                        "takes no options"):
                read_suite(path)

    def test_a_missing_recording_is_named(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "suite.txt")
            with open(path, "w") as out:
                out.write("real.rep recorded | a program\n")
            with self.assertRaisesRegex(mksuite.SuiteError,
                                        "suite.txt:1: recorded trace "
                                        "real.rep: No such file"):
                mksuite.generate_suite(path)


if __name__ == "__main__":
    unittest.main()

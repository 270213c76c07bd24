"""The committed default suite: reproducible, valid, balanced, in budget,
the same list as config.h's; and fresh variants of it for a new term, as
hard as the published traces."""

import os
import subprocess
import sys
import tempfile
import unittest
from concurrent.futures import ProcessPoolExecutor

TOOLS_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                         os.pardir, os.pardir, "tools"))

from tools.kit import driverconfig
from tools.kit.traces import mksuite
from tools.kit.traces.suitefile import is_recorded, read_suite
from tools.kit.traces.traceshape import (OutOfShape, differences,
                                         shape_of_report)
from tools.kit.traces.tracestats import trace_stats
from tools.kit.traces.validate import header_value, read_trace

TRACES_DIR = os.path.join(os.path.dirname(TOOLS_DIR), "traces")
README = os.path.join(TRACES_DIR, "README.md")
SUITE = os.path.join(TRACES_DIR, "suite.txt")


def default_traces():
    """The file names of the driver's default traces, in order."""
    return driverconfig.default_trace_names(driverconfig.read())


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
                self.assertEqual(report.warnings, [])
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
        cls.suite = mksuite.make_fresh_suite(SUITE, "fall")
        mksuite.save_fresh_suite(cls.suite, cls.fall)

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
                self.assertEqual(report.warnings, [])
                self.assertEqual(report.ledger.live, {})
                old = read_trace(committed(entry.file).decode("ascii"))
                self.assertEqual(report.header[0], old.header[0])
                self.assertAlmostEqual(report.header[2] / old.header[2], 1,
                                       delta=0.02)

    def test_a_fresh_entry_is_the_published_one_with_a_size_seed(self):
        fresh = read_suite(os.path.join(self.fall, "suite.txt"))
        for entry, variant in zip(self.entries, fresh):
            with self.subTest(entry.file):
                if is_recorded(entry):
                    self.assertEqual(variant.arguments, entry.arguments)
                else:
                    self.assertEqual(variant.arguments[:-2], entry.arguments)
                    self.assertEqual(variant.arguments[-2], "--size-seed")

    def test_each_fresh_entry_follows_its_shape_beside_the_published_one(
            self):
        with open(os.path.join(self.fall, "suite.txt")) as source:
            text = source.read()
        self.assertRegex(text, r"\n# program2.rep: draw \d+: 30001 ops "
                         r"\(30001\), peak \d+ live bytes \(1008662\), first "
                         r"fit \d+\.\d% \(68\.8%\), best fit \d+\.\d% "
                         r"\(98\.6%\)\nprogram2.rep program --seed 2 ")

    def test_the_shapes_found_while_generating_are_those_of_the_files(self):
        for name, fresh in self.suite.fresh.items():
            with self.subTest(name):
                report = read_trace(self.fresh(name).decode("ascii"))
                self.assertEqual(shape_of_report(report), fresh.shape)
                stats = trace_stats(report)
                self.assertEqual(fresh.shape.ops, stats["num_ops"])
                self.assertEqual(fresh.shape.peak_bytes,
                                 stats["peak_live_bytes"])
                self.assertEqual(sum(fresh.shape.sizes.values()),
                                 sum(bucket["count"] for bucket
                                     in stats["size_histogram"]))

    def test_the_fresh_suite_file_regenerates_and_verifies_its_folder(self):
        done = subprocess.run(
            [sys.executable, os.path.join(TOOLS_DIR, "mksuite.py"),
             os.path.join(self.fall, "suite.txt"), "--verify"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            universal_newlines=True)
        self.assertEqual(done.returncode, 0, done.stdout)
        self.assertIn("%d traces match" % len(self.entries), done.stdout)

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


# A suite small enough to make fresh many times over.
SMALL_SUITE = """\
binary.rep   binary  --seed 1 --pairs 300                | holes
program.rep  program --seed 2 --ops 3000 --live-kib 256  | a mix
short.rep    short   --seed 1 --weight 0                 | by hand
"""


class FreshSeedTest(unittest.TestCase):
    """How --fresh SEED picks each trace's size seed."""

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.folder.name, "suite.txt")
        with open(cls.path, "w") as out:
            out.write(SMALL_SUITE)
        cls.published = mksuite.published_shapes(cls.path)
        cls.fall = mksuite.make_fresh_suite(cls.path, "fall", cls.published)

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()

    def test_the_same_seed_gives_the_same_suite_and_another_seed_another(
            self):
        again = mksuite.make_fresh_suite(self.path, "fall", self.published)
        self.assertEqual(again, self.fall)
        spring = mksuite.make_fresh_suite(self.path, "spring",
                                          self.published)
        for name in self.fall.traces:
            self.assertNotEqual(spring.traces[name], self.fall.traces[name])

    def test_size_seeds_come_from_the_seed_the_file_and_the_draw(self):
        seed = mksuite.fresh_seed("fall", "binary.rep", 0)
        self.assertEqual(seed, mksuite.fresh_seed("fall", "binary.rep", 0))
        for other in (mksuite.fresh_seed("spring", "binary.rep", 0),
                      mksuite.fresh_seed("fall", "binary2.rep", 0),
                      mksuite.fresh_seed("fall", "binary.rep", 1)):
            self.assertNotEqual(other, seed)
        self.assertTrue(0 <= seed < 2 ** 32)

    def test_the_first_draw_alike_is_kept(self):
        fresh = self.fall.fresh["program.rep"]
        self.assertEqual(differences(fresh.shape,
                                             self.published["program.rep"]),
                         [])
        entry = read_suite(self.path)[1]
        for draw in range(fresh.draw):
            arguments = mksuite.with_option(
                entry.arguments, "--size-seed",
                mksuite.fresh_seed("fall", entry.file, draw))
            try:
                shape = mksuite.shape_of_entry(self.path, entry,
                                               arguments)[2]
            except OutOfShape:
                continue
            self.assertNotEqual(differences(shape,
                                            self.published["program.rep"]),
                                [])

    def test_a_trace_of_weight_0_keeps_its_first_draw(self):
        self.assertEqual(self.fall.fresh["short.rep"].draw, 0)

    def test_a_given_size_seed_is_replaced(self):
        self.assertEqual(mksuite.with_option(
            ["binary", "--size-seed", "4", "--pairs", "9"], "--size-seed", 7),
            ["binary", "--pairs", "9", "--size-seed", "7"])

    def test_a_class_without_a_size_seed_draws_its_seed(self):
        path = os.path.join(self.folder.name, "scale.txt")
        with open(path, "w") as out:
            out.write("big.rep scale --seed 1 --ops 3000 --live-blocks 300 "
                      "| many blocks\n")
        fresh = mksuite.make_fresh_suite(path, "fall").fresh["big.rep"]
        self.assertEqual(fresh.arguments[:-2], ["scale", "--ops", "3000",
                                                "--live-blocks", "300"])
        self.assertEqual(fresh.arguments[-2], "--seed")

    def test_a_seed_without_a_variant_alike_is_refused_naming_the_trace(
            self):
        entry = read_suite(self.path)[0]
        impossible = self.published[entry.file]._replace(peak_bytes=1)
        with self.assertRaisesRegex(
                mksuite.SuiteError, r"suite.txt:1: no variant of binary.rep "
                r"within tolerance in 100 draws for SEED fall .*; choose "
                r"another SEED"):
            mksuite.fresh_trace(self.path, entry, "fall", impossible)


def fresh_shapes(seed, published):
    """{file: (weight, Shape)} of the generated traces of the fresh default
    suite of SEED (run in a worker process)."""
    suite = mksuite.make_fresh_suite(SUITE, seed, published)
    weights = {entry.file: header_value(read_trace(
        suite.traces[entry.file].decode("ascii")), "weight")
        for entry in read_suite(SUITE) if not is_recorded(entry)}
    return {name: (weights[name], fresh.shape)
            for name, fresh in suite.fresh.items()}


class FreshShapeTest(unittest.TestCase):
    """For seeds 1 to 4 (1 to N with FRESH_SEEDS=N), every scored fresh
    trace of the default suite has its published trace's shape: ops within
    2%, peak live bytes within 10%, size histograms at most 0.05 apart, and
    the utilization of the textbook allocator with first fit and with best
    fit within 2 points. The suites are made in parallel, one per
    processor. (mksuite.py --fresh keeps no draw that is not alike, so this
    checks its search; make test checks four seeds to keep its time, and
    FRESH_SEEDS=20 checks the twenty that docs/grading.md reports.)"""

    @classmethod
    def setUpClass(cls):
        cls.published = mksuite.published_shapes(SUITE)
        seeds = range(1, int(os.environ.get("FRESH_SEEDS", "4")) + 1)
        with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
            cls.shapes = dict(zip(seeds, pool.map(
                fresh_shapes, seeds, [cls.published] * len(seeds))))

    def scored(self):
        for seed, shapes in self.shapes.items():
            for name, (weight, shape) in shapes.items():
                if weight != 0:
                    yield seed, name, shape, self.published[name]

    def test_ops_within_2_percent(self):
        for seed, name, shape, published in self.scored():
            self.assertLessEqual(abs(shape.ops - published.ops),
                                 published.ops * 2 / 100, (seed, name))

    def test_peak_live_bytes_within_10_percent(self):
        for seed, name, shape, published in self.scored():
            self.assertLessEqual(abs(shape.peak_bytes - published.peak_bytes),
                                 published.peak_bytes * 10 / 100,
                                 (seed, name))

    def test_size_histograms_at_most_5_hundredths_apart(self):
        for seed, name, shape, published in self.scored():
            total = sum(shape.sizes.values())
            published_total = sum(published.sizes.values())
            distance = sum(abs(shape.sizes.get(bucket, 0) / total
                               - published.sizes.get(bucket, 0)
                               / published_total)
                           for bucket in set(shape.sizes)
                           | set(published.sizes)) / 2
            self.assertLessEqual(distance, 0.05, (seed, name))

    def test_textbook_utilization_within_2_points_first_and_best_fit(self):
        for seed, name, shape, published in self.scored():
            for fresh, target in ((shape.first_fit, published.first_fit),
                                  (shape.best_fit, published.best_fit)):
                self.assertLessEqual(abs(fresh - target) * 100, 2,
                                     (seed, name))


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

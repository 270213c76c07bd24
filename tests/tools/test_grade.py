"""The grading tools: tools/results.py, tools/grade_one and tools/grade.

The format tests use canned driver output. The batch test grades the six
submissions of tests/grader/submissions on the three short traces of
tests/grader/traces with a 3-second time limit, in a snapshot of the kit
(so that edits to the kit during the run cannot change the settings); it
needs make and a C compiler and is skipped without them. It grades in the
sandbox where bubblewrap can make one, else with --no-sandbox
(tests/tools/test_sandbox.py tests the sandbox). It then grades the same
six in three shards with GNU parallel (skipped without it) and merges
them.
"""

import contextlib
import copy
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import types
import unittest

TOOLS_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                         os.pardir, os.pardir, "tools"))

from tools.kit import driverconfig
from tools.kit.grading import batch as grade
from tools.kit.grading import one as grade_one
from tools.kit.grading import results, sandbox

KIT = os.path.dirname(TOOLS_DIR)
FIXTURES = os.path.join(KIT, "tests", "grader")
SUBMISSIONS = os.path.join(FIXTURES, "submissions")
SHORT_TRACES = os.path.join(FIXTURES, "traces")
# The score parameters the canned runs below were scored with.
PARAMS = {"UTIL_WEIGHT": 0.60, "UTIL_MIN": 0.60, "UTIL_MAX": 0.90,
          "THRU_MIN": 0.50, "THRU_MAX": 0.90}


def sandbox_flags():
    """[] where a sandbox can be made, else ["--no-sandbox"]."""
    try:
        sandbox.check()
    except sandbox.SandboxError:
        return ["--no-sandbox"]
    return []


SANDBOX_FLAGS = sandbox_flags()


def trace(name, weight, util, kops=None, ref_kops=None, thru_ratio=None,
          error=None, verdict=None):
    return {"name": "traces/" + name, "weight": weight, "valid": error is None,
            "verdict": verdict or {"kind": "ok" if error is None
                                   else "failed_check"},
            "util": None if error else util, "ops": 1000, "peak_bytes": 1,
            "heap_bytes": 1, "secs": None, "kops": kops,
            "ref_kops": ref_kops, "thru_ratio": thru_ratio, "error": error}


# Mean utilization (0.91 + 0.70 + 0.57) / 3 = 0.7267 gives 60 * 0.4222 =
# 25.333 points; the throughput ratios 50/55 and 30/40 have the geometric
# mean 0.8257, which gives 40 * 0.8143 = 32.572 points.
PASSING_RUN = {
    "allocator": "mm", "reference": "segregated", "debug_level": 1,
    "traces": [trace("short1.rep", 0, 0.9),
               trace("program1.rep", 1, 0.91, 50000, 55000, 50 / 55),
               trace("binary1.rep", 1, 0.70, 30000, 40000, 30 / 40),
               trace("realloc-mixed.rep", 2, 0.57)],
    "util": 0.726667, "kops": 41000.4, "ref_kops": 47000, "thru_ratio":
    0.825723, "util_points": 25.3333, "thru_points": 32.5723,
    "perf_index": 57.9056, "forbidden_calls": None, "policy": None,
    "errors": 0}

OVERLAP = ("binary1.rep:1207: a 17 448: mm_malloc returned payload "
           "[0x7e0000001760,0x7e0000001920), which overlaps block 12")


def failing_run(error, kind="failed_check"):
    run = copy.deepcopy(PASSING_RUN)
    run["traces"][2] = trace("binary1.rep", 1, None, error=error,
                             verdict={"kind": kind})
    run.update(perf_index=0, errors=1)
    return run


def gradescope_scores(run):
    report = results.gradescope_results(results.load_result(run), PARAMS)
    return report, {t["name"]: t for t in report["tests"]}


class AutolabTest(unittest.TestCase):

    def test_the_line_gives_the_rounded_perf_index_and_the_scoreboard(self):
        line = results.autolab_line(results.load_result(PASSING_RUN))
        self.assertEqual(line, '{"scores": {"Autograded Score": 57.9}, '
                               '"scoreboard": [57.9, 72.7, 41000, 82.6]}')

    def test_a_failed_check_scores_zero(self):
        line = results.autolab_line(results.load_result(failing_run(OVERLAP)))
        self.assertEqual(json.loads(line)["scores"]["Autograded Score"], 0)

    def test_a_submission_that_did_not_compile_scores_zero_everywhere(self):
        result = {"status": "compile_error", "perf_index": 0.0,
                  "diagnostics": ["mm.c:21:5: error: expected ';'"]}
        self.assertEqual(results.autolab_line(results.load_result(result)),
                         '{"scores": {"Autograded Score": 0.0}, '
                         '"scoreboard": [0.0, 0, 0, 0]}')


class GradescopeTest(unittest.TestCase):

    def test_one_test_per_trace(self):
        report, tests = gradescope_scores(PASSING_RUN)
        self.assertEqual(list(tests), ["short1.rep", "program1.rep",
                                       "binary1.rep", "realloc-mixed.rep"])

    def test_trace_scores_add_up_to_the_perf_index(self):
        report, tests = gradescope_scores(PASSING_RUN)
        self.assertEqual(report["score"], 57.9)
        self.assertAlmostEqual(sum(t["score"] for t in tests.values()), 57.9,
                               places=9)

    def test_max_scores_are_equal_shares_of_each_part_and_add_up_to_100(self):
        report, tests = gradescope_scores(PASSING_RUN)
        # utilization: 60 over three traces; throughput: 40 over two
        self.assertEqual(tests["program1.rep"]["max_score"], 40.0)
        self.assertEqual(tests["binary1.rep"]["max_score"], 40.0)
        self.assertEqual(tests["realloc-mixed.rep"]["max_score"], 20.0)
        self.assertEqual(tests["short1.rep"]["max_score"], 0.0)

    def test_points_follow_each_traces_own_line_capped_at_its_share(self):
        report, tests = gradescope_scores(PASSING_RUN)
        # utilization 25.333 split 1 : 1/3 : 0 gives 19.0, 6.33, 0;
        # throughput 32.572 split 1 : 0.625 would give program1 20.04, above
        # its share of 20, so program1 gets 20 and binary1 the 12.57 left
        self.assertAlmostEqual(tests["program1.rep"]["score"], 39.0,
                               delta=0.011)
        self.assertAlmostEqual(tests["binary1.rep"]["score"], 18.9,
                               delta=0.011)
        self.assertEqual(tests["realloc-mixed.rep"]["score"], 0.0)
        self.assertEqual(tests["short1.rep"]["score"], 0.0)
        for test in tests.values():
            self.assertLessEqual(test["score"], test["max_score"])

    def test_an_invalid_trace_scores_zero_and_shows_its_error(self):
        report, tests = gradescope_scores(failing_run(OVERLAP))
        self.assertEqual(tests["binary1.rep"]["score"], 0)
        self.assertEqual(tests["binary1.rep"]["output"], OVERLAP)
        self.assertEqual(report["score"], 0)
        self.assertEqual(sum(t["score"] for t in tests.values()), 0)
        self.assertIn(OVERLAP, report["output"])

    def test_a_submission_that_did_not_compile_gets_one_test_with_the_error(
            self):
        result = {"status": "compile_error", "perf_index": 0.0,
                  "diagnostics": ["mm.c:21:5: error: expected ';'"]}
        report = results.gradescope_results(results.load_result(result),
                                            PARAMS)
        self.assertEqual(report["score"], 0)
        self.assertEqual(len(report["tests"]), 1)
        self.assertIn("mm.c:21:5: error", report["tests"][0]["output"])


class CsvTest(unittest.TestCase):

    def test_a_traces_ratio_is_the_drivers_not_its_kops_over_ref_kops(self):
        # The driver scores the median of its timed pairs' ratios, which
        # need not be the fastest sample over the fastest reference sample.
        run = copy.deepcopy(PASSING_RUN)
        run["traces"][1]["thru_ratio"] = 0.5
        rows = results.csv_rows(results.load_result(run), PARAMS)
        self.assertEqual(rows[1][6], "0.5000")

    def test_one_row_per_trace_with_its_score(self):
        rows = results.csv_rows(results.load_result(PASSING_RUN), PARAMS)
        self.assertEqual([row[0] for row in rows],
                         ["short1.rep", "program1.rep", "binary1.rep",
                          "realloc-mixed.rep"])
        self.assertEqual(rows[1][:4], ["program1.rep", 1, "yes", "0.9100"])
        self.assertEqual(rows[1][-3:], ["40.00", "39.00", ""])


class SplitTest(unittest.TestCase):

    def test_an_excess_over_a_cap_goes_to_the_others(self):
        self.assertEqual(results.split_capped(30, [1, 1, 0], 20),
                         [15, 15, 0])
        self.assertEqual(results.split_capped(35, [3, 1, 0], 20),
                         [20, 15, 0])

    def test_zero_merits_share_equally(self):
        self.assertEqual(results.split_capped(6, [0, 0, 0], 20), [2, 2, 2])

    def test_rounding_keeps_the_total_and_the_caps(self):
        cents = results.round_to_total([10 / 3] * 3, 1000, [334] * 3)
        self.assertEqual(sum(cents), 1000)
        self.assertTrue(all(c <= 334 for c in cents))


class StatusTest(unittest.TestCase):

    def status_of(self, kind):
        return results.driver_status(failing_run("(a message)", kind))

    def test_a_run_that_passes_is_ok(self):
        self.assertEqual(results.driver_status(PASSING_RUN), "ok")

    def test_a_failed_check(self):
        self.assertEqual(self.status_of("failed_check"), "failed_checks")

    def test_a_crash_or_an_exit(self):
        self.assertEqual(self.status_of("crashed"), "crashed")
        self.assertEqual(self.status_of("exited"), "crashed")

    def test_a_trace_out_of_time(self):
        self.assertEqual(self.status_of("timed_out"), "timeout")

    def test_a_forbidden_call_at_run_time(self):
        self.assertEqual(self.status_of("forbidden_call"), "forbidden_calls")

    def test_the_words_of_the_message_do_not_matter(self):
        self.assertEqual(results.driver_status(failing_run(
            "the allocator crashed with SIGSEGV", "failed_check")),
            "failed_checks")

    def test_forbidden_calls_and_other_policies_that_score_zero(self):
        run = dict(PASSING_RUN, perf_index=0, errors=1,
                   forbidden_calls="calloc, free")
        self.assertEqual(results.driver_status(run), "forbidden_calls")
        run = dict(PASSING_RUN, perf_index=0, errors=1, policy="mm has 5320 "
                   "bytes of writable global data")
        self.assertEqual(results.driver_status(run), "policy_violation")

    def test_a_forbidden_call_that_is_only_a_warning_is_ok(self):
        run = dict(PASSING_RUN, forbidden_calls="free")
        self.assertEqual(results.driver_status(run), "ok")


class DriverOutputTest(unittest.TestCase):

    def test_the_driver_output_is_one_json_object(self):
        text = json.dumps(PASSING_RUN) + "\n"
        self.assertEqual(grade_one.parse_driver_output(text), PASSING_RUN)

    def test_anything_around_the_json_makes_it_no_result(self):
        forged = '{"allocator": "mm", "perf_index": 100, "traces": []}'
        self.assertIsNone(grade_one.parse_driver_output(
            json.dumps(PASSING_RUN) + "\n" + forged + "\n"))

    def test_no_json_at_all(self):
        self.assertIsNone(grade_one.parse_driver_output("Segmentation fault"))

    def test_a_passing_result_with_a_nonzero_exit_is_a_driver_error(self):
        status, why = grade_one.status_of_run(PASSING_RUN, 1)
        self.assertEqual(status, "driver_error")
        self.assertIn("exited with status 1", why[0])
        self.assertEqual(grade_one.status_of_run(PASSING_RUN, 0), ("ok", []))

    def test_a_failing_result_keeps_its_status_whatever_the_exit(self):
        self.assertEqual(grade_one.status_of_run(failing_run(OVERLAP), 1),
                         ("failed_checks", []))


class RoundsTest(unittest.TestCase):
    """Timing rounds after the first are skipped when they cannot change
    the clamped score."""

    PARAMS = {"THRU_MIN": 0.5, "THRU_MAX": 0.9}

    def run_with_ratio(self, ratio):
        return dict(PASSING_RUN, thru_ratio=ratio)

    def test_a_ratio_far_below_or_above_the_scored_range_needs_no_more(self):
        for ratio in (0.01, 0.25, 1.8, 5.0):
            self.assertTrue(grade_one.far_outside_scored_range(
                self.run_with_ratio(ratio), self.PARAMS), ratio)

    def test_a_ratio_in_or_near_the_scored_range_gets_every_round(self):
        for ratio in (0.26, 0.5, 0.7, 0.9, 1.7):
            self.assertFalse(grade_one.far_outside_scored_range(
                self.run_with_ratio(ratio), self.PARAMS), ratio)

    def test_a_failed_run_needs_no_more(self):
        self.assertTrue(grade_one.far_outside_scored_range(
            failing_run(OVERLAP), self.PARAMS))


class TraceSelectionTest(unittest.TestCase):

    def test_a_folder_of_other_traces_is_passed_file_by_file(self):
        arguments, files = grade_one.trace_selection(KIT, SHORT_TRACES)
        names = ["small-program.rep", "small-random.rep", "small-realloc.rep"]
        self.assertEqual([os.path.basename(f) for f in files], names)
        self.assertEqual(arguments[::2], ["-f"] * 3)

    def test_a_folder_with_every_default_trace_is_passed_with_t(self):
        folder = os.path.join(KIT, "traces")
        arguments, files = grade_one.trace_selection(KIT, folder)
        self.assertEqual(arguments, ["-t", folder])
        self.assertEqual([os.path.basename(f) for f in files],
                         grade_one.default_trace_names(KIT))

    def test_the_default_traces_need_no_argument(self):
        arguments, files = grade_one.trace_selection(KIT, None)
        self.assertEqual(arguments, [])
        self.assertGreater(len(files), 3)


class SubmissionsTest(unittest.TestCase):

    def test_folders_with_mm_c_and_c_files_are_submissions(self):
        found, skipped = grade.find_submissions(SUBMISSIONS)
        self.assertEqual([ident for ident, _ in found],
                         ["crashing", "forbidden", "good", "hanging",
                          "no_compile", "slow-mm"])

    def test_two_submissions_with_one_id_are_refused(self):
        with tempfile.TemporaryDirectory() as folder:
            os.mkdir(os.path.join(folder, "alice"))
            open(os.path.join(folder, "alice", "mm.c"), "w").close()
            open(os.path.join(folder, "alice.c"), "w").close()
            with self.assertRaises(grade.UsageError):
                grade.find_submissions(folder)


class ShardTest(unittest.TestCase):

    def test_the_shards_share_the_submissions_once_each(self):
        submissions = [("s%02d" % i, None) for i in range(11)]
        shares = [grade.shard_of(submissions, (k, 3)) for k in (1, 2, 3)]
        self.assertEqual(sorted(sum(shares, [])), submissions)
        self.assertEqual([len(share) for share in shares], [4, 4, 3])

    def test_a_shard_is_k_of_n(self):
        self.assertEqual(grade.parse_shard("2/3"), (2, 3))
        for bad in ("0/3", "4/3", "3", "a/b", "1/0"):
            with self.assertRaises(grade.UsageError):
                grade.parse_shard(bad)

    def shard(self, folder, k, n, ids, key="key"):
        book = {"graded_at": "2026-01-01T00:00:00+00:00", "kit": "/kit",
                "settings_key": key, "shard": [k, n],
                "submissions": [{"id": i, "status": "ok", "perf_index": 1.0,
                                 "util": None, "thru_ratio": None,
                                 "kops": None, "reused": False, "traces": [],
                                 "diagnostics": []} for i in ids]}
        grade_one.write_json(grade.shard_file(folder, (k, n)), book)

    def test_merging_joins_every_shard_in_id_order(self):
        with tempfile.TemporaryDirectory() as folder:
            self.shard(folder, 1, 2, ["a", "c"])
            self.shard(folder, 2, 2, ["b"])
            rows = grade.merge(folder)
            self.assertEqual([r["id"] for r in rows], ["a", "b", "c"])
            with open(os.path.join(folder, "gradebook.csv")) as source:
                self.assertEqual(len(source.readlines()), 4)

    def test_merging_refuses_a_missing_shard_or_other_settings(self):
        with tempfile.TemporaryDirectory() as folder:
            self.shard(folder, 1, 3, ["a"])
            self.shard(folder, 3, 3, ["c"])
            with self.assertRaisesRegex(grade.UsageError, "missing.*2 of 3"):
                grade.merge(folder)
            self.shard(folder, 2, 3, ["b"], key="other")
            with self.assertRaisesRegex(grade.UsageError, "different"):
                grade.merge(folder)


class ProgressTest(unittest.TestCase):
    """tools/grade's progress lines, from gradings that grade_one's grade
    is made to answer at once."""

    OPTIONS = types.SimpleNamespace(
        output="book", kit=KIT, timeout=3, build_timeout=60, force=False,
        make=[], instructions=False, rounds=1, no_sandbox=True,
        reference_counts=None)

    def tearDown(self):
        grade.grade_one.stopping.clear()

    def lines(self, gradings, total=None):
        """The progress lines of grading each (id, fake grade) in turn."""
        progress = grade.Progress(total or len(gradings), 1)
        out = io.StringIO()
        real = grade.grade_one.grade
        try:
            with contextlib.redirect_stderr(out):
                for ident, fake in gradings:
                    grade.grade_one.grade = fake
                    grade.grade_submission(ident, ident + ".c", self.OPTIONS,
                                           None, progress)
        finally:
            grade.grade_one.grade = real
        return out.getvalue().splitlines()

    @staticmethod
    def graded(ident, perf_index):
        def fake(*args, on_start, **kwargs):
            on_start()
            return {"id": ident, "status": "ok",
                    "perf_index": perf_index}, False
        return fake

    def test_start_and_end_lines_count_the_submissions_done(self):
        lines = self.lines([("alice", self.graded("alice", 50)),
                            ("bob", self.graded("bob", 60))])
        self.assertEqual([line.split(":")[0] for line in lines],
                         ["[0/2] alice", "[1/2] alice", "[1/2] bob",
                          "[2/2] bob"])
        self.assertIn("alice: started, time left not known yet", lines[0])
        self.assertRegex(lines[3], r"bob: ok, perf index 60.0  [0-9.]+ s, "
                                   r"done$")

    def test_a_reused_result_has_its_end_line_only(self):
        def reused(*args, on_start, **kwargs):
            return {"id": "alice", "status": "ok", "perf_index": 50}, True
        lines = self.lines([("alice", reused)])
        self.assertEqual(len(lines), 1, lines)
        self.assertRegex(lines[0], r"^\[1/1\] alice: ok, perf index 50.0 "
                                   r"\(reused\)")

    def test_a_submission_stopped_by_an_interrupt_gets_no_end_line(self):
        def interrupted(*args, on_start, **kwargs):
            on_start()
            grade.grade_one.stopping.set()
            raise grade.grade_one.GradingError("interrupted")
        lines = self.lines([("alice", interrupted)], total=6)
        self.assertEqual(lines, ["[0/6] alice: started, time left not "
                                 "known yet"])

    def test_a_submission_that_fails_otherwise_is_a_grader_error(self):
        def broken(*args, on_start, **kwargs):
            on_start()
            raise grade.grade_one.GradingError("no space left")
        lines = self.lines([("alice", broken)])
        self.assertRegex(lines[-1], r"^\[1/1\] alice: grader_error, ")


class FreshTracesTest(unittest.TestCase):
    """tools/grade --fresh-traces grades on the whole default set."""

    def test_the_fresh_set_is_graded_as_the_default_set_with_t(self):
        with tempfile.TemporaryDirectory() as folder:
            traces = os.path.join(folder, "traces")
            grade.make_fresh_traces(KIT, "fall", traces)
            arguments, files = grade_one.trace_selection(KIT, traces)
        self.assertEqual(arguments, ["-t", traces])
        self.assertEqual([os.path.basename(f) for f in files],
                         grade_one.default_trace_names(KIT))


def have_build_tools():
    return all(shutil.which(tool) for tool in ("make", "cc", "nm"))


@unittest.skipUnless(have_build_tools(),
                     "grading needs make, cc and nm, which are not installed")
class BatchGradingTest(unittest.TestCase):
    """tools/grade on the six fixtures, then again to resume."""

    EXPECTED = {"good": "ok", "slow-mm": "ok", "crashing": "crashed",
                "hanging": "timeout", "no_compile": "compile_error",
                "forbidden": "forbidden_calls"}

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="test-grade-")
        cls.kit = os.path.join(cls.folder, "kit")
        cls.book = os.path.join(cls.folder, "book")
        grade_one.copy_kit(KIT, cls.kit, cls.book)
        cls.command = [sys.executable, os.path.join(TOOLS_DIR, "grade"),
                       SUBMISSIONS, "-o", cls.book, "-j", "2",
                       "--timeout", "3", "--traces", SHORT_TRACES,
                       "--kit", cls.kit] + SANDBOX_FLAGS
        cls.first = subprocess.run(cls.command, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE,
                                   universal_newlines=True, timeout=300)
        started = time.monotonic()
        cls.second = subprocess.run(cls.command, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE,
                                    universal_newlines=True, timeout=300)
        cls.second_secs = time.monotonic() - started
        cls.sharded = None
        if shutil.which("parallel"):
            cls.sharded = os.path.join(cls.folder, "sharded")
            shard_command = [a if a != cls.book else cls.sharded
                             for a in cls.command] + ["--shard", "{}/3"]
            cls.shards = subprocess.run(
                ["parallel", "-j", "2", "--halt", "never"] + shard_command +
                [":::", "1", "2", "3"], stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, universal_newlines=True,
                timeout=300)
            cls.merged = subprocess.run(
                [sys.executable, os.path.join(TOOLS_DIR, "grade"), "--merge",
                 "-o", cls.sharded], stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, universal_newlines=True, timeout=60)
            with open(os.path.join(cls.sharded, "gradebook.json")) as source:
                cls.merged_book = json.load(source)
            # One unsharded run over the shards' results: it reuses every one.
            cls.after_shards = subprocess.run(
                [a if a != cls.book else cls.sharded for a in cls.command],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                universal_newlines=True, timeout=300)
            with open(os.path.join(cls.sharded, "gradebook.json")) as source:
                cls.unsharded_book = json.load(source)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    def gradebook(self):
        with open(os.path.join(self.book, "gradebook.csv")) as source:
            return {row["id"]: row for row in csv.DictReader(source)}

    def result(self, ident):
        with open(os.path.join(self.book, ident, "result.json")) as source:
            return json.load(source)

    def test_the_batch_succeeds_and_shows_progress(self):
        self.assertEqual(self.first.returncode, 0, self.first.stderr)
        lines = self.first.stderr.splitlines()
        for ident in self.EXPECTED:
            self.assertEqual(len([line for line in lines if " %s: started, "
                                  % ident in line]), 1, ident)
            self.assertEqual(len([line for line in lines if " %s: %s, perf "
                                  "index " % (ident, self.EXPECTED[ident])
                                  in line]), 1, ident)
        self.assertRegex(self.first.stderr, r"\[6/6\] .* s, done\n")
        self.assertRegex(self.first.stderr, r"about [0-9].* left")

    def require_shards(self):
        if self.sharded is None:
            self.skipTest("the shard test needs GNU parallel: apt-get "
                          "install parallel")

    def test_three_shards_merged_equal_one_run(self):
        self.require_shards()
        self.assertEqual(self.shards.returncode, 0, self.shards.stdout)
        self.assertEqual(self.merged.returncode, 0, self.merged.stdout)
        unsharded = {r["id"]: r for r in self.unsharded_book["submissions"]}
        self.assertTrue(all(r["reused"] for r in unsharded.values()))
        merged = self.merged_book["submissions"]
        self.assertEqual([r["id"] for r in merged], sorted(self.EXPECTED))
        for row in merged:
            self.assertEqual(dict(row, reused=True), unsharded[row["id"]])
        for key in ("kit", "timeout", "rounds", "traces", "settings_key",
                    "sandbox", "instructions"):
            self.assertEqual(self.merged_book[key], self.unsharded_book[key])

    def test_the_shards_grade_as_the_unsharded_batch_does(self):
        self.require_shards()
        with open(os.path.join(self.book, "gradebook.json")) as source:
            batch = {r["id"]: r for r in json.load(source)["submissions"]}
        for row in self.merged_book["submissions"]:
            other = batch[row["id"]]
            self.assertEqual(row["status"], other["status"], row["id"])
            self.assertEqual(row["util"], other["util"], row["id"])
            self.assertEqual([(t["name"], t["valid"], t["util"])
                              for t in row["traces"]],
                             [(t["name"], t["valid"], t["util"])
                              for t in other["traces"]], row["id"])

    def test_the_gradebook_has_one_row_per_submission_with_its_status(self):
        book = self.gradebook()
        self.assertEqual(len(book), 6)
        self.assertEqual({i: row["status"] for i, row in book.items()},
                         self.EXPECTED)

    def test_only_correct_submissions_score_and_faster_scores_more(self):
        book = self.gradebook()
        scores = {i: float(row["perf_index"]) for i, row in book.items()}
        self.assertGreater(scores["good"], scores["slow-mm"])
        self.assertGreater(scores["slow-mm"], 0)
        for ident in ("crashing", "hanging", "no_compile", "forbidden"):
            self.assertEqual(scores[ident], 0, ident)

    def test_per_trace_columns_show_which_trace_failed(self):
        hanging = self.gradebook()["hanging"]
        self.assertEqual(hanging["small-program_valid"], "no")
        self.assertEqual(hanging["small-random_valid"], "yes")
        self.assertIn("timed out after 3 s", hanging["diagnostics"])

    def test_a_compile_error_keeps_the_compilers_message(self):
        result = self.result("no_compile")
        self.assertTrue(any(line.startswith("mm.c:") and "error" in line
                            for line in result["diagnostics"]),
                        result["diagnostics"])
        self.assertTrue(os.path.isfile(os.path.join(self.book, "no_compile",
                                                    "build.log")))

    def test_a_forbidden_call_is_named(self):
        result = self.result("forbidden")
        self.assertIn("free", result["forbidden_calls"])
        # The build names the calls; the replay catches the first one.
        for trace in result["traces"]:
            self.assertEqual(trace["verdict"]["kind"], "forbidden_call")
            self.assertEqual(trace["verdict"]["forbidden"], "libc_heap")
            self.assertEqual(trace["verdict"]["function"], "mm_init")

    def test_the_second_run_reuses_every_result(self):
        self.assertEqual(self.second.returncode, 0, self.second.stderr)
        self.assertEqual(self.second.stderr.count("(reused)"), 6,
                         self.second.stderr)
        with open(os.path.join(self.book, "gradebook.json")) as source:
            rows = json.load(source)["submissions"]
        self.assertTrue(all(row["reused"] for row in rows))
        self.assertLess(self.second_secs, 10)

    def test_grade_one_with_resume_keeps_a_current_result(self):
        done = subprocess.run(
            [sys.executable, os.path.join(TOOLS_DIR, "grade_one"),
             os.path.join(SUBMISSIONS, "good"),
             os.path.join(self.book, "good"), "--resume", "--timeout", "3",
             "--traces", SHORT_TRACES, "--kit", self.kit] + SANDBOX_FLAGS,
            stdout=subprocess.PIPE, universal_newlines=True, timeout=60)
        self.assertEqual(done.returncode, 0)
        self.assertEqual(done.stdout.strip().split(": ")[0], "good")
        self.assertIn("ok", done.stdout)
        self.assertIn("(reused)", done.stdout)

    def test_a_result_the_grader_did_not_write_is_not_reused(self):
        outdir = os.path.join(self.folder, "forged")
        shutil.copytree(os.path.join(self.book, "crashing"), outdir)
        with open(os.path.join(outdir, "result.json")) as source:
            result = json.load(source)
        sha256, key = result["sha256"], result["settings_key"]
        self.assertEqual(grade_one.load_previous(outdir, sha256, key)["status"],
                      result["status"])
        result.update(status="ok", perf_index=100.0)
        grade_one.write_json(os.path.join(outdir, "result.json"), result)
        self.assertIsNone(grade_one.load_previous(outdir, sha256, key))

    def test_results_py_reads_a_result_json(self):
        path = os.path.join(self.book, "good", "result.json")
        with tempfile.TemporaryDirectory() as folder:
            out = os.path.join(folder, "results.json")
            autolab = subprocess.run(
                [sys.executable, os.path.join(TOOLS_DIR, "results.py"), path,
                 "--autolab", "--gradescope", out],
                stdout=subprocess.PIPE, universal_newlines=True, timeout=60)
            with open(out) as source:
                report = json.load(source)
        score = json.loads(autolab.stdout)["scores"]["Autograded Score"]
        self.assertEqual(score, round(self.result("good")["perf_index"], 1))
        self.assertEqual(report["score"], score)
        self.assertAlmostEqual(sum(t["score"] for t in report["tests"]),
                               score, places=9)


class KitSourcesTest(unittest.TestCase):
    def test_every_program_folder_and_the_whole_build_are_in_the_settings_key(self):
        sources = grade_one.kit_sources(KIT)
        for name in ("Makefile", "kit.mk", "mdriver.c", "driver/pipeline.c",
                     "host/host.c", "shared/mailbox.h", "allocators/segregated.c"):
            self.assertIn(name, sources)
        self.assertNotIn("mm.c", sources)


class InstructionSettingsTest(unittest.TestCase):
    def test_instruction_counting_is_part_of_the_settings_key(self):
        timed, timed_key = grade_one.grading_settings(KIT, 30, SHORT_TRACES)
        counted, counted_key = grade_one.grading_settings(
            KIT, 30, SHORT_TRACES, instructions=True)
        self.assertFalse(timed["instructions"])
        self.assertTrue(counted["instructions"])
        self.assertNotEqual(timed_key, counted_key)

    def test_the_timing_rounds_are_part_of_the_settings_key(self):
        one, one_key = grade_one.grading_settings(KIT, 30, SHORT_TRACES,
                                                  rounds=1)
        five, five_key = grade_one.grading_settings(KIT, 30, SHORT_TRACES)
        self.assertEqual((one["rounds"], five["rounds"]),
                         (1, grade_one.DEFAULT_ROUNDS))
        self.assertNotEqual(one_key, five_key)

    def test_counting_keeps_the_time_limit_and_widens_the_wall_limit(self):
        timed, _ = grade_one.grading_settings(KIT, 30, SHORT_TRACES,
                                              rounds=2)
        counted, _ = grade_one.grading_settings(KIT, 30, SHORT_TRACES,
                                                instructions=True)
        factor = grade_one.counted_timeout_factor(KIT)
        self.assertGreater(factor, 1)
        self.assertEqual(counted["timeout"], timed["timeout"])
        self.assertEqual(grade_one.wall_limit(KIT, timed),
                         30 * 2 * 3 + grade_one.WALL_MARGIN)
        self.assertEqual(grade_one.wall_limit(KIT, counted),
                         30 * (1 + factor) * 3 + grade_one.WALL_MARGIN)

    def test_the_count_limit_factor_is_the_one_the_kits_driver_prints(self):
        kit = tempfile.mkdtemp(prefix="test-kit-")
        try:
            driver = os.path.join(kit, "mdriver")
            with open(driver, "w") as out:
                out.write("#!/bin/sh\n"
                          "echo '{\"counted_timeout_factor\": 7}'\n")
            os.chmod(driver, 0o755)
            self.assertEqual(grade_one.counted_timeout_factor(kit), 7)
        finally:
            shutil.rmtree(kit)

    def test_the_score_parameters_are_the_ones_the_kits_driver_prints(self):
        config = driverconfig.read(KIT)
        self.assertEqual(results.score_params(config)["UTIL_WEIGHT"],
                         config["util_weight"])
        self.assertEqual(set(results.score_params(config)),
                         set(results.SCORE_PARAMS))


@unittest.skipUnless(have_build_tools() and shutil.which("valgrind"),
                     "grading with --instructions needs make, cc, nm and "
                     "valgrind, which are not all installed")
class InstructionGradingTest(unittest.TestCase):
    """grade_one --instructions twice on one submission: the same score."""

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="test-grade-instructions-")
        kit = os.path.join(cls.folder, "kit")
        grade_one.copy_kit(KIT, kit, cls.folder)
        cls.results = []
        for attempt in ("first", "second"):
            outdir = os.path.join(cls.folder, attempt)
            subprocess.run(
                [sys.executable, os.path.join(TOOLS_DIR, "grade_one"),
                 os.path.join(SUBMISSIONS, "good"), outdir, "--instructions",
                 "--traces", SHORT_TRACES, "--kit", kit] + SANDBOX_FLAGS,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
            with open(os.path.join(outdir, "result.json")) as source:
                cls.results.append(json.load(source))
            with open(os.path.join(outdir, "driver.json")) as source:
                cls.driver = json.load(source)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    def test_the_driver_counted_instructions(self):
        self.assertEqual(self.driver["throughput"], "instructions")
        self.assertTrue(all(t["instr_per_op"] for t in self.driver["traces"]
                            if t["weight"] in (1, 3)))

    def test_two_gradings_give_exactly_the_same_score(self):
        first, second = self.results
        self.assertEqual(first["status"], "ok")
        self.assertGreater(first["perf_index"], 0)
        for key in ("perf_index", "thru_ratio", "util", "thru_points"):
            self.assertEqual(first[key], second[key], key)


if __name__ == "__main__":
    unittest.main()

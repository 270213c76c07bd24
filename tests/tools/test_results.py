"""tools/results.py's grader formats, field by field: Gradescope's
results.json (its autograder specification: execution_time, visibility,
stdout_visibility, per-test status, leaderboard) and Autolab's scoreboard,
for a submission that passed and for every way of not passing; and the
tool's manners on a closed pipe.

The canned driver runs are those of test_grade.py.
"""

import copy
import json
import os
import signal
import subprocess
import sys
import tempfile
import unittest

from tests.tools.test_grade import (OVERLAP, PARAMS, PASSING_RUN, TOOLS_DIR,
                                    failing_run, results)

RESULTS = os.path.join(TOOLS_DIR, "results.py")

# A tools/grade_one result.json of the passing run: 3.2 s of build and
# 41.5 s of driver.
GRADED = dict(copy.deepcopy(PASSING_RUN), status="ok", build_secs=3.2,
              run_secs=41.5, diagnostics=[])

# Every status that is not ok, as grade_one writes it, each with the
# figures that its run measured before it failed (they must not rank).
NOT_OK = ["compile_error", "forbidden_calls", "policy_violation", "crashed",
          "timeout", "failed_checks", "not_timed", "driver_error"]


def graded_with_status(status):
    result = copy.deepcopy(GRADED)
    result.update(status=status, perf_index=0.0)
    return result


def gradescope(result, **options):
    return results.gradescope_results(results.load_result(result), PARAMS,
                                      **options)


def run_results(*arguments, stdout=subprocess.PIPE):
    return subprocess.run([sys.executable, RESULTS] + list(arguments),
                          stdout=stdout, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=60)


class GradescopeFieldsTest(unittest.TestCase):

    def test_the_top_level_fields_are_those_of_the_specification(self):
        report = gradescope(GRADED)
        self.assertEqual(list(report), ["score", "execution_time", "output",
                                        "visibility", "stdout_visibility",
                                        "tests", "leaderboard"])
        self.assertEqual(report["score"], 57.9)
        self.assertTrue(report["output"].startswith("Perf index 57.9/100"))

    def test_execution_time_is_the_whole_seconds_of_build_and_run(self):
        self.assertEqual(gradescope(GRADED)["execution_time"], 45)
        self.assertIsInstance(gradescope(GRADED)["execution_time"], int)

    def test_a_bare_driver_result_has_an_execution_time_only_when_given(self):
        self.assertNotIn("execution_time", gradescope(PASSING_RUN))
        self.assertEqual(gradescope(PASSING_RUN, execution_time=12.6)
                         ["execution_time"], 13)
        self.assertEqual(gradescope(GRADED, execution_time=7)
                         ["execution_time"], 7)

    def test_visibilities_default_to_gradescopes_and_follow_the_options(self):
        report = gradescope(GRADED)
        self.assertEqual((report["visibility"], report["stdout_visibility"]),
                         ("visible", "hidden"))
        report = gradescope(GRADED, visibility="after_due_date",
                            stdout_visibility="after_published")
        self.assertEqual((report["visibility"], report["stdout_visibility"]),
                         ("after_due_date", "after_published"))

    def test_each_test_has_its_fields_and_a_passing_trace_passes(self):
        tests = gradescope(GRADED)["tests"]
        self.assertEqual([list(t) for t in tests],
                         [["name", "score", "max_score", "status",
                           "output"]] * 4)
        self.assertEqual([(t["name"], t["score"], t["max_score"],
                           t["status"]) for t in tests],
                         [("short1.rep", 0.0, 0.0, "passed"),
                          ("program1.rep", 39.0, 40.0, "passed"),
                          ("binary1.rep", 18.9, 40.0, "passed"),
                          ("realloc-mixed.rep", 0.0, 20.0, "passed")])

    def test_a_failed_trace_fails_and_the_others_pass(self):
        tests = {t["name"]: t for t in gradescope(failing_run(OVERLAP))
                 ["tests"]}
        self.assertEqual({name: t["status"] for name, t in tests.items()},
                         {"short1.rep": "passed", "program1.rep": "passed",
                          "binary1.rep": "failed",
                          "realloc-mixed.rep": "passed"})
        self.assertEqual(tests["binary1.rep"]["output"], OVERLAP)
        self.assertEqual({t["score"] for t in tests.values()}, {0.0})

    def test_a_submission_without_traces_has_one_failed_test(self):
        report = gradescope({"status": "compile_error", "perf_index": 0.0,
                             "build_secs": 1.4,
                             "diagnostics": ["mm.c:21:5: error: expected ';'"]})
        self.assertEqual(report["tests"], [{
            "name": "build and run", "score": 0.0, "max_score": 100.0,
            "status": "failed", "output": report["output"]}])
        self.assertIn("mm.c:21:5: error", report["output"])
        self.assertEqual(report["execution_time"], 1)

    def test_the_leaderboard_ranks_perf_utilization_and_throughput(self):
        self.assertEqual(gradescope(GRADED)["leaderboard"], [
            {"name": "Perf index", "value": 57.9},
            {"name": "Utilization %", "value": 72.7},
            {"name": "Throughput % of reference", "value": 82.6}])

    def test_a_submission_that_is_not_ok_ranks_zero_everywhere(self):
        for status in NOT_OK:
            with self.subTest(status):
                report = gradescope(graded_with_status(status))
                self.assertEqual(report["score"], 0.0)
                self.assertEqual([entry["value"] for entry
                                  in report["leaderboard"]], [0.0, 0, 0])


class GradescopeCommandLineTest(unittest.TestCase):

    def test_the_options_reach_the_file(self):
        with tempfile.TemporaryDirectory() as folder:
            source = os.path.join(folder, "result.json")
            out = os.path.join(folder, "results.json")
            with open(source, "w") as stream:
                json.dump(GRADED, stream)
            done = run_results(source, "--gradescope", out,
                               "--visibility", "after_published",
                               "--stdout-visibility", "visible",
                               "--execution-time", "90")
            self.assertEqual(done.returncode, 0, done.stderr)
            with open(out) as stream:
                report = json.load(stream)
        self.assertEqual((report["visibility"], report["stdout_visibility"],
                          report["execution_time"]),
                         ("after_published", "visible", 90))

    def test_an_unknown_visibility_is_a_usage_error(self):
        done = run_results("--gradescope", os.devnull, "--visibility",
                           "students")
        self.assertEqual(done.returncode, 2)
        self.assertIn("invalid choice: 'students'", done.stderr)

    def test_gradescope_options_need_gradescope(self):
        done = run_results("--autolab", "--stdout-visibility", "visible")
        self.assertEqual(done.returncode, 2)
        self.assertIn("--stdout-visibility goes with --gradescope OUT",
                      done.stderr)


class AutolabScoreboardTest(unittest.TestCase):

    def scoreboard(self, result):
        line = json.loads(results.autolab_line(results.load_result(result)))
        self.assertEqual(list(line), ["scores", "scoreboard"])
        self.assertEqual(line["scores"],
                         {"Autograded Score": line["scoreboard"][0]})
        return line["scoreboard"]

    def test_a_passing_submission_shows_score_util_kops_and_ratio(self):
        self.assertEqual(self.scoreboard(GRADED), [57.9, 72.7, 41000, 82.6])

    def test_a_failed_check_in_the_driver_output_shows_zeros(self):
        self.assertEqual(self.scoreboard(failing_run(OVERLAP)), [0, 0, 0, 0])

    def test_every_status_but_ok_shows_zeros(self):
        for status in NOT_OK:
            with self.subTest(status):
                self.assertEqual(self.scoreboard(graded_with_status(status)),
                                 [0, 0, 0, 0])


def emulated_run(throughput):
    """The passing run as a 32-bit driver under qemu-i386 reports it: with
    nothing timed ("none"), or counted under -I ("instructions")."""
    run = copy.deepcopy(PASSING_RUN)
    run.update(emulator="/usr/bin/qemu-i386", throughput=throughput)
    if throughput == "none":
        run.update(kops=None, ref_kops=None, thru_ratio=None, util_points=None,
                   thru_points=None, perf_index=None)
    return run


class StatusTest(unittest.TestCase):

    def test_a_run_not_timed_under_an_emulator_is_not_timed(self):
        result = results.load_result(emulated_run("none"))
        self.assertEqual(result["status"], "not_timed")
        self.assertIn("ran under an emulator", results.summary_output(result))

    def test_a_run_counted_under_an_emulator_is_ok(self):
        self.assertEqual(results.load_result(emulated_run("instructions"))
                         ["status"], "ok")

    def test_a_failed_check_under_an_emulator_is_a_failed_check(self):
        run = failing_run(OVERLAP)
        run.update(emulator="/usr/bin/qemu-i386", throughput="none")
        self.assertEqual(results.load_result(run)["status"], "failed_checks")

    def test_a_giant_trace_not_run_is_no_failure(self):
        run = copy.deepcopy(PASSING_RUN)
        giant = dict(run["traces"][0], name="traces/syn-giantarray.rep",
                     valid=None, verdict={"kind": "not_run"},
                     error="syn-giantarray.rep:207: a 7 14293651161088: a "
                           "\"giant\" trace, not run")
        run["traces"].append(giant)
        self.assertEqual(results.load_result(run)["status"], "ok")
        rows = results.csv_rows(results.load_result(run), PARAMS)
        self.assertEqual([row[2] for row in rows],
                         ["yes", "yes", "yes", "yes", "not run"])


class ClosedPipeTest(unittest.TestCase):

    def test_results_quits_quietly_when_its_reader_is_gone(self):
        with tempfile.TemporaryDirectory() as folder:
            source = os.path.join(folder, "result.json")
            with open(source, "w") as stream:
                json.dump(GRADED, stream)
            reader, writer = os.pipe()
            os.close(reader)
            try:
                done = run_results(source, "--csv", stdout=writer)
            finally:
                os.close(writer)
        self.assertEqual(done.returncode, -signal.SIGPIPE)
        self.assertEqual(done.stderr, "")


if __name__ == "__main__":
    unittest.main()

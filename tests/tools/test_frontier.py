"""frontier.py: the reference against its ceiling and the family, on
results and traces small enough to work out by hand."""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

TOOLS_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                         os.pardir, os.pardir, "tools"))
FRONTIER = os.path.join(TOOLS_DIR, "frontier.py")

# Peak live bytes 12 + 36 = 48. With a 4-byte header the blocks take
# roundup(16, 16) + roundup(40, 16) = 16 + 48 = 64 bytes: ceiling 75.0%.
# With an 8-byte header, 32 + 48 = 80 bytes: 60.0%.
TWO_BLOCKS = textwrap.dedent("""\
    1
    2
    4
    48
    a 0 12
    a 1 36
    f 0
    f 1
    """)


def trace_result(path, util, weight=1, valid=True):
    return {"name": path, "weight": weight, "valid": valid,
            "util": util if valid else None}


def run(allocator, traces, simulated_heap=True):
    return {"allocator": allocator, "simulated_heap": simulated_heap,
            "traces": traces}


class FrontierTest(unittest.TestCase):

    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)
        self.paths = {}
        for name in ("program.rep", "realloc-mixed.rep", "short.rep"):
            self.paths[name] = os.path.join(self.folder.name, name)
            with open(self.paths[name], "w") as out:
                out.write(TWO_BLOCKS)

    def frontier(self, runs, *options):
        results = os.path.join(self.folder.name, "results.json")
        with open(results, "w") as out:
            json.dump({"runs": runs}, out)
        return subprocess.run([sys.executable, FRONTIER, results] +
                              list(options),
                              capture_output=True, text=True, check=False)

    def row(self, output, name):
        return next(line for line in output.splitlines()
                    if line.startswith("| " + self.paths[name]))

    def family(self, reference_utils, other_utils):
        """Runs of segregated and of tlsf over the three traces, short.rep
        with weight 0."""
        def traces(utils):
            return [trace_result(self.paths[name], util,
                                 weight=0 if name == "short.rep" else 1)
                    for name, util in zip(sorted(self.paths), utils)]
        return [run("segregated", traces(reference_utils)),
                run("tlsf", traces(other_utils))]

    def test_ceiling_is_that_of_a_4_byte_header_unless_told(self):
        runs = self.family([0.6, 0.6, 0.6], [0.5, 0.5, 0.5])
        self.assertIn("| 75.0% | 60.0% | 80.0% |",
                      self.row(self.frontier(runs).stdout, "program.rep"))
        self.assertIn("| 60.0% | 60.0% | 100.0% |",
                      self.row(self.frontier(runs, "--header", "8").stdout,
                               "program.rep"))

    def test_best_other_is_the_highest_that_passed_and_gap_is_in_points(self):
        runs = self.family([0.6, 0.6, 0.6], [0.65, 0.65, 0.65])
        runs.append(run("buddy", [trace_result(self.paths["program.rep"],
                                               0.9, valid=False)]))
        runs.append(run("libc", [trace_result(self.paths["program.rep"],
                                              0.99)], simulated_heap=False))
        self.assertTrue(self.row(self.frontier(runs).stdout, "program.rep")
                        .endswith("| tlsf 65.0% | -5.0 |"))

    def test_traces_more_than_a_point_behind_are_listed(self):
        # program.rep 0.5 points behind, realloc-mixed.rep 1.5 behind
        runs = self.family([0.600, 0.600, 0.6], [0.605, 0.615, 0.9])
        output = self.frontier(runs).stdout
        self.assertIn("more than 1 point ahead: %s (tlsf, -1.5)"
                      % self.paths["realloc-mixed.rep"], output)
        self.assertNotIn("%s (tlsf" % self.paths["program.rep"], output)
        self.assertNotIn("%s (tlsf" % self.paths["short.rep"], output)

    def test_means_leave_out_weight_0_and_then_realloc_mixed(self):
        # shares of the 75% ceiling: program 80%, realloc-mixed 60%,
        # short (weight 0) 100%
        runs = self.family([0.6, 0.45, 0.75], [0.1, 0.1, 0.1])
        output = self.frontier(runs).stdout
        self.assertIn("over the 2 scored traces: 70.0%", output)
        self.assertIn("without realloc-mixed.rep: 80.0%", output)

    def test_a_trace_the_reference_failed_has_no_share_and_is_named(self):
        runs = self.family([0.6, 0.6, 0.6], [0.5, 0.5, 0.5])
        runs[0]["traces"][0]["valid"] = False
        output = self.frontier(runs).stdout
        self.assertIn("| failed | -- |", self.row(output, "program.rep"))
        self.assertIn("failed by segregated: %s" % self.paths["program.rep"],
                      output)

    def test_a_file_that_is_not_the_drivers_json_exits_2(self):
        results = os.path.join(self.folder.name, "results.json")
        with open(results, "w") as out:
            out.write("[1, 2]")
        result = subprocess.run([sys.executable, FRONTIER, results],
                                capture_output=True, text=True, check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("results.json: error: not the JSON of mdriver -j",
                      result.stderr)


if __name__ == "__main__":
    unittest.main()

"""The kit's two trace readers agree: the driver's (driver/trace.c, asked
through ./mdriver) and the tools' (tools/kit/traces/validate.py, behind
tools/checktrace.py). Over every trace the kit keeps (the fuzzers' corpus
in fuzz/corpus/, the hostile inputs of tests/fuzz/, the test, compat,
grader and default traces) both accept a file or both refuse it, and a
refusal names the same line. The driver reads them all in one run, which
an empty file given first keeps from replaying anything.

Where they disagreed, the reader that strayed from the format (trace.h)
was mended: validate.py now reads bytes and line ends as the driver does,
warns of the older kits' quirks and of giant traces instead of refusing
them, checks the driver's header limits and names the last line when ops
are missing; the driver read "f -0" as free(NULL), and now as id 0.

The limits the tools check are the driver's own (./mdriver --config -j).
Needs the driver: run make first.
"""

import glob
import os
import re
import subprocess
import tempfile
import unittest

from tools.kit import KIT_DIR, driverconfig
from tools.kit.traces import traceformat
from tools.kit.traces.validate import decode, read_trace

DRIVER = os.path.join(KIT_DIR, "mdriver")
KEPT_TRACES = ("fuzz/corpus/*/*", "tests/fuzz/*.rep", "tests/traces/*.rep",
               "tests/compat/classic-set/*.rep", "tests/grader/traces/*.rep",
               "traces/*.rep")
# Made by `make traces/scale.rep` when asked for, and large: not kept.
NOT_KEPT = ("traces/scale.rep",)


def kept_traces():
    """The kept trace files, relative to the kit's root."""
    paths = [os.path.relpath(path, KIT_DIR) for pattern in KEPT_TRACES
             for path in sorted(glob.glob(os.path.join(KIT_DIR, pattern)))]
    return [path for path in paths if path not in NOT_KEPT]


def driver_verdicts(paths):
    """{path: None when the driver's reader accepts it, else the line its
    error names (0 for the file as a whole)}."""
    done = subprocess.run(
        [DRIVER, "-m", "naive", "-d", "0"] +
        [argument for path in paths for argument in ("-c", path)],
        cwd=KIT_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        universal_newlines=True, errors="replace", timeout=600)
    verdicts = dict.fromkeys(paths)
    for path in paths:
        found = re.search(r"^%s:(?:([0-9]+):)? error: " % re.escape(path),
                          done.stderr, re.MULTILINE)
        if found:
            verdicts[path] = int(found.group(1) or 0)
    return verdicts


def tool_verdict(path):
    """None when validate.py accepts the file, else the lines its errors
    name."""
    with open(os.path.join(KIT_DIR, path), "rb") as source:
        errors = read_trace(decode(source.read())).errors
    return {line for line, _ in errors} or None


@unittest.skipUnless(os.access(DRIVER, os.X_OK),
                     "needs the driver: run make")
class TraceReadersTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.empty = tempfile.NamedTemporaryFile(suffix=".rep")
        cls.empty_name = cls.empty.name
        cls.paths = [cls.empty_name] + kept_traces()
        cls.driver = driver_verdicts(cls.paths)
        cls.tool = {path: tool_verdict(path) for path in cls.paths}

    @classmethod
    def tearDownClass(cls):
        cls.empty.close()

    def test_the_empty_file_that_stops_the_run_is_refused_by_both(self):
        self.assertEqual(self.driver[self.empty_name], 0)
        self.assertIsNotNone(self.tool[self.empty_name])

    def test_the_kept_traces_hold_the_corpus_and_the_hostile_inputs(self):
        self.assertGreater(len([p for p in self.paths
                                if p.startswith("fuzz/corpus/")]), 100)
        self.assertIn("tests/fuzz/nul-byte.rep", self.paths)

    def test_both_accept_or_both_refuse_every_kept_trace(self):
        disagreements = [
            "%s: the driver %s, validate.py %s" % (
                path, "accepts" if self.driver[path] is None else "refuses",
                "accepts" if self.tool[path] is None else "refuses")
            for path in self.paths
            if (self.driver[path] is None) != (self.tool[path] is None)]
        self.assertEqual(disagreements, [])

    def test_a_refusal_names_the_line_the_driver_names(self):
        # validate.py goes on after an error and may name later lines too;
        # the driver stops at its first.
        disagreements = [
            "%s: the driver names line %d, validate.py lines %s" % (
                path, self.driver[path], sorted(self.tool[path]))
            for path in self.paths[1:]
            if self.driver[path] is not None and self.tool[path] and
            self.driver[path] not in self.tool[path]]
        self.assertEqual(disagreements, [])

    def test_some_kept_traces_are_refused_and_some_accepted(self):
        refused = [p for p in self.paths if self.driver[p] is not None]
        self.assertGreater(len(refused), 10)
        self.assertGreater(len(self.paths) - len(refused), 10)


@unittest.skipUnless(os.access(DRIVER, os.X_OK),
                     "needs the driver: run make")
class LimitsTest(unittest.TestCase):

    def test_the_tools_limits_are_the_drivers(self):
        config = driverconfig.read()
        self.assertEqual(
            (traceformat.MAX_HEAP, traceformat.MAX_IDS, traceformat.MAX_OPS,
             traceformat.MAX_LINE_BYTES),
            (config["max_heap"], config["trace_max_ids"],
             config["trace_max_ops"], config["trace_max_line_bytes"]))


if __name__ == "__main__":
    unittest.main()

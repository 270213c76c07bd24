"""The grading sandbox (tools/kit/grading/sandbox.py) and the hostile submissions of
tests/grader/hostile.

SandboxTest runs shell commands in the box directly, with no seccomp
filter around them, as an attacker's code would run if it got past the
driver's: each tries one way out and must fail. HostileGradingTest grades
the hostile submissions with tools/grade --instructions, where the
allocator's process may open and write files, twice (the second run
resumes), then each alone: every attack fails, each submission gets the
status its allocator earns, and every grade is the one it gets alone.
Both need bubblewrap; the grading needs make, a C compiler and valgrind.
"""

import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

TOOLS_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                         os.pardir, os.pardir, "tools"))

from tools.kit.grading import sandbox
from tests.tools.test_grade import grade_one

KIT = os.path.dirname(TOOLS_DIR)
HOSTILE = os.path.join(KIT, "tests", "grader", "hostile")
SHORT_TRACES = os.path.join(KIT, "tests", "grader", "traces")
SECRET = "grader-secret-4f1c"


def sandbox_problem():
    """Why no sandbox can be made here (with what to install), or None."""
    try:
        sandbox.check()
    except sandbox.SandboxError as error:
        return str(error)
    return None


NO_SANDBOX = sandbox_problem()


def processes_named(name):
    """The pids of the processes whose name (comm) is name."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open("/proc/%s/comm" % entry) as source:
                if source.read().strip() == name:
                    found.append(int(entry))
        except (OSError, ValueError):
            pass
    return found


@unittest.skipIf(NO_SANDBOX, "the sandbox needs bubblewrap: %s" % NO_SANDBOX)
class SandboxTest(unittest.TestCase):
    """Shell commands in a box around a scratch folder, beside a gradebook
    folder that the box must not reach."""

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="test-sandbox-")
        os.chmod(self.folder, 0o711)
        self.kit_copy = os.path.join(self.folder, "kit")
        os.mkdir(self.kit_copy)
        sandbox.hand_over(self.kit_copy)
        self.book = os.path.join(self.folder, "book")
        os.mkdir(self.book)
        self.gradebook = os.path.join(self.book, "gradebook.csv")
        with open(self.gradebook, "w") as out:
            out.write("id,status\nalice,ok\n")
        self.marker = "mm-%d" % os.getpid()
        os.environ["GRADER_SECRET"] = SECRET  # the grader's environment


    def tearDown(self):
        del os.environ["GRADER_SECRET"]
        for pid in processes_named(self.marker):
            os.kill(pid, 9)
        for path in ("/tmp/%s.lock" % self.marker, "/tmp/%s.big" % self.marker):
            if os.path.exists(path):
                os.remove(path)
        shutil.rmtree(self.folder, ignore_errors=True)

    def box(self, script, cpu_seconds=60):
        """Run script under sh in the box; (exit status, output)."""
        argv, extra = sandbox.command(["sh", "-c", script], self.kit_copy,
                                      None, cpu_seconds)
        done = subprocess.run(argv, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, timeout=120, **extra)
        return done.returncode, done.stdout

    def test_it_runs_as_an_unprivileged_user_with_an_empty_environment(self):
        status, output = self.box("id -u; env")
        self.assertEqual(status, 0, output)
        self.assertEqual(output.splitlines()[0], str(sandbox.NOBODY))
        self.assertNotIn(SECRET, output)
        self.assertIn("LC_ALL=C", output)

    def test_there_is_no_network(self):
        status, output = self.box(
            "python3 -u -c 'import socket; print(socket.if_nameindex()); "
            "socket.create_connection((\"192.0.2.1\", 80), timeout=5)'")
        self.assertNotEqual(status, 0, output)
        self.assertEqual(output.splitlines()[0], "[(1, 'lo')]")
        self.assertIn("unreachable", output)

    def test_a_process_that_leaves_the_session_does_not_outlive_the_box(self):
        status, output = self.box(
            "cp /usr/bin/sleep /tmp/%s && setsid /tmp/%s 60 & sleep 1; "
            "ps -e -o comm | grep %s" % ((self.marker,) * 3))
        self.assertEqual(status, 0, output)
        self.assertIn(self.marker, output)
        self.assertEqual(processes_named(self.marker), [])

    def test_the_gradebook_cannot_be_found_changed_or_removed(self):
        attack = os.path.join(self.kit_copy, "attack.sh")
        with open(attack, "w") as out:
            out.write("cat %s; rm -f %s; echo forged > %s\n" % (
                self.gradebook, self.gradebook, self.gradebook))
            out.write("for p in /proc/[0-9]*; do cat $p/cmdline $p/environ; "
                      "ls $p/cwd/ $p/fd/; cat $p/cwd/../book/gradebook.csv; "
                      "done\n")
            out.write("ls -d / /grading/* /home/* /root /work\n")
        sandbox.hand_over(attack)
        status, output = self.box("sh attack.sh")
        self.assertNotEqual(status, 0)
        self.assertNotIn("alice,ok", output)
        self.assertNotIn(SECRET, output)
        with open(self.gradebook) as source:
            self.assertEqual(source.read(), "id,status\nalice,ok\n")

    def test_the_system_is_read_only(self):
        status, output = self.box(
            "touch /usr/x /etc/x 2>&1 | wc -l; touch mine /tmp/mine && "
            "echo wrote")
        self.assertEqual(output.split(), ["2", "wrote"], output)
        self.assertTrue(os.path.exists(os.path.join(self.kit_copy, "mine")))

    def test_tmp_is_its_own_and_gone_afterwards(self):
        script = ("test ! -e /tmp/{0}.lock && touch /tmp/{0}.lock && "
                  "head -c 200000000 /dev/zero > /tmp/{0}.big && "
                  "ls -s /tmp/{0}.big".format(self.marker))
        for attempt in ("first", "second"):
            status, output = self.box(script)
            self.assertEqual(status, 0, attempt + ": " + output)
        self.assertFalse(os.path.exists("/tmp/%s.lock" % self.marker))
        self.assertFalse(os.path.exists("/tmp/%s.big" % self.marker))

    def test_limits_hold_cpu_time_file_size_and_processes(self):
        status, output = self.box("cat /proc/self/limits", 7)
        limits = {line[:26].strip(): line[26:].split()[0]
                  for line in output.splitlines()[1:]}
        self.assertEqual(limits["Max cpu time"], "7", output)
        self.assertEqual(limits["Max file size"], str(sandbox.FILE_BYTES))
        self.assertEqual(limits["Max address space"],
                         str(sandbox.MEMORY_BYTES))
        self.assertEqual(limits["Max core file size"], "0")
        if sandbox.switches_user():
            self.assertEqual(limits["Max processes"], str(sandbox.PROCESSES))
        status, output = self.box(
            "head -c %d /dev/zero > big; ls -l big | awk '{print $5}'"
            % (sandbox.FILE_BYTES + 4096))
        self.assertEqual(output.split()[-1], str(sandbox.FILE_BYTES), output)


def have_grading_tools():
    return all(shutil.which(tool) for tool in ("make", "cc", "nm", "valgrind"))


@unittest.skipIf(NO_SANDBOX, "the sandbox needs bubblewrap: %s" % NO_SANDBOX)
@unittest.skipUnless(have_grading_tools(),
                     "grading the hostile submissions needs make, cc, nm and "
                     "valgrind: apt-get install build-essential valgrind")
class HostileGradingTest(unittest.TestCase):
    """tools/grade --instructions on tests/grader/hostile, twice, then
    each submission alone."""

    STATUS = {"bystander": "ok", "litters": "ok", "peeks": "ok",
              "rewrites": "ok", "unlinks": "ok", "embeds": "ok",
              "outlives": "forbidden_calls", "snoops": "forbidden_calls",
              "forges": "failed_checks"}

    @classmethod
    def setUpClass(cls):
        cls.started = time.time()
        cls.folder = tempfile.mkdtemp(prefix="test-hostile-")
        cls.kit = os.path.join(cls.folder, "kit")
        cls.book = os.path.join(cls.folder, "book")
        grade_one.copy_kit(KIT, cls.kit, cls.book)
        cls.submissions = os.path.join(cls.folder, "submissions")
        os.mkdir(cls.submissions)
        for name in cls.STATUS:
            shutil.copyfile(os.path.join(HOSTILE, name + ".c"),
                            os.path.join(cls.submissions, name + ".c"))
        command = [sys.executable, os.path.join(TOOLS_DIR, "grade"),
                   cls.submissions, "-o", cls.book, "-j", "2",
                   "--instructions", "--traces", SHORT_TRACES,
                   "--kit", cls.kit]
        env = dict(os.environ, GRADER_SECRET=SECRET)
        cls.runs = []
        for attempt in ("first", "second"):
            cls.runs.append(subprocess.run(
                command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                universal_newlines=True, timeout=900, env=env))
            cls.runs[-1].results = cls.read_results()
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            cls.alone = dict(pool.map(cls.grade_alone, cls.STATUS))

    @classmethod
    def read_results(cls):
        found = {}
        for name in cls.STATUS:
            try:
                with open(os.path.join(cls.book, name, "result.json")) as f:
                    found[name] = json.load(f)
            except (OSError, ValueError) as error:
                found[name] = {"status": "unreadable: %s" % error}
        return found

    @classmethod
    def grade_alone(cls, name):
        outdir = os.path.join(cls.folder, "alone", name)
        subprocess.run([sys.executable, os.path.join(TOOLS_DIR, "grade_one"),
                        os.path.join(cls.submissions, name + ".c"), outdir,
                        "--instructions", "--traces", SHORT_TRACES,
                        "--kit", cls.kit], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=600)
        with open(os.path.join(outdir, "result.json")) as source:
            return name, json.load(source)

    @classmethod
    def tearDownClass(cls):
        for pid in processes_named("mm-outliver"):
            os.kill(pid, 9)
        shutil.rmtree(cls.folder, ignore_errors=True)

    def book_files(self):
        for root, _, files in os.walk(self.book):
            for name in files:
                yield os.path.join(root, name)

    def test_each_gets_the_status_its_allocator_earns(self):
        for run in self.runs:
            self.assertEqual(run.returncode, 0, run.stdout)
            self.assertEqual({n: r["status"] for n, r in run.results.items()},
                             self.STATUS, run.stdout + json.dumps(
                                 {n: r.get("diagnostics") for n, r in run.results.items()},
                                 indent=1))

    def test_every_grade_is_the_one_it_gets_alone(self):
        for name, alone in self.alone.items():
            together = self.runs[0].results[name]
            self.assertEqual((together["status"], together["perf_index"]),
                             (alone["status"], alone["perf_index"]), name)

    def test_no_result_was_rewritten_and_the_second_run_reuses_them(self):
        with open(os.path.join(self.book, "gradebook.json")) as source:
            rows = json.load(source)["submissions"]
        self.assertTrue(all(row["reused"] for row in rows), rows)
        for row in rows:
            first = self.runs[0].results[row["id"]]
            self.assertEqual((row["status"], row["perf_index"]),
                             (first["status"], first["perf_index"]))
        self.assertEqual(self.runs[1].results, self.runs[0].results)
        with open(os.path.join(self.book, "gradebook.csv")) as source:
            self.assertNotIn("100.0", source.read())

    def test_no_process_outlives_grading(self):
        self.assertEqual(processes_named("mm-outliver"), [])

    def test_nothing_is_left_in_tmp(self):
        for name in ("mm-litter.lock", "mm-litter.200MB"):
            path = os.path.join("/tmp", name)
            self.assertFalse(os.path.exists(path) and
                             os.path.getmtime(path) >= self.started, path)

    def test_no_one_reads_a_classmate_or_the_graders_environment(self):
        for path in self.book_files():
            with open(path, errors="replace") as source:
                text = source.read()
            self.assertNotIn(SECRET, text, path)
            if not path.startswith(os.path.join(self.book, "bystander")):
                self.assertNotIn("BYSTANDER-SECRET", text, path)

    def test_the_build_sees_no_trace_to_embed(self):
        with open(os.path.join(SHORT_TRACES, "small-program.rep")) as source:
            ops = [line.strip() for line in source if line.startswith("a ")][:5]
        for path in self.book_files():
            if path.startswith(os.path.join(self.book, "embeds")):
                with open(path, errors="replace") as source:
                    text = source.read()
                self.assertFalse(all(op in text for op in ops), path)

    def test_the_forged_result_is_not_believed(self):
        forges = self.runs[0].results["forges"]
        self.assertEqual(forges["perf_index"], 0.0)
        self.assertEqual(forges["driver_exit"], 1)
        with open(os.path.join(self.book, "forges", "driver.json")) as source:
            self.assertNotEqual(json.load(source).get("perf_index"), 100.0)


if __name__ == "__main__":
    unittest.main()

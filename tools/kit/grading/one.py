"""grade_one - grade one submitted mm.c: build it into the driver, run every
trace, and write what happened.

    tools/grade_one SUBMISSION OUTDIR [--kit DIR] [--timeout SECS]
                    [--traces DIR] [--make VAR=VALUE]... [--build-timeout SECS]
                    [--wall SECS] [--rounds N] [--instructions]
                    [--reference-counts FILE] [--resume]
                    [--keep] [--no-sandbox]

SUBMISSION is a C file (any name) or a folder holding mm.c. The kit (by
default the folder above this tools/ folder) is copied into a temporary
folder, without build/, .git, tests/bin, built drivers and caches; the
submission replaces its mm.c; `make mdriver` builds it (at most
--build-timeout seconds; each --make VAR=VALUE is passed on to make, such
as API=cmu16 for files from an older kit, or CC=clang); `./mdriver -j -s
SECS -r N` runs it (at most --wall seconds in all, by default SECS per
trace and round plus a minute). -r N times every trace in N processes
(--rounds, default 5) and scores the median of their throughput ratios,
which moves far less from one grading to the next than a single
process's figure (config.h, TIMING_ROUNDS). The driver first runs with
one round: when a trace fails, or the throughput ratio of that round is
FAR_OUTSIDE times below THRU_MIN or above THRU_MAX (config.h), the other
rounds could not change the score, which is already clamped, and are
skipped (result.json says timing_rounds 1). With --instructions the driver gets -I as well: its
throughput is counted in instructions under valgrind's callgrind instead
of timed, so the same mm.c gets exactly the same score on every run and
every machine. The checked replays keep the --timeout of a timed grading,
so a submission that hangs costs as much as when timed, and the replay
counted under callgrind (tens of times slower) gets COUNTED_TIMEOUT_FACTOR
(config.h) times as long; the wall limit grows to match. Each of the two
runs in its own process group, and the whole group is killed when its
time is up, so neither a stuck compiler nor a stuck driver outlives the
grading.

Sandbox: the build and the driver run inside a bubblewrap sandbox
(tools/kit/grading/sandbox.py): an unprivileged user, no network, a
read-only system, the kit copy as the only writable folder, a private /tmp, its own PID
namespace (every process it starts ends with it), limits on CPU time,
memory, processes and file size; it sees neither the submission's folder
nor OUTDIR. What the build and the driver print reaches OUTDIR only
through pipes the grader reads, at most a few megabytes each. Without
bubblewrap grade_one refuses to grade (exit status 2, saying what to
install) unless --no-sandbox is given.

Traces: the kit's default traces (those its driver's `--config -j` lists;
for a kit whose driver is not built, a driver built in a temporary copy
answers, and its answer is kept in the kit's build/ for as long as the
kit's sources stay the same), or with --traces DIR the default traces of
DIR (`-t DIR`) when DIR holds every one of them (as a folder made by
tools/grade --fresh-traces does), else every *.rep file in DIR (`-f`
each, in name order).

OUTDIR receives:
    result.json   the result (below), written last and atomically
    driver.json   what the driver printed on standard output
    driver.log    the driver's standard error
    build.log     make's output, compiler messages included
    grader-record.json  the grader's record of result.json (for --resume)

result.json: submission (path), id, sha256 (of the submitted mm.c),
settings and settings_key (what else decides the score: the time limit,
the make variables, the rounds, -I or not, the kit's sources and every
trace's content),
status, perf_index (the score: 0 unless the status is ok), util,
thru_ratio, kops, util_points, thru_points, forbidden_calls, policy (what
the driver says about the kit's rules: forbidden calls, global data),
traces (the driver's per-trace entries), diagnostics (first lines of
compiler errors or of the driver's messages), warnings (compiler warnings
about mm.c), score_params (the kit's config.h, as its driver's
`--config -j` prints it, for tools/results.py), build_secs, run_secs,
driver_exit, timing_rounds (the rounds the score comes from; null under
--instructions) and graded_at. settings records "sandbox" (true unless --no-sandbox).

Status, one of:
    ok               every trace passed every check
    compile_error    make failed or ran out of time (score 0)
    forbidden_calls  mm.c calls malloc, free, sbrk, mmap... (score 0)
    policy_violation mm.c breaks another rule that config.h makes fatal
                     (such as GLOBAL_DATA_POLICY 2: score 0)
    crashed          a trace crashed, or the allocator called exit
    timeout          a trace ran out of time, or the whole run did
    failed_checks    a trace failed a correctness check
    not_timed        every trace passed, but the 32-bit driver ran under an
                     emulator (qemu-i386), where nothing is timed: no perf
                     index (score 0)
    driver_error     the driver could not run (for example a bad trace),
                     printed no result, or exited with a nonzero status
                     although its output says every trace passed

The result is read from the driver's standard output alone, which must
hold exactly one JSON object; a nonzero exit status of the driver always
shows in the status.

With --resume, an OUTDIR/result.json is kept and nothing runs when
OUTDIR/grader-record.json, written by the grader with it, names the same
mm.c (sha256), the same settings_key and result.json's exact bytes (its
sha256): a re-run of a batch continues where it stopped, and a result
that anything but the grader wrote is graded again. A result made with
--no-sandbox is never reused by a sandboxed grading (the sandbox is part of
the settings).

Messages and trace names in result.json leave out the trace folder
(driver.json keeps the driver's words).

Prints one line: `ID: STATUS, perf index X` (ID is the submission's file
or folder name), followed by "(reused)" when --resume kept the result.
Exit status: 0 when a result was written or kept (whatever the score), 1
when grading itself failed, 2 for a usage error.
"""

import argparse
import datetime
import functools
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

from .. import KIT_DIR, driverconfig
from . import results, sandbox

DEFAULT_KIT = KIT_DIR
DEFAULT_TIMEOUT = 30
DEFAULT_ROUNDS = 5
DEFAULT_BUILD_TIMEOUT = 120
# Seconds the whole driver run may take beyond SECS per trace.
WALL_MARGIN = 60
# Lines of compiler or driver messages kept in result.json.
DIAGNOSTIC_LINES = 10
# Bytes kept of what the build and the driver print (the rest is counted).
LOG_BYTES = 1 << 20
DRIVER_JSON_BYTES = 16 << 20
# The grader's record of the result it wrote in a result folder.
RECORD_NAME = "grader-record.json"
# Seconds to wait for the last output of a finished command.
OUTPUT_WAIT_SECS = 10
# A first timing round whose throughput ratio lies this many times below
# THRU_MIN or above THRU_MAX ends the timing: more rounds cannot move the
# clamped score (see build_and_run).
FAR_OUTSIDE = 2.0

# Kit paths never copied: build products, history and caches.
SKIPPED_PATHS = {"build", ".git", os.path.join("tests", "bin"), "mdriver",
                 "mdriver-debug", os.path.join("traces", "scale.rep")}
SKIPPED_NAMES = {"__pycache__"}


class GradingError(Exception):
    """Grading could not be carried out (not a verdict on the submission)."""


class UsageError(GradingError):
    """A bad argument: a missing submission, kit or trace folder."""


# The builds and driver runs under way (each leads its process group), so
# that an interrupted grading can kill them all; `stopping` is set then.
_running = set()
_running_lock = threading.Lock()
stopping = threading.Event()


def kill_running():
    """Kill every build and driver run under way (after an interrupt)."""
    stopping.set()
    with _running_lock:
        processes = list(_running)
    for process in processes:
        if process.returncode is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def keep_output(stream, path, cap):
    """Copy what stream carries into path, at most cap bytes of it (the
    rest is read and counted, so the writer never blocks), then say how
    much was left out."""
    kept = dropped = 0
    with open(path, "ab") as out:
        for chunk in iter(lambda: stream.read(1 << 16), b""):
            room = max(0, cap - kept)
            out.write(chunk[:room])
            kept += min(room, len(chunk))
            dropped += len(chunk) - min(room, len(chunk))
        if dropped:
            out.write(b"\n[%d more bytes of output not kept]\n" % dropped)
    stream.close()


def run_limited(command, cwd, limit, outputs, extra=None):
    """Run command in its own process group with at most limit seconds
    (None: no limit); returns (exit status, timed out). outputs gives the
    (path, cap) its standard output and its standard error are kept in
    (one pair: both go there): the grader writes those files, the command
    only a pipe. extra: more arguments for Popen (a sandbox's user and
    environment). The whole group is killed when the time is up. LC_ALL=C
    keeps compiler messages in plain ASCII."""
    if stopping.is_set():
        raise GradingError("interrupted")
    for path, _ in outputs:
        open(path, "wb").close()
    arguments = {"env": dict(os.environ, LC_ALL="C")}
    arguments.update(extra or {})
    process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE,
                               stderr=(subprocess.STDOUT if len(outputs) == 1
                                       else subprocess.PIPE),
                               start_new_session=True, **arguments)
    streams = [process.stdout] + ([process.stderr] if len(outputs) > 1
                                  else [])
    keepers = [threading.Thread(target=keep_output, args=(stream,) + output,
                                daemon=True)
               for stream, output in zip(streams, outputs)]
    for keeper in keepers:
        keeper.start()
    with _running_lock:
        _running.add(process)
    timed_out = False
    try:
        process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        timed_out = True
    finally:
        # Out of time or interrupted: the whole group goes, the driver's
        # trace processes with it (in a sandbox, its init takes every
        # process inside along). The leader is not reaped yet, so the group
        # id is still its own.
        if process.returncode is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        # Without a sandbox a process that left the group may still hold
        # the pipe: its output is then not waited for.
        for keeper in keepers:
            keeper.join(timeout=OUTPUT_WAIT_SECS)
        with _running_lock:
            _running.discard(process)
    if stopping.is_set():
        raise GradingError("interrupted")
    return process.returncode, timed_out


def submission_file(submission):
    """The mm.c of a submission given as a file or as a folder."""
    path = os.path.join(submission, "mm.c") if os.path.isdir(
        submission) else submission
    if not os.path.isfile(path):
        raise UsageError("%s: no such submission (a C file, or a folder "
                         "holding mm.c)" % submission)
    return path


def submission_id(submission):
    """The name a submission is known by: its folder, or its file's stem."""
    path = os.path.normpath(submission)
    if os.path.isdir(path):
        return os.path.basename(os.path.abspath(path))
    return os.path.splitext(os.path.basename(path))[0]


def sha256_of_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for chunk in iter(lambda: source.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


# Where a kit without a built driver keeps what a driver built for the
# question said, beside the digest of the sources it was built from.
CONFIG_CACHE = os.path.join("build", "grading-config.json")


@functools.lru_cache(maxsize=None)
def kit_config(kit):
    """The kit's settings as its driver prints them (`./mdriver --config
    -j`): the kit's own driver when it is built, else one built for this
    question alone in a temporary copy of the kit, whose answer is kept in
    the kit's CONFIG_CACHE for as long as the kit's sources stay the
    same."""
    try:
        if os.path.exists(os.path.join(kit, "mdriver")):
            return driverconfig.read(kit)
        sources = kit_sources_digest(kit)
        cache = os.path.join(kit, CONFIG_CACHE)
        try:
            with open(cache, encoding="utf-8") as source:
                kept = json.load(source)
            if kept.get("sources") == sources:
                return kept["config"]
        except (OSError, ValueError, KeyError):
            pass
        config = built_kit_config(kit)
        try:
            os.makedirs(os.path.dirname(cache), exist_ok=True)
            write_json(cache, {"sources": sources, "config": config})
        except OSError:
            pass
        return config
    except driverconfig.DriverConfigError as error:
        raise GradingError(str(error)) from None


def built_kit_config(kit):
    """What `./mdriver --config -j` says in a copy of the kit built now."""
    temporary = tempfile.mkdtemp(prefix="grade-config-")
    try:
        work = os.path.join(temporary, "kit")
        copy_kit(kit, work, temporary)
        log = os.path.join(temporary, "log")
        status, timed_out = run_limited(["make", "mdriver"], work,
                                        DEFAULT_BUILD_TIMEOUT,
                                        [(log, LOG_BYTES)])
        if status != 0 or timed_out:
            raise GradingError("the kit does not build: " +
                               " ".join(first_lines(read_text(log))))
        return driverconfig.read(work)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def default_trace_names(kit):
    """The file names of the kit's default traces, in the driver's order."""
    return driverconfig.default_trace_names(kit_config(kit))


def trace_selection(kit, traces_dir):
    """(driver arguments, trace files) for the kit's default traces or for
    those of traces_dir (see the module comment)."""
    names = default_trace_names(kit)
    if traces_dir is None:
        folder = os.path.join(kit, "traces")
        return [], [os.path.join(folder, n) for n in names]
    folder = os.path.abspath(traces_dir)
    if not os.path.isdir(folder):
        raise UsageError("%s: no such trace folder" % traces_dir)
    if all(os.path.isfile(os.path.join(folder, n)) for n in names):
        return ["-t", folder], [os.path.join(folder, n) for n in names]
    files = sorted(os.path.join(folder, n) for n in os.listdir(folder)
                   if n.endswith(".rep"))
    if not files:
        raise UsageError("%s: no .rep trace in this folder" % traces_dir)
    arguments = []
    for path in files:
        arguments += ["-f", path]
    return arguments, files


# What of the kit builds or runs a submission: the top-level sources, the
# Makefile and its kit.mk (but mm.c), and every file of these folders and of
# tools/ that the build uses.
KIT_SOURCE_FOLDERS = ("driver", "host", "shared", "allocators", "compat")
KIT_BUILD_FILES = ("Makefile", "kit.mk")
KIT_SOURCE_TOOLS = (os.path.join("tools", "policy-check.sh"),)


def kit_sources(kit):
    """The kit's files that build and run the driver, but mm.c (paths
    relative to kit)."""
    names = [n for n in os.listdir(kit)
             if (n.endswith((".c", ".h")) or n in KIT_BUILD_FILES)
             and n != "mm.c" and os.path.isfile(os.path.join(kit, n))]
    for folder in KIT_SOURCE_FOLDERS:
        for root, folders, files in os.walk(os.path.join(kit, folder)):
            folders[:] = [f for f in folders if f not in SKIPPED_NAMES]
            names += [os.path.relpath(os.path.join(root, f), kit)
                      for f in files]
    names += [n for n in KIT_SOURCE_TOOLS
              if os.path.isfile(os.path.join(kit, n))]
    return sorted(names)


def kit_source_lines(kit):
    """One line per source of the kit (kit_sources): its name and sha256."""
    return ["kit %s %s\n" % (name, sha256_of_file(os.path.join(kit, name)))
            for name in kit_sources(kit)]


def kit_sources_digest(kit):
    """The sha256 of the kit's sources, names and contents."""
    return hashlib.sha256("".join(kit_source_lines(kit)).encode()).hexdigest()


def grading_settings(kit, timeout, traces_dir, make_variables=(),
                     instructions=False, rounds=DEFAULT_ROUNDS, sandboxed=True):
    """(settings, key): everything besides mm.c that decides the score, and
    a digest of it that tells whether an earlier result still holds."""
    driver_arguments, trace_files = trace_selection(kit, traces_dir)
    for variable in make_variables:
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", variable):
            raise UsageError("--make wants VAR=VALUE, not '%s'" % variable)
    digest = hashlib.sha256()
    digest.update(b"timeout %d\n" % timeout)
    if instructions:
        digest.update(b"instructions\n")
    else:
        digest.update(b"rounds %d\n" % rounds)
    if sandboxed:
        digest.update(("sandbox memory %d processes %d file %d tmp %d\n" % (
            sandbox.MEMORY_BYTES, sandbox.PROCESSES, sandbox.FILE_BYTES,
            sandbox.TMP_BYTES)).encode())
    for variable in make_variables:
        digest.update(("make %s\n" % variable).encode())
    for path in trace_files:
        if not os.path.isfile(path):
            raise UsageError("%s: trace missing" % path)
        digest.update(("trace %s %s\n" % (os.path.basename(path),
                                          sha256_of_file(path))).encode())
    for line in kit_source_lines(kit):
        digest.update(line.encode())
    settings = {"kit": kit, "timeout": timeout,
                "make_variables": list(make_variables),
                "instructions": instructions,
                "rounds": None if instructions else rounds,
                "traces": os.path.abspath(traces_dir) if traces_dir else None,
                "driver_arguments": driver_arguments,
                "trace_names": [os.path.basename(p) for p in trace_files],
                "trace_count": len(trace_files), "sandbox": sandboxed}
    return settings, digest.hexdigest()


def copy_kit(kit, destination, outdir):
    """Copy the kit, skipping SKIPPED_PATHS and any folder that holds the
    output folder (a gradebook kept inside the kit)."""
    outdir = os.path.realpath(outdir)

    def ignored(folder, names):
        skipped = set()
        for name in names:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, kit)
            real = os.path.realpath(path)
            if (relative in SKIPPED_PATHS or name in SKIPPED_NAMES or
                    (os.path.isdir(path) and
                     (outdir == real or outdir.startswith(real + os.sep)))):
                skipped.add(name)
        return skipped

    shutil.copytree(kit, destination, ignore=ignored)


def first_lines(text, limit=DIAGNOSTIC_LINES):
    return [line for line in text.splitlines() if line.strip()][:limit]


def compiler_errors(log):
    """The lines of a failed build that say what went wrong."""
    errors = [line for line in log.splitlines()
              if re.search(r"error|undefined reference|multiple definition",
                           line, re.IGNORECASE)]
    return (errors or first_lines(log[-4000:], 1000)[-DIAGNOSTIC_LINES:]
            )[:DIAGNOSTIC_LINES]


def mm_warnings(log):
    return [line for line in log.splitlines()
            if line.startswith("mm.c:") and "warning:" in line
            ][:DIAGNOSTIC_LINES]


def parse_driver_output(text):
    """The driver's JSON object, or None. Its standard output holds nothing
    else: what the allocator prints goes to the driver's standard error."""
    try:
        return json.loads(text)
    except ValueError:
        return None


def read_text(path):
    with open(path, encoding="utf-8", errors="replace") as source:
        return source.read()


def write_json(path, obj):
    """Write obj as JSON atomically: a reader never sees half a file."""
    partial = path + ".partial"
    with open(partial, "w", encoding="utf-8") as out:
        json.dump(obj, out, indent=1)
        out.write("\n")
    os.replace(partial, path)


def load_previous(outdir, sha256, settings_key):
    """The result.json already in outdir for this mm.c and these settings,
    or None. It counts only when the grader's record beside it says the
    grader wrote it, byte for byte, for the same mm.c and settings."""
    try:
        with open(record_path(outdir), encoding="utf-8") as source:
            record = json.load(source)
        with open(os.path.join(outdir, "result.json"), "rb") as source:
            data = source.read()
        previous = json.loads(data.decode("utf-8"))
    except (OSError, ValueError):
        return None
    if (isinstance(record, dict) and isinstance(previous, dict) and
            record.get("sha256") == sha256 and
            record.get("settings_key") == settings_key and
            record.get("result_sha256") == hashlib.sha256(data).hexdigest() and
            previous.get("sha256") == sha256 and
            previous.get("settings_key") == settings_key):
        return previous
    return None


class Box:
    """Where a submission's build and run happen: its copy of the kit (and
    of the traces) and, unless sandboxed is false, a bubblewrap sandbox
    around them (tools/kit/grading/sandbox.py)."""

    def __init__(self, temporary, settings, sandboxed, reference_counts=None):
        self.sandboxed = sandboxed
        self.reference_counts = reference_counts
        self.counts_source = reference_counts
        if reference_counts is not None and sandboxed:
            # A copy where the box's user can reach it (the grader's
            # folders may be closed to that user).
            self.reference_counts = os.path.join(temporary,
                                                 "reference-counts")
        self.work = os.path.join(temporary, "kit")
        self.traces_copy = None
        self.traces_seen = settings["traces"]
        if settings["traces"] is not None:
            self.traces_copy = os.path.join(temporary, "traces")
        if sandboxed:
            self.traces_seen = sandbox.TRACES if self.traces_copy else None

    def fill(self, kit, mm_c, settings, outdir):
        """Copy the kit, the submission and the traces in."""
        copy_kit(kit, self.work, outdir)
        shutil.copyfile(mm_c, os.path.join(self.work, "mm.c"))
        if self.traces_copy is not None:
            os.mkdir(self.traces_copy)
            for name in settings["trace_names"]:
                shutil.copyfile(os.path.join(settings["traces"], name),
                                os.path.join(self.traces_copy, name))
        if self.sandboxed:
            os.chmod(os.path.dirname(self.work), 0o711)
            sandbox.hand_over(self.work)
            if self.traces_copy is not None:
                sandbox.hand_over(self.traces_copy)
            if self.counts_source is not None:
                shutil.copyfile(self.counts_source, self.reference_counts)
                os.chmod(self.reference_counts, 0o444)

    def driver_arguments(self, settings):
        """The driver's trace arguments as seen from where it runs."""
        if settings["traces"] is None:
            return list(settings["driver_arguments"])
        folder = self.traces_seen if self.sandboxed else self.traces_copy
        return [os.path.join(folder, word[len(settings["traces"]) + 1:])
                if word.startswith(settings["traces"] + os.sep) else
                folder if word == settings["traces"] else word
                for word in settings["driver_arguments"]]

    def trace_folder(self):
        """The trace folder the driver names in its messages."""
        if self.traces_copy is None:
            return (sandbox.KIT if self.sandboxed else self.work) + "/traces"
        return self.traces_seen if self.sandboxed else self.traces_copy

    def counts_argument(self):
        """The driver's --reference-counts, as seen from where it runs."""
        if self.reference_counts is None:
            return []
        return ["--reference-counts", sandbox.REFERENCE_COUNTS
                if self.sandboxed else self.reference_counts]

    def run(self, words, limit, outputs, driver=True):
        """Run words in the kit copy (in the sandbox); (status, timed out).
        Only the driver's run sees the traces and the kit's counts: the
        build sees neither."""
        if not self.sandboxed:
            return run_limited(words, self.work, limit, outputs)
        argv, extra = sandbox.command(
            words, self.work, self.traces_copy if driver else None, limit,
            self.reference_counts if driver else None)
        return run_limited(argv, self.work, limit, outputs, extra)


def run_driver(box, settings, rounds, wall, outdir):
    """Run the driver once with -r rounds (ignored under -I); (status,
    timed out, its result or None, its first messages)."""
    driver_json = os.path.join(outdir, "driver.json")
    driver_log = os.path.join(outdir, "driver.log")
    command = ["./mdriver", "-j", "-s", str(settings["timeout"])]
    if settings["instructions"]:
        command += ["-I"] + box.counts_argument()
    else:
        command += ["-r", str(rounds)]
    status, timed_out = box.run(
        command + box.driver_arguments(settings), wall,
        [(driver_json, DRIVER_JSON_BYTES), (driver_log, LOG_BYTES)])
    # Messages name traces relative to their folder: students need not
    # see where the grader keeps them.
    folder = box.trace_folder() + os.sep
    messages = first_lines(read_text(driver_log).replace(folder, ""))
    run = parse_driver_output(read_text(driver_json).replace(folder, ""))
    if isinstance(run, dict) and "runs" in run:
        run = results.load_result(run)
    if not isinstance(run, dict) or "traces" not in run:
        run = None
    return status, timed_out, run, messages


def status_of_run(run, exit_status):
    """(status, diagnostics) of a driver run that printed a result. The
    driver's exit status says whether a trace failed (1) or it could not
    finish (2, or a signal): a result that claims every trace passed when
    the driver says otherwise is not the driver's."""
    status = results.driver_status(run)
    if status == "ok" and exit_status != 0:
        return "driver_error", ["the driver exited with status %d, but its "
                                "output reports every trace passed"
                                % exit_status]
    return status, []


def far_outside_scored_range(run, params):
    """Whether a passing run's throughput ratio lies so far outside
    [THRU_MIN, THRU_MAX] that more timing rounds cannot change its clamped
    throughput points (the ratio of one round is off by a few percent)."""
    ratio = run.get("thru_ratio")
    if results.driver_status(run) != "ok" or not ratio:
        return True
    return (ratio <= params["THRU_MIN"] / FAR_OUTSIDE or
            ratio >= params["THRU_MAX"] * FAR_OUTSIDE)


def build_and_run(box, settings, build_timeout, wall, outdir, params):
    """Build and run the driver in box; the fields of result.json that
    describe what happened."""
    build_log = os.path.join(outdir, "build.log")
    started = time.monotonic()
    status, timed_out = box.run(["make", "mdriver"] +
                                settings["make_variables"], build_timeout,
                                [(build_log, LOG_BYTES)], driver=False)
    build_secs = time.monotonic() - started
    log_text = read_text(build_log).replace(box.work + os.sep, "").replace(
        sandbox.KIT + os.sep, "")
    fields = {"build_secs": round(build_secs, 2),
              "warnings": mm_warnings(log_text)}
    if timed_out or status != 0:
        fields["status"] = "compile_error"
        fields["diagnostics"] = (
            ["the build did not finish within %d s" % build_timeout]
            if timed_out else compiler_errors(log_text))
        return fields

    # One timing round first: when it fails, or its throughput is far
    # outside the scored range, the other rounds would not change the score.
    started = time.monotonic()
    rounds = 1 if settings["instructions"] else settings["rounds"]
    status, timed_out, run, messages = run_driver(box, settings, 1, wall,
                                                  outdir)
    if (rounds > 1 and not timed_out and status in (0, 1) and run is not None
            and not far_outside_scored_range(run, params)):
        status, timed_out, run, messages = run_driver(box, settings, rounds,
                                                      wall, outdir)
    else:
        rounds = 1
    fields["run_secs"] = round(time.monotonic() - started, 2)
    fields["driver_exit"] = status
    fields["timing_rounds"] = None if settings["instructions"] else rounds
    if timed_out:
        fields["status"] = "timeout"
        fields["diagnostics"] = ["the driver did not finish within %d s "
                                 "(the wall-clock limit)" % wall] + messages
    elif run is None:
        fields["status"] = "crashed" if status < 0 else "driver_error"
        fields["diagnostics"] = messages or [
            "the driver exited with status %d and printed no result"
            % status]
    else:
        fields["status"], fields["diagnostics"] = status_of_run(run, status)
        fields["diagnostics"] += messages
        for key in ("util", "thru_ratio", "kops", "util_points",
                    "thru_points", "forbidden_calls", "policy", "traces"):
            fields[key] = run.get(key)
        fields["perf_index"] = (run.get("perf_index") or 0.0
                                if fields["status"] == "ok" else 0.0)
    return fields


def record_path(outdir):
    """The grader's record of the result in outdir (see load_previous)."""
    return os.path.join(outdir, RECORD_NAME)


def write_record(outdir, result):
    """Record that the grader wrote outdir's result.json as it now is."""
    write_json(record_path(outdir), {
        "sha256": result["sha256"], "settings_key": result["settings_key"],
        "result_sha256": sha256_of_file(os.path.join(outdir,
                                                     "result.json"))})


def grade(submission, outdir, kit=DEFAULT_KIT, timeout=DEFAULT_TIMEOUT,
          traces_dir=None, build_timeout=DEFAULT_BUILD_TIMEOUT, wall=None,
          resume=False, keep=False, make_variables=(), instructions=False,
          rounds=DEFAULT_ROUNDS, sandboxed=True, reference_counts=None,
          on_start=None):
    """Grade one submission into outdir; returns (result, reused).
    reference_counts: the kit's counts (kit_counts), under -I. on_start,
    if given, is called once grading begins (not for a result reused)."""
    mm_c = submission_file(submission)
    kit = os.path.abspath(kit)
    if not os.path.isfile(os.path.join(kit, "Makefile")):
        raise UsageError("%s: not a kit (no Makefile)" % kit)
    settings, settings_key = grading_settings(kit, timeout, traces_dir,
                                              make_variables, instructions,
                                              rounds, sandboxed)
    sha256 = sha256_of_file(mm_c)
    os.makedirs(outdir, exist_ok=True)
    if resume:
        previous = load_previous(outdir, sha256, settings_key)
        if previous is not None:
            return previous, True
    if on_start is not None:
        on_start()
    if wall is None and timeout > 0:
        wall = wall_limit(kit, settings)
    params = results.score_params(kit_config(kit))
    result = {"submission": os.path.abspath(submission),
              "id": submission_id(submission), "sha256": sha256,
              "settings": settings, "settings_key": settings_key,
              "status": None, "perf_index": 0.0, "util": None,
              "thru_ratio": None, "kops": None, "util_points": None,
              "thru_points": None, "forbidden_calls": None, "policy": None,
              "traces": [],
              "diagnostics": [], "warnings": [],
              "score_params": params}
    for stale in ("driver.json", "driver.log", "build.log", RECORD_NAME):
        if os.path.exists(os.path.join(outdir, stale)):
            os.remove(os.path.join(outdir, stale))
    temporary = tempfile.mkdtemp(prefix="grade-")
    box = Box(temporary, settings, sandboxed, reference_counts)
    try:
        box.fill(kit, mm_c, settings, outdir)
        result.update(build_and_run(box, settings, build_timeout, wall,
                                    os.path.abspath(outdir), params))
    except OSError as error:
        raise GradingError("%s: %s" % (submission, error))
    finally:
        if keep:
            result["work"] = box.work
        else:
            shutil.rmtree(temporary, ignore_errors=True)
    result["graded_at"] = datetime.datetime.now(
        datetime.timezone.utc).isoformat(timespec="seconds")
    write_json(os.path.join(outdir, "result.json"), result)
    write_record(outdir, result)
    return result, False


def kit_counts(kit, output, timeout=DEFAULT_TIMEOUT, traces_dir=None,
               make_variables=(), build_timeout=DEFAULT_BUILD_TIMEOUT):
    """Under -I, count the reference's and the harness's instructions on
    every trace once, with the kit alone (no submission's code), into
    OUTPUT/reference-counts; its path, for grade(reference_counts=...).
    Each submission's driver then reads its counts there instead of making
    them again, where no submission's process can reach them: the counts
    name the kit's host program by its code, so a driver whose kit differs
    counts for itself."""
    kit = os.path.abspath(kit)
    settings, _ = grading_settings(kit, timeout, traces_dir, make_variables,
                                   True, DEFAULT_ROUNDS, False)
    counts = os.path.join(os.path.abspath(output), "reference-counts")
    temporary = tempfile.mkdtemp(prefix="grade-counts-")
    try:
        work = os.path.join(temporary, "kit")
        copy_kit(kit, work, output)
        log = os.path.join(temporary, "log")
        status, timed_out = run_limited(["make", "mdriver"] +
                                        settings["make_variables"], work,
                                        build_timeout, [(log, LOG_BYTES)])
        if status != 0 or timed_out:
            raise GradingError("the kit does not build: " +
                               " ".join(first_lines(read_text(log))))
        if os.path.exists(counts):
            os.remove(counts)
        status, timed_out = run_limited(
            ["./mdriver", "-I", "-j", "-m", "reference", "-s", str(timeout),
             "--reference-counts", counts] + settings["driver_arguments"],
            work, None, [(log, LOG_BYTES)])
        if status != 0 or not os.path.exists(counts):
            raise GradingError("the kit's reference could not be counted: " +
                               " ".join(first_lines(read_text(log))))
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return counts


def counted_timeout_factor(kit):
    """The kit's COUNTED_TIMEOUT_FACTOR, as its driver says: the driver's
    limit on the replay it counts under -I, in multiples of -s."""
    return kit_config(kit)["counted_timeout_factor"]


def wall_limit(kit, settings):
    """Seconds the whole driver run may take: per trace, the time limit
    for each timing round or, under -I, for the checked replays and the
    longer one for the count; plus WALL_MARGIN."""
    per_trace = settings["timeout"] * (
        1 + counted_timeout_factor(kit) if settings["instructions"]
        else settings["rounds"])
    return per_trace * settings["trace_count"] + WALL_MARGIN


def summary_line(result, reused=False):
    """`ID: STATUS, perf index X [(reused)]` for a progress display or a
    log."""
    return "%s: %s, perf index %.1f%s" % (
        result.get("id"), result.get("status"),
        result.get("perf_index") or 0.0, " (reused)" if reused else "")


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="tools/grade_one", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("submission", help="a C file, or a folder with mm.c")
    parser.add_argument("outdir", help="folder for result.json and the logs")
    parser.add_argument("--kit", default=DEFAULT_KIT,
                        help="the kit to build in (default: %(default)s)")
    parser.add_argument("--timeout", type=int, metavar="SECS",
                        default=DEFAULT_TIMEOUT,
                        help="time limit per trace, the driver's -s "
                        "(default %(default)s; 0: none); with --instructions "
                        "the driver gives the counted replay "
                        "COUNTED_TIMEOUT_FACTOR (config.h) times as long")
    parser.add_argument("--traces", metavar="DIR",
                        help="grade on the traces of this folder")
    parser.add_argument("--make", action="append", default=[],
                        metavar="VAR=VALUE", help="pass this variable to "
                        "make (repeatable), e.g. API=cmu16 or CC=clang")
    parser.add_argument("--build-timeout", type=int, metavar="SECS",
                        default=DEFAULT_BUILD_TIMEOUT,
                        help="time limit of make (default %(default)s)")
    parser.add_argument("--wall", type=int, metavar="SECS",
                        help="time limit of the whole driver run (default: "
                             "SECS per trace and round, or with "
                             "--instructions SECS times 1 + "
                             "COUNTED_TIMEOUT_FACTOR per trace; plus %d)"
                             % WALL_MARGIN)
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS,
                        metavar="N", help="time each trace in N processes, "
                        "the driver's -r (default %(default)s)")
    parser.add_argument("--instructions", action="store_true",
                        help="score throughput by instruction counts "
                             "(the driver's -I; needs valgrind)")
    parser.add_argument("--reference-counts", metavar="FILE",
                        help="with --instructions: the kit's counts made "
                        "once (tools/grade makes them), given to the driver "
                        "read-only")
    parser.add_argument("--resume", action="store_true",
                        help="keep an existing result for the same mm.c "
                             "and settings")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary build folder")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="build and run without the sandbox (the "
                        "submission can reach all the grader's user can)")
    args = parser.parse_args(argv)
    if args.timeout < 0 or args.build_timeout <= 0:
        parser.error("time limits must be positive")
    if not 1 <= args.rounds <= 99:
        parser.error("--rounds wants 1..99")
    try:
        if not args.no_sandbox:
            sandbox.check()
        result, reused = grade(args.submission, args.outdir, args.kit,
                               args.timeout, args.traces, args.build_timeout,
                               args.wall, args.resume, args.keep, args.make,
                               args.instructions, args.rounds,
                               not args.no_sandbox,
                               args.reference_counts and
                               os.path.abspath(args.reference_counts))
    except sandbox.SandboxError as error:
        print("grade_one: no sandbox: %s" % error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        kill_running()
        return 130
    except UsageError as error:
        print("grade_one: %s" % error, file=sys.stderr)
        return 2
    except GradingError as error:
        print("grade_one: %s" % error, file=sys.stderr)
        return 1
    print(summary_line(result, reused))
    return 0

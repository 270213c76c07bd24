"""grade - grade a whole class of mm.c submissions into a gradebook.

    tools/grade SUBMISSIONS_DIR -o GRADEBOOK_DIR [-j N] [--timeout SECS]
                [--fresh-traces SEED [--traces-only] | --traces DIR]
                [--make VAR=VALUE]... [--kit DIR] [--build-timeout SECS]
                [--rounds N] [--instructions] [--force] [--no-sandbox]
                [--shard K/N]
    tools/grade --merge -o GRADEBOOK_DIR

Submissions are the entries of SUBMISSIONS_DIR: a folder holding mm.c
(the id is the folder's name), or a C file directly in it, such as
alice.c or alice-mm.c (the id is the file's stem: alice, alice-mm).
Hidden entries and folders without mm.c are skipped; two submissions with
the same id are a usage error.

Each submission is graded by tools/grade_one's code into GRADEBOOK_DIR/ID/
(result.json, build.log, driver.json, driver.log), N at a time (default:
the number of processors), each built and run in a sandbox of its own
(bubblewrap; see tools/grade_one and tools/kit/grading/sandbox.py) that sees neither
the other submissions nor GRADEBOOK_DIR. Without bubblewrap, grade
refuses to start and says how to install it; --no-sandbox grades without
(only for submissions you trust: each can then reach all you can).
Standard error gets a line as each submission starts to be graded,
`[n/total] ID: started, about T left`, and one as it ends, `[n/total] ID:
STATUS, perf index X  S s, about T left`, where n counts the submissions
done (T: the mean time of the submissions graded so far, for those left, N
at a time); a reused result has only its end line, and a submission
interrupted by Ctrl-C has none. Throughput is always
measured against the reference allocator in the same driver run, so
grading in parallel costs little accuracy; N above the number of
processors only adds noise. Each trace is timed in --rounds N processes
(default 5) and scored by the median, so that a grade does not hang on
one process's luck (see tools/grade_one). --instructions scores throughput by
instruction counts instead (the driver's -I, under valgrind's callgrind):
slower, but the same mm.c gets exactly the same score on every run, on any
machine and under any load.

Resuming: a submission whose GRADEBOOK_DIR/ID/result.json the grader
recorded (GRADEBOOK_DIR/ID/grader-record.json) as made from the same mm.c
(sha256) with the same settings (time limit, make variables, rounds,
--instructions, the sandbox, kit sources, traces) is not graded again;
its row says reused. An interrupted or repeated run therefore continues where it
stopped. --force grades everything again.

Fresh traces: --fresh-traces SEED makes a fresh set of the kit's default
traces in GRADEBOOK_DIR/traces (`tools/mksuite.py --fresh SEED`): every
generated trace as a variant of the published one, the same choices on
sizes moved by up to 10% and drawn from SEED until the trace has the
published one's ops, peak, sizes and textbook-allocator utilization
(traces/README.md, "Fresh traces for a new term"), and the program
recordings as they are; it grades on that whole set, the one students run
by default. Tuning mm.c to the public traces' sizes earns nothing, and
the set is as hard as the public one. The same SEED gives the same traces
byte for byte (and resuming still works); GRADEBOOK_DIR/traces/suite.txt
records them.
--traces-only stops once they are made (to grade elsewhere with
grade_one --traces GRADEBOOK_DIR/traces). --traces DIR grades on a folder
of traces of your own instead.

Writes GRADEBOOK_DIR/gradebook.csv (one row per submission: id, status,
perf_index, util, thru_ratio, kops, reused, then per trace T the columns
T_valid, T_util and T_kops, then the first diagnostics) and
GRADEBOOK_DIR/gradebook.json (the same and more: each trace's error, the
compiler warnings, the path of each result.json).

Shards: --shard K/N grades only every N-th submission in id order,
starting with the K-th, and writes GRADEBOOK_DIR/gradebook-shard-K-of-N.json
instead of the gradebook; N such runs, on one machine or many (each with
its own GRADEBOOK_DIR, copied together afterwards, or one shared folder),
grade the whole class, and `tools/grade --merge -o GRADEBOOK_DIR` joins
their shard files into gradebook.json and gradebook.csv, the same as one
run would have written. It refuses shards of different N or settings, a
missing shard, or a submission in two. With --fresh-traces, make the
traces once with --traces-only first and give the shards --traces.

Exit status: 0 when every submission has a result (whatever its score), 1
when some could not be graded (status grader_error: run again), 2 for a
usage error or no sandbox, 130 when interrupted.
"""

import argparse
import concurrent.futures
import csv
import datetime
import json
import os
import re
import subprocess
import sys
import threading
import time

from . import one as grade_one
from . import results, sandbox


class UsageError(Exception):
    """A bad argument or submissions folder."""


def find_submissions(folder):
    """[(id, path)] sorted by id, and the names skipped (with why)."""
    found, skipped, seen = [], [], {}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.startswith("."):
            continue
        if os.path.isdir(path):
            if not os.path.isfile(os.path.join(path, "mm.c")):
                skipped.append("%s: a folder without mm.c" % name)
                continue
            ident = name
        elif name.endswith(".c") and os.path.isfile(path):
            ident = name[:-2]
        else:
            continue
        if ident in seen:
            raise UsageError("%s and %s are both submission %s"
                             % (seen[ident], name, ident))
        seen[ident] = name
        found.append((ident, path))
    return found, skipped


def make_fresh_traces(kit, seed, folder):
    """Make the fresh suite in folder with the kit's own tools."""
    made = subprocess.run([sys.executable,
                           os.path.join(kit, "tools", "mksuite.py"),
                           os.path.join(kit, "traces", "suite.txt"),
                           "--fresh", str(seed), "--dir", folder],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True)
    if made.returncode != 0:
        raise UsageError("generating fresh traces failed:\n%s" % made.stdout)


def trace_stem(trace):
    return os.path.splitext(os.path.basename(trace.get("name") or "?"))[0]


def gradebook_row(ident, result, reused, gradebook_dir):
    """What the gradebook keeps of one submission."""
    return {
        "id": ident,
        "submission": result.get("submission"),
        "status": result.get("status"),
        "perf_index": result.get("perf_index") or 0.0,
        "util": result.get("util"),
        "thru_ratio": result.get("thru_ratio"),
        "kops": result.get("kops"),
        "reused": reused,
        "sha256": result.get("sha256"),
        "traces": [{"name": trace_stem(t), "weight": t.get("weight"),
                    "valid": t.get("valid"), "util": t.get("util"),
                    "kops": t.get("kops"), "error": t.get("error")}
                   for t in result.get("traces") or []],
        "diagnostics": result.get("diagnostics") or [],
        "warnings": result.get("warnings") or [],
        "result": os.path.join(ident, "result.json")
        if os.path.isfile(os.path.join(gradebook_dir, ident, "result.json"))
        else None,
    }


def cell(value, form):
    return "" if value is None else form % value


def write_gradebook_csv(path, rows):
    """One row per submission, with per-trace columns for every trace any
    submission reached, in the order first seen."""
    trace_names = []
    for row in rows:
        for trace in row["traces"]:
            if trace["name"] not in trace_names:
                trace_names.append(trace["name"])
    header = ["id", "status", "perf_index", "util", "thru_ratio", "kops",
              "reused"]
    for name in trace_names:
        header += [name + "_valid", name + "_util", name + "_kops"]
    header.append("diagnostics")
    with open(path + ".partial", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            by_name = {t["name"]: t for t in row["traces"]}
            cells = [row["id"], row["status"], "%.1f" % row["perf_index"],
                     cell(row["util"], "%.4f"),
                     cell(row["thru_ratio"], "%.4f"),
                     cell(row["kops"], "%.0f"),
                     "yes" if row["reused"] else "no"]
            for name in trace_names:
                trace = by_name.get(name)
                if trace is None:
                    cells += ["", "", ""]
                    continue
                cells += [results.validity(trace),
                          cell(trace["util"], "%.4f"),
                          cell(trace["kops"], "%.0f")]
            cells.append(" | ".join(row["diagnostics"][:3]))
            writer.writerow(cells)
    os.replace(path + ".partial", path)


class Progress:
    """The progress lines on standard error: one as each submission starts
    to be graded and one as it ends, each with the count of submissions
    done, [n/total], and an estimate of the time left (the mean time of
    the submissions graded so far, for those not yet done, N at a
    time)."""

    def __init__(self, total, jobs):
        self.total, self.jobs = total, jobs
        self.finished = 0
        self.graded_secs = []
        self.lock = threading.Lock()

    def time_left(self):
        if not self.graded_secs:
            return "time left not known yet"
        mean = sum(self.graded_secs) / len(self.graded_secs)
        left = mean * (self.total - self.finished) / self.jobs
        return "about %s left" % format_duration(left)

    def start(self, ident):
        with self.lock:
            print("[%*d/%d] %s: started, %s" % (
                len(str(self.total)), self.finished, self.total, ident,
                self.time_left()), file=sys.stderr, flush=True)

    def finish(self, result, reused, seconds):
        with self.lock:
            self.finished += 1
            if not reused:
                self.graded_secs.append(seconds)
            print("[%*d/%d] %s  %.1f s, %s" % (
                len(str(self.total)), self.finished, self.total,
                grade_one.summary_line(result, reused), seconds,
                self.time_left() if self.finished < self.total
                else "done"), file=sys.stderr, flush=True)


def format_duration(seconds):
    seconds = int(round(seconds))
    if seconds < 60:
        return "%d s" % seconds
    return "%d min %02d s" % (seconds // 60, seconds % 60)


def grade_submission(ident, path, options, traces_dir, progress):
    """(id, result, reused, seconds); a submission that could not be
    graded gets status grader_error and no result.json, and one that an
    interrupt stopped gets no result (None) and no progress line."""
    started = time.monotonic()
    try:
        result, reused = grade_one.grade(
            path, os.path.join(options.output, ident), kit=options.kit,
            timeout=options.timeout, traces_dir=traces_dir,
            build_timeout=options.build_timeout, resume=not options.force,
            make_variables=options.make, instructions=options.instructions,
            rounds=options.rounds, sandboxed=not options.no_sandbox,
            reference_counts=options.reference_counts,
            on_start=lambda: progress.start(ident))
    except Exception as error:  # one submission's failure stops no other
        if grade_one.stopping.is_set():
            return ident, None, False, time.monotonic() - started
        result, reused = {"id": ident, "submission": os.path.abspath(path),
                          "status": "grader_error",
                          "diagnostics": [str(error) or repr(error)]}, False
    seconds = time.monotonic() - started
    progress.finish(result, reused, seconds)
    return ident, result, reused, seconds


def grade_all(submissions, options, traces_dir):
    """Grade every submission, options.jobs at a time, showing progress;
    returns {id: (result, reused)}."""
    graded = {}
    progress = Progress(len(submissions), min(options.jobs,
                                              len(submissions)))
    executor = concurrent.futures.ThreadPoolExecutor(max_workers=options.jobs)
    try:
        futures = [executor.submit(grade_submission, ident, path, options,
                                   traces_dir, progress)
                   for ident, path in submissions]
        for future in concurrent.futures.as_completed(futures):
            ident, result, reused, _ = future.result()
            if result is not None:
                graded[ident] = (result, reused)
    except KeyboardInterrupt:
        grade_one.kill_running()
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    executor.shutdown(wait=True)
    return graded


def parse_shard(text):
    """(K, N) from 'K/N', 1 <= K <= N."""
    found = re.match(r"^([0-9]+)/([0-9]+)$", text or "")
    if not found or not 1 <= int(found.group(1)) <= int(found.group(2)):
        raise UsageError("--shard wants K/N with 1 <= K <= N, not '%s'"
                         % text)
    return int(found.group(1)), int(found.group(2))


def shard_of(submissions, shard):
    """The share of shard (K, N): every N-th submission in id order,
    starting with the K-th."""
    k, n = shard
    return submissions[k - 1::n]


def shard_file(output, shard):
    return os.path.join(output, "gradebook-shard-%d-of-%d.json" % shard)


def write_gradebook(output, rows, book):
    """gradebook.json (book with its rows) and gradebook.csv in output."""
    grade_one.write_json(os.path.join(output, "gradebook.json"),
                         dict(book, submissions=rows))
    write_gradebook_csv(os.path.join(output, "gradebook.csv"), rows)


def merge(output):
    """Join the shard gradebooks in output into gradebook.json and .csv;
    returns the rows. Every shard of one N must be there, graded with the
    same settings, and no submission twice."""
    names = sorted(n for n in os.listdir(output)
                   if re.match(r"^gradebook-shard-[0-9]+-of-[0-9]+\.json$", n))
    if not names:
        raise UsageError("%s: no shard gradebooks (gradebook-shard-K-of-N"
                         ".json) to merge" % output)
    shards = {}
    for name in names:
        try:
            with open(os.path.join(output, name), encoding="utf-8") as source:
                shards[name] = json.load(source)
        except (OSError, ValueError) as error:
            raise UsageError("%s: %s" % (name, error))
    counts = {book["shard"][1] for book in shards.values()}
    keys = {book["settings_key"] for book in shards.values()}
    if len(counts) != 1 or len(keys) != 1:
        raise UsageError("the shards in %s come from different gradings "
                         "(another N or other settings): %s"
                         % (output, ", ".join(names)))
    count = counts.pop()
    missing = sorted(set(range(1, count + 1)) -
                     {book["shard"][0] for book in shards.values()})
    if missing:
        raise UsageError("shards missing in %s: %s of %d" % (
            output, ", ".join(str(k) for k in missing), count))
    rows, seen = [], set()
    for book in shards.values():
        for row in book["submissions"]:
            if row["id"] in seen:
                raise UsageError("submission %s is in two shards" % row["id"])
            seen.add(row["id"])
            rows.append(row)
    rows.sort(key=lambda row: row["id"])
    first = shards[names[0]]
    book = {key: first[key] for key in first
            if key not in ("shard", "submissions", "graded_at")}
    book["graded_at"] = max(b["graded_at"] for b in shards.values())
    book["merged_shards"] = count
    write_gradebook(output, rows, book)
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="tools/grade", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("submissions", metavar="SUBMISSIONS_DIR", nargs="?",
                        help="folder of submissions (ID/mm.c or ID.c)")
    parser.add_argument("-o", "--output", required=True,
                        metavar="GRADEBOOK_DIR",
                        help="folder for the gradebook and the results")
    parser.add_argument("-j", "--jobs", type=int,
                        default=os.cpu_count() or 1, metavar="N",
                        help="submissions graded at once (default: the "
                             "number of processors, %(default)s)")
    parser.add_argument("--timeout", type=int, metavar="SECS",
                        default=grade_one.DEFAULT_TIMEOUT,
                        help="time limit per trace (default %(default)s; "
                             "with --instructions the replay counted under "
                             "callgrind gets the driver's "
                             "COUNTED_TIMEOUT_FACTOR times as long)")
    parser.add_argument("--build-timeout", type=int, metavar="SECS",
                        default=grade_one.DEFAULT_BUILD_TIMEOUT,
                        help="time limit of each build (default "
                             "%(default)s)")
    parser.add_argument("--make", action="append", default=[],
                        metavar="VAR=VALUE", help="pass this variable to "
                        "make (repeatable), e.g. API=cmu16 or CC=clang")
    parser.add_argument("--kit", default=grade_one.DEFAULT_KIT,
                        help="the kit to build in (default: %(default)s)")
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument("--fresh-traces", metavar="SEED",
                        help="grade on fresh variants of the default "
                             "traces, generated from SEED")
    chosen.add_argument("--traces", metavar="DIR",
                        help="grade on the traces of this folder")
    parser.add_argument("--traces-only", action="store_true",
                        help="with --fresh-traces: generate the traces "
                             "into GRADEBOOK_DIR/traces and stop")
    parser.add_argument("--rounds", type=int, default=grade_one.DEFAULT_ROUNDS,
                        metavar="N", help="time each trace in N processes "
                        "(default %(default)s)")
    parser.add_argument("--instructions", action="store_true",
                        help="score throughput by instruction counts (the "
                             "driver's -I; needs valgrind): exactly "
                             "repeatable")
    parser.add_argument("--force", action="store_true",
                        help="grade again even when a result is current")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="build and run submissions without the "
                        "sandbox (each can reach all the grader's user can)")
    parser.add_argument("--shard", metavar="K/N",
                        help="grade the K-th of N shares of the submissions "
                        "(write GRADEBOOK_DIR/gradebook-shard-K-of-N.json)")
    parser.add_argument("--merge", action="store_true",
                        help="join the shard gradebooks in GRADEBOOK_DIR "
                        "into one (no SUBMISSIONS_DIR)")
    options = parser.parse_args(argv)
    if options.merge:
        if options.submissions is not None or options.shard:
            parser.error("--merge takes only -o GRADEBOOK_DIR")
        try:
            rows = merge(os.path.abspath(options.output))
        except (UsageError, OSError) as error:
            print("grade: %s" % error, file=sys.stderr)
            return 2
        print("grade: %d submissions, gradebook in %s" % (
            len(rows), options.output), file=sys.stderr)
        return 1 if any(r["status"] == "grader_error" for r in rows) else 0
    if options.submissions is None and not options.traces_only:
        parser.error("SUBMISSIONS_DIR is required (but with --merge)")
    if options.jobs < 1 or options.timeout < 0 or options.build_timeout < 1:
        parser.error("-j, --timeout and --build-timeout must be positive")
    if not 1 <= options.rounds <= 99:
        parser.error("--rounds wants 1..99")
    if options.traces_only and options.fresh_traces is None:
        parser.error("--traces-only goes with --fresh-traces SEED")
    options.kit = os.path.abspath(options.kit)
    options.output = os.path.abspath(options.output)

    try:
        shard = parse_shard(options.shard) if options.shard else None
        traces_dir = options.traces
        if options.fresh_traces is not None:
            traces_dir = os.path.join(options.output, "traces")
            make_fresh_traces(options.kit, options.fresh_traces, traces_dir)
            if options.traces_only:
                print("grade: fresh traces in %s" % traces_dir,
                      file=sys.stderr)
                return 0
        if not os.path.isdir(options.submissions):
            raise UsageError("%s: no such folder" % options.submissions)
        submissions, skipped = find_submissions(options.submissions)
        for note in skipped:
            print("grade: skipping %s" % note, file=sys.stderr)
        if not submissions:
            raise UsageError("%s: no submissions (ID/mm.c or ID.c)"
                             % options.submissions)
        if shard is not None:
            submissions = shard_of(submissions, shard)
        settings, settings_key = grade_one.grading_settings(
            options.kit, options.timeout, traces_dir, options.make,
            options.instructions, options.rounds, not options.no_sandbox)
        if not options.no_sandbox:
            sandbox.check()
    except (UsageError, grade_one.UsageError, OSError) as error:
        print("grade: %s" % error, file=sys.stderr)
        return 2
    except sandbox.SandboxError as error:
        print("grade: no sandbox: %s" % error, file=sys.stderr)
        return 2
    os.makedirs(options.output, exist_ok=True)
    options.reference_counts = None
    if options.instructions:
        # The reference's counts, made once, outside every box.
        started = time.monotonic()
        print("grade: counting the reference's instructions on every trace",
              file=sys.stderr, flush=True)
        try:
            options.reference_counts = grade_one.kit_counts(
                options.kit, options.output, options.timeout, traces_dir,
                options.make, options.build_timeout)
        except grade_one.GradingError as error:
            print("grade: %s" % error, file=sys.stderr)
            return 1
        print("grade: counted in %s" % format_duration(
            time.monotonic() - started), file=sys.stderr, flush=True)

    try:
        graded = grade_all(submissions, options, traces_dir)
    except KeyboardInterrupt:
        print("grade: interrupted; run the same command again to continue",
              file=sys.stderr)
        return 130
    rows = [gradebook_row(ident, *graded[ident], options.output)
            for ident, _ in submissions]
    book = {"graded_at": datetime.datetime.now(
                datetime.timezone.utc).isoformat(timespec="seconds"),
            "kit": options.kit, "timeout": options.timeout,
            "make_variables": options.make,
            "instructions": options.instructions,
            "rounds": settings["rounds"],
            "traces": settings["traces"],
            "sandbox": not options.no_sandbox,
            "settings_key": settings_key,
            "fresh_traces_seed": options.fresh_traces}
    if shard is None:
        write_gradebook(options.output, rows, book)
    else:
        grade_one.write_json(shard_file(options.output, shard),
                             dict(book, shard=list(shard), submissions=rows))
    failed = [row["id"] for row in rows if row["status"] == "grader_error"]
    print("grade: %d submissions, %s in %s%s"
          % (len(rows), "gradebook" if shard is None else
             "shard %d of %d" % shard, options.output,
             "; not graded: %s" % ", ".join(failed) if failed else ""),
          file=sys.stderr)
    return 1 if failed else 0

"""stability.py - how much does the perf index move from run to run here?

    tools/stability.py [-n RUNS] [--load CMD] [--max-spread P] [-- MDRIVER_ARGS]

Runs `./mdriver MDRIVER_ARGS -j` RUNS times (default 10; default arguments
`-m explicit-lifo`) and prints, for every run and every allocator, the perf
index and the throughput ratio against the reference, then per allocator
the lowest, median and highest perf index and their spread (highest minus
lowest). An instructor runs it once on the grading machine, with the
options the grade will use, to learn how far a time-based score can move
there; with `-I` (instructions under callgrind) the spread must be 0.

--load CMD runs the shell command CMD over and over in the background
while the runs last (for example a compile, to keep another core busy),
so that the figures show the score under load. --max-spread P makes the
exit status 1 when some allocator's spread exceeds P points.
"""
import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import threading


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Run mdriver several times and show how much the perf "
                    "index moves.",
        usage="%(prog)s [-n RUNS] [--load CMD] [--max-spread P] "
              "[-- MDRIVER_ARGS]")
    parser.add_argument("-n", "--runs", type=int, default=10,
                        help="how many runs (default 10)")
    parser.add_argument("--load", metavar="CMD",
                        help="shell command repeated in the background "
                             "while the runs last")
    parser.add_argument("--max-spread", type=float, metavar="P",
                        help="exit 1 if an allocator's perf index spread "
                             "exceeds P points")
    parser.add_argument("--mdriver", default="./mdriver",
                        help="the driver to run (default ./mdriver)")
    parser.add_argument("mdriver_args", nargs="*",
                        help="arguments for mdriver (default: -m "
                             "explicit-lifo); -j is added")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("-n must be at least 1")
    if not args.mdriver_args:
        args.mdriver_args = ["-m", "explicit-lifo"]
    return args


class BackgroundLoad:
    """Repeats a shell command until stopped."""

    def __init__(self, command):
        self.command = command
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.rounds = 0

    def loop(self):
        while not self.stopping.is_set():
            subprocess.run(self.command, shell=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            self.rounds += 1

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join()


def one_run(args):
    """The runs of one mdriver invocation, as parsed JSON objects."""
    done = subprocess.run([args.mdriver, *args.mdriver_args, "-j"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        sys.exit(f"stability.py: {args.mdriver} printed no JSON "
                 f"(exit {done.returncode}): {done.stderr.strip()}")
    return report["runs"] if "runs" in report else [report]


def main(argv):
    args = parse_args(argv)
    indices = {}
    load = BackgroundLoad(args.load) if args.load else None
    with load or contextlib.nullcontext():
        for number in range(1, args.runs + 1):
            cells = []
            for run in one_run(args):
                name = run["allocator"]
                indices.setdefault(name, []).append(run["perf_index"])
                ratio = run.get("thru_ratio")
                ratio_text = "--" if ratio is None else f"{ratio:.4f}"
                cells.append(f"{name}: perf {run['perf_index']:6.2f} "
                             f"(thru ratio {ratio_text})")
            print(f"run {number:2d}  " + "  ".join(cells), flush=True)
    if load:
        print(f"background load: `{args.load}` ran {load.rounds} times")
    worst = 0.0
    for name, values in indices.items():
        spread = max(values) - min(values)
        worst = max(worst, spread)
        print(f"{name}: perf index over {len(values)} runs: lowest "
              f"{min(values):.2f}, median {statistics.median(values):.2f}, "
              f"highest {max(values):.2f}, spread {spread:.2f} points")
    if args.max_spread is not None and worst > args.max_spread:
        print(f"spread {worst:.2f} exceeds --max-spread {args.max_spread}")
        return 1
    return 0

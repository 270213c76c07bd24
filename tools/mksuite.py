#!/usr/bin/env python3
"""mksuite.py - regenerate, verify or describe a suite of traces.

    tools/mksuite.py [SUITE] [--dir DIR]    write every trace of the suite
    tools/mksuite.py [SUITE] --verify       compare DIR with a regeneration
    tools/mksuite.py [SUITE] --table        print the Markdown table of the
                                            suite for traces/README.md

SUITE defaults to traces/suite.txt beside this tools folder and DIR to the
folder of SUITE. Each entry of the suite file (suitefile.py) is generated
in memory by gentrace.py's own code with the entry's arguments, so a
regenerated suite is byte for byte the committed one; --verify says which
files differ, are missing, or are not produced by their entry (exit 1).

--table lists, per trace: file, weight, class, seed, ops, ids, peak live
bytes, utilization ceiling (tracestats.py: 16-byte alignment, 8-byte
header) and what the trace stresses, all computed from the generated
bytes.

Exit status: 0 on success, 1 when --verify finds a difference, 2 for a
usage mistake or an invalid suite file.
"""

import argparse
import os
import signal
import sys

import gentrace
from suitefile import SuiteError, read_suite
from tracestats import percent, trace_stats
from validate import read_trace

TOOLS_DIR = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SUITE = os.path.join(os.path.dirname(TOOLS_DIR), "traces",
                             "suite.txt")


def generate_entry(suite_path, entry):
    """(parsed gentrace arguments, trace bytes) of one suite entry."""
    parser = gentrace.build_parser()
    where = "%s:%d" % (suite_path, entry.line)
    try:
        params = parser.parse_args(entry.arguments)
    except SystemExit:
        raise SuiteError("%s: invalid gentrace.py arguments" % where)
    if params.output:
        raise SuiteError("%s: -o has no place in a suite entry" % where)
    try:
        return params, gentrace.generate(params)
    except gentrace.ParameterError as error:
        raise SuiteError("%s: %s" % (where, error))


def generate_suite(suite_path):
    """[(entry, parsed arguments, trace bytes)] for every entry."""
    return [(entry,) + generate_entry(suite_path, entry)
            for entry in read_suite(suite_path)]


def write_suite(generated, folder):
    """Write every generated trace into `folder`; returns their paths."""
    os.makedirs(folder, exist_ok=True)
    paths = []
    for entry, _, data in generated:
        paths.append(os.path.join(folder, entry.file))
        with open(paths[-1], "wb") as out:
            out.write(data)
    return paths


def verify_suite(generated, folder):
    """True when every file in `folder` equals its regeneration."""
    same = True
    for entry, _, data in generated:
        path = os.path.join(folder, entry.file)
        try:
            with open(path, "rb") as source:
                existing = source.read()
        except OSError:
            print("%s: missing" % path)
            same = False
            continue
        if existing != data:
            print("%s: differs from `tools/gentrace.py %s`"
                  % (path, " ".join(entry.arguments)))
            same = False
    if same:
        print("%d traces match %s" % (len(generated), folder))
    return same


def table_lines(generated):
    """The Markdown table of a generated suite."""
    lines = ["| file | weight | class | seed | ops | ids | peak bytes | "
             "ceiling | what it stresses |",
             "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for entry, params, data in generated:
        report = read_trace(data.decode("ascii"))
        assert not report.errors, "the generator made an invalid trace"
        stats = trace_stats(report)
        trace_class = params.trace_class
        if trace_class == "realloc":
            trace_class += " (%s)" % params.variant
        lines.append("| %s | %d | %s | %d | %d | %d | %d | %s | %s |" % (
            entry.file, params.weight, trace_class, params.seed,
            stats["num_ops"], stats["num_ids"], stats["peak_live_bytes"],
            percent(stats["peak_live_bytes"], stats["peak_block_bytes"]),
            entry.stresses))
    return lines


def quit_quietly_on_closed_pipe():
    """Die silently, as other Unix tools do, when the reader of standard
    output goes away (`... | head`)."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def main():
    quit_quietly_on_closed_pipe()
    parser = argparse.ArgumentParser(
        prog="tools/mksuite.py", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("suite", nargs="?", default=DEFAULT_SUITE,
                        metavar="SUITE",
                        help="suite file (default: traces/suite.txt)")
    parser.add_argument("--dir", metavar="DIR",
                        help="folder of the traces (default: the folder of "
                             "SUITE)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--verify", action="store_true",
                      help="compare the traces in DIR with a regeneration")
    mode.add_argument("--table", action="store_true",
                      help="print the Markdown table of the suite")
    args = parser.parse_args()
    folder = args.dir or os.path.dirname(os.path.abspath(args.suite))
    try:
        generated = generate_suite(args.suite)
    except (OSError, SuiteError) as error:
        print("error: %s" % error, file=sys.stderr)
        return 2
    if args.table:
        print("\n".join(table_lines(generated)))
    elif args.verify:
        return 0 if verify_suite(generated, folder) else 1
    else:
        for path in write_suite(generated, folder):
            print("wrote %s" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

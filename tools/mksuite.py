#!/usr/bin/env python3
"""mksuite.py - regenerate, verify or describe a suite of traces.

    tools/mksuite.py [SUITE] [--dir DIR]    write every trace of the suite
    tools/mksuite.py [SUITE] --verify       compare DIR with a regeneration
    tools/mksuite.py [SUITE] --table        print the Markdown table of the
                                            suite for traces/README.md
    tools/mksuite.py [SUITE] --fresh SEED --dir DIR
                                            write fresh variants of the
                                            suite, and their suite file,
                                            into DIR

SUITE defaults to traces/suite.txt beside this tools folder and DIR to the
folder of SUITE. Each entry of the suite file (suitefile.py) is generated
in memory by gentrace.py's own code with the entry's arguments, so a
regenerated suite is byte for byte the committed one; a `recorded` entry
(a program's recording) is the file of that name in SUITE's folder, copied
unchanged. --verify says which files differ, are missing, or are not
produced by their entry (exit 1).

--fresh SEED makes a new set of the same traces for a new term: every
generated entry with its --seed replaced by one derived from SEED, the
file name and the old seed (the first 8 hex digits of a SHA-256: the same
SEED gives the same traces byte for byte, another SEED other ones), and
every recording copied as it is (traces/README.md, "Fresh traces", says
why). DIR receives the traces and their suite.txt, so it holds the whole
suite and `tools/mksuite.py DIR/suite.txt --verify` checks it. DIR must
not be SUITE's own folder.

--table lists, per trace: file, weight, class, seed, ops, ids, peak live
bytes, utilization ceiling (tracestats.py: 16-byte alignment, 8-byte
header) and what the trace stresses, all computed from the traces' bytes.

Exit status: 0 on success, 1 when --verify finds a difference, 2 for a
usage mistake or an invalid suite file.
"""

import argparse
import hashlib
import os
import signal
import sys

import gentrace
from suitefile import RECORDED, SuiteError, is_recorded, read_suite
from tracestats import percent, trace_stats
from validate import header_value, read_trace

TOOLS_DIR = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SUITE = os.path.join(os.path.dirname(TOOLS_DIR), "traces",
                             "suite.txt")


def recording_path(suite_path, entry):
    """Where a recorded entry's trace is: beside its suite file."""
    return os.path.join(os.path.dirname(os.path.abspath(suite_path)),
                        entry.file)


def generate_entry(suite_path, entry):
    """(parsed gentrace arguments, trace bytes) of one suite entry; a
    recording has no arguments (None) and its own bytes."""
    where = "%s:%d" % (suite_path, entry.line)
    if is_recorded(entry):
        try:
            with open(recording_path(suite_path, entry), "rb") as source:
                return None, source.read()
        except OSError as error:
            raise SuiteError("%s: recorded trace %s: %s"
                             % (where, entry.file, error.strerror))
    parser = gentrace.build_parser()
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
            print("%s: differs from %s" % (path, "the recording" if
                  is_recorded(entry) else "`tools/gentrace.py %s`"
                  % " ".join(entry.arguments)))
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
        if report.errors:
            raise SuiteError("%s:%d: %s" % (entry.file, *report.errors[0]))
        stats = trace_stats(report)
        if params is None:
            trace_class, seed = RECORDED, "--"
        else:
            trace_class, seed = params.trace_class, params.seed
            if trace_class == "realloc":
                trace_class += " (%s)" % params.variant
        lines.append("| %s | %d | %s | %s | %d | %d | %d | %s | %s |" % (
            entry.file, header_value(report, "weight"), trace_class, seed,
            stats["num_ops"], stats["num_ids"], stats["peak_live_bytes"],
            percent(stats["peak_live_bytes"], stats["peak_block_bytes"]),
            entry.stresses))
    return lines


def fresh_seed(seed, file_name, old_seed):
    """The seed that replaces old_seed for file_name in a fresh suite made
    from SEED: a deterministic 32-bit number."""
    text = "%s %s %s" % (seed, file_name, old_seed)
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def with_fresh_seed(arguments, file_name, seed):
    """gentrace.py arguments with --seed replaced (or added)."""
    words = list(arguments)
    for i, word in enumerate(words):
        if word == "--seed" and i + 1 < len(words):
            words[i + 1] = str(fresh_seed(seed, file_name, words[i + 1]))
            return words
        if word.startswith("--seed="):
            words[i] = "--seed=%d" % fresh_seed(seed, file_name, word[7:])
            return words
    return words[:1] + ["--seed", str(fresh_seed(seed, file_name, 1))] + \
        words[1:]


def fresh_suite_text(suite_path, seed):
    """The suite file of a fresh suite: every entry of suite_path, a
    generated one with its seed derived from SEED, a recording as it is."""
    lines = ["# Fresh variants of %s: tools/mksuite.py --fresh %s." % (
                 suite_path, seed),
             "# Regenerate or check with: tools/mksuite.py THIS_FILE "
             "[--verify]", ""]
    for entry in read_suite(suite_path):
        arguments = entry.arguments if is_recorded(entry) else \
            with_fresh_seed(entry.arguments, entry.file, seed)
        lines.append("%s %s | %s" % (entry.file, " ".join(arguments),
                                     entry.stresses))
    return "\n".join(lines) + "\n"


def write_fresh_suite(suite_path, seed, folder):
    """Write the fresh suite file and every trace of it into folder;
    returns the traces' paths."""
    if os.path.abspath(folder) == os.path.dirname(
            os.path.abspath(suite_path)):
        raise SuiteError("--fresh would overwrite the traces of %s: give "
                         "another --dir" % suite_path)
    text = fresh_suite_text(suite_path, seed)
    recordings = {entry.file: generate_entry(suite_path, entry)[1]
                  for entry in read_suite(suite_path) if is_recorded(entry)}
    os.makedirs(folder, exist_ok=True)
    fresh_path = os.path.join(folder, "suite.txt")
    with open(fresh_path, "w", encoding="ascii") as out:
        out.write(text)
    for name, data in recordings.items():
        with open(os.path.join(folder, name), "wb") as out:
            out.write(data)
    return write_suite(generate_suite(fresh_path), folder)


def quit_quietly_on_closed_pipe():
    """Die silently, as other Unix tools do, when the reader of standard
    output goes away (`... | head`)."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def main(argv=None):
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
    mode.add_argument("--fresh", metavar="SEED",
                      help="write fresh variants of the suite, seeds "
                           "derived from SEED, into --dir DIR")
    args = parser.parse_args(argv)
    if args.fresh is not None and not args.dir:
        parser.error("--fresh SEED needs --dir DIR")
    folder = args.dir or os.path.dirname(os.path.abspath(args.suite))
    try:
        if args.fresh is not None:
            for path in write_fresh_suite(args.suite, args.fresh, folder):
                print("wrote %s" % path)
            return 0
        generated = generate_suite(args.suite)
        table = table_lines(generated) if args.table else None
    except (OSError, SuiteError) as error:
        print("error: %s" % error, file=sys.stderr)
        return 2
    if args.table:
        print("\n".join(table))
    elif args.verify:
        return 0 if verify_suite(generated, folder) else 1
    else:
        for path in write_suite(generated, folder):
            print("wrote %s" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

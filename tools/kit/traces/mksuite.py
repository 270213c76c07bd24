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

--fresh SEED makes a new set of the same traces for a new term, as hard
as the published set (traces/README.md, "Fresh traces for a new term").
Every generated entry keeps its class, options and --seed and gets a
--size-seed, which moves every size by up to 10% (gentrace.py): the same
choices in the same order, on blocks of nearly the same sizes. Its size
seed is the first of the seeds drawn from SEED, the file name and a draw
number (the first 8 hex digits of a SHA-256) whose trace has the
published trace's shape (traceshape.py): ops within 2%, peak live bytes
within 10%, size histograms at most 0.05 apart, and the utilization of
the textbook allocator, with first fit and with best fit (fitmodel.py),
within 2 points. After 100 draws without one it stops with an error
naming the trace (exit 2): choose another SEED. A trace of weight 0
(replayed, never scored) keeps its first draw; a class that takes no
--size-seed (scale) draws its --seed instead. The same SEED gives the
same traces byte for byte, another SEED other ones. Every recording is
copied as it is. DIR receives the traces and their suite.txt, where a
comment before each generated entry gives its shape beside the published
one, so DIR holds the whole suite and `tools/mksuite.py DIR/suite.txt
--verify` checks it. DIR must not be SUITE's own folder.

--table lists, per trace: file, weight, class, seed, ops, ids, peak live
bytes, utilization ceiling (tracestats.py: 16-byte alignment, 8-byte
header) and what the trace stresses, all computed from the traces' bytes.

Exit status: 0 on success, 1 when --verify finds a difference, 2 for a
usage mistake or an invalid suite file.
"""

import argparse
import hashlib
import os
import sys
from collections import namedtuple

from .. import KIT_DIR
from ..commandline import quit_quietly_on_closed_pipe
from . import gentrace
from .suitefile import RECORDED, SuiteError, is_recorded, read_suite
from .traceshape import (OutOfShape, ShapeRecorder, differences,
                         utilization_text)
from .tracestats import percent, trace_stats
from .validate import header_value, read_trace

DEFAULT_SUITE = os.path.join(KIT_DIR, "traces", "suite.txt")


def recording_path(suite_path, entry):
    """Where a recorded entry's trace is: beside its suite file."""
    return os.path.join(os.path.dirname(os.path.abspath(suite_path)),
                        entry.file)


def parse_entry(suite_path, entry, arguments):
    """The parsed gentrace.py arguments of a generated entry (its own, or
    `arguments` in their place)."""
    where = "%s:%d" % (suite_path, entry.line)
    try:
        params = gentrace.build_parser().parse_args(arguments)
    except SystemExit:
        raise SuiteError("%s: invalid gentrace.py arguments" % where)
    if params.output:
        raise SuiteError("%s: -o has no place in a suite entry" % where)
    return params


def build_entry(suite_path, entry, arguments, observers=()):
    """(parsed arguments, TraceBuilder) of a generated entry built with
    `arguments`, each op shown to `observers`."""
    params = parse_entry(suite_path, entry, arguments)
    try:
        return params, gentrace.build(params, observers)
    except gentrace.ParameterError as error:
        raise SuiteError("%s:%d: %s" % (suite_path, entry.line, error))


def generate_entry(suite_path, entry):
    """(parsed gentrace arguments, trace bytes) of one suite entry; a
    recording has no arguments (None) and its own bytes."""
    if is_recorded(entry):
        try:
            with open(recording_path(suite_path, entry), "rb") as source:
                return None, source.read()
        except OSError as error:
            raise SuiteError("%s:%d: recorded trace %s: %s"
                             % (suite_path, entry.line, entry.file,
                                error.strerror))
    params, trace = build_entry(suite_path, entry, entry.arguments)
    return params, gentrace.render(params, trace)


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
        # A trace of the suite relies on no quirk of the older kits.
        problems = report.errors + report.warnings
        if problems:
            raise SuiteError("%s:%d: %s" % (entry.file, *problems[0]))
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


# Size seeds tried for one fresh trace before giving up on SEED.
MAX_DRAWS = 100


def shape_of_entry(suite_path, entry, arguments, published=None):
    """(parsed arguments, TraceBuilder, Shape) of a generated entry built
    with `arguments`. Given a published Shape, it raises OutOfShape as
    soon as the trace cannot be alike."""
    recorder = ShapeRecorder(published)
    params, trace = build_entry(suite_path, entry, arguments, [recorder])
    return params, trace, recorder.shape(trace.op_count, trace.peak_bytes)


def published_shapes(suite_path):
    """{file: Shape} of every generated entry of the suite."""
    return {entry.file: shape_of_entry(suite_path, entry,
                                       entry.arguments)[2]
            for entry in read_suite(suite_path) if not is_recorded(entry)}


def fresh_seed(seed, file_name, draw):
    """The size seed of the draw-th try at a fresh file_name for SEED: a
    deterministic 32-bit number."""
    text = "%s %s %d" % (seed, file_name, draw)
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def with_option(arguments, flag, value):
    """gentrace.py arguments with `flag` set to value (replaced, or added
    at the end)."""
    words = list(arguments)
    for i, word in enumerate(words):
        if word == flag and i + 1 < len(words):
            del words[i:i + 2]
            break
        if word.startswith(flag + "="):
            del words[i]
            break
    return words + [flag, str(value)]


# A fresh trace: its entry's arguments, its bytes, its shape and the draw
# that made it.
FreshTrace = namedtuple("FreshTrace", "arguments data shape draw")


def fresh_trace(suite_path, entry, seed, published):
    """The fresh variant of a generated entry for SEED: the first draw of
    a size seed whose trace has the shape `published` within tolerance;
    for a trace of weight 0, never scored, simply the first draw. A class
    that takes no --size-seed draws its --seed instead."""
    params = parse_entry(suite_path, entry, entry.arguments)
    scored = params.weight != 0
    # A class without sizes drawn apart (scale) gets a new --seed instead.
    flag = "--size-seed" if gentrace.takes_size_seed(params.trace_class) \
        else "--seed"
    misses = []
    for draw in range(MAX_DRAWS if scored else 1):
        arguments = with_option(entry.arguments, flag,
                                fresh_seed(seed, entry.file, draw))
        try:
            params, trace, shape = shape_of_entry(
                suite_path, entry, arguments, published if scored else None)
        except OutOfShape as stopped:
            misses = ["stopped early: %s" % stopped]
            continue
        misses = differences(shape, published) if scored else []
        if not misses:
            return FreshTrace(arguments, gentrace.render(params, trace),
                              shape, draw)
    raise SuiteError("%s:%d: no variant of %s within tolerance in %d draws "
                     "for SEED %s (the last: %s); choose another SEED"
                     % (suite_path, entry.line, entry.file, MAX_DRAWS, seed,
                        "; ".join(misses)))


def shape_comment(file_name, fresh, published):
    """A comment line giving a fresh trace's shape, the published one's in
    parentheses."""
    return ("# %s: draw %d: %d ops (%d), peak %d live bytes (%d), first fit "
            "%s (%s), best fit %s (%s)" % (
                file_name, fresh.draw, fresh.shape.ops, published.ops,
                fresh.shape.peak_bytes, published.peak_bytes,
                utilization_text(fresh.shape.first_fit),
                utilization_text(published.first_fit),
                utilization_text(fresh.shape.best_fit),
                utilization_text(published.best_fit)))


# A fresh suite: the text of its suite file, {file: trace bytes} of every
# trace, and {file: FreshTrace} of the generated ones.
FreshSuite = namedtuple("FreshSuite", "text traces fresh")


def make_fresh_suite(suite_path, seed, published=None):
    """The FreshSuite of suite_path for SEED: every generated entry as
    fresh_trace() finds it, every recording as it is. `published` (from
    published_shapes) saves measuring the published traces again."""
    if published is None:
        published = published_shapes(suite_path)
    lines = ["# Fresh variants of %s: tools/mksuite.py --fresh %s." % (
                 suite_path, seed),
             "# Regenerate or check with: tools/mksuite.py THIS_FILE "
             "[--verify]",
             "# Each trace's comment gives its shape (traceshape.py), the "
             "published trace's in parentheses.", ""]
    traces = {}
    found = {}
    for entry in read_suite(suite_path):
        if is_recorded(entry):
            arguments = entry.arguments
            traces[entry.file] = generate_entry(suite_path, entry)[1]
        else:
            fresh = fresh_trace(suite_path, entry, seed,
                                published[entry.file])
            arguments = fresh.arguments
            traces[entry.file] = fresh.data
            found[entry.file] = fresh
            lines.append(shape_comment(entry.file, fresh,
                                       published[entry.file]))
        lines.append("%s %s | %s" % (entry.file, " ".join(arguments),
                                     entry.stresses))
    return FreshSuite("\n".join(lines) + "\n", traces, found)


def save_fresh_suite(suite, folder):
    """Write a FreshSuite's suite file and traces into folder; returns
    the traces' paths."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "suite.txt"), "w",
              encoding="ascii") as out:
        out.write(suite.text)
    paths = []
    for name, data in suite.traces.items():
        paths.append(os.path.join(folder, name))
        with open(paths[-1], "wb") as out:
            out.write(data)
    return paths


def write_fresh_suite(suite_path, seed, folder):
    """Make the fresh suite of SEED and write it into folder, which must
    not be suite_path's own; returns the traces' paths."""
    if os.path.abspath(folder) == os.path.dirname(
            os.path.abspath(suite_path)):
        raise SuiteError("--fresh would overwrite the traces of %s: give "
                         "another --dir" % suite_path)
    return save_fresh_suite(make_fresh_suite(suite_path, seed), folder)



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

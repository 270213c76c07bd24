"""record - run a program and make a trace of its heap calls.

    tools/record [-o FILE] [--max-ops N] [--process largest|all|NAME]
                 [--weight W] [--keep-logs DIR] -- PROGRAM ARGS...

Builds the recorder library (tools/recorder/recorder.c) into
build/recorder/librecorder.so under the kit's top folder when it is
missing or older than its source, runs PROGRAM with it preloaded
(LD_PRELOAD) and MMREC_LOG pointing into a temporary folder, then converts
the logs with tools/log2trace.py and writes the trace to FILE (default:
real-PROGRAM.rep in the current folder).

The program keeps its standard input, output and error, its environment
(plus the two variables) and the current folder. Its children inherit the
recorder and write their own logs: --process picks which process images
become the trace (the one with the most calls by default; see
tools/log2trace.py --help for `all` and NAME, and for how calls are
turned into ops). --max-ops caps the trace, balancing frees included.

The library is compiled with $CC, or else cc, gcc or clang, whichever is
found first. A program that exits with a failure status is still
converted, with a warning; the trace is made from what was logged.

Recordings are not byte-for-byte repeatable: addresses, and the calls of
the C library and the interpreter, differ between machines and runs.
"""

import argparse
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile

from .. import KIT_DIR
from ..commandline import positive
from .log2trace import LogError, log_to_trace

SOURCE = os.path.join(KIT_DIR, "tools", "recorder", "recorder.c")
LIBRARY = os.path.join(KIT_DIR, "build", "recorder", "librecorder.so")
COMPILERS = ("cc", "gcc", "clang")
BUILD_FLAGS = ["-std=c11", "-O2", "-Wall", "-Wextra", "-fPIC", "-shared",
               "-pthread"]
LOG_PREFIX = "mmrec"
EXIT_USAGE = 2


class RecordError(Exception):
    """Something that stops the recording, said in one sentence."""


def find_compiler():
    """The command of a C compiler: $CC (which may carry options), or the
    first of cc, gcc, clang on the PATH."""
    configured = shlex.split(os.environ.get("CC", ""))
    if configured and shutil.which(configured[0]):
        return configured
    for name in COMPILERS:
        if shutil.which(name):
            return [name]
    raise RecordError(
        "no C compiler found (tried $CC, %s): the recorder library must be "
        "compiled; install one, e.g. `apt-get install gcc`"
        % ", ".join(COMPILERS))


def build_library():
    """The path of the recorder library, compiled if missing or stale."""
    if (os.path.exists(LIBRARY)
            and os.path.getmtime(LIBRARY) >= os.path.getmtime(SOURCE)):
        return LIBRARY
    compiler = find_compiler()
    os.makedirs(os.path.dirname(LIBRARY), exist_ok=True)
    # Built beside the target and renamed, so that a failed or concurrent
    # build never leaves a half-written library behind.
    partial = "%s.%d.tmp" % (LIBRARY, os.getpid())
    command = compiler + BUILD_FLAGS + ["-o", partial, SOURCE, "-ldl"]
    result = subprocess.run(command, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        if os.path.exists(partial):
            os.remove(partial)
        raise RecordError("building the recorder failed:\n  %s\n%s"
                          % (" ".join(command), result.stdout))
    os.replace(partial, LIBRARY)
    return LIBRARY


def run_recorded(library, log_dir, program):
    """Run the program under the recorder; its exit status."""
    environment = dict(os.environ)
    preloaded = environment.get("LD_PRELOAD", "")
    environment["LD_PRELOAD"] = (library + " " + preloaded).strip()
    environment["MMREC_LOG"] = os.path.join(log_dir, LOG_PREFIX)
    try:
        return subprocess.run(program, env=environment).returncode
    except OSError as error:
        raise RecordError("cannot run %s: %s" % (program[0], error))


def log_files(log_dir):
    """The logs of a run, in pid order (the order processes started, unless
    pids wrapped around)."""
    def pid_of(name):
        return int(name.rsplit(".", 1)[1])
    names = [name for name in os.listdir(log_dir)
             if name.startswith(LOG_PREFIX + ".")
             and name.rsplit(".", 1)[1].isdigit()]
    return [os.path.join(log_dir, name) for name in sorted(names, key=pid_of)]


def machine_description():
    """The C library and the processor, e.g. "glibc 2.36, x86_64"."""
    try:
        library = os.confstr("CS_GNU_LIBC_VERSION")
    except (ValueError, OSError):
        library = None
    return "%s, %s" % (library or "an unknown C library", platform.machine())


def describe_status(status):
    if status < 0:
        return "was killed by signal %d" % -status
    return "exited with status %d" % status


def build_parser():
    parser = argparse.ArgumentParser(
        prog="tools/record", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="the trace to write (default: "
                             "real-PROGRAM.rep)")
    parser.add_argument("--max-ops", type=positive, metavar="N",
                        help="at most N ops in the trace, balancing frees "
                             "included")
    parser.add_argument("--process", default="largest",
                        metavar="largest|all|NAME",
                        help="which process images become the trace "
                             "(default: largest)")
    parser.add_argument("--weight", type=int, choices=(0, 1, 2, 3),
                        default=1, help="the trace's weight (default 1)")
    parser.add_argument("--keep-logs", metavar="DIR",
                        help="write the logs into DIR (created if needed, "
                             "and without logs of an earlier run) and keep "
                             "them")
    parser.add_argument("program", nargs=argparse.REMAINDER,
                        metavar="-- PROGRAM ARGS...",
                        help="the program to record and its arguments")
    return parser


def record(args, log_dir):
    library = build_library()
    status = run_recorded(library, log_dir, args.program)
    if status != 0:
        print("tools/record: warning: %s %s; converting what it logged"
              % (args.program[0], describe_status(status)), file=sys.stderr)
    logs = log_files(log_dir)
    if not logs:
        raise RecordError("%s left no log: it may be statically linked, or "
                          "it cleared LD_PRELOAD" % args.program[0])
    comments = [
        "recorded by: tools/record%s -- %s" % (
            "".join(" " + shlex.quote(option) for option in recorder_options(
                args)), " ".join(shlex.quote(word) for word in args.program)),
        "recorded on %s; recordings depend on the machine, so this file is "
        "the reference copy" % machine_description(),
    ]
    text, summary = log_to_trace(logs, args.max_ops, True, args.process,
                                 args.weight, comments, warn)
    for line in summary:
        warn("record: " + line)
    with open(args.output, "wb") as out:
        out.write(text)
    warn("record: wrote %s" % args.output)


def recorder_options(args):
    options = []
    if args.max_ops is not None:
        options += ["--max-ops", str(args.max_ops)]
    if args.process != "largest":
        options += ["--process", args.process]
    if args.weight != 1:
        options += ["--weight", str(args.weight)]
    return options


def warn(message):
    print(message, file=sys.stderr)


def main():
    parser = build_parser()
    args = parser.parse_args()
    if args.program and args.program[0] == "--":
        args.program = args.program[1:]
    if not args.program:
        parser.error("name the program to record after --")
    if args.output is None:
        args.output = "real-%s.rep" % os.path.basename(args.program[0])
    try:
        if args.keep_logs:
            os.makedirs(args.keep_logs, exist_ok=True)
            if log_files(args.keep_logs):
                raise RecordError("%s already holds logs of another run"
                                  % args.keep_logs)
            record(args, args.keep_logs)
        else:
            with tempfile.TemporaryDirectory(prefix="mmrec-") as log_dir:
                record(args, log_dir)
    except (RecordError, LogError, OSError) as error:
        print("tools/record: error: %s" % error, file=sys.stderr)
        return EXIT_USAGE
    return 0

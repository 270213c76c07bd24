"""checktrace.py - check trace files, balance one, or print statistics.

    tools/checktrace.py FILE...                 check each file
    tools/checktrace.py --stats [--json] FILE... statistics of each file
    tools/checktrace.py --balance FILE [-o OUT] free what is left live

Checking (validate.py) refuses what the driver's reader refuses, at the
line the driver names: the header (dialect, four numbers within the
driver's limits), the op syntax, ids within num_ids, no malloc or calloc
of a live id, no free of an id that is not live (double frees told
apart), the op count, bytes that do not belong in a trace. Each error is
reported on standard error as `FILE:LINE: error: MESSAGE`. What the driver
reads but a trace should not rely on is a `FILE:LINE: warning:`: the older
kits' quirks (an a or r line with no size, op lines beyond num_ops), a
giant request, and in the 2016+ dialect a max_live_bytes that is not the
peak. A file without errors gets `FILE: ok` on standard output.

--stats prints, for each valid file, the op counts by kind, the ids, the
peak live bytes, the utilization ceiling of a 16-byte-aligned allocator
with an 8-byte header, and a histogram of request sizes (tracestats.py).
--json prints the same as a JSON list with one object per file, each with
a "file" key.

--balance writes the file back with an `f` for every block still live at
the end, appended in id order after a comment, and num_ops raised to
match; everything else is kept as it was, so the peak stays right. A file
with errors or warnings is not balanced.

Exit status: 0 when every file is valid, 1 when any has an error, 2 for a
usage mistake or a file that cannot be read.
"""

import argparse
import json
import sys

from ..commandline import quit_quietly_on_closed_pipe
from .tracestats import format_stats, trace_stats
from .validate import decode, read_trace

EXIT_INVALID = 1
EXIT_USAGE = 2


def build_parser():
    parser = argparse.ArgumentParser(
        prog="tools/checktrace.py", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="trace files")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--stats", action="store_true",
                      help="print statistics of each file")
    mode.add_argument("--balance", action="store_true",
                      help="write FILE with frees of the blocks left live")
    parser.add_argument("--json", action="store_true",
                        help="with --stats (implied): print JSON")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="with --balance: write here instead of "
                             "standard output")
    return parser


def read_text(name):
    """The text of a trace file; exits with status 2 if it is unreadable."""
    try:
        with open(name, "rb") as source:
            return decode(source.read())
    except OSError as error:
        print("%s: error: cannot read: %s" % (name, error), file=sys.stderr)
        sys.exit(EXIT_USAGE)


def report_errors(name, report):
    """Print the errors and warnings in line order; whether there is no
    error (a trace with warnings is valid: the driver reads it)."""
    said = sorted([(line, "error", message) for line, message in report.errors]
                  + [(line, "warning", message)
                     for line, message in report.warnings])
    for line, kind, message in said:
        print("%s:%d: %s: %s" % (name, line, kind, message), file=sys.stderr)
    return not report.errors


def balanced_text(text, report):
    """The trace text with frees of the live blocks appended and num_ops
    updated."""
    live = sorted(report.ledger.live)
    if not live:
        return text
    lines = text.splitlines()
    num_ops_line = report.header_lines[2]
    lines[num_ops_line - 1] = str(report.header[2] + len(live))
    lines.append("# frees appended by tools/checktrace.py --balance")
    lines += ["f %d" % block for block in live]
    return "\n".join(lines) + "\n"



def main():
    quit_quietly_on_closed_pipe()
    parser = build_parser()
    args = parser.parse_args()
    if args.json and args.balance:
        parser.error("--json goes with --stats, not with --balance")
    if args.json:
        args.stats = True
    if args.output and not args.balance:
        parser.error("-o only goes with --balance")
    if args.balance and len(args.files) != 1:
        parser.error("--balance takes exactly one FILE")

    all_valid = True
    collected = []
    for name in args.files:
        text = read_text(name)
        report = read_trace(text)
        if not report_errors(name, report):
            all_valid = False
            continue
        if args.balance and (report.giant or report.warnings):
            print("%s: error: --balance needs a trace without warnings"
                  % name, file=sys.stderr)
            all_valid = False
        elif args.balance:
            balanced = balanced_text(text, report).encode("ascii")
            if args.output:
                with open(args.output, "wb") as out:
                    out.write(balanced)
            else:
                sys.stdout.buffer.write(balanced)
        elif args.json:
            collected.append(dict(file=name, **trace_stats(report)))
        elif args.stats:
            print("\n".join(format_stats(name, trace_stats(report))))
        else:
            print("%s: ok" % name)
    if args.json:
        print(json.dumps(collected, indent=2))
    return 0 if all_valid else EXIT_INVALID

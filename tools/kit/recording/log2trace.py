"""log2trace.py - turn the logs of tools/recorder into a trace.

    tools/log2trace.py [-o FILE] [--max-ops N] [--no-balance]
                       [--process largest|all|NAME] [--weight W]
                       [--comment TEXT]... LOG...

The recorder (tools/recorder/recorder.c) writes one log per process, one
record per heap call (pointers in hexadecimal, 0 for NULL):

    p PID PARENT_PID EXECUTABLE   a process image starts (also after exec)
    m SIZE RESULT                 malloc
    c NMEMB SIZE RESULT           calloc
    r OLD SIZE RESULT             realloc (and reallocarray)
    f PTR                         free
    a ALIGNMENT SIZE RESULT       posix_memalign, aligned_alloc, memalign,
                                  valloc, pvalloc

Which process images become the trace (--process):

    largest   the one with the most calls (the default): for `gcc -c` that
              is the compiler proper, cc1, not the driver
    all       every image, one after the other in the order of the LOG
              arguments and of the images inside each file; the blocks an
              image leaves live are freed when it ends, as its exit would
              (with --no-balance they stay live and their ids unused)
    NAME      every image whose executable file is called NAME (e.g. cc1),
              one after the other as with `all`

Each call becomes at most a couple of ops; the rules:

  - Pointers become ids. A freed id is used again, the smallest first, so
    num_ids is the largest number of blocks live at once.
  - malloc, calloc and realloc(NULL, n) become `a`, `c` and `r` on a free
    id (realloc(NULL, 0) becomes `a ID 0`: glibc returns a block for it,
    which the kit's `r ID 0` would not). The memalign family becomes `a`
    with the size: the kit has no aligned request, and every payload is
    16-byte aligned anyway.
  - free(NULL) stays, as `f -1`.
  - Calls that returned NULL are dropped (a failed realloc left its block as
    it was). So are frees of pointers the log never saw allocated: blocks
    made before the recorder started, or inherited across fork.
  - realloc of such an unknown pointer is kept as realloc(NULL, n): the
    program's new block is real and will be used and freed; only the copy
    of the old contents is lost. realloc(unknown, 0) is a dropped free.
  - An allocation returning an address that is still live (its free went
    unseen, which should not happen) frees the old block first.
  - A request larger than the kit's heap (MAX_HEAP) that the real C library
    granted is dropped, and so are the later calls on its block.

--max-ops N: the trace has at most N ops, the balancing frees included:
conversion stops before the first call that would leave no room for them
(with --no-balance, before the call that would pass N). --balance (the
default) frees every block still live at the end, in the order they were
last allocated or resized.

The trace has the 2016+ header (weight, num_ids, num_ops, exact
max_live_bytes; tracebuilder.py replays every op, so the output is valid),
then comments: each --comment, and the summary. The summary (ops kept,
calls dropped and why, ids, peak) also goes to standard error.

Exit status: 0 on success, 2 for a usage mistake, an unreadable log, or
logs with no process image to convert.
"""

import argparse
import heapq
import os
import re
import sys
from collections import Counter, namedtuple

from ..commandline import positive, quit_quietly_on_closed_pipe
from ..traces.tracebuilder import TraceBuilder
from ..traces.traceformat import Op, requested_bytes

EXIT_USAGE = 2
MALFORMED_LINES_SHOWN = 5

# One process image in the logs: where its records are and how many calls
# it made.
Image = namedtuple("Image", "log first_line calls pid executable")

# The kinds of call record: for each, the number of fields after the
# letter, and which of them are pointers (hexadecimal; the rest are sizes,
# in decimal).
CALL_FIELDS = {"m": 2, "c": 3, "r": 3, "f": 1, "a": 3}
POINTER_FIELDS = {"m": (1,), "c": (2,), "r": (0, 2), "f": (0,), "a": (2,)}
HEX_DIGITS = re.compile(r"[0-9a-f]+\Z")
DECIMAL_DIGITS = re.compile(r"[0-9]+\Z")

# Why calls were dropped, in the order the summary lists them.
DROPPED_FAILED = "calls that returned NULL"
DROPPED_UNKNOWN_FREE = "frees of pointers never seen allocated"
DROPPED_UNKNOWN_REALLOC_FREE = "realloc(p, 0) of pointers never seen allocated"
DROPPED_TOO_LARGE = "requests larger than the kit's heap, or on such blocks"
DROPPED_AFTER_CAP = "calls after the --max-ops cap"
DROPPED_MALFORMED = "malformed log lines"
DROPPED_REASONS = (DROPPED_FAILED, DROPPED_UNKNOWN_FREE,
                   DROPPED_UNKNOWN_REALLOC_FREE, DROPPED_TOO_LARGE,
                   DROPPED_AFTER_CAP, DROPPED_MALFORMED)

# Calls kept, but not exactly as made.
ADJUSTED_UNKNOWN_REALLOC = ("reallocs of unknown pointers kept as "
                            "realloc(NULL, n)")
ADJUSTED_STALE = "allocations at a live address (the old block freed first)"
ADJUSTED_ALIGNED = "memalign-family calls kept as malloc"
ADJUSTED_REASONS = (ADJUSTED_UNKNOWN_REALLOC, ADJUSTED_STALE,
                    ADJUSTED_ALIGNED)


class LogError(Exception):
    """Logs that cannot be converted."""


# -- reading the logs --------------------------------------------------------

def parse_call(line):
    """(kind, numbers) of a call record, or None if the line is not one.
    Sizes are decimal and pointers hexadecimal; numbers come back in the
    record's order."""
    fields = line.split()
    if not fields or fields[0] not in CALL_FIELDS:
        return None
    kind = fields[0]
    if len(fields) != 1 + CALL_FIELDS[kind]:
        return None
    numbers = []
    for position, text in enumerate(fields[1:]):
        if position in POINTER_FIELDS[kind]:
            if not HEX_DIGITS.match(text):
                return None
            numbers.append(int(text, 16))
        else:
            if not DECIMAL_DIGITS.match(text):
                return None
            numbers.append(int(text))
    return kind, numbers


def parse_process_line(line):
    """(pid, executable) of a `p` line, or None."""
    fields = line.rstrip("\n").split(" ", 3)
    if len(fields) != 4 or fields[0] != "p" or not fields[1].isdigit():
        return None
    return int(fields[1]), fields[3]


def index_images(logs):
    """The process images of the logs, in order, with their call counts."""
    images = []
    for log in logs:
        current = None
        with open(log, encoding="ascii", errors="replace") as source:
            for number, line in enumerate(source, 1):
                if line.startswith("p "):
                    process = parse_process_line(line)
                    if process:
                        if current:
                            images.append(current)
                        current = Image(log, number + 1, 0, *process)
                        continue
                if current is None:
                    current = Image(log, number, 0, None, "?")
                current = current._replace(calls=current.calls + 1)
        if current:
            images.append(current)
    return images


def image_calls(image, warn):
    """The (kind, numbers) of each call of an image, in order. Malformed
    lines are reported through warn(log, line_number) and skipped."""
    with open(image.log, encoding="ascii", errors="replace") as source:
        for number, line in enumerate(source, 1):
            if number < image.first_line:
                continue
            if line.startswith("p ") and parse_process_line(line):
                return
            call = parse_call(line)
            if call is None:
                warn(image.log, number)
                continue
            yield call


def select_images(images, selection):
    """The images named by --process (see the module comment)."""
    if not images:
        raise LogError("the logs hold no process image")
    if selection == "largest":
        return [max(images, key=lambda image: image.calls)]
    if selection == "all":
        return list(images)
    chosen = [image for image in images
              if os.path.basename(image.executable) == selection]
    if not chosen:
        names = sorted({os.path.basename(image.executable)
                        for image in images})
        raise LogError("no process image runs %r; the logs have: %s"
                       % (selection, ", ".join(names)))
    return chosen


# -- converting --------------------------------------------------------------

class CapReached(Exception):
    """The next call would not fit under --max-ops."""


class Converter:
    """Calls in, trace ops out, with the pointer-to-id map of the current
    process image."""

    def __init__(self, max_ops=None, balance=True):
        self.builder = TraceBuilder()
        self.max_ops = max_ops
        self.balance = balance
        self.live = {}            # pointer -> id, in order of last acquire
        self.too_large = set()    # pointers of blocks dropped as too large
        self.free_ids = []        # heap of ids freed and not yet reused
        self.fresh_id = 0         # ids >= this were never used
        self.dropped = Counter()
        self.adjusted = Counter()
        self.balancing_frees = 0

    # -- ids --

    def _peek_free_id(self):
        return self.free_ids[0] if self.free_ids else self.fresh_id

    def _take_id(self, block):
        if self.free_ids and self.free_ids[0] == block:
            heapq.heappop(self.free_ids)
        else:
            assert block == self.fresh_id, "a new id is the smallest free one"
            self.fresh_id += 1

    # -- one call --

    def convert(self, kind, numbers):
        """Translate one call and append its ops; raises CapReached, with
        nothing written or counted for the call, if they do not fit."""
        dropped, adjusted = self.dropped.copy(), self.adjusted.copy()
        try:
            self._convert(kind, numbers)
        except CapReached:
            self.dropped, self.adjusted = dropped, adjusted
            raise

    def _convert(self, kind, numbers):
        if kind == "f":
            plan = self._plan_free(numbers[0])
        elif kind == "r":
            plan = self._plan_realloc(*numbers)
        elif kind == "c":
            plan = self._plan_allocation(Op("c", None, numbers[1], numbers[0]),
                                         numbers[2])
        else:
            if kind == "a":
                self.adjusted[ADJUSTED_ALIGNED] += 1
            plan = self._plan_allocation(Op("a", None, numbers[-2], None),
                                         numbers[-1])
        if plan is not None:
            self._apply(plan)

    def end_image(self):
        """The process image exited: its live blocks die with it."""
        if self.balance:
            for block in list(self.live.values()):
                self.builder.free(block)
                self.balancing_frees += 1
            # Every id handed out so far is free again.
            self.free_ids = list(range(self.fresh_id))
        self.live.clear()
        self.too_large.clear()

    # A plan is what a call does: the ops to write (ids filled in), the
    # pointers whose blocks stop being live, the (pointer, id) pairs that
    # become live, and whether the call takes a new id. The ops, the
    # pointer map and the ids change only when a plan is applied, after
    # the check against the cap.
    Plan = namedtuple("Plan", "ops released acquired takes_id")

    def _plan_free(self, pointer):
        if pointer == 0:
            return self.Plan([Op("f", -1, None, None)], [], [], False)
        if pointer in self.live:
            return self.Plan([Op("f", self.live[pointer], None, None)],
                             [pointer], [], False)
        if pointer in self.too_large:
            self.too_large.discard(pointer)
            self.dropped[DROPPED_TOO_LARGE] += 1
        else:
            self.dropped[DROPPED_UNKNOWN_FREE] += 1
        return None

    def _plan_allocation(self, request, result):
        """malloc, calloc, memalign, or realloc(NULL, n) (`request` has no
        id yet) that returned `result`."""
        if result == 0:
            self.dropped[DROPPED_FAILED] += 1
            return None
        ops, released = [], []
        if result in self.live:
            self.adjusted[ADJUSTED_STALE] += 1
            stale = self.live[result]
            ops.append(Op("f", stale, None, None))
            released.append(result)
            block, takes_id = stale, False
        else:
            block, takes_id = self._peek_free_id(), True
        self.too_large.discard(result)
        if requested_bytes(request) is None:
            self.dropped[DROPPED_TOO_LARGE] += 1
            self.too_large.add(result)
            return self.Plan(ops, released, [], False) if ops else None
        if request.kind == "r" and request.size == 0:
            request = request._replace(kind="a")
        ops.append(request._replace(block=block))
        return self.Plan(ops, released, [(result, block)], takes_id)

    def _plan_realloc(self, old, size, result):
        if old == 0:
            return self._plan_allocation(Op("r", None, size, None), result)
        if old not in self.live:
            if result == 0 and size != 0:
                self.dropped[DROPPED_FAILED] += 1
                return None
            if old in self.too_large:
                self.too_large.discard(old)
                if size == 0:
                    self.dropped[DROPPED_TOO_LARGE] += 1
                    return None
            elif size == 0:
                self.dropped[DROPPED_UNKNOWN_REALLOC_FREE] += 1
                return None
            else:
                self.adjusted[ADJUSTED_UNKNOWN_REALLOC] += 1
            return self._plan_allocation(Op("r", None, size, None), result)
        block = self.live[old]
        if size == 0:
            plan = self.Plan([Op("r", block, 0, None)], [old], [], False)
            if result == 0:
                return plan
            # A C library that answers realloc(p, 0) with a new block.
            self._apply(plan)
            return self._plan_allocation(Op("a", None, 0, None), result)
        if result == 0:
            self.dropped[DROPPED_FAILED] += 1
            return None
        resize = Op("r", block, size, None)
        if requested_bytes(resize) is None:
            # The program's block moved out of the kit's reach: end it here.
            self.dropped[DROPPED_TOO_LARGE] += 1
            self.too_large.add(result)
            return self.Plan([Op("f", block, None, None)], [old], [], False)
        ops, released = [], [old]
        if result != old and result in self.live:
            self.adjusted[ADJUSTED_STALE] += 1
            ops.append(Op("f", self.live[result], None, None))
            released.append(result)
        ops.append(resize)
        return self.Plan(ops, released, [(result, block)], False)

    def _apply(self, plan):
        live_after = len(self.live) - len(plan.released) + len(plan.acquired)
        ops_after = self.builder.op_count + len(plan.ops)
        needed = ops_after + (live_after if self.balance else 0)
        if self.max_ops is not None and needed > self.max_ops:
            raise CapReached()
        for op in plan.ops:
            if op.kind == "f":
                self.builder.free(op.block)
            elif op.kind == "r":
                self.builder.realloc(op.block, op.size)
            elif op.kind == "c":
                self.builder.calloc(op.nmemb, op.size, block=op.block)
            else:
                self.builder.malloc(op.size, block=op.block)
        released_ids = [self.live.pop(pointer) for pointer in plan.released]
        for pointer, block in plan.acquired:
            self.live[pointer] = block
        if plan.takes_id:
            self._take_id(plan.acquired[0][1])
        kept = {block for _, block in plan.acquired}
        for block in released_ids:
            if block not in kept:
                heapq.heappush(self.free_ids, block)


def convert_images(images, max_ops, balance, warn):
    """A Converter that has read the images; stops at the cap."""
    converter = Converter(max_ops, balance)
    remaining = sum(image.calls for image in images)
    for image in images:
        try:
            for kind, numbers in image_calls(image, warn):
                remaining -= 1
                converter.convert(kind, numbers)
        except CapReached:
            converter.dropped[DROPPED_AFTER_CAP] += remaining + 1
            converter.end_image()
            break
        converter.end_image()
    return converter


# -- the summary -------------------------------------------------------------

def describe(image):
    name = os.path.basename(image.executable)
    pid = "?" if image.pid is None else image.pid
    return "%s (pid %s, %d calls)" % (name, pid, image.calls)


def summary_lines(images, chosen, converter):
    builder = converter.builder
    kinds = Counter(line.split()[0] for line in builder.lines
                    if not line.startswith("#"))
    lines = ["process images in the logs: %d; converted: %s" % (
        len(images), ", ".join(describe(image) for image in chosen))]
    lines.append("ops kept: %d (a %d, c %d, r %d, f %d, of which %d "
                 "balancing frees); ids: %d; peak live bytes: %d" % (
                     builder.op_count, kinds["a"], kinds["c"], kinds["r"],
                     kinds["f"], converter.balancing_frees,
                     builder.ids_used, builder.peak_bytes))
    dropped = ["%d %s" % (converter.dropped[reason], reason)
               for reason in DROPPED_REASONS if converter.dropped[reason]]
    lines.append("dropped: " + ("; ".join(dropped) or "nothing"))
    adjusted = ["%d %s" % (converter.adjusted[reason], reason)
                for reason in ADJUSTED_REASONS if converter.adjusted[reason]]
    if adjusted:
        lines.append("adjusted: " + "; ".join(adjusted))
    return lines


# -- the command -------------------------------------------------------------

def build_parser():
    parser = argparse.ArgumentParser(
        prog="tools/log2trace.py", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("logs", nargs="+", metavar="LOG",
                        help="recorder logs (MMREC_LOG.PID files)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the trace here (default: standard "
                             "output)")
    parser.add_argument("--max-ops", type=positive, metavar="N",
                        help="at most N ops in the trace, balancing frees "
                             "included")
    parser.add_argument("--balance", dest="balance", action="store_true",
                        default=True,
                        help="free every block left live (the default)")
    parser.add_argument("--no-balance", dest="balance", action="store_false",
                        help="leave the blocks live at the end live")
    parser.add_argument("--process", default="largest",
                        metavar="largest|all|NAME",
                        help="which process images to convert (default: "
                             "largest)")
    parser.add_argument("--weight", type=int, choices=(0, 1, 2, 3),
                        default=1, help="the trace's weight (default 1)")
    parser.add_argument("--comment", action="append", default=[],
                        metavar="TEXT",
                        help="a comment line for the trace (repeatable)")
    return parser


def log_to_trace(logs, max_ops=None, balance=True, process="largest",
                 weight=1, comments=(), warn=None):
    """(trace bytes, summary lines) for the logs; raises LogError."""
    malformed = []

    def note_malformed(log, number):
        malformed.append((log, number))
        if warn and len(malformed) <= MALFORMED_LINES_SHOWN:
            warn("%s:%d: warning: not a recorder record, skipped"
                 % (log, number))

    images = index_images(logs)
    chosen = select_images(images, process)
    converter = convert_images(chosen, max_ops, balance, note_malformed)
    converter.dropped[DROPPED_MALFORMED] += len(malformed)
    summary = summary_lines(images, chosen, converter)
    provenance = list(comments) + ["log2trace: " + line for line in summary]
    return converter.builder.render(weight, provenance), summary



def main():
    quit_quietly_on_closed_pipe()
    args = build_parser().parse_args()

    def warn(message):
        print(message, file=sys.stderr)

    try:
        text, summary = log_to_trace(args.logs, args.max_ops, args.balance,
                                     args.process, args.weight, args.comment,
                                     warn)
    except (OSError, LogError) as error:
        print("tools/log2trace.py: error: %s" % error, file=sys.stderr)
        return EXIT_USAGE
    for line in summary:
        warn("log2trace: " + line)
    if args.output:
        with open(args.output, "wb") as out:
            out.write(text)
    else:
        sys.stdout.buffer.write(text)
    return 0

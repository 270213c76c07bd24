#!/usr/bin/env python3
"""classic_util.py - the utilization the classic CS:APP kit gives a run,
computed apart from the driver, beside what the driver gave.

    tests/compat/classic-set/classic_util.py RESULT.json

RESULT.json is what `./mdriver -j` printed for one allocator; the traces
are read again from the paths it names. For each trace this script reads
the ops as the classic driver's fscanf parser read them (every header is
classic, its weight unused; an "a ID" or "r ID" with no size keeps the
last size read; CR is white space like any other), follows the live
payload bytes as its eval_mm_util did (a adds the size, r adds new minus
old, f takes the block's size away) to their peak, and divides by the
final heap size the driver measured. The classic kit's mean is over every
trace, with no weights.

Prints one row per trace (the weight the driver gave it, the driver's
utilization, the classic one) and both means; exit status 0 when every
figure agrees to the driver's six significant digits, else 1.
"""

import json
import sys


class Tokens:
    """The white-space separated words of a file, as fscanf sees them."""

    def __init__(self, text):
        self.words = text.split()
        self.at = 0

    def word(self):
        """The next word (fscanf's %s), or None at the end."""
        if self.at == len(self.words):
            return None
        self.at += 1
        return self.words[self.at - 1]

    def number(self):
        """The next word when it starts with a digit (fscanf's %u), else
        None, and the word is left to be read again."""
        if self.at == len(self.words) or not self.words[self.at][:1].isdigit():
            return None
        self.at += 1
        digits = ""
        for c in self.words[self.at - 1]:
            if not c.isdigit():
                break
            digits += c
        return int(digits)


def classic_peak(path):
    """The peak of live payload bytes, by the classic driver's reading."""
    with open(path, encoding="ascii") as source:
        tokens = Tokens(source.read())
    for _ in range(4):
        tokens.number()
    sizes = {}
    size = None
    live = peak = 0
    kind = tokens.word()
    while kind is not None:
        block = tokens.number()
        if kind[0] in "ar":
            given = tokens.number()
            size = given if given is not None else size
            live += size - sizes.get(block, 0) if kind[0] == "r" else size
            sizes[block] = size
            peak = max(peak, live)
        elif kind[0] == "f":
            live -= sizes.pop(block)
        else:
            raise ValueError("%s: the classic driver stops at '%s'" % (path, kind))
        kind = tokens.word()
    return peak


def six_digits(x):
    return "%.6g" % x


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as source:
        run = json.load(source)
    agree = True
    classic_sum = 0.0
    print("%-24s %6s %12s %12s" % ("trace", "weight", "kit util", "classic util"))
    for trace in run["traces"]:
        classic = classic_peak(trace["name"]) / trace["heap_bytes"]
        classic_sum += classic
        agree &= six_digits(classic) == six_digits(trace["util"])
        print("%-24s %6d %12s %12s" % (trace["name"].rsplit("/", 1)[-1], trace["weight"],
                                       six_digits(trace["util"]), six_digits(classic)))
    classic_mean = classic_sum / len(run["traces"])
    agree &= six_digits(classic_mean) == six_digits(run["util"])
    print("%-31s %12s %12s" % ("mean", six_digits(run["util"]), six_digits(classic_mean)))
    print("kit: mean over the traces of weight 1 and 2; classic: over every trace")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

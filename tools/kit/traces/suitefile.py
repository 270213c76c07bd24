"""suitefile.py - read a suite file: which traces to generate, and how.

A suite file lists one trace per line:

    FILE  CLASS  [gentrace.py options]  | what the trace stresses

FILE is a name relative to the folder the traces go to; CLASS and the
options are exactly what follows `tools/gentrace.py` on its command line
(without -o), so any entry can be tried by hand. The text after `|` is a
short description for the table in traces/README.md. Lines starting with
`#` and blank lines are ignored. File names must be unique.

CLASS `recorded`, with no options, marks a trace recorded from a program
(tools/record): it is never generated, and FILE in the suite file's own
folder is the trace itself, copied unchanged wherever the suite is written.
"""

from collections import namedtuple

# file: trace file name; arguments: gentrace.py arguments (list of words);
# stresses: description; line: where the entry is in the suite file.
SuiteEntry = namedtuple("SuiteEntry", "file arguments stresses line")


RECORDED = "recorded"


class SuiteError(ValueError):
    """A suite file line that is not a valid entry."""


def is_recorded(entry):
    """True for a program recording, which is copied, never generated."""
    return entry.arguments[0] == RECORDED


def read_suite(path):
    """The entries of a suite file, in file order."""
    entries = []
    seen = {}
    with open(path, encoding="ascii") as source:
        for number, line in enumerate(source, 1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            command, _, stresses = text.partition("|")
            words = command.split()
            where = "%s:%d" % (path, number)
            if len(words) < 2:
                raise SuiteError("%s: expected FILE CLASS [options] | "
                                 "description" % where)
            if words[0] in seen:
                raise SuiteError("%s: %s already listed on line %d"
                                 % (where, words[0], seen[words[0]]))
            if words[1] == RECORDED and len(words) > 2:
                raise SuiteError("%s: a recorded trace takes no options"
                                 % where)
            seen[words[0]] = number
            entries.append(SuiteEntry(words[0], words[1:], stresses.strip(),
                                      number))
    return entries

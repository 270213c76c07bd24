"""picturelib.py - small helpers shared by timeline.py and heapmap.py.

Formatting of byte counts and SVG coordinates, trace names as --trace
matches them, and the quiet exit on a closed pipe that command-line tools
owe their readers.
"""
import os
import signal

BYTE_UNITS = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB"),
              (1, "B")]


def number(value):
    """A coordinate for the SVG: one decimal, no trailing .0."""
    text = "%.1f" % value
    return text[:-2] if text.endswith(".0") else text


def human_bytes(value):
    """1.25 MiB, 768 KiB, 40 B."""
    for unit, name in BYTE_UNITS:
        if value >= unit or unit == 1:
            digits = ("%.2f" % (value / unit)).rstrip("0").rstrip(".")
            return "%s %s" % (digits, name)
    raise AssertionError("the 1-byte unit matches every value")


def trace_stem(trace):
    """binary1 for /work/main/traces/binary1.rep."""
    return os.path.splitext(os.path.basename(trace))[0]


def trace_matches(trace, name):
    """Whether --trace NAME picks this trace: its path, file name or stem."""
    return name in (trace, os.path.basename(trace), trace_stem(trace))


def quit_quietly_on_closed_pipe():
    """Die silently, as other Unix tools do, when the reader of standard
    output goes away (`... | head`)."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)

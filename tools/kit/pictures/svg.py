"""svg.py - the one SVG writer of the pictures, and what they share.

A picture is a list of SVG elements; document() wraps it with the header
and a white background, text() writes every label the same way, and
number() every coordinate. Also: byte counts for people, trace names as
--trace matches them, and the file names of several pictures written
from one input.
"""
import os
import re
import sys
from xml.sax.saxutils import escape

BYTE_UNITS = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB"),
              (1, "B")]
# The font size of a label unless it says otherwise.
FONT_SIZE = 12


def number(value):
    """A coordinate for the SVG: one decimal, no trailing .0."""
    text = "%.1f" % value
    return text[:-2] if text.endswith(".0") else text


def text(x, y, content, anchor="start", size=FONT_SIZE, weight=None,
         fill=None, extra=""):
    """A <text> label at (x, y); content is escaped, extra is attributes
    written as they are (such as ' id="title"')."""
    attributes = 'x="%s" y="%s"' % (number(x), number(y))
    if fill:
        attributes += ' fill="%s"' % fill
    if anchor != "start":
        attributes += ' text-anchor="%s"' % anchor
    if size != FONT_SIZE:
        attributes += ' font-size="%d"' % size
    if weight:
        attributes += ' font-weight="%s"' % weight
    return "<text %s%s>%s</text>" % (attributes, extra, escape(content))


def document(width, height, elements):
    """The text of an SVG file of width x height holding elements on a
    white background."""
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'viewBox="0 0 %d %d" font-family="sans-serif" font-size="%d">'
           % (width, height, width, height, FONT_SIZE),
           '<rect width="100%" height="100%" fill="white"/>']
    out += elements
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write(svg, path):
    """The picture to standard output when path is "-", else into the file
    at path, whose name is then printed."""
    if path == "-":
        sys.stdout.write(svg)
        return
    with open(path, "w", encoding="utf-8") as out:
        out.write(svg)
    print(path)


def suffixed_path(base, parts):
    """base (OUT.svg) with -PART-PART before its extension, each part's
    characters outside [A-Za-z0-9._-] as _: one file per picture."""
    stem, extension = os.path.splitext(base)
    suffix = "-".join(re.sub(r"[^A-Za-z0-9._-]", "_", part) for part in parts)
    return "%s-%s%s" % (stem, suffix, extension or ".svg")


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

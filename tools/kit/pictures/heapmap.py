"""heapmap.py - draw the heap by address at one moment, as SVG or text.

    ./mdriver -m segregated -H heapmap.json -f traces/binary1.rep
    tools/heapmap.py heapmap.json -o heapmap.svg
    tools/heapmap.py heapmap.json --text

The driver's -H file has one JSON object per line, one per allocator and
trace, taken when the live bytes peak (or after trace line -O LINE):

    {"allocator", "trace", "op", "line", "heap_bytes", "live_bytes",
     "blocks": [[offset, size, id], ...]}

with every live payload's offset from the heap's first byte, sorted by
address. A run that fails a check has one more map, of the blocks live when
the check failed, and every failed run ends with a line of its verdict:
{"allocator", "trace", "op", "line", "verdict", "message"} (the -j verdict
object and the driver's sentence). A failed run's map says so, gives the
message, and shows no utilization: the driver gives it none. Nothing else is known about the heap, and nothing else is needed:
whatever lies between payloads is headers, padding or free space, which is
what fragmentation is made of.

The picture reads like a page of text: the heap runs left to right along
a row, then on to the next row down, each row covering heap_bytes / rows
bytes. It is cut into cells (pixels of the SVG, characters of --text), and
each cell shows the fraction of its bytes that are payload:

  - SVG: a cell is tinted in the colour of the payload that covers most of
    it, fully where the cell is all payload, paler as the fraction drops
    (in quarters, rounded up, so a single payload byte still shows), and is
    light grey where it holds no payload at all. Colours go by size class
    (power-of-two ranges of the request size, keyed in the picture, each
    class its own colour however many there are) or,
    with --colour id, by a hash of the block id, which tells neighbours
    apart. The largest gap before or between payloads is underlined in
    red (the heap above the last payload is its unused top, not a gap).
  - Text: ' ' no payload, '.' up to a third, ':' up to two thirds, '#'
    more; --unicode shades ' ', '░', '▒', '▓', '█' in quarters instead.

A cell that covers many small blocks becomes one shade, so the size of the
output is bounded by the number of cells, never by the number of blocks.
Each picture states the heap size, the live bytes, the utilization at that
moment (live / heap), the number of blocks, the largest gap before or
between payloads (an upper bound on the largest free block below the last
payload, since the gap also holds the neighbours' headers and footers),
and the unused top above the last payload.

Which file: the -o name for one map; with several, each goes to the -o
name (default: the JSON file's name with .svg) with the allocator and the
trace before the extension, whichever of the two differ between the maps.
--allocator and --trace pick maps. A file that holds the same allocator
and trace twice (the driver appends) counts the later map.

The output depends on nothing but the input: same JSON, same bytes.
"""

import argparse
import colorsys
import json
import os
import sys
import textwrap

from ..commandline import quit_quietly_on_closed_pipe
from .svg import (document, human_bytes, number, suffixed_path,
                  trace_matches, trace_stem, write)
from .svg import text as svg_text

EXIT_ERROR = 1

ASCII_SHADES = " .:#"
UNICODE_SHADES = " \u2591\u2592\u2593\u2588"
TEXT_COLUMNS = 64
TEXT_ROWS = 16

SVG_WIDTH = 1024
SVG_ROWS = 64
ROW_HEIGHT = 10
ROW_GAP = 4
MARGIN_LEFT = 84
MARGIN_RIGHT = 24
KEY_ENTRY_WIDTH = 180
TINT_LEVELS = 4
ROW_LABELS = 16

BACKGROUND = (0xe6, 0xe6, 0xe6)
GAP_COLOUR = "#d00000"
# Ten colours for block ids (hashed); none is grey, which would read as
# background.
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
           "#8c564b", "#e377c2", "#bcbd22", "#17becf", "#393b79"]
FAIL_COLOUR = "#c0392b"
# Width of a character of the 12-pixel legend, to wrap it (an upper bound
# for the sans-serif fonts browsers use).
CHARACTER_WIDTH = 7

class HeapMapError(Exception):
    pass


def offset_label(offset, heap_bytes):
    """A heap offset in hex, as wide as the heap's last one."""
    return "0x%0*x" % (len("%x" % max(0, heap_bytes - 1)), offset)


FIELDS = [("allocator", str), ("trace", str), ("op", int), ("line", int),
          ("heap_bytes", int), ("live_bytes", int), ("blocks", list)]


def checked_map(heap_map, where):
    """The heap map if its fields make sense, else HeapMapError."""
    for key, kind in FIELDS:
        if not isinstance(heap_map.get(key), kind):
            raise HeapMapError("%s: \"%s\" is missing or not a %s"
                               % (where, key, "string" if kind is str
                                  else kind.__name__))
    end_of_previous = 0
    for block in heap_map["blocks"]:
        if (not isinstance(block, list) or len(block) != 3
                or not all(isinstance(field, int) for field in block)
                or block[1] < 0):
            raise HeapMapError("%s: a block is not [offset, size, id]: %s"
                               % (where, block))
        offset, size, _ = block
        if offset < end_of_previous:
            raise HeapMapError("%s: block %s starts before the previous one "
                               "ends (%d): blocks must be sorted by address "
                               "and disjoint"
                               % (where, block, end_of_previous))
        if offset + size > heap_map["heap_bytes"]:
            raise HeapMapError("%s: block %s ends past the heap's %d bytes"
                               % (where, block, heap_map["heap_bytes"]))
        end_of_previous = offset + size
    return heap_map


def checked_verdict(line, where):
    """A failed run's verdict line, if its fields make sense."""
    if not isinstance(line.get("verdict"), dict) or \
            not isinstance(line.get("message"), str):
        raise HeapMapError("%s: a verdict line needs \"verdict\" (an object) "
                           "and \"message\"" % where)
    return line


def read_maps(lines, source="heapmap"):
    """The heap maps of a -H file, a later map of the same allocator and
    trace replacing an earlier one; a verdict line is added to the map
    before it (or stands alone when the run failed before any map). Raises
    HeapMapError with FILE:LINE."""
    maps = {}
    for line_number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = "%s:%d" % (source, line_number)
        try:
            heap_map = json.loads(line)
        except ValueError as error:
            raise HeapMapError("%s: not JSON: %s" % (where, error)) from None
        if not isinstance(heap_map, dict):
            raise HeapMapError("%s: not a JSON object" % where)
        if "blocks" not in heap_map and "verdict" in heap_map:
            verdict = checked_verdict(heap_map, where)
            key = (verdict.get("allocator"), verdict.get("trace"))
            if key in maps:
                maps[key]["verdict"] = verdict["verdict"]
                maps[key]["message"] = verdict["message"]
            else:
                maps[key] = verdict
            continue
        heap_map = checked_map(heap_map, where)
        key = (heap_map["allocator"], heap_map["trace"])
        maps.pop(key, None)
        maps[key] = heap_map
    return list(maps.values())


def largest_gap(heap_map):
    """(offset, length) of the longest run of bytes before or between
    payloads, the earliest of equal runs; the heap above the last payload
    is not a gap between payloads but its unused top (unused_top)."""
    best = (0, 0)
    end_of_previous = 0
    for offset, size, _ in heap_map["blocks"]:
        if offset - end_of_previous > best[1]:
            best = (end_of_previous, offset - end_of_previous)
        end_of_previous = max(end_of_previous, offset + size)
    return best


def unused_top(heap_map):
    """The bytes of the heap above its last payload (all of it, when it
    holds none)."""
    end = max((offset + size for offset, size, _ in heap_map["blocks"]),
              default=0)
    return max(0, heap_map["heap_bytes"] - end)


def utilization(heap_map):
    heap_bytes = heap_map["heap_bytes"]
    return 1.0 if heap_bytes == 0 else heap_map["live_bytes"] / heap_bytes


def has_map(heap_map):
    return "blocks" in heap_map


def failed(heap_map):
    return "verdict" in heap_map


def utilization_words(heap_map):
    """"utilization 62.5%", or for a failed run none: it has no
    utilization."""
    if failed(heap_map):
        return "failed, no utilization"
    return "utilization %.1f%%" % (100 * utilization(heap_map))


def blocks_words(count):
    """"1 block", "2 blocks"."""
    return "%d block%s" % (count, "" if count == 1 else "s")


def summary_line(heap_map):
    """What a map says, in one line (and a failed run's message after)."""
    gap_offset, gap = largest_gap(heap_map)
    line = ("%s on %s after op %d (line %d): heap %s, live %s, %s, %s, "
            "largest gap %s at offset 0x%x, unused top %s"
            % (heap_map["allocator"], os.path.basename(heap_map["trace"]),
               heap_map["op"], heap_map["line"],
               human_bytes(heap_map["heap_bytes"]),
               human_bytes(heap_map["live_bytes"]),
               utilization_words(heap_map), blocks_words(len(heap_map["blocks"])),
               human_bytes(gap), gap_offset,
               human_bytes(unused_top(heap_map))))
    if failed(heap_map):
        line += "\n" + heap_map["message"]
    return line


def cell_coverage(blocks, heap_bytes, cells):
    """Cut the heap into `cells` cells, cell c covering the bytes from
    c * heap_bytes / cells up to (c + 1) * heap_bytes / cells. Returns two
    lists: the payload bytes of each cell times `cells` (so the payload
    fraction is that over heap_bytes, exactly, in integers), and the index
    in `blocks` of the payload that covers most of the cell (-1: none; the
    lower address wins a tie). O(cells + blocks)."""
    payload = [0] * cells
    owner = [-1] * cells
    owner_share = [0] * cells
    for index, (offset, size, _) in enumerate(blocks):
        if size == 0:
            continue
        start, end = offset * cells, (offset + size) * cells
        for cell in range(start // heap_bytes, (end - 1) // heap_bytes + 1):
            share = (min(end, (cell + 1) * heap_bytes)
                     - max(start, cell * heap_bytes))
            payload[cell] += share
            if share > owner_share[cell]:
                owner[cell], owner_share[cell] = index, share
    return payload, owner


def shade_index(payload, heap_bytes, levels):
    """0 for a cell without payload, else 1..levels: the payload fraction
    (payload / heap_bytes, as cell_coverage gives it) rounded up to a
    multiple of 1/levels."""
    return -(-payload * levels // heap_bytes)


def default_rows(heap_bytes, columns, wanted):
    """`wanted` rows, or fewer for a heap so small that a cell would cover
    less than a byte."""
    return max(1, min(wanted, heap_bytes // columns))


def text_rows(heap_map, columns, rows, shades=ASCII_SHADES):
    """The map as `rows` strings of `columns` characters, each character
    the shade of its cell's payload fraction."""
    heap_bytes = heap_map["heap_bytes"]
    if heap_bytes == 0:
        return []
    payload, _ = cell_coverage(heap_map["blocks"], heap_bytes,
                               columns * rows)
    levels = len(shades) - 1
    characters = "".join(shades[shade_index(share, heap_bytes, levels)]
                         for share in payload)
    return [characters[row * columns:(row + 1) * columns]
            for row in range(rows)]


def format_text(heap_map, columns=TEXT_COLUMNS, rows=None,
                shades=ASCII_SHADES):
    """The summary line, the scale, then the rows framed, each led by the
    hex offset of its first byte."""
    heap_bytes = heap_map["heap_bytes"]
    if heap_bytes == 0:
        return summary_line(heap_map) + "\n(no simulated heap)\n"
    rows = rows or default_rows(heap_bytes, columns, TEXT_ROWS)
    labels = [offset_label(row * heap_bytes // rows, heap_bytes)
              for row in range(rows)]
    width = len(labels[0])
    lines = [summary_line(heap_map),
             "%*s  one character = %s, one row = %s"
             % (width, "", human_bytes(heap_bytes / (columns * rows)),
                human_bytes(heap_bytes / rows))]
    for label, row in zip(labels, text_rows(heap_map, columns, rows, shades)):
        lines.append("%s |%s|" % (label, row))
    return "\n".join(lines) + "\n"


def size_class(size):
    """Power-of-two class: 0 holds size 0, k >= 1 holds 2**(k-1) up to
    2**k - 1."""
    return size.bit_length()


def class_colour(klass):
    """The colour of a size class: hues a golden angle apart, so that
    neighbouring classes differ and no two classes share a colour, with
    three lightnesses in turn."""
    hue = (klass * 0.381966) % 1.0
    lightness = (0.42, 0.55, 0.34)[klass % 3]
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, 0.65)
    return "#%02x%02x%02x" % (round(red * 255), round(green * 255),
                              round(blue * 255))


def size_class_label(klass):
    """The sizes of a class as a half-open range: [64 B, 128 B)."""
    if klass == 0:
        return "0 B"
    return "[%s, %s)" % (human_bytes(1 << (klass - 1)),
                         human_bytes(1 << klass))


def id_colour_index(block_id):
    """A palette index that looks random in the id but is always the same
    (Knuth's multiplicative hash)."""
    return (block_id * 2654435761) % (1 << 32) % len(PALETTE)


def tint(colour, level, levels=TINT_LEVELS):
    """The colour paled towards the background: `level` of `levels` parts
    colour, the rest background."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    mixed = [back + (full - back) * level // levels
             for full, back in zip(rgb, BACKGROUND)]
    return "#%02x%02x%02x" % tuple(mixed)


class Layout:
    """Where things go on the canvas: the title, the legend lines, the
    colour key, then the rows, each ROW_HEIGHT tall with ROW_GAP below."""

    LINE_PITCH = 17
    KEY_PITCH = 18

    def __init__(self, width, rows, key_entries, legend_lines=4,
                 key_entry_width=KEY_ENTRY_WIDTH):
        self.width = width
        self.rows = rows
        self.key_entry_width = key_entry_width
        self.key_per_line = max(1, width // key_entry_width)
        key_lines = -(-key_entries // self.key_per_line)
        legend_bottom = 28 + self.LINE_PITCH * legend_lines
        self.key_top = legend_bottom + 22
        self.rows_top = legend_bottom + self.KEY_PITCH * key_lines + 16
        self.canvas_width = MARGIN_LEFT + width + MARGIN_RIGHT
        self.canvas_height = self.row_top(rows) + 10

    def legend_y(self, line):
        return 28 + self.LINE_PITCH * (line + 1)

    def key_position(self, entry):
        return (MARGIN_LEFT + entry % self.key_per_line * self.key_entry_width,
                self.key_top + entry // self.key_per_line * self.KEY_PITCH)

    def row_top(self, row):
        return self.rows_top + row * (ROW_HEIGHT + ROW_GAP)

    def row_middle(self, row):
        return self.row_top(row) + ROW_HEIGHT // 2


def legend_lines(heap_map, rows, width, colour_by):
    """The legend's sentences, each wrapped to the picture's width; a
    failed run's message first."""
    heap_bytes, live_bytes = heap_map["heap_bytes"], heap_map["live_bytes"]
    gap_offset, gap = largest_gap(heap_map)
    characters = max(20, width // CHARACTER_WIDTH)
    sentences = []
    if failed(heap_map):
        sentences.append("FAILED: " + heap_map["message"])
    sentences += [
        "heap %s (%d bytes), live %s (%d bytes), %s, "
        "%s" % (human_bytes(heap_bytes), heap_bytes,
                human_bytes(live_bytes), live_bytes,
                utilization_words(heap_map), blocks_words(len(heap_map["blocks"]))),
        "largest gap before or between payloads (underlined in red): %s "
        "(%d bytes) at offset 0x%x; unused top, above the last payload: %s"
        % (human_bytes(gap), gap, gap_offset,
           human_bytes(unused_top(heap_map))),
        "one row = %s, one pixel = %s; read left to right, top to bottom; "
        "rows start at the hex offsets on the left"
        % (human_bytes(heap_bytes / rows),
           human_bytes(heap_bytes / (rows * width))),
        "colour: the %s of the payload covering most of a pixel, paler where "
        "less of it is payload; grey: headers, padding, free space"
        % ("size class" if colour_by == "size" else "block id (hashed)"),
    ]
    lines = []
    for sentence in sentences:
        lines += [(line, sentence.startswith("FAILED"))
                  for line in textwrap.wrap(sentence, characters)]
    return lines


def block_colours(blocks, colour_by):
    if colour_by == "size":
        return [class_colour(size_class(size)) for _, size, _ in blocks]
    return [PALETTE[id_colour_index(block_id)] for _, _, block_id in blocks]


def class_counts(blocks):
    """{size class: number of blocks}, in class order."""
    counts = {}
    for _, size, _ in blocks:
        counts[size_class(size)] = counts.get(size_class(size), 0) + 1
    return dict(sorted(counts.items()))


def run_commands(runs, layout):
    """Path commands that draw runs [(row, first column, length)], sorted
    by position: a horizontal line each, moving relative to the previous
    one on the same row, which keeps the commands short."""
    commands = []
    previous_row, previous_end = None, 0
    for row, first, length in runs:
        if row == previous_row:
            commands.append("m%d 0h%d" % (first - previous_end, length))
        else:
            commands.append("M%d %dh%d" % (MARGIN_LEFT + first,
                                           layout.row_middle(row), length))
        previous_row, previous_end = row, first + length
    return "".join(commands)


def cell_paths(heap_map, layout, colours):
    """SVG paths of the rows: the grey background, then one path per tint
    made of the runs of neighbouring cells of that tint, each drawn as a
    stroke as tall as a row. A stretch of equal cells costs one command
    however many blocks it holds, so the size is bounded by the cells."""
    heap_bytes = heap_map["heap_bytes"]
    width = layout.width
    payload, owner = cell_coverage(heap_map["blocks"], heap_bytes,
                                   layout.rows * width)
    runs_by_tint = {}
    for row in range(layout.rows):
        run_start, run_tint = 0, None
        for column in range(width + 1):
            cell_tint = None
            if column < width:
                cell = row * width + column
                level = shade_index(payload[cell], heap_bytes, TINT_LEVELS)
                if level:
                    cell_tint = tint(colours[owner[cell]], level)
            if cell_tint != run_tint:
                if run_tint is not None:
                    runs_by_tint.setdefault(run_tint, []).append(
                        (row, run_start, column - run_start))
                run_start, run_tint = column, cell_tint
    background = [(row, 0, width) for row in range(layout.rows)]
    paths = ['<path stroke="#%02x%02x%02x" stroke-width="%d" d="%s"/>'
             % (BACKGROUND + (ROW_HEIGHT, run_commands(background, layout)))]
    for cell_tint in sorted(runs_by_tint):
        paths.append('<path stroke="%s" stroke-width="%d" d="%s"/>'
                     % (cell_tint, ROW_HEIGHT,
                        run_commands(runs_by_tint[cell_tint], layout)))
    return paths


def gap_underline(heap_map, layout):
    """A red line below the largest gap, on every row it spans."""
    gap_offset, gap = largest_gap(heap_map)
    if gap == 0:
        return []
    width, cells = layout.width, layout.rows * layout.width
    first = gap_offset * cells / heap_map["heap_bytes"]
    last = (gap_offset + gap) * cells / heap_map["heap_bytes"]
    commands = []
    for row in range(int(first // width),
                     min(layout.rows, -int(-last // width))):
        left = max(first, row * width) - row * width
        right = min(last, (row + 1) * width) - row * width
        if right > left:
            commands.append("M%s %dh%s"
                            % (number(MARGIN_LEFT + left),
                               layout.row_top(row) + ROW_HEIGHT + 1,
                               number(max(1, right - left))))
    return ['<path id="largest-gap" stroke="%s" stroke-width="2" d="%s"/>'
            % (GAP_COLOUR, "".join(commands))]


def map_svg(heap_map, width=SVG_WIDTH, rows=None, colour_by="size"):
    """The SVG text of one heap map; colour_by is "size" or "id"."""
    heap_bytes = heap_map["heap_bytes"]
    blocks = heap_map["blocks"]
    assert heap_bytes > 0, "only a simulated heap can be drawn"
    rows = rows or default_rows(heap_bytes, width, SVG_ROWS)
    counts = class_counts(blocks) if colour_by == "size" else {}
    keys = ["%s: %s" % (size_class_label(klass), blocks_words(count))
            for klass, count in counts.items()]
    legend = legend_lines(heap_map, rows, width, colour_by)
    key_width = 19 + CHARACTER_WIDTH * max([len(key) for key in keys] + [1]) + 14
    layout = Layout(width, rows, len(counts), len(legend),
                    max(KEY_ENTRY_WIDTH, key_width))
    out = [svg_text(MARGIN_LEFT, 24, "Heap of %s on %s after op %d (trace "
                    "line %d)" % (heap_map["allocator"],
                                  os.path.basename(heap_map["trace"]),
                                  heap_map["op"], heap_map["line"]),
                    size=15, weight="bold")]
    for line, (words, warning) in enumerate(legend):
        out.append(svg_text(MARGIN_LEFT, layout.legend_y(line), words,
                            fill=FAIL_COLOUR if warning else None))
    for entry, (klass, key) in enumerate(zip(counts, keys)):
        x, y = layout.key_position(entry)
        out.append('<rect x="%d" y="%d" width="14" height="11" fill="%s"/>'
                   % (x, y - 10, class_colour(klass)))
        out.append(svg_text(x + 19, y, key))
    out += cell_paths(heap_map, layout, block_colours(blocks, colour_by))
    out += gap_underline(heap_map, layout)
    # The offsets of enough rows' first bytes to find one's way.
    out.append('<g font-size="11" fill="#333">')
    for row in range(0, rows, max(1, rows // ROW_LABELS)):
        out.append(svg_text(MARGIN_LEFT - 6,
                            layout.row_top(row) + ROW_HEIGHT - 1,
                            offset_label(row * heap_bytes // rows,
                                         heap_bytes),
                            anchor="end"))
    out.append("</g>")
    return document(layout.canvas_width, layout.canvas_height, out)


def output_paths(output, source, maps):
    """Where each map goes (see the module comment), in the maps' order."""
    base = output or os.path.splitext(source)[0] + ".svg"
    if len(maps) == 1:
        return [base]
    if base == "-":
        raise HeapMapError("-o - writes one map, but %d are picked: pick one "
                           "with --allocator and --trace" % len(maps))
    several_allocators = len({m["allocator"] for m in maps}) > 1
    several_traces = len({m["trace"] for m in maps}) > 1
    paths = []
    for heap_map in maps:
        parts = []
        if several_allocators:
            parts.append(heap_map["allocator"])
        if several_traces:
            parts.append(trace_stem(heap_map["trace"]))
        paths.append(suffixed_path(base, parts))
    return paths


def build_parser():
    parser = argparse.ArgumentParser(
        prog="tools/heapmap.py", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("json", metavar="JSON",
                        help="heap maps written by mdriver -H")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="where to write ('-': standard output); "
                             "default: JSON with .svg, or standard output "
                             "with --text")
    parser.add_argument("--text", action="store_true",
                        help="print the maps as text instead of drawing SVG")
    parser.add_argument("--unicode", action="store_true",
                        help="with --text: shade with Unicode blocks, not "
                             "' .:#'")
    parser.add_argument("--width", metavar="N", type=int,
                        help="cells per row: pixels of the SVG (default %d), "
                             "characters of --text (default %d)"
                             % (SVG_WIDTH, TEXT_COLUMNS))
    parser.add_argument("--rows", metavar="N", type=int,
                        help="rows (default %d for SVG, %d for --text; fewer "
                             "for a heap of fewer bytes than cells)"
                             % (SVG_ROWS, TEXT_ROWS))
    parser.add_argument("--colour", choices=("size", "id"), default="size",
                        help="colour payloads by size class (default) or "
                             "by block id")
    parser.add_argument("--allocator", metavar="A", action="append",
                        help="only maps of this allocator (repeatable, or a "
                             "comma-separated list)")
    parser.add_argument("--trace", metavar="NAME",
                        help="only maps of this trace: its path, file name "
                             "or name without .rep")
    return parser


def picked_maps(args):
    allocators = None
    if args.allocator:
        allocators = [name for word in args.allocator
                      for name in word.split(",") if name]
    with open(args.json) as source:
        maps = read_maps(source, args.json)
    maps = [heap_map for heap_map in maps
            if (allocators is None or heap_map["allocator"] in allocators)
            and (args.trace is None
                 or trace_matches(heap_map["trace"], args.trace))]
    if not maps:
        raise HeapMapError("%s: no heap map of the allocators and trace "
                           "asked for" % args.json)
    without = [m for m in maps if not has_map(m)]
    if len(without) == len(maps):
        raise HeapMapError("%s: no heap map: %s" % (args.json, "; ".join(
            "%s failed before its first op: %s" % (m["allocator"], m["message"])
            for m in without)))
    for m in without:
        print("tools/heapmap.py: %s failed before its first op, no map: %s"
              % (m["allocator"], m["message"]), file=sys.stderr)
    return [m for m in maps if has_map(m)]


def write_text(args, maps):
    shades = UNICODE_SHADES if args.unicode else ASCII_SHADES
    text = "\n".join(format_text(heap_map, args.width or TEXT_COLUMNS,
                                 args.rows, shades)
                     for heap_map in maps)
    if args.output and args.output != "-":
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)


def write_svgs(args, maps):
    drawable = [heap_map for heap_map in maps if heap_map["heap_bytes"] > 0]
    if not drawable:
        raise HeapMapError("%s: the maps picked have no simulated heap to "
                           "draw" % args.json)
    paths = output_paths(args.output, args.json, drawable)
    for heap_map, path in zip(drawable, paths):
        write(map_svg(heap_map, args.width or SVG_WIDTH, args.rows,
                      args.colour), path)


def main():
    quit_quietly_on_closed_pipe()
    parser = build_parser()
    args = parser.parse_args()
    for name in ("width", "rows"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            parser.error("--%s must be at least 1" % name)
    try:
        maps = picked_maps(args)
        if args.text:
            write_text(args, maps)
        else:
            write_svgs(args, maps)
    except (OSError, HeapMapError) as error:
        print("tools/heapmap.py: error: %s" % error, file=sys.stderr)
        return EXIT_ERROR
    return 0

"""timeline.py and heapmap.py: what the pictures show, from small inputs.

Each test writes its timeline CSV or heap map beside what the picture must
then say: the lines drawn, the peak's place, the utilization, the text
form's characters. The SVGs are parsed as XML, so a test also fails on a
picture that a browser could not open.
"""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest
import xml.etree.ElementTree as ElementTree

TOOLS_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                         os.pardir, os.pardir, "tools"))

from tools.kit.pictures import heapmap, timeline

TIMELINE = os.path.join(TOOLS_DIR, "timeline.py")
HEAPMAP = os.path.join(TOOLS_DIR, "heapmap.py")
SVG = "{http://www.w3.org/2000/svg}"


def csv_lines(text):
    return textwrap.dedent(text).lstrip("\n").splitlines(keepends=True)


def chart(text, **choices):
    """The parsed SVG chart of the one trace in a timeline CSV."""
    runs = timeline.read_timeline(csv_lines(text), **choices)
    svg = timeline.chart_svg(runs[0].trace, runs)
    return ElementTree.fromstring(svg)


def heap_lines(svg):
    return svg.findall("%spolyline[@class='heap']" % SVG)


def title(svg):
    return svg.find("%stext[@id='title']" % SVG).text


def heap_map(heap_bytes, blocks, allocator="a", trace="traces/t.rep"):
    return {"allocator": allocator, "trace": trace, "op": 3, "line": 8,
            "heap_bytes": heap_bytes,
            "live_bytes": sum(size for _, size, _ in blocks),
            "blocks": [list(block) for block in blocks]}


# Two allocators and libc on one five-op trace. Live bytes peak at 50 after
# op 2; the heaps end at 80 and 100 bytes: utilizations 62.5% and 50.0%.
TWO_ALLOCATORS = """
    allocator,trace,op,line,heap_bytes,live_bytes
    tight,traces/t.rep,0,5,32,10
    tight,traces/t.rep,1,6,64,30
    tight,traces/t.rep,2,7,80,50
    tight,traces/t.rep,3,8,80,20
    tight,traces/t.rep,4,9,80,0
    loose,traces/t.rep,0,5,32,10
    loose,traces/t.rep,1,6,64,30
    loose,traces/t.rep,2,7,96,50
    loose,traces/t.rep,3,8,100,20
    loose,traces/t.rep,4,9,100,0
    libc,traces/t.rep,0,5,0,10
    libc,traces/t.rep,1,6,0,30
    libc,traces/t.rep,2,7,0,50
    libc,traces/t.rep,3,8,0,20
    libc,traces/t.rep,4,9,0,0
    """


class TimelineChartTest(unittest.TestCase):

    def test_one_heap_line_per_allocator_with_a_heap(self):
        lines = heap_lines(chart(TWO_ALLOCATORS))
        self.assertEqual([line.get("data-allocator") for line in lines],
                         ["tight", "loose"])

    def test_heap_lines_have_distinct_colours(self):
        lines = heap_lines(chart(TWO_ALLOCATORS))
        self.assertNotEqual(lines[0].get("stroke"), lines[1].get("stroke"))

    def test_title_gives_each_utilization_as_the_driver_computes_it(self):
        self.assertEqual(title(chart(TWO_ALLOCATORS)),
                         "t.rep, 5 ops: utilization tight 62.5%, loose 50.0%")

    def test_peak_marker_sits_at_the_op_of_the_peak(self):
        peak = chart(TWO_ALLOCATORS).find("%scircle[@id='peak']" % SVG)
        middle_of_five_ops = (timeline.PLOT_LEFT + timeline.PLOT_RIGHT) / 2
        self.assertAlmostEqual(float(peak.get("cx")), middle_of_five_ops,
                               places=1)

    def test_peak_marker_is_the_highest_point_of_the_live_area(self):
        svg = chart(TWO_ALLOCATORS)
        peak_y = float(svg.find("%scircle[@id='peak']" % SVG).get("cy"))
        area = svg.find("%spolygon[@class='live']" % SVG).get("points")
        self.assertEqual(min(float(point.split(",")[1])
                             for point in area.split()), peak_y)

    def test_the_first_peak_counts_when_live_bytes_peak_twice(self):
        svg = chart("""
            allocator,trace,op,line,heap_bytes,live_bytes
            a,t.rep,0,5,64,40
            a,t.rep,1,6,64,10
            a,t.rep,2,7,64,40
            """)
        self.assertEqual(float(svg.find("%scircle[@id='peak']" % SVG)
                               .get("cx")), timeline.PLOT_LEFT)

    def test_allocators_can_be_picked_and_ordered(self):
        svg = chart(TWO_ALLOCATORS, allocators=["loose"])
        self.assertEqual([line.get("data-allocator")
                          for line in heap_lines(svg)], ["loose"])
        self.assertEqual(title(svg), "t.rep, 5 ops: utilization loose 50.0%")

    def test_a_trace_can_be_picked_by_path_file_name_or_stem(self):
        for name in ("traces/t.rep", "t.rep", "t"):
            runs = timeline.read_timeline(csv_lines(TWO_ALLOCATORS),
                                          trace=name)
            self.assertEqual(len(runs), 3, name)
        self.assertEqual(timeline.read_timeline(csv_lines(TWO_ALLOCATORS),
                                                trace="other"), [])

    def test_a_later_run_of_the_same_allocator_replaces_the_earlier(self):
        runs = timeline.read_timeline(csv_lines("""
            allocator,trace,op,line,heap_bytes,live_bytes
            a,t.rep,0,5,999,10
            a,t.rep,1,6,999,20
            a,t.rep,0,5,16,10
            a,t.rep,1,6,32,20
            """))
        self.assertEqual(list(runs[0].heap), [16, 32])

    def test_an_op_out_of_order_is_reported_with_its_line(self):
        with self.assertRaisesRegex(timeline.TimelineError,
                                    r"^t\.csv:3: op 2 of a on t\.rep"):
            timeline.read_timeline(csv_lines("""
                allocator,trace,op,line,heap_bytes,live_bytes
                a,t.rep,0,5,16,10
                a,t.rep,2,7,16,10
                """), source="t.csv")

    def test_a_wrong_header_is_reported(self):
        with self.assertRaisesRegex(timeline.TimelineError, r"^t\.csv:1:"):
            timeline.read_timeline(["op,heap\n"], source="t.csv")

    def test_same_input_gives_the_same_bytes(self):
        runs = timeline.read_timeline(csv_lines(TWO_ALLOCATORS))
        self.assertEqual(timeline.chart_svg("traces/t.rep", runs),
                         timeline.chart_svg("traces/t.rep", runs))


class DownsamplingTest(unittest.TestCase):

    def test_a_short_series_keeps_every_value(self):
        self.assertEqual(timeline.downsample([5, 1, 7], buckets=10),
                         [(0, 5), (1, 1), (2, 7)])

    def test_a_one_op_spike_survives(self):
        values = [100] * 100000
        values[61234] = 5000
        samples = timeline.downsample(values, buckets=50)
        self.assertIn((61234, 5000), samples)
        self.assertLessEqual(len(samples), 2 * 50 + 2)

    def test_a_one_op_dip_survives(self):
        values = [100] * 100000
        values[777] = 3
        self.assertIn((777, 3), timeline.downsample(values, buckets=50))

    def test_samples_are_in_op_order_and_keep_both_ends(self):
        values = [(i * 7919) % 1000 for i in range(10000)]
        samples = timeline.downsample(values, buckets=100)
        indices = [index for index, _ in samples]
        self.assertEqual(indices, sorted(set(indices)))
        self.assertEqual((indices[0], indices[-1]), (0, 9999))

    def test_a_long_trace_is_drawn_with_few_points_and_its_peak(self):
        rows = ["allocator,trace,op,line,heap_bytes,live_bytes\n"]
        for op in range(30000):
            live = 50000 if op == 12345 else op % 1000
            rows.append("a,t.rep,%d,%d,%d,%d\n" % (op, op + 5, 60000, live))
        runs = timeline.read_timeline(rows)
        svg = ElementTree.fromstring(timeline.chart_svg("t.rep", runs))
        area = svg.find("%spolygon[@class='live']" % SVG).get("points")
        self.assertLessEqual(len(area.split()),
                             2 * timeline.MAX_BUCKETS + 2)
        peak_y = float(svg.find("%scircle[@id='peak']" % SVG).get("cy"))
        self.assertEqual(min(float(point.split(",")[1])
                             for point in area.split()), peak_y)


class HeapMapTextTest(unittest.TestCase):

    def test_each_character_shows_the_payload_fraction_of_its_bytes(self):
        # 64 bytes in 4 characters of 16 bytes: all payload, 4 of 16,
        # 8 of 16, none.
        tiny = heap_map(64, [(0, 16, 0), (16, 4, 1), (40, 8, 2)])
        self.assertEqual(heapmap.text_rows(tiny, columns=4, rows=1),
                         ["#.: "])

    def test_a_third_and_two_thirds_are_the_thresholds(self):
        # 3 characters of 12 bytes: 4 of 12, 5 of 12, 9 of 12.
        heap = heap_map(36, [(0, 4, 0), (12, 5, 1), (24, 9, 2)])
        self.assertEqual(heapmap.text_rows(heap, columns=3, rows=1), [".:#"])

    def test_rows_follow_one_another_by_address(self):
        # 128 bytes in 2 rows of 4 characters of 16 bytes.
        heap = heap_map(128, [(0, 32, 0), (96, 32, 1)])
        self.assertEqual(heapmap.text_rows(heap, columns=4, rows=2),
                         ["##  ", "  ##"])

    def test_a_block_across_characters_is_shared_out_exactly(self):
        # 48 bytes in 3 characters of 16: a block of bytes 8..40 fills half
        # of the first, all of the second, half of the third.
        heap = heap_map(48, [(8, 32, 0)])
        self.assertEqual(heapmap.text_rows(heap, columns=3, rows=1), [":#:"])

    def test_unicode_shades_go_in_quarters(self):
        heap = heap_map(64, [(0, 4, 0), (16, 8, 1), (32, 12, 2), (48, 16, 3)])
        self.assertEqual(heapmap.text_rows(heap, 4, 1,
                                           heapmap.UNICODE_SHADES),
                         ["\u2591\u2592\u2593\u2588"])

    def test_the_text_form_is_framed_and_summed_up(self):
        heap = heap_map(128, [(0, 32, 0), (96, 32, 1)])
        self.assertEqual(heapmap.format_text(heap, columns=4, rows=2),
                         "a on t.rep after op 3 (line 8): heap 128 B, "
                         "live 64 B, utilization 50.0%, 2 blocks, largest "
                         "gap 64 B at offset 0x20, unused top 0 B\n"
                         "      one character = 16 B, one row = 64 B\n"
                         "0x00 |##  |\n"
                         "0x40 |  ##|\n")


    def test_one_block_is_counted_in_the_singular(self):
        heap = heap_map(64, [(0, 32, 0)])
        self.assertIn(", 1 block, ", heapmap.format_text(heap, columns=4, rows=1))


class HeapMapFactsTest(unittest.TestCase):

    def test_the_largest_gap_lies_between_payloads(self):
        heap = heap_map(256, [(16, 16, 0), (112, 16, 1), (160, 80, 2)])
        self.assertEqual(heapmap.largest_gap(heap), (32, 80))

    def test_the_heaps_start_counts_as_a_gap(self):
        self.assertEqual(heapmap.largest_gap(heap_map(100, [(60, 20, 0)])),
                         (0, 60))

    def test_the_unused_top_is_not_a_gap_between_payloads(self):
        heap = heap_map(100, [(10, 20, 0)])
        self.assertEqual(heapmap.largest_gap(heap), (0, 10))
        self.assertEqual(heapmap.unused_top(heap), 70)

    def test_a_heap_without_payloads_is_all_unused_top(self):
        heap = heap_map(100, [])
        self.assertEqual(heapmap.largest_gap(heap), (0, 0))
        self.assertEqual(heapmap.unused_top(heap), 100)

    def test_utilization_is_live_bytes_over_heap_bytes(self):
        self.assertEqual(heapmap.utilization(heap_map(200, [(0, 50, 0)])),
                         0.25)

    def test_blocks_out_of_address_order_are_reported_with_their_line(self):
        lines = [json.dumps(heap_map(64, [(0, 16, 0)])) + "\n",
                 json.dumps(heap_map(64, [(32, 16, 0), (0, 16, 1)])) + "\n"]
        with self.assertRaisesRegex(heapmap.HeapMapError,
                                    r"^h\.json:2: block \[0, 16, 1\]"):
            heapmap.read_maps(lines, source="h.json")

    def test_a_block_past_the_heaps_end_is_reported(self):
        with self.assertRaisesRegex(heapmap.HeapMapError, "ends past"):
            heapmap.read_maps([json.dumps(heap_map(64, [(48, 32, 0)]))])

    def test_a_later_map_of_the_same_allocator_and_trace_counts(self):
        lines = [json.dumps(heap_map(64, [(0, 16, 0)])),
                 json.dumps(heap_map(32, [(0, 16, 0)]))]
        maps = heapmap.read_maps(lines)
        self.assertEqual([m["heap_bytes"] for m in maps], [32])


# The same trace, where "broken" fails a check at op 3 (its rows stop
# after op 2) and says so in the verdict row the driver appends.
FAILED_RUN = """
    allocator,trace,op,line,heap_bytes,live_bytes,verdict
    tight,traces/t.rep,0,5,32,10,
    tight,traces/t.rep,1,6,64,30,
    tight,traces/t.rep,2,7,80,50,
    tight,traces/t.rep,3,8,80,20,
    tight,traces/t.rep,4,9,80,0,
    broken,traces/t.rep,0,5,16,10,
    broken,traces/t.rep,1,6,32,30,
    broken,traces/t.rep,2,7,48,50,
    broken,traces/t.rep,3,8,,,"{""verdict"": {""kind"": ""failed_check""}, ""message"": ""traces/t.rep:8: f 1: payload of block 1 was changed""}"
    """


class TimelineFailureTest(unittest.TestCase):

    def test_a_failed_allocator_has_no_utilization(self):
        self.assertEqual(title(chart(FAILED_RUN)),
                         "t.rep, 5 ops: utilization tight 62.5%; broken failed")

    def test_a_failed_allocators_legend_gives_the_op_and_the_message(self):
        texts = " ".join(t.text for t in chart(FAILED_RUN).iter("%stext" % SVG))
        self.assertIn("broken: failed at op 3 (no utilization):", texts)
        self.assertIn("traces/t.rep:8: f 1: payload of block 1 was changed", texts)
        self.assertNotIn("broken: heap", texts)

    def test_a_failed_allocators_line_ends_at_the_failing_op_with_a_cross(self):
        svg = chart(FAILED_RUN)
        cross = svg.find("%spath[@class='failure']" % SVG)
        self.assertEqual(cross.get("data-allocator"), "broken")
        plot_width = timeline.PLOT_RIGHT - timeline.PLOT_LEFT
        op_3_of_5 = timeline.PLOT_LEFT + plot_width * 3 / 4
        x = float(cross.get("d")[1:].split()[0]) + 5
        self.assertAlmostEqual(x, op_3_of_5, places=1)
        broken = [line for line in heap_lines(svg)
                  if line.get("data-allocator") == "broken"][0]
        self.assertEqual(len(broken.get("points").split()), 3)

    def test_a_correct_allocator_gets_no_cross(self):
        self.assertIsNone(chart(TWO_ALLOCATORS).find("%spath[@class='failure']" % SVG))

    def test_rows_that_stop_early_without_a_verdict_show_no_utilization(self):
        old_file = "\n".join(line.rsplit(",", 1)[0] if line.strip() else line
                             for line in FAILED_RUN.splitlines()
                             if "verdict\"" not in line and "{" not in line)
        old_file = old_file.replace(",verdict", "")
        self.assertEqual(title(chart(old_file)),
                         "t.rep, 5 ops: utilization tight 62.5%; broken failed")

    def test_a_verdict_row_that_is_not_json_is_reported_with_its_line(self):
        bad = FAILED_RUN.replace('"{""verdict', '"{verdict')
        with self.assertRaisesRegex(timeline.TimelineError, r":10: the verdict"):
            timeline.read_timeline(csv_lines(bad))


class HeapMapFailureTest(unittest.TestCase):

    def failed_map(self):
        verdict = {"allocator": "a", "trace": "traces/t.rep", "op": 3, "line": 8,
                   "verdict": {"kind": "failed_check", "check": "overlap"},
                   "message": "traces/t.rep:8: a 2 16: mm_malloc returned payload "
                              "[0x10,0x20), which overlaps block 1 [0x10,0x30)"}
        lines = [json.dumps(heap_map(128, [(16, 32, 1)])), json.dumps(verdict)]
        return heapmap.read_maps(lines)[0]

    def test_a_failed_runs_map_says_so_and_shows_no_utilization(self):
        summary = heapmap.summary_line(self.failed_map())
        self.assertIn("failed, no utilization", summary)
        self.assertNotIn("utilization 25.0%", summary)
        self.assertIn("overlaps block 1", summary)

    def test_a_failed_runs_svg_gives_the_message(self):
        svg = heapmap.map_svg(self.failed_map(), width=256, rows=2)
        self.assertIn("FAILED: traces/t.rep:8: a 2 16:", svg)
        self.assertNotIn("utilization 25.0%", svg)

    def test_a_run_that_failed_before_any_map_is_named_with_its_message(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "map.json")
            with open(path, "w") as out:
                out.write(json.dumps({"allocator": "a", "trace": "traces/t.rep",
                                      "op": None, "line": None,
                                      "verdict": {"kind": "failed_check"},
                                      "message": "t.rep: mm_init returned -1"}) + "\n")
            done = subprocess.run([sys.executable, HEAPMAP, path, "--text"],
                                  capture_output=True, text=True)
        self.assertEqual(done.returncode, 1)
        self.assertIn("a failed before its first op: t.rep: mm_init returned -1",
                      done.stderr)


class HeapMapLegendTest(unittest.TestCase):

    def many_classes(self, count):
        """One block in each of `count` size classes, 1 byte to 2^(count-1)."""
        blocks, offset = [], 0
        for k in range(count):
            blocks.append((offset, 1 << k, k))
            offset += (1 << k) + 16
        return heap_map(offset, blocks)

    def test_size_classes_keep_distinct_colours_however_many(self):
        colours = [heapmap.class_colour(k) for k in range(64)]
        self.assertEqual(len(set(colours)), 64)
        # and neighbours never share one
        self.assertTrue(all(a != b for a, b in zip(colours, colours[1:])))

    def test_the_key_wraps_inside_the_picture(self):
        svg = ElementTree.fromstring(heapmap.map_svg(self.many_classes(24), width=640, rows=8))
        canvas = float(svg.get("width"))
        keys = [t for t in svg.iter("%stext" % SVG) if t.text and " block" in t.text
                and t.text.startswith("[")]
        self.assertEqual(len(keys), 24)
        for key in keys:
            right = float(key.get("x")) + heapmap.CHARACTER_WIDTH * len(key.text)
            self.assertLessEqual(right, canvas, key.text)
        swatches = {r.get("fill") for r in svg.iter("%srect" % SVG) if r.get("width") == "14"}
        self.assertEqual(len(swatches), 24)

    def test_legend_sentences_wrap_to_a_narrow_picture(self):
        svg = ElementTree.fromstring(heapmap.map_svg(self.many_classes(3), width=200, rows=4))
        canvas = float(svg.get("width"))
        for text in svg.iter("%stext" % SVG):
            if text.get("text-anchor") or text.get("font-size"):
                continue
            right = float(text.get("x")) + heapmap.CHARACTER_WIDTH * len(text.text)
            self.assertLessEqual(right, canvas, text.text)


class HeapMapSvgTest(unittest.TestCase):

    def test_the_svg_parses_and_underlines_the_largest_gap(self):
        heap = heap_map(4096, [(0, 1024, 0), (3072, 1024, 1)])
        svg = ElementTree.fromstring(heapmap.map_svg(heap, width=64,
                                                     rows=4))
        underline = svg.find("%spath[@id='largest-gap']" % SVG).get("d")
        # Bytes 1024..3072 are rows 1 and 2, whole.
        self.assertEqual(underline.count("M"), 2)

    def test_payload_cells_take_the_colour_of_their_size_class(self):
        heap = heap_map(2048, [(0, 1024, 0)])
        svg = heapmap.map_svg(heap, width=16, rows=2)
        size_class_colour = heapmap.class_colour(heapmap.size_class(1024))
        self.assertIn('stroke="%s"' % size_class_colour, svg)

    def test_a_map_of_100000_blocks_stays_small(self):
        # 100,000 blocks of 40 bytes every 48 bytes: a pixel covers about
        # 73 bytes, so the picture aggregates, and its size depends on the
        # pixels, not on the blocks.
        blocks = [(48 * i, 40, i) for i in range(100000)]
        svg = heapmap.map_svg(heap_map(48 * 100000, blocks))
        ElementTree.fromstring(svg)
        self.assertLess(len(svg), 100 * 1024)

    def test_same_input_gives_the_same_bytes(self):
        heap = heap_map(5000, [(16, 300, 4), (400, 64, 2), (2000, 999, 7)])
        self.assertEqual(heapmap.map_svg(heap), heapmap.map_svg(heap))
        self.assertEqual(heapmap.map_svg(heap, colour_by="id"),
                         heapmap.map_svg(heap, colour_by="id"))


class CommandLineTest(unittest.TestCase):

    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.addCleanup(self.directory.cleanup)

    def path(self, name):
        return os.path.join(self.directory.name, name)

    def run_tool(self, *words):
        return subprocess.run([sys.executable] + list(words),
                              capture_output=True, text=True, check=True)

    def test_both_tools_print_help(self):
        for tool in (TIMELINE, HEAPMAP):
            self.assertIn("usage:", self.run_tool(tool, "--help").stdout)

    def test_timeline_writes_the_same_bytes_twice(self):
        with open(self.path("t.csv"), "w") as out:
            out.write(textwrap.dedent(TWO_ALLOCATORS).lstrip("\n"))
        contents = []
        for name in ("one.svg", "two.svg"):
            self.run_tool(TIMELINE, self.path("t.csv"), "-o", self.path(name))
            with open(self.path(name), "rb") as svg:
                contents.append(svg.read())
        self.assertEqual(contents[0], contents[1])
        ElementTree.fromstring(contents[0])

    def test_timeline_draws_each_trace_into_its_own_file(self):
        with open(self.path("t.csv"), "w") as out:
            out.write("allocator,trace,op,line,heap_bytes,live_bytes\n"
                      "a,traces/x.rep,0,5,16,8\n"
                      "a,traces/y.rep,0,5,32,8\n")
        written = self.run_tool(TIMELINE, self.path("t.csv"), "-o",
                                self.path("c.svg")).stdout.split()
        self.assertEqual(written, [self.path("c-x.svg"), self.path("c-y.svg")])

    def test_heapmap_names_each_allocators_file(self):
        with open(self.path("h.json"), "w") as out:
            for allocator in ("first", "second"):
                out.write(json.dumps(heap_map(64, [(0, 16, 0)],
                                              allocator=allocator)) + "\n")
        written = self.run_tool(HEAPMAP, self.path("h.json"), "-o",
                                self.path("map.svg")).stdout.split()
        self.assertEqual(written, [self.path("map-first.svg"),
                                   self.path("map-second.svg")])

    def test_heapmap_text_picks_one_allocator(self):
        with open(self.path("h.json"), "w") as out:
            for allocator in ("first", "second"):
                out.write(json.dumps(heap_map(64, [(0, 32, 0)],
                                              allocator=allocator)) + "\n")
        text = self.run_tool(HEAPMAP, self.path("h.json"), "--text",
                             "--allocator", "second", "--width", "4",
                             "--rows", "1").stdout
        self.assertTrue(text.startswith("second on t.rep"), text)
        self.assertIn("|##  |", text)


if __name__ == "__main__":
    unittest.main()

"""tracebuilder.py: lines kept in chunks come out whole and in order."""

import unittest

from tools.kit.traces.tracebuilder import LINES_PER_CHUNK, TraceBuilder


class ChunkedLinesTest(unittest.TestCase):

    def setUp(self):
        # A comment, then two chunks' worth of mallocs and three more, so
        # that lines sit in two joined chunks and a list after them.
        self.builder = TraceBuilder()
        self.builder.comment("first")
        for block in range(2 * LINES_PER_CHUNK + 2):
            self.builder.malloc(block + 1)
        self.expected = ["# first"] + ["a %d %d" % (block, block + 1)
                                       for block in range(2 * LINES_PER_CHUNK
                                                          + 2)]

    def test_lines_gives_every_line_in_file_order(self):
        self.assertEqual(list(self.builder.lines), self.expected)

    def test_render_writes_every_line_once_after_the_header(self):
        text = self.builder.render(1, ["made by a test"]).decode("ascii")
        ops = 2 * LINES_PER_CHUNK + 2
        peak = ops * (ops + 1) // 2
        header = ["1", str(ops), str(ops), str(peak), "# made by a test"]
        self.assertEqual(text, "\n".join(header + self.expected) + "\n")


if __name__ == "__main__":
    unittest.main()

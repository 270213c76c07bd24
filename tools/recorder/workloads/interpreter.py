"""interpreter.py - a small, deterministic Python program to record.

The heap calls of a Python interpreter doing ordinary work: it makes a
text, counts its words in a dict, sorts them, groups records, round-trips
them through JSON and builds strings and byte buffers piece by piece. With
the default allocator (pymalloc), objects up to 512 bytes come from
Python's own pools and only larger ones (long lists, dict tables, long
strings and buffers) reach malloc; run with PYTHONMALLOC=malloc to send
every object there.

Everything derives from a fixed linear congruential generator, so the
program does the same work on every machine and Python 3 version; it
prints one line of totals.

    python3 tools/recorder/workloads/interpreter.py [ROUNDS]
"""

import json
import sys

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "xe", "zu",
             "an", "el", "or", "us"]


class Generator:
    """A 64-bit linear congruential generator (Knuth's MMIX constants)."""

    def __init__(self, seed):
        self.state = seed

    def below(self, bound):
        self.state = (self.state * 6364136223846793005
                      + 1442695040888963407) % (1 << 64)
        return (self.state >> 33) % bound


def make_words(generator, count):
    words = []
    for _ in range(count):
        length = 1 + generator.below(4)
        words.append("".join(SYLLABLES[generator.below(len(SYLLABLES))]
                             for _ in range(length)))
    return words


def word_frequencies(words):
    counts = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def make_records(generator, words, count):
    return [{"id": number,
             "name": words[generator.below(len(words))],
             "group": generator.below(40),
             "scores": [generator.below(1000)
                        for _ in range(generator.below(120))]}
            for number in range(count)]


def group_records(records):
    groups = {}
    for record in records:
        groups.setdefault(record["group"], []).append(record)
    return {group: sum(len(member["scores"]) for member in members)
            for group, members in groups.items()}


def build_report(frequencies):
    report = ""
    for word, count in frequencies[:400]:
        report += "%-20s %6d\n" % (word, count)
    return report


def build_buffer(generator, size):
    buffer = bytearray()
    while len(buffer) < size:
        piece = 1 + generator.below(700)
        buffer += bytes(generator.below(256) for _ in range(piece))
    return buffer


def run_round(generator):
    words = make_words(generator, 6000)
    frequencies = word_frequencies(words)
    records = make_records(generator, words, 300)
    groups = group_records(records)
    text = json.dumps(records)
    decoded = json.loads(text)
    report = build_report(frequencies)
    buffer = build_buffer(generator, 60000)
    return (len(frequencies) + len(groups) + len(text) + len(decoded)
            + len(report) + len(buffer))


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    generator = Generator(2016)
    total = sum(run_round(generator) for _ in range(rounds))
    print("interpreter.py: %d rounds, total %d" % (rounds, total))


if __name__ == "__main__":
    main()

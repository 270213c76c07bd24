"""sort-input.py - write the input that `sort` sorts while it is recorded.

    python3 tools/recorder/workloads/sort-input.py [LINES] > FILE

Each line is a number and a word of 1 to 30 letters, from a fixed linear
congruential generator, so the file is the same bytes on every machine and
Python 3 version (LINES defaults to 200000, about 4 MB).
"""

import sys

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def lines(count):
    state = 1987
    for _ in range(count):
        numbers = []
        for _ in range(2):
            state = (state * 6364136223846793005
                     + 1442695040888963407) % (1 << 64)
            numbers.append(state >> 33)
        key, shape = numbers
        length = 1 + shape % 30
        word = "".join(LETTERS[(shape >> (5 * k)) % 26] for k in range(6))
        yield "%d %s\n" % (key % 1000000, (word * 5)[:length])


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
    sys.stdout.writelines(lines(count))


if __name__ == "__main__":
    main()

"""Tests of the trace tools in tools/.

Run from the top of the kit:  python3 -m unittest discover -s tests/tools -t .
Each test module finds tools/ relative to its own file, so the working
directory does not matter.
"""

"""Tests of the kit's Python tools (tools/kit/ and the commands in tools/).

Run from the top of the kit:  python3 -m unittest discover -s tests/tools -t .
The tests import the packages as tools.kit.*, which the kit's root makes
importable; a test that runs a command finds it relative to its own file.
"""

"""The kit's Python tools as importable packages.

    traces     read, check, generate and describe trace files
    recording  record a real program's allocations as a trace
    pictures   draw the driver's timelines and heap maps as SVG
    measuring  compare and check the driver's results across runs
    grading    grade submissions and convert results for graders

The commands in tools/ are thin executables over these packages; run the
tests from the kit's root (`python3 -m unittest`), where `tools.kit` is
importable as it is.
"""
import os

# The kit's root folder: the one above tools/.
KIT_DIR = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

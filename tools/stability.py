#!/usr/bin/env python3
"""tools/stability.py: the command whose code is
tools/kit/measuring/stability.py."""
import os
import sys

from kit.measuring import stability

if __name__ == "__main__":
    os.environ.setdefault("LC_ALL", "C")
    sys.exit(stability.main(sys.argv[1:]))

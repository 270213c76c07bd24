#!/usr/bin/env python3
"""tools/tracestats.py: the command whose code is
tools/kit/traces/tracestats.py."""
import sys

from kit.traces import tracestats

if __name__ == "__main__":
    sys.exit(tracestats.main())

#!/usr/bin/env python3
"""tools/checktrace.py: the command whose code is
tools/kit/traces/checktrace.py."""
import sys

from kit.traces import checktrace

if __name__ == "__main__":
    sys.exit(checktrace.main())

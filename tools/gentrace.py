#!/usr/bin/env python3
"""tools/gentrace.py: the command whose code is
tools/kit/traces/gentrace.py."""
import sys

from kit.traces import gentrace

if __name__ == "__main__":
    sys.exit(gentrace.main())

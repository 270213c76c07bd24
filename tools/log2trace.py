#!/usr/bin/env python3
"""tools/log2trace.py: the command whose code is
tools/kit/recording/log2trace.py."""
import sys

from kit.recording import log2trace

if __name__ == "__main__":
    sys.exit(log2trace.main())

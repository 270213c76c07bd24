#!/usr/bin/env python3
"""tools/mksuite.py: the command whose code is tools/kit/traces/mksuite.py."""
import sys

from kit.traces import mksuite

if __name__ == "__main__":
    sys.exit(mksuite.main())

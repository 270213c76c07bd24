#!/usr/bin/env python3
"""tools/benchtable.py: the command whose code is
tools/kit/measuring/benchtable.py."""
import sys

from kit.measuring import benchtable

if __name__ == "__main__":
    sys.exit(benchtable.main())

#!/usr/bin/env python3
"""tools/heapmap.py: the command whose code is
tools/kit/pictures/heapmap.py."""
import sys

from kit.pictures import heapmap

if __name__ == "__main__":
    sys.exit(heapmap.main())

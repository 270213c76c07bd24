#!/usr/bin/env python3
"""tools/timeline.py: the command whose code is
tools/kit/pictures/timeline.py."""
import sys

from kit.pictures import timeline

if __name__ == "__main__":
    sys.exit(timeline.main())

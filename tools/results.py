#!/usr/bin/env python3
"""tools/results.py: the command whose code is tools/kit/grading/results.py."""
import sys

from kit.grading import results

if __name__ == "__main__":
    sys.exit(results.main())

#!/usr/bin/env python3
"""tools/frontier.py: the command whose code is
tools/kit/measuring/frontier.py."""
import sys

from kit.measuring import frontier

if __name__ == "__main__":
    sys.exit(frontier.main())

#!/usr/bin/env python3
"""selftest.py - open an explorer page in headless Chromium; print its report.

    tests/explorer/selftest.py PAGE.html [PARAMS]

The page (mdriver -E) runs its own self-test when its address ends in
#selftest&PARAMS (op=N: drag the timeline's cursor near op N and step there
with the arrow keys; trace=NAME: pick a trace first) and writes what it drew
as JSON into <pre id="selftest-result">, which --dump-dom prints. This
prints that JSON, or exits 1 saying why there is none. CHROMIUM names the
browser (default: chromium).
"""

import html
import os
import re
import subprocess
import sys


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.strip().splitlines()[2].strip())
    page = os.path.abspath(sys.argv[1])
    params = sys.argv[2] if len(sys.argv) == 3 else ""
    url = "file://" + page + "#selftest" + ("&" + params if params else "")
    browser = os.environ.get("CHROMIUM", "chromium")
    # --no-sandbox: Chromium refuses to start as root with its own sandbox;
    # the page is the kit's own.
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu",
               "--window-size=1366,900", "--dump-dom", url]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        sys.exit("selftest.py: the browser did not finish in 300 s")
    found = re.search(r'<pre id="selftest-result">(.*?)</pre>', done.stdout, re.S)
    if not found or not found.group(1).strip():
        sys.stderr.write(done.stderr[-2000:])
        sys.exit("selftest.py: the page wrote no self-test report")
    print(html.unescape(found.group(1)))


if __name__ == "__main__":
    main()

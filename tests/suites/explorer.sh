# The heap explorer page (mdriver -E): what the driver writes, and, in
# headless Chromium, what the page draws against the driver's own data.

page="$work/explorer.html"
expect "explorer: -E writes a page of the run" 0 "" \
    sh -c "./mdriver -m segregated -f tests/traces/short.rep -E '$page' >/dev/null 2>&1 &&
           grep -q 'class=\"trace-ops\"' '$page' && grep -q '\"allocator\": \"segregated\"' '$page'"
expect "explorer: the page loads nothing from anywhere" 1 "" \
    grep -Eiq '(src|href)=|https?:|@import|url\(' "$page"
expect "explorer: an unwritable page is an error" 2 "no-such-folder/page.html" \
    ./mdriver -m segregated -f tests/traces/short.rep -E "$work/no-such-folder/page.html"

# The page's "where the bytes went" is -j's, figure for figure.
./mdriver -m segregated,buddy -c traces/binary2.rep -j -E "$work/bytes.html" >"$work/bytes.json" 2>/dev/null
expect "explorer: the page carries -j's ceilings and bytes at the peak" 0 "" python3 -c '
import json, re, sys
page = open(sys.argv[1]).read()
runs = [json.loads(m) for m in re.findall(r"<script type=\"application/json\" class=\"run\">(.*?)</script>", page)]
ran = json.load(open(sys.argv[2]))["runs"]
fields = ("ceiling_aligned", "ceiling_textbook", "bytes_at_peak")
got = [[r[f] for f in fields] for r in runs]
want = [[run["traces"][0][f] for f in fields] for run in ran]
sys.exit(0 if got == want and all(g[2] for g in got) else "page %s\n-j %s" % (got, want))
' "$work/bytes.html" "$work/bytes.json"

browser=${CHROMIUM:-chromium}
if ! command -v "$browser" >/dev/null 2>&1; then
    skip "explorer: in a browser" "no chromium: apt-get install chromium"
else
    # A passing run: two allocators, with the driver's heap map after line
    # 2000 to compare with what the page draws there.
    rm -f "$work/map.json"
    ./mdriver -m segregated,implicit-first -c traces/binary1.rep -j -E "$page" \
        -H "$work/map.json" -O 2000 >"$work/results.json" 2>/dev/null
    op=$(sed -n 's/.*"op": \([0-9]*\), "line".*/\1/p' "$work/map.json" | head -1)
    tests/explorer/selftest.py "$page" "op=$op" >"$work/report.json" 2>"$work/out"
    expect "explorer: the browser runs the page's self-test" 0 "" test -s "$work/report.json"
    expect "explorer: dragging and stepping moves the cursor to the op" 0 "" \
        python3 tests/explorer/check.py stepped "$work/report.json" "$op"
    expect "explorer: each map at an op has the driver's blocks, heap and live bytes" 0 "" \
        python3 tests/explorer/check.py heap "$work/report.json" "$work/map.json"
    expect "explorer: each map shows its run's verdict" 0 "" \
        python3 tests/explorer/check.py verdicts "$work/report.json" "$work/results.json"

    # From op 3 of binary1.rep the next op on block 5 is "a 5 445" (line 12).
    tests/explorer/selftest.py "$page" "op=3&search=5" >"$work/report.json" 2>"$work/out"
    expect "explorer: a search by block id goes to its next op and outlines it" 0 "" \
        python3 tests/explorer/check.py found "$work/report.json" "a 5 445"
    tests/explorer/selftest.py "$page" "op=3&search=line%2012" >"$work/report.json" 2>"$work/out"
    expect "explorer: a search by line goes to that line's op" 0 "" \
        python3 tests/explorer/check.py found-line "$work/report.json" "a 5 445"

    # Reallocs and callocs (tests/traces/short.rep), after line 13: the
    # realloc has moved block 2, block 1 is freed, block 0 is a calloc.
    rm -f "$work/map.json"
    ./mdriver -m segregated,buddy,implicit-first -c tests/traces/short.rep -E "$page" \
        -H "$work/map.json" -O 16 >/dev/null 2>&1
    op=$(sed -n 's/.*"op": \([0-9]*\), "line".*/\1/p' "$work/map.json" | head -1)
    tests/explorer/selftest.py "$page" "op=$op" >"$work/report.json" 2>"$work/out"
    expect "explorer: after reallocs and callocs each map has the driver's blocks" 0 "" \
        python3 tests/explorer/check.py heap "$work/report.json" "$work/map.json"

    # A failing run: the page opens at the op that failed.
    tests/bin/mdriver-overlap -m mm,segregated -c traces/binary1.rep -j -E "$page" \
        >"$work/results.json" 2>/dev/null
    tests/explorer/selftest.py "$page" >"$work/report.json" 2>"$work/out"
    expect "explorer: a failing run's page opens at the failing op, marked and outlined" 0 "" \
        python3 tests/explorer/check.py failing "$work/report.json" "$work/results.json"
    expect "explorer: a failing run's map shows the driver's verdict" 0 "" \
        python3 tests/explorer/check.py verdicts "$work/report.json" "$work/results.json"

    # A crash: the call returned nothing, and the picker marks its trace.
    tests/bin/mdriver-aborts -m mm,segregated -c tests/traces/short.rep -c tests/traces/mixed.rep \
        -j -E "$page" >"$work/results.json" 2>/dev/null
    tests/explorer/selftest.py "$page" >"$work/report.json" 2>"$work/out"
    expect "explorer: an op that crashed shows no address returned" 0 "" \
        python3 tests/explorer/check.py no-answer "$work/report.json" "$work/results.json"
    expect "explorer: the trace picker marks the traces a run failed on" 0 "" \
        python3 tests/explorer/check.py picker "$work/report.json" "$work/results.json"

    # A realloc that lost data (line 9 of short.rep, r 1 256): block 1's
    # old payload is still live beside its new one.
    tests/bin/mdriver-realloc_loses_data -m mm,segregated -c tests/traces/short.rep -E "$page" \
        >/dev/null 2>&1
    tests/explorer/selftest.py "$page" >"$work/report.json" 2>"$work/out"
    expect "explorer: a failed realloc's map outlines its block once and counts it once" 0 "" \
        python3 tests/explorer/check.py realloc "$work/report.json"
fi

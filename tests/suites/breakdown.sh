# Where the bytes went: at the first op where live bytes peak, the final
# heap splits into live payload, gaps of at most 32 bytes, larger gaps and
# the unused top (driver/breakdown.h); and the trace's ceilings. The hand
# computed traces use the base allocator of tests/broken: every block is a
# 16-byte header, then the payload rounded up to 16; nothing is reused.

# at_peak FILE: the first trace's bytes_at_peak as "line live small/count
# large/count top heap".
at_peak() {
    python3 -c "
import json, sys
b = json.load(open(sys.argv[1]))['traces'][0]['bytes_at_peak']
print(b['line'], b['live_bytes'], '%d/%d' % (b['small_gap_bytes'], b['small_gaps']),
      '%d/%d' % (b['large_gap_bytes'], b['large_gaps']), b['top_bytes'], b['heap_bytes'])" "$1"
}

cat >"$work/headers.rep" <<'T'
1
3
6
300
a 0 100
a 1 200
f 0
a 2 50
f 1
f 2
T
# Peak 300 after line 6: payloads [16,116) and [144,344); gaps 16 (the
# first header) and 28 (padding and the second header); the heap ends at
# 432 (a third block of 80), so 88 bytes lie above the last payload.
tests/bin/mdriver-base -j -f "$work/headers.rep" >"$work/json" 2>&1
expect "breakdown: headers and padding are gaps of at most 32 bytes; later growth is top" 0 \
    "^6 300 44/2 0/0 88 432$" at_peak "$work/json"

cat >"$work/hole.rep" <<'T'
1
4
6
1216
a 0 1000
a 1 16
f 0
a 2 1200
f 2
a 3 10
T
# Peak 1216 after line 8: block 0 (1024 bytes) was freed and never reused,
# so payload 1 at 1040 follows a hole of 1040 bytes; payload 2 at 1072
# after a 16-byte gap ends the heap at 2272; block 3 grows it to 2304.
tests/bin/mdriver-base -j -f "$work/hole.rep" >"$work/json" 2>&1
expect "breakdown: a freed block is a gap larger than 32 bytes" 0 \
    "^8 1216 16/1 1040/1 32 2304$" at_peak "$work/json"
expect "breakdown: -v 3 shows the split at the peak" 0 \
    "larger gaps +1040 bytes +45.1% in 1 gap " \
    tests/bin/mdriver-base -v 3 -f "$work/hole.rep"

cat >"$work/empty.rep" <<'T'
1
1
2
0
a 0 0
f 0
T
# Nothing is ever live: measured before the first op, all heap is top.
tests/bin/mdriver-base -j -f "$work/empty.rep" >"$work/json" 2>&1
expect "breakdown: a trace that holds no byte is all top, before any op" 0 "^None 0 0/0 0/0 16 16$" \
    at_peak "$work/json"

# Every allocator of the build: the four parts add up to its final heap,
# and the live part is the peak of the utilization.
./mdriver -m all -j -c tests/traces/mixed.rep -c tests/traces/short.rep -c tests/traces/corners.rep \
    >"$work/json" 2>/dev/null
expect "breakdown: for every allocator the parts add up to the heap" 0 "^ok [1-9][0-9]*$" \
    python3 -c "
import json, sys
checked = 0
for run in json.load(open(sys.argv[1]))['runs']:
    for t in run['traces']:
        b = t['bytes_at_peak']
        if b is None:
            continue
        parts = b['live_bytes'] + b['small_gap_bytes'] + b['large_gap_bytes'] + b['top_bytes']
        if parts != b['heap_bytes'] or b['heap_bytes'] != t['heap_bytes'] \
                or b['live_bytes'] != t['peak_bytes']:
            sys.exit('%s %s: %r' % (run['allocator'], t['name'], b))
        checked += 1
print('ok', checked)" "$work/json"

# The ceilings have one definition: the driver's peaks of model blocks are
# tools/tracestats.py's, on every default trace and every test trace.
default_traces=$(default_trace_paths | sed 's|^|-c |')
./mdriver -m segregated -d 0 -j $default_traces -c tests/traces/mixed.rep \
    -c tests/traces/corners.rep >"$work/json" 2>/dev/null
expect "breakdown: the driver's ceilings are tools/tracestats.py's" 0 "^ok 22$" \
    python3 -c "
import json, sys
from tools.kit.traces.tracestats import trace_stats
from tools.kit.traces.validate import read_trace
checked = 0
for t in json.load(open(sys.argv[1]))['traces']:
    report = read_trace(open(t['name']).read())
    for header, field in ((0, 'peak_aligned_block_bytes'), (8, 'peak_textbook_block_bytes')):
        want = trace_stats(report, header)['peak_block_bytes']
        if t[field] != want:
            sys.exit('%s: %s %d, tracestats %d' % (t['name'], field, t[field], want))
    checked += 1
print('ok', checked)" "$work/json"

expect "breakdown: -V shows each trace's textbook ceiling beside its utilization" 0 \
    "^ 1 ok +69\.4% +93\.8% +6 " tests/bin/mdriver-base -V -f "$work/headers.rep"

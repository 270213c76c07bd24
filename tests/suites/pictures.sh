# The pictures of a failed run (-T, -H, tools/timeline.py, tools/heapmap.py):
# the driver writes where it failed and its verdict; the tools show no
# utilization for it.

rm -f "$work/failed.csv" "$work/failed.json"
tests/bin/mdriver-overlap -m mm,segregated -c tests/traces/short.rep \
    -T "$work/failed.csv" -H "$work/failed.json" >/dev/null 2>&1
expect "pictures: -T ends a failed run with its failing op and verdict" 0 \
    '^mm,tests/traces/short.rep,[0-9]+,[0-9]+,,,"\{""verdict"": \{""kind"": ""failed_check""' \
    tail -n +2 "$work/failed.csv"
expect "pictures: -H has a map of the blocks live when the check failed, then the verdict" 0 "" \
    python3 -c "
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
mm = [l for l in lines if l['allocator'] == 'mm']
assert 'blocks' in mm[-2] and mm[-2]['op'] == mm[-1]['op'], mm
assert mm[-1]['verdict']['check'] == 'overlap' and 'overlaps block' in mm[-1]['message'], mm[-1]
" "$work/failed.json"
expect "pictures: the timeline of a failed run gives it no utilization" 0 \
    'utilization segregated [0-9.]+%; mm failed' \
    tools/timeline.py "$work/failed.csv" -o - 
expect "pictures: the heap map of a failed run says it failed, with the message" 0 \
    '^mm on short.rep after op [0-9]+ \(line [0-9]+\): .*failed, no utilization' \
    tools/heapmap.py "$work/failed.json" --text --allocator mm

# Scores on hand-computed traces, with the base allocator of tests/broken
# (every block = size rounded up to 16, plus a 16-byte header; no reuse).

# json_field FILE KEY: the last value of "KEY": in the JSON output (the
# run's total, which follows the per-trace entries).
json_field() { grep -o "\"$2\": [^,}]*" "$1" | tail -1 | sed 's/.*: //'; }

cat >"$work/util1.rep" <<'T'
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
# peak live bytes 300 (after a 1 200); heap 128 + 224 + 80 = 432
tests/bin/mdriver-base -j -f "$work/util1.rep" >"$work/json" 2>&1
expect "scores: utilization is peak live bytes over heap size (300/432)" 0 "^0.694444$" \
    json_field "$work/json" util

cat >"$work/util2.rep" <<'T'
2
1
4
300
a 0 100
r 0 300
r 0 50
f 0
T
# peak 300 (after r 0 300); heap 128 + 320 + 80 = 528
tests/bin/mdriver-base -j -f "$work/util2.rep" >"$work/json" 2>&1
expect "scores: realloc adds new minus old bytes (300/528)" 0 "^0.568182$" \
    json_field "$work/json" util
expect "scores: a utilization-only trace is not timed" 0 "^null$" json_field "$work/json" kops

cat >"$work/unscored.rep" <<'T'
0
1
2
10
a 0 10
f 0
T
tests/bin/mdriver-base -j -f "$work/util1.rep" -f "$work/util2.rep" -f "$work/unscored.rep" \
    >"$work/json" 2>&1
# mean of 0.694444 and 0.568182; the weight-0 trace does not count
expect "scores: overall utilization is the mean over scored traces" 0 "^0.631313$" \
    json_field "$work/json" util

tests/bin/mdriver-null_malloc -j -f tests/traces/mixed.rep -f "$work/util1.rep" >"$work/json" 2>&1
expect "scores: a correctness error makes the perf index 0" 0 "^0$" \
    json_field "$work/json" perf_index

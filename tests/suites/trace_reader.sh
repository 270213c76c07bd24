# The trace reader: every malformed input is refused before any allocator
# runs, with "FILE:LINE: error: WHAT" and exit status 2.

# bad_trace NAME REGEX: the trace on standard input is refused with a
# message matching "bad.rep:REGEX".
bad_trace() {
    cat >"$work/bad.rep"
    expect "trace reader: $1" 2 "bad.rep:$2" ./mdriver -f "$work/bad.rep"
}

# good_trace NAME: the trace on standard input is read and replayed.
good_trace() {
    cat >"$work/good.rep"
    expect "trace reader: $1" 0 "^Correctness only \(-c\): the trace passed" ./mdriver -c "$work/good.rep"
}

bad_trace "a size that is not a number" "5: error: size is not a number: '12x'" <<'T'
1
1
1
12
a 0 12x
T
bad_trace "junk after the last field" "5: error: unexpected 'extra' after id" <<'T'
1
1
1
0
f 0 extra
T
bad_trace "an id out of range" "5: error: id out of range: 7 \(must be at most 1\)" <<'T'
1
2
1
10
a 7 10
T
bad_trace "an unknown op" "6: error: unknown op 'x' \(expected a, r, f or c\)" <<'T'
1
1
2
10
a 0 10
x 0 10
T
bad_trace "more ops than the header says" "7: error: too many ops: the header says num_ops is 2" <<'T'
1
1
2
10
a 0 10
f 0
a 0 10
T
bad_trace "fewer ops than the header says" "6: error: too few ops: the header says num_ops is 3 but the file ends after 1" <<'T'
1
1
3
10
a 0 10
T
bad_trace "a size beyond 64 bits" "5: error: size out of range: '18446744073709551616' does not fit in 64 bits" <<'T'
1
1
1
0
a 0 18446744073709551616
T
bad_trace "a negative size" "5: error: size must not be negative: '-5'" <<'T'
1
1
1
0
a 0 -5
T
bad_trace "f with an id below -1" "5: error: id out of range: -2" <<'T'
1
1
1
0
f -2
T
bad_trace "two numbers on a header line" "1: error: unexpected '2' after header field 1" <<'T'
1 2
1
1
0
a 0 1
T
bad_trace "a header cut short" "3: error: missing header line: num_ops" <<'T'
1
1
T
bad_trace "num_ids above the limit" "2: error: num_ids out of range: 1000000 \(must be at most" <<'T'
1
1000000
1
0
a 0 1
T
bad_trace "a free of a block never allocated" "6: error: f 1: block 1 is not allocated" <<'T'
1
2
2
10
a 0 10
f 1
T
bad_trace "a double free" "7: error: f 0: block 0 is not allocated" <<'T'
1
1
3
10
a 0 10
f 0
f 0
T
bad_trace "an allocation over a live block" "6: error: a 0 5: block 0 is already allocated" <<'T'
1
1
2
10
a 0 10
a 0 5
T
bad_trace "an empty file" "1: error: missing header line" </dev/null

expect "trace reader: a missing file" 2 "nonexistent.rep: error: cannot open trace: No such file" \
    ./mdriver -f "$work/nonexistent.rep"
expect "trace reader: a directory" 2 "tests: error: is a directory, not a trace file" \
    ./mdriver -f tests

good_trace "the classic header dialect (its weight field is not used)" <<'T'
20000
2
4
9
a 0 10
a 1 20
f 0
f 1
T
good_trace "comments, blank lines and CRLF line ends" <<'T'
# a comment before the header
1
2

3
30
a 0 10
# a comment between ops
r 1 20
f -1
T
good_trace "every op and corner case" <tests/traces/corners.rep
good_trace "CRLF line ends" <<T
1
1
2
10
a 0 10
f 0
T

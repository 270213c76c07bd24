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
bad_trace "fewer ops than the header says: the message names the file's last line" \
    "5: error: too few ops: the file ends on this line, after 1 op, but the header says num_ops is 3" <<'T'
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
bad_trace "a header cut short: the message names the file's last line" \
    "2: error: missing header line: num_ops: the file ends on this line" <<'T'
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
bad_trace "an empty file is said to be empty, with no line" " error: the file is empty" </dev/null

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
# The kit's own reader tells the dialects apart by the first value, and
# says what it read when the fourth points the other way and the two
# readings would score the trace differently.
printf '0\n2\n4\n1\na 0 100\na 1 50\nf 0\nf 1\n' >"$work/dialect.rep"
expect "trace reader: a first value 0 with a fourth of 1 is read as CMU's weight 0, and said to be" 0 \
    "dialect.rep:1: warning: first header value 0 read as a CMU weight \(checked, not scored\); if it is a classic CS:APP suggested heap size, that kit scored the trace, as it scored every trace \(a driver built for the classic kit reads every header as classic\)$" \
    ./mdriver -c "$work/dialect.rep"
expect "trace reader: a first value of 0 read as a weight gives weight 0" 0 '"weight": 0,' \
    ./mdriver -j -c "$work/dialect.rep"
printf '3\n2\n4\n1\na 0 100\na 1 50\nf 0\nf 1\n' >"$work/dialect.rep"
expect "trace reader: a classic suggested heap size of 3 is not read as weight 3 silently" 0 \
    "dialect.rep:1: warning: first header value 3 read as a CMU weight \(throughput scored\)" \
    ./mdriver -c "$work/dialect.rep"
printf '4\n2\n4\n150\na 0 100\na 1 50\nf 0\nf 1\n' >"$work/dialect.rep"
expect "trace reader: a CMU-style header with weight 4 is read as classic, and said to be" 0 \
    "dialect.rep:1: warning: first header value 4 read as a classic CS:APP suggested heap size \(the trace is scored\), since no CMU weight is above 3; the fourth value, 150, looks like CMU 2016\+'s max_live_bytes" \
    ./mdriver -c "$work/dialect.rep"
printf '1\n2\n4\n0\na 0 100\na 1 50\nf 0\nf 1\n' >"$work/dialect.rep"
expect "trace reader: a weight of 1 needs no word: both readings score the trace" 0 "" \
    sh -c "! ./mdriver -c '$work/dialect.rep' 2>&1 | grep warning"
expect "trace reader: the kit's own traces need no word on their dialect" 0 "" \
    sh -c "! ./mdriver -c traces/short1.rep -c traces/corners.rep -c traces/binary1.rep 2>&1 | grep warning"
# (Bytes that a here-document cannot hold are written with printf to a
# file first: a helper fed by a pipe would run in a subshell and its count
# of passes and failures would be lost.)
printf '# a comment before the header\r\n1\r\n2\r\n\r\n3\r\n30\r\na 0 10\r\n# a comment between ops\r\nr 1 20\r\nf -1\r\n' >"$work/in"
good_trace "comments, blank lines and CRLF line ends" <"$work/in"
good_trace "every op and corner case" <tests/traces/corners.rep
printf '1\r\n1\r\n2\r\n10\r\na 0 10\r\nf 0\r\n' >"$work/in"
good_trace "CRLF line ends" <"$work/in"
printf '1\r\n1\r\n2\r\n10\r\na 0 10\r\nf 0\r' >"$work/in"
good_trace "a CR LF file whose last line ends in CR alone" <"$work/in"

# What the reader takes in: numbers whole, regular files only, bounded
# lines and files, and stray bytes named for what they are.
printf '1\n1\n2\n1048576\na 0 %s1048576\nf 0\n' "$(printf '%060d' 0)" >"$work/zeros.rep"
expect "trace reader: a size with 60 leading zeros is read whole" 0 '"peak_bytes": 1048576,' \
    ./mdriver -j -c "$work/zeros.rep"
bad_trace "a size of 100 digits is refused, shown cut with its length" \
    "5: error: size out of range: '9{40}\.\.\.' \(100 characters in all\) does not fit in 64 bits" <<T
1
1
1
0
a 0 $(printf '9%.0s' $(seq 100))
T
bad_trace "a byte outside printable ASCII is shown as \\\\xNN" \
    "5: error: size is not a number: '12\\\\x01'" <<T
1
1
1
0
a 0 12$(printf '\001')
T
printf '\357\273\2771\n1\n2\n10\na 0 10\nf 0\n' >"$work/in"
bad_trace "a UTF-8 byte-order mark is named" \
    "1: error: the file starts with a UTF-8 byte-order mark \(bytes EF BB BF\)" <"$work/in"
printf '1\n1\n2\n16\na 0\r16\nf 0\n' >"$work/in"
bad_trace "a lone CR inside a line is named" \
    "5: error: a carriage return \(CR, byte 0x0d\) at byte 4 of the line: a CR may stand only just before the LF" <"$work/in"
{ printf '1\n1\n1\n0\n# '; head -c 70000 /dev/zero | tr '\0' x; printf '\na 0 1\n'; } >"$work/in"
bad_trace "a line longer than the limit" \
    "5: error: the line is longer than 65536 bytes, the reader's limit \(TRACE_MAX_LINE_BYTES" <"$work/in"
if command -v truncate >/dev/null; then
    truncate -s 2G "$work/sparse.rep"
    expect "trace reader: a file larger than the limit is refused before reading" 2 \
        "sparse.rep: error: the file is 2147483648 bytes, more than the reader's limit" \
        ./mdriver -f "$work/sparse.rep"
    rm -f "$work/sparse.rep"
else
    skip "trace reader: a file larger than the limit" "needs truncate: apt-get install coreutils"
fi
if command -v mkfifo >/dev/null && command -v timeout >/dev/null; then
    mkfifo "$work/fifo.rep"
    expect "trace reader: a FIFO is refused at once" 2 \
        "fifo.rep: error: is a FIFO \(named pipe\), not a trace file" \
        timeout 10 ./mdriver -f "$work/fifo.rep"
else
    skip "trace reader: a FIFO is refused at once" "needs mkfifo and timeout: apt-get install coreutils"
fi
expect "trace reader: a device is refused at once" 2 \
    "/dev/zero: error: is a character device, not a trace file" ./mdriver -f /dev/zero

# The older kits' files: two quirks of their parsers are read as they read
# them, each with exactly one warning; everything else stays strict.
# old_trace NAME REGEX: the trace on standard input is replayed, and the
# output holds one warning, matching "old.rep:REGEX".
old_trace() {
    cat >"$work/old.rep"
    expect "trace reader: $1" 0 "old.rep:$2" ./mdriver -c "$work/old.rep"
    warnings=$(grep -c ': warning: ' "$work/out")
    if [ "$warnings" -eq 1 ]; then
        pass "trace reader: $1: one warning"
    else
        fail "trace reader: $1: one warning ($warnings given)"
    fi
}
old_trace "an a or r with no size takes the last size given" \
    "6: warning: no size: the last size given, 24 \(line 5\), is used again, as the older kits' parsers did \(3 lines with no size in all\)" <<'T'
0
4
8
56
a 0 24
a 1 
f 0
a 2
r 1
a 3 8
f 1
f 2
T
printf '0\n4\n4\n0\na 0 24\na 1\nr 2\nf 1\n' >"$work/sizeless.rep"
expect "trace reader: the reused size is the one the blocks get" 0 '"peak_bytes": 72,' \
    ./mdriver -j -c "$work/sizeless.rep"
bad_trace "no size, and none earlier to reuse" \
    "5: error: missing size \(and no earlier a or r line gives one to reuse\)" <<'T'
1
1
1
0
a 0
T
bad_trace "a c with no size is refused" "6: error: missing size" <<'T'
1
2
2
0
a 0 8
c 1 4
T
old_trace "op lines beyond num_ops are ignored, whatever they hold" \
    "7: warning: the header says num_ops is 2: this line and the rest of the file \(3 op lines\) are ignored" <<'T'
1
1
2
10
a 0 10
f 0
a 0 10
# a comment is not counted
not an op
f 5
T

# Requests that can never be met: a later op on the id names the line.
bad_trace "a free after a refused request names the request's line" \
    "7: error: f 3: block 3 is not allocated: its request on line 5, a 3 200000000, can never be met \(more than MAX_HEAP = 104857600 bytes\)" <<'T'
1
4
3
0
a 3 200000000
a 1 8
f 3
T
bad_trace "a free after a calloc that overflows names the calloc's line" \
    "6: error: f 2: block 2 is not allocated: its request on line 5, c 2 4611686018427387904 8, can never be met \(nmemb \* size overflows 64 bits\)" <<'T'
1
4
2
0
c 2 4611686018427387904 8
f 2
T
# CMU's "giant" traces (requests of 10^13 bytes and more, run by CMU only
# in mdriver-emulate, on an emulated sparse memory): one line says why each
# is not run, and the other traces run and score.
expect "trace reader: a giant request below 2^47 is giant when the header's max_live_bytes is" 0 \
    "giant-array.rep:11: warning: a 2 14293651161088: a \"giant\" trace, not run: it expects these 14293651161088 bytes to be allocated \(its header's max_live_bytes is 105000000000000000\), 1000 times or more what the simulated heap holds" \
    ./mdriver -c tests/traces/giant-array.rep -c tests/traces/short.rep
expect "trace reader: a giant trace's line names mdriver-emulate and its purpose" 0 \
    "giant-mix.rep:11: warning: .*; CMU ran its giant traces only in mdriver-emulate, whose sparse memory emulation lets 64-bit sizes be allocated$" \
    ./mdriver -c tests/traces/giant-mix.rep -c tests/traces/short.rep
./mdriver -m segregated -V -f tests/traces/giant-array.rep -f tests/traces/short.rep \
    -f tests/traces/giant-mix.rep -f tests/traces/mixed.rep >"$work/giant" 2>&1
giant_status=$?
expect "trace reader: a -f list with giant traces scores the others, status 0" 0 \
    "^Perf index = [0-9.]+ \(util\) \+ [0-9.]+ \(thru\) = [0-9.]+/100$" \
    sh -c "cat '$work/giant'; exit $giant_status"
expect "trace reader: each giant trace has its row, not run" 0 "^ 1 not run +-- +-- .*giant-mix.rep$" \
    cat "$work/giant"
expect "trace reader: the table says which traces the scores are of" 0 \
    "^Not run: 2 giant traces \(named above\); what follows is of the traces that ran$" cat "$work/giant"
expect "trace reader: -j gives a giant trace its verdict, neither valid nor failed" 0 \
    '"valid": null, "verdict": \{"kind": "not_run", "op_index": 4, "line": 11, "op": "a 3 29000000000000"\}' \
    ./mdriver -j -c tests/traces/giant-mix.rep -c tests/traces/short.rep
expect "trace reader: a run of giant traces alone says no trace can be run" 2 \
    "^mdriver: no trace can be run$" ./mdriver -f tests/traces/giant-array.rep
cat >"$work/giant.rep" <<'T'
1
5
4
100
a 1 100
a 3 66240834140315328
f 1
f 3
T
expect "trace reader: a trace that frees a giant block is giant" 2 \
    "giant.rep:6: warning: a 3 66240834140315328: a \"giant\" trace, not run: it expects these 66240834140315328 bytes to be allocated \(line 8 frees the block\)" \
    ./mdriver -f "$work/giant.rep"
printf '1\n2\n2\n72057594037927936\na 0 8\nf 0\n' >"$work/giant.rep"
expect "trace reader: a giant max_live_bytes alone makes a trace giant" 2 \
    "giant.rep:4: warning: a \"giant\" trace, not run: its header's max_live_bytes \(line 4\), 72057594037927936, is 1000 times" \
    ./mdriver -f "$work/giant.rep"

# Only "f -1" is free(NULL): "-0" is id 0, which was never allocated.
bad_trace "f -0 frees block 0, not NULL" "5: error: f 0: block 0 is not allocated" <<'T'
1
1
1
0
f -0
T

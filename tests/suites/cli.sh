# The command line: bad options get a message and exit status 2.
expect "cli: an unknown option" 2 "mdriver: unknown option -q" ./mdriver -q
expect "cli: an option without its argument" 2 "option -f needs an argument" ./mdriver -f
expect "cli: a bad debug level" 2 "-d wants 0..2, not '7'" ./mdriver -d 7
expect "cli: -r wants at least one round" 2 "-r wants 1..99 rounds, not '0'" ./mdriver -r 0
expect "cli: -r N times each trace in N processes" 0 "timing samples in 3 rounds" \
    ./mdriver -r 3 -v 3 -m naive -f tests/traces/short.rep
expect "cli: -j reports the timing rounds of each trace" 0 '"timing_rounds": 2,' \
    ./mdriver -r 2 -j -m naive -f tests/traces/short.rep
expect "cli: a stray argument" 2 "unexpected argument 'foo'" ./mdriver foo
expect "cli: an unknown allocator" 2 "unknown allocator 'nosuch'; this build has: mm naive .* segregated .* libc" ./mdriver -m nosuch -f tests/traces/short.rep
expect "cli: -h lists the options and the allocators" 0 "-m NAMES.*" ./mdriver -h
expect "cli: -g prints the autograder lines" 0 "^perfidx:[0-9]+$" ./mdriver -g -f tests/traces/short.rep
expect "cli: -g prints each trace's verdict" 0 "^verdict:ok:tests/traces/short.rep$" \
    ./mdriver -g -f tests/traces/short.rep
expect "cli: -g names a failed trace's verdict" 1 "^verdict:crashed:tests/traces/mixed.rep$" \
    tests/bin/mdriver-segfault -g -c tests/traces/mixed.rep
expect "cli: -j gives a crash's verdict as fields" 0 "^crashed checked 80 r 34 1457 mm_realloc SIGSEGV near_null segfault.c$" \
    sh -c "tests/bin/mdriver-segfault -j -c tests/traces/mixed.rep 2>/dev/null | python3 -c \"import json,sys; v=json.load(sys.stdin)['traces'][0]['verdict']; print(v['kind'], v['phase'], v['line'], v['op'], v['function'], v['signal_name'], v['region'], v['where'].split('(')[1].split(':')[0].split('/')[-1])\""
expect "cli: -X says its results carry none of the guarantees" 0 "none of the driver's guarantees" \
    ./mdriver -X -f tests/traces/short.rep
expect "cli: -l adds libc, without a heap utilization" 0 "^short.rep +1 +[0-9.]+% +[0-9]+ +(\(|--)" \
    ./mdriver -l -m naive -f tests/traces/short.rep
expect "cli: a good run exits 0 with the perf index" 0 "^Perf index = " ./mdriver -f tests/traces/short.rep
expect "cli: -m with two allocators prints one comparison table" 0 "^perf index +[0-9.]+ +[0-9.]+$" \
    ./mdriver -m naive,segregated -f tests/traces/short.rep
expect "cli: -m all -j reports every allocator run" 0 '"allocator": "simple"' \
    ./mdriver -m all -j -f tests/traces/short.rep
rm -f "$work/timeline.csv" "$work/map.json"
./mdriver -m naive,segregated -T "$work/timeline.csv" -H "$work/map.json" -f tests/traces/short.rep >/dev/null 2>&1
# 12 ops per allocator, one header line
expect "cli: -T writes one row per op and allocator" 0 "^25$" sh -c "wc -l < '$work/timeline.csv'"
./mdriver -r 3 -m naive,segregated -T "$work/timeline.csv" -f tests/traces/short.rep >/dev/null 2>&1
expect "cli: -T records the first timing round only" 0 "^25$" sh -c "wc -l < '$work/timeline.csv'"
# A file the driver cannot write is the surroundings' fault, not the
# trace's or the allocator's: one line with the driver's prefix, status 2.
expect "cli: a -T file that cannot be made stops the driver, saying so after its name" 2 \
    "^mdriver: $work/missing/timeline.csv: No such file or directory$" \
    ./mdriver -T "$work/missing/timeline.csv" -f tests/traces/short.rep
expect "cli: an -E page that cannot be made stops the driver, saying so after its name" 2 \
    "^mdriver: $work/missing/page.html: No such file or directory$" \
    ./mdriver -E "$work/missing/page.html" -f tests/traces/short.rep
expect "cli: -H writes the heap map at the peak (1792 live bytes)" 0 '"allocator": "segregated".*"live_bytes": 1792' \
    cat "$work/map.json"
# A trace's name is the user's text: every file the driver writes quotes
# it as its format wants, whatever characters it holds. Each file has the
# rows of a run that passed (naive) and of one that crashed (its verdict).
odd="$work/we\"ird,name.rep"
cp tests/traces/short.rep "$odd"
cp tests/traces/mixed.rep "$work/odd-mixed.rep"
odd_mixed="$work/we\"ird,mixed.rep"
mv "$work/odd-mixed.rep" "$odd_mixed"
./mdriver -m naive -j -c "$odd" -T "$work/odd.csv" -H "$work/odd.json" >"$work/odd-j.json" 2>/dev/null
tests/bin/mdriver-segfault -j -c "$odd_mixed" -T "$work/odd-failed.csv" -H "$work/odd-failed.json" \
    >"$work/odd-failed-j.json" 2>/dev/null
expect "cli: -j names a trace called we\"ird,name.rep in valid JSON" 0 "" python3 -c "
import json, sys
for path, file in zip(sys.argv[1::2], sys.argv[2::2]):
    assert json.load(open(file))['traces'][0]['name'] == path
" "$odd" "$work/odd-j.json" "$odd_mixed" "$work/odd-failed-j.json"
expect "cli: -H names a trace called we\"ird,name.rep in lines of valid JSON" 0 "" python3 -c "
import json, sys
for path, file in zip(sys.argv[1::2], sys.argv[2::2]):
    lines = open(file).read().splitlines()
    assert lines, file
    for line in lines:
        assert json.loads(line)['trace'] == path, line
" "$odd" "$work/odd.json" "$odd_mixed" "$work/odd-failed.json"
expect "cli: -T quotes a trace called we\"ird,name.rep as one CSV field" 0 "" python3 -c "
import csv, sys
for path, file in zip(sys.argv[1::2], sys.argv[2::2]):
    rows = list(csv.reader(open(file, newline='')))
    assert rows[0] == 'allocator trace op line heap_bytes live_bytes verdict'.split(), rows[0]
    assert len(rows) > 1, file
    for row in rows[1:]:
        assert len(row) == 7 and row[1] == path, row
" "$odd" "$work/odd.csv" "$odd_mixed" "$work/odd-failed.csv"
expect "cli: tools/stability.py shows each run and the spread" 0 "^run  1  naive: perf .* run  2  naive: perf .*spread [0-9.]+ points" \
    sh -c 'tools/stability.py -n 2 --load true -- -m naive -f tests/traces/short.rep | tr "\n" " "'
expect "cli: tools/stability.py --max-spread fails on a spread it cannot accept" 1 "exceeds --max-spread -1" \
    tools/stability.py -n 1 --max-spread -1 -- -m naive -f tests/traces/short.rep
if command -v valgrind >/dev/null; then
    ./mdriver -I -j -m implicit-first -f tests/traces/mixed.rep >"$work/i1.json" 2>&1
    ./mdriver -I -j -m implicit-first -f tests/traces/mixed.rep >"$work/i2.json" 2>&1
    expect "cli: -I counts instructions per op" 0 '"instr_per_op": [0-9]' cat "$work/i1.json"
    expect "cli: -I gives the same counts and score twice" 0 "" cmp "$work/i1.json" "$work/i2.json"
    expect "cli: -I counts libc's instructions inside malloc, free, realloc and calloc" 0 '"allocator": "libc".*"instr_per_op": [1-9]' \
        sh -c "./mdriver -I -j -m libc -f tests/traces/mixed.rep | tr -d '\n'"
    expect "cli: tools/stability.py finds no spread under -I" 0 "^implicit-first: .* spread 0.00 points" \
        tools/stability.py -n 2 --max-spread 0 -- -I -m implicit-first -f tests/traces/mixed.rep
else
    skip "cli: -I" "valgrind is not installed: apt-get install valgrind"
fi
printf '20\n1\n1\n1\nx 0 16\n' >"$work/malformed.rep"
expect "cli: the sanitizer build stops on a malformed trace with its error and status 2" 2 \
    "malformed.rep:5: error: unknown op" ./mdriver-debug -f "$work/malformed.rep"
# Only a 32-bit driver runs its allocator under an emulator: a 64-bit one
# ignores MDRIVER_EMULATOR, which would otherwise start it unconfined.
expect "cli: a 64-bit driver ignores MDRIVER_EMULATOR and stays confined" 0 "the trace passed" \
    sh -c "MDRIVER_EMULATOR=/bin/true ./mdriver -c tests/traces/mixed.rep >'$work/emulated' 2>&1;
           cat '$work/emulated'; ! grep -q 'runs under' '$work/emulated'"

# --config -j: the settings tools read, as one JSON object; each default
# trace's weight is the one its header gives (short1.rep's is 0).
expect "cli: --config -j prints the default traces with their header's weights" 0 \
    '"path": "traces/short1\.rep", "weight": 0\}' ./mdriver --config -j
expect "cli: --config -j is one JSON object with the score parameters" 0 "^ok$" \
    sh -c "./mdriver --config -j | python3 -c 'import json, sys
config = json.load(sys.stdin)
assert 0 < config[\"util_weight\"] <= 1 and config[\"thru_min\"] < config[\"thru_max\"]
print(\"ok\")'"
expect "cli: --config without -j is a usage error" 2 "give -j as well" ./mdriver --config

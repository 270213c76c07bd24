# The Python trace tools' own tests (tests/tools/), one ok/FAIL/skip line
# each (a skipped test says what to install).
unittest_cases() {
    python3 -u -m unittest discover -s tests/tools -t . -v 2>&1 |
        sed -un 's/^test[^ ]* (\(.*\)) \.\.\. ok$/ok   tools: \1/p; s/^test[^ ]* (\(.*\)) \.\.\. \(FAIL\|ERROR\)$/FAIL tools: \1/p; s/^test[^ ]* (\(.*\)) \.\.\. skipped .\(.*\).$/skip tools: \1 (\2)/p'
}
count_cases unittest_cases

# A fresh suite for a new term is the whole default suite: ./mdriver -t
# replays every trace that config.h lists from it (./mdriver --config -j
# lists them).
python3 tools/mksuite.py --fresh term-test --dir "$work/fresh" >"$work/out" 2>&1
expect "tools: mdriver -t runs every default trace of a fresh suite" 0 "^$(default_trace_paths | wc -l)\$" \
    sh -c "./mdriver -t '$work/fresh' -m segregated -s 120 -V | grep -cE '^ *[0-9] ok .*$work/fresh/[a-z0-9-]+\.rep\$'"

# A scale trace longer than the reader's id limit (TRACE_MAX_IDS, 524,288)
# could hold with a fresh id per block: it reuses freed ids, so the driver
# reads and replays it.
python3 tools/gentrace.py scale --ops 1100000 --live-blocks 100 --max-size 64 \
    -o "$work/long-scale.rep" >"$work/out" 2>&1
expect "tools: a scale trace of 1.1 million ops replays within the reader's id limit" 0 \
    "^Correctness only \(-c\): the trace passed" ./mdriver -m segregated -d 0 -c "$work/long-scale.rep"
rm -f "$work/long-scale.rep"

# The traces on which an outside allocator was measured ahead of the family
# (docs/allocators.md, "The outside anchor") regenerate from their suite file.
expect "tools: the frontier cases regenerate from tests/traces/frontier/suite.txt" 0 \
    "^wrote .*/grow-many\.rep$" python3 tools/mksuite.py tests/traces/frontier/suite.txt --dir "$work/frontier"
expect "tools: mdriver replays the four frontier cases" 0 "^Correctness only \(-c\): all 4 traces passed" \
    ./mdriver -m segregated -c "$work/frontier/fresh202-program2.rep" -c "$work/frontier/fresh203-program2.rep" \
    -c "$work/frontier/fresh201-program4.rep" -c "$work/frontier/grow-many.rep"

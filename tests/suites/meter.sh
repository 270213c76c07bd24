# -I's meter counts everything the allocator does between mm_init and the
# last op, its harness's own instructions taken out: a realloc that calls
# the allocator's own mm_malloc and mm_free counts as the same work done
# inline does, and a helper named mm_* changes nothing (tests/meter/).
if command -v valgrind >/dev/null; then
    python3 tools/gentrace.py realloc --variant mixed --ops 3000 --seed 5 \
        -o "$work/reallocs.rep" >/dev/null 2>&1
    for a in inlined nested helper_named_mm; do
        tests/bin/mdriver-$a -I -j -s 600 -f "$work/reallocs.rep" >"$work/meter-$a.json" 2>/dev/null
    done
    # instr_per_op of the one trace of each run, and how far apart two are.
    apart() {
        python3 -c 'import json, sys
a, b = (json.load(open(f))["traces"][0]["instr_per_op"] for f in sys.argv[1:3])
print("%.3f" % abs(a / b - 1) if a and b else "unmeasured")' "$1" "$2"
    }
    expect "meter: a realloc that calls mm_malloc and mm_free counts as the same work inline (within 5%)" \
        0 "^0\.0[0-4]" apart "$work/meter-nested.json" "$work/meter-inlined.json"
    expect "meter: a helper named mm_* changes nothing (within 5%)" \
        0 "^0\.0[0-4]" apart "$work/meter-helper_named_mm.json" "$work/meter-inlined.json"
else
    skip "meter: nested calls count as inline ones" "-I needs valgrind: apt-get install valgrind"
    skip "meter: a helper named mm_* changes nothing" "-I needs valgrind: apt-get install valgrind"
fi

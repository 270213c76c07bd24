# The reference allocators: every one replays every default trace correctly
# at -d 2 (its own mm_checkheap before every op) and under the sanitizer
# build, except that naive, which
# never reuses memory, must run out of heap on the largest traces and be
# reported as returning NULL; and every mm_checkheap notices a corrupted
# heap (tests/corrupt/).

check_args=$(default_trace_paths | sed 's|^|-c |')

# report_traces ALLOCATOR JSON_FILE HOW: one ok/FAIL line per trace; for
# naive, a trace may instead fail the null_result check (out of heap).
report_traces() {
    python3 - "$1" "$2" "$3" <<'PY'
import json, sys
name, path, how = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    run = json.load(open(path))
except ValueError as e:
    print(f"FAIL allocator {name}: no JSON from mdriver ({e})")
    sys.exit()
for t in run["traces"]:
    verdict = t["verdict"]
    out_of_heap = verdict["kind"] == "failed_check" and verdict["check"] == "null_result"
    if t["valid"] or (name == "naive" and out_of_heap):
        print(f"ok   allocator {name}: {t['name']} {how}")
    else:
        print(f"FAIL allocator {name}: {t['name']} {how}: {t['error']}")
PY
}

allocators=$(./mdriver -h | sed -n '/^Allocators in this build:/,/^Exit/p' |
    awk 'NF > 1 && $1 !~ /^(Allocators|Exit|mm|libc|jemalloc|mimalloc|tcmalloc)$/ {print $1}')
# One allocator at a time: each run keeps two processors busy (the driver
# and the allocator's process hand every op to each other).
for a in $allocators; do
    ./mdriver -m "$a" -D -j -s 600 $check_args >"$work/$a.json" 2>"$work/$a.stderr"
    count_cases report_traces "$a" "$work/$a.json" "at -d 2"
done

# tools/kit/traces/fitmodel.py, the textbook allocator simulated in Python
# that fresh traces are held to (tools/kit/traces/traceshape.py), scores
# on every default trace what implicit-first and implicit-best score, to
# the digits -j prints.
model_agrees() {
    python3 - "$work/implicit-first.json" "$work/implicit-best.json" <<'PY'
import json, sys
from tools.kit.traces.traceshape import shape_of_report
from tools.kit.traces.validate import read_trace
first, best = (json.load(open(path))["traces"] for path in sys.argv[1:3])
for measured_first, measured_best in zip(first, best):
    name = measured_first["name"]
    with open(name, encoding="ascii") as source:
        shape = shape_of_report(read_trace(source.read()))
    for allocator, measured, modelled in (
            ("implicit-first", measured_first, shape.first_fit),
            ("implicit-best", measured_best, shape.best_fit)):
        found = round(float(modelled), 6) if modelled is not None else None
        verdict = "ok  " if found == measured["util"] else "FAIL"
        print(f"{verdict} allocator {allocator}: tools/kit/traces/fitmodel.py scores "
              f"what it scores on {name}"
              + ("" if verdict == "ok  " else
                 f" ({found} against {measured['util']})"))
PY
}
count_cases model_agrees

# The same traces through the AddressSanitizer + UBSan build (make debug),
# which must also report nothing of its own.
for a in $allocators; do
    ./mdriver-debug -m "$a" -j -s 600 $check_args >"$work/$a.json" 2>"$work/$a.stderr"
    count_cases report_traces "$a" "$work/$a.json" "under ASan and UBSan"
    expect "allocator $a: no sanitizer report" 1 "" grep -E "runtime error|AddressSanitizer" "$work/$a.stderr"
done

for test in tests/bin/corrupt-*; do
    expect "allocator $(basename "$test" | sed 's/^corrupt-//'): mm_checkheap reports a corrupted heap" 0 "" "$test"
done

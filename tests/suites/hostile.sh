# Hostile allocators (tests/hostile/): each tries to get a better result
# than it earns. Each gets its honest result, or its fault named with the
# trace, the line and the op, and the other traces are still reported.
field() { sed -n "/$1: /{s/.*$1: //;s/ *\\*\\/\$//;p;}" "$source"; }
for source in tests/hostile/*.c; do
    alloc=$(basename "$source" .c)
    if grep -q '#include <valgrind/' "$source" && [ ! -f /usr/include/valgrind/valgrind.h ]; then
        skip "hostile allocator $alloc" "it needs valgrind's header: apt-get install valgrind"
        continue
    fi
    if [ -n "$(field build)" ]; then
        # What the build must refuse stops it, with the reason named.
        expect "hostile allocator $alloc: the build refuses it" 2 "$(field expect)" \
            make --no-print-directory "tests/bin/$alloc-facts.c"
        continue
    fi
    if [ -n "$(field flags | grep -- -I)" ] && ! command -v valgrind >/dev/null; then
        skip "hostile allocator $alloc" "-I needs valgrind: apt-get install valgrind"
        continue
    fi
    traces=$(field traces)
    traces=${traces:-tests/traces/mixed.rep}
    trace_args=$(for t in $traces; do printf ' -f %s' "$t"; done)
    status=$(field status)
    expect "hostile allocator $alloc: gets its honest result or its fault named" "${status:-1}" \
        "$(field expect)" "tests/bin/mdriver-$alloc" -V -s 30 $trace_args $(field flags)
done

# What an allocator prints never passes for the driver's output: with -g
# and -j the driver's standard output holds its own lines and nothing else.
tests/bin/mdriver-forged_lines -g -f tests/traces/short.rep >"$work/stdout" 2>"$work/stderr"
expect "hostile allocator forged_lines: -g prints only the driver's lines" 0 "" \
    sh -c "grep -vqE '^(correct|perfidx|verdict):' '$work/stdout' && exit 1; grep -qx 'perfidx:100' '$work/stdout' && exit 1; exit 0"
expect "hostile allocator forged_lines: its lines are shown as its own" 0 "^mm\| perfidx:100$" \
    cat "$work/stderr"
tests/bin/mdriver-forged_lines -j -f tests/traces/short.rep >"$work/stdout" 2>/dev/null
expect "hostile allocator forged_lines: -j prints one JSON object, the driver's" 0 "^ok$" \
    python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print('ok' if r['perf_index'] != 100 and r['traces'] else 'forged')" "$work/stdout"

# A helper process cannot outlive the trace: the driver, even in a pipe,
# ends promptly.
expect "hostile allocator forks_helper: the driver ends promptly in a pipe" 0 "" \
    timeout 60 sh -c "tests/bin/mdriver-forks_helper -f tests/traces/short.rep 2>/dev/null | cat >/dev/null"


# Under -I the counted process sees none of the kit's files: the allocator
# that tries to write the kit's host program and a file in the kit's folder
# (tests/hostile/writes_files.c) leaves both as they were.
if command -v valgrind >/dev/null; then
    before=$(cksum build/mdriver-host)
    tests/bin/mdriver-writes_files -I -s 300 -f tests/traces/short.rep >"$work/out" 2>&1
    expect "hostile allocator writes_files: the kit's host program is unchanged under -I" 0 "" \
        test "$(cksum build/mdriver-host)" = "$before"
    expect "hostile allocator writes_files: no file appears in the kit's folder under -I" 0 "" \
        test ! -e tests/bin/written-by-an-allocator
else
    skip "hostile allocator writes_files: files unchanged under -I" "-I needs valgrind: apt-get install valgrind"
fi

# Whatever garbage it writes over the mailbox, mailbox_garbage never passes
# a trace: five runs, five failures.
for run in 1 2 3 4 5; do
    tests/bin/mdriver-mailbox_garbage -s 10 -g -f tests/traces/mixed.rep >"$work/stdout" 2>/dev/null
    echo "$?" >>"$work/garbage-statuses"
    grep '^verdict:' "$work/stdout" >>"$work/garbage-verdicts"
done
expect "hostile allocator mailbox_garbage: fails its trace in each of 5 runs" 0 "" \
    sh -c "! grep -qv '^1\$' '$work/garbage-statuses' && ! grep -q '^verdict:ok:' '$work/garbage-verdicts'"

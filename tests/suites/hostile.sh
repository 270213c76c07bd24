# Hostile allocators (tests/hostile/): each tries to get a better result
# than it earns. Each gets its honest result, or its fault named with the
# trace, the line and the op, and the other traces are still reported.
field() { sed -n "/$1: /{s/.*$1: //;s/ *\\*\\/\$//;p;}" "$source"; }
for source in tests/hostile/*.c; do
    alloc=$(basename "$source" .c)
    if [ -n "$(field build)" ]; then
        # What the build must refuse stops it, with the reason named.
        expect "hostile allocator $alloc: the build refuses it" 2 "$(field expect)" \
            make --no-print-directory "tests/bin/$alloc-facts.c"
        continue
    fi
    if [ ! -x "tests/bin/mdriver-$alloc" ]; then
        skip "hostile allocator $alloc" "not built: it needs valgrind's header: apt-get install valgrind"
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


# Broken allocators: each is caught with the right message, names the
# trace line and op, and the other traces are still replayed and reported.
# Correctness only (-c): no timing, so that a loaded machine cannot make a
# slow but correct allocator hit the 3-second limit.
for source in tests/broken/*.c; do
    alloc=$(basename "$source" .c)
    [ "$alloc" = base ] && continue
    pattern=$(sed -n '/expect: /{s/.*expect: //;s/ *\*\/$//;p;}' "$source")
    flags=$(sed -n '/flags: /{s/.*flags: //;s/ *\*\/$//;p;}' "$source")
    status=$(sed -n '/status: /{s/.*status: //;s/ *\*\/$//;p;}' "$source")
    expect "broken allocator $alloc: diagnosed" "${status:-1}" "$pattern" \
        "tests/bin/mdriver-$alloc" -V -s 3 $flags -c tests/traces/mixed.rep \
        -c tests/traces/short.rep -c tests/traces/corners.rep
    rows=$(grep -cE '^ *[0-3] +(ok|failed|crashed|exited|timeout|forbidden|too slow) ' "$work/out")
    expect "broken allocator $alloc: every trace still reported" 0 "^3$" echo "$rows"
done

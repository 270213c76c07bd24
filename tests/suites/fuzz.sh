# Inputs from fuzzing and other hostile files (tests/fuzz/): each is
# refused with a message or replayed, never a crash or a hang. A file that
# the reader accepts must replay correctly with the reference allocator.
for input in tests/fuzz/*; do
    [ "$input" = tests/fuzz/README.md ] && continue
    ./mdriver -m segregated -D -s 30 -f "$input" >"$work/out" 2>&1
    got=$?
    if [ "$got" -eq 0 ] || { [ "$got" -eq 2 ] && grep -q ": error: " "$work/out"; }; then
        pass "hostile input $(basename "$input"): exit $got with a clear message"
    else
        fail "hostile input $(basename "$input"): exit status $got"
    fi
done

# The fuzzers are built only by make fuzz: each must still compile against
# the driver's headers as they are now.
for source in fuzz/*.c; do
    expect "fuzzer $(basename "$source" .c): compiles against the driver's headers" 0 "" \
        cc -std=c11 -Wall -Wextra -Werror -fsyntax-only -I. -Ifuzz -Itests/hostile "$source"
done

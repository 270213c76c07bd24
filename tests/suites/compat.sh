# mm.c files written for older kits build unchanged with make
# API=classic32 (needs gcc -m32: Debian's gcc-multilib; where the kernel
# cannot run 32-bit programs, qemu-i386: qemu-user; .ci/run installs both),
# API=cmu13 and API=cmu16, and are graded as their kits graded them. The
# fixtures are tests/compat/STYLE/*.c (tests/compat/README.md); each is
# copied over mm.c in a copy of the kit.

can_build_32bit() {
    echo 'int main(void) { return 0; }' | ${CC:-cc} -m32 -x c - -o "$work/hello32" 2>/dev/null
}

# A copy of the kit without build products, to build a style in.
copy_kit() {
    rm -rf "$work/kit" && mkdir "$work/kit"
    tar --exclude=./build --exclude=./tests/bin --exclude=./.git --exclude=./mdriver \
        --exclude=./mdriver-debug -cf - . | tar -C "$work/kit" -xf -
}

# The classic CS:APP handout's default set, in its order (the traces are
# the kit's own, in that set's shapes: tests/compat/classic-set/).
classic_set=$(for name in amptjp cccp cp-decl expr coalescing random random2 binary binary2 \
    realloc realloc2; do printf ' -c tests/compat/classic-set/%s-bal.rep' "$name"; done)

mkdir -p "$work/classic-set"
python3 tests/compat/classic-set/make_set.py "$work/classic-set"
expect "compat: the classic set's eleven traces are those make_set.py writes" 0 "^11$" \
    sh -c "for f in tests/compat/classic-set/*.rep; do cmp \"\$f\" '$work'/classic-set/\$(basename \"\$f\") || exit 1; done; ls '$work/classic-set' | wc -l"
expect "compat: the kit's own reader takes coalescing-bal's first value 0 for weight 0, and says so" 0 \
    "coalescing-bal.rep:1: warning: first header value 0 read as a CMU weight \(checked, not scored\)" \
    ./mdriver -c tests/compat/classic-set/coalescing-bal.rep

# Checked at -d 2, not timed: the checks are what is asserted.
compat_traces="-c traces/short1.rep -c traces/program1.rep -c traces/binary1.rep \
    -c traces/coalescing1.rep -c traces/realloc-small.rep -c traces/corners.rep \
    -c traces/real-sort.rep"

copy_kit
# A classic header whose suggested heap size is 0, and a CMU header whose
# weight is above 3.
printf '0\n2\n4\n1\na 0 100\na 1 50\nf 0\nf 1\n' >"$work/kit/size0.rep"
printf '4\n2\n4\n150\na 0 100\na 1 50\nf 0\nf 1\n' >"$work/kit/weight4.rep"
for style in classic32 cmu13 cmu16; do
    if [ "$style" = classic32 ] && ! can_build_32bit; then
        skip "compat: classic32" "no 32-bit C compiler: apt-get install gcc-multilib"
        continue
    fi
    if [ "$style" = classic32 ] && ! "$work/hello32" 2>/dev/null &&
        ! command -v qemu-i386 >/dev/null; then
        skip "compat: classic32" "this kernel cannot run 32-bit programs: apt-get install qemu-user"
        continue
    fi
    cp mm.c "$work/kit/mm.c"
    expect "compat: the kit's starter mm.c builds with make API=$style" 0 "" \
        make -C "$work/kit" API="$style" mdriver
    expect "compat: the kit's starter mm.c runs in API=$style" 0 "^Correctness only \(-c\): all 2 traces passed" \
        sh -c "cd '$work/kit' && ./mdriver -c traces/short1.rep -c traces/corners.rep"
    for fixture in tests/compat/$style/*.c; do
        fixture_name="$style/$(basename "$fixture" .c)"
        cp "$fixture" "$work/kit/mm.c"
        expect "compat: $fixture_name builds unchanged with make API=$style" 0 "" \
            make -C "$work/kit" API="$style" mdriver
        expect "compat: $fixture_name passes every check at -d 2, graded as its kit" 0 \
            "^Correctness only \(-c\): all [0-9]+ traces passed" \
            sh -c "cd '$work/kit' && ./mdriver -D $compat_traces"
    done
    if [ "$style" = classic32 ]; then
        # byte 4 of an ELF header: 1 for 32-bit programs, 2 for 64-bit ones
        expect "compat: the classic32 driver is a 32-bit program" 0 "^ *1$" \
            od -An -tu1 -j4 -N1 "$work/kit/build/classic32/mdriver"
        expect "compat: classic32 reads a first value of 0 as a suggested heap size: scored" 0 \
            '"weight": 1,' sh -c "cd '$work/kit' && ./mdriver -j -c size0.rep"
        expect "compat: classic32 reads every header as classic, and says nothing of it" 0 "" \
            sh -c "cd '$work/kit' && ! ./mdriver -c size0.rep 2>&1 | grep warning"
        expect "compat: classic32 makes realloc(p, 0) as free(p), as its kit never asked for 0 bytes" 0 \
            '"realloc_zero": \{"line": 34, "count": 2\}' \
            sh -c "cd '$work/kit' && ./mdriver -j -c traces/corners.rep"
        # The classic set: the utilization its kit computes (classic_util.py
        # follows that kit's parser and rule apart from the driver).
        (cd "$work/kit" && ./mdriver -j $classic_set >"$work/classic-set.json" 2>/dev/null)
        expect "compat: the classic set under classic32 gives every trace weight 1" 0 "^11$" \
            sh -c "grep -o '\"weight\": 1,' '$work/classic-set.json' | wc -l"
        expect "compat: the classic set under classic32 gets the classic kit's utilization, per trace and mean" 0 \
            "^mean " sh -c "cd '$work/kit' && python3 tests/compat/classic-set/classic_util.py '$work/classic-set.json'"
    fi
    if [ "$style" != classic32 ]; then
        expect "compat: $style refuses a weight above 3, as its kit did" 2 \
            "weight4.rep:1: error: weight out of range: 4 \(the CMU kits' drivers refused any but 0 to 3" \
            sh -c "cd '$work/kit' && ./mdriver -c weight4.rep"
        expect "compat: $style makes free(NULL) and realloc(NULL, n), as its kit's driver did" 0 \
            '"unasked_calls": \{"never_fits": \{"line": 219, "count": 7\}, "calloc_overflow": \{"line": 223, "count": 2\}, "zero_bytes": \{"line": 22, "count": 4\}, "calloc": ' \
            sh -c "cd '$work/kit' && ./mdriver -j -c traces/corners.rep 2>/dev/null | tr -d '\n'"
    fi
    if [ "$style" = cmu13 ]; then
        expect "compat: a cmu13 file's dbg_printf is silent, as under that kit's -DNDEBUG" 0 \
            '"output_bytes": 0,' sh -c "cd '$work/kit' && ./mdriver -j -f traces/short1.rep"
    fi
done

# What grading as an older kit changes, and what it does not (the last
# build above is API=cmu16).
util_of() { grep -o '"util": [0-9.]*' | head -n 1; }
if [ -x "$work/kit/mdriver" ]; then
    expect "compat: a call the older kit never made is a warning with its line" 0 \
        "corners.rep:22: warning: graded as the cmu16 kit: malloc\(0\) or calloc of 0 bytes was not made.*; 4 lines like this in all" \
        sh -c "cd '$work/kit' && ./mdriver -f traces/corners.rep"
    expect "compat: -j lists the calls the older kit never made, per trace" 0 \
        '"graded_as": "cmu16".*"unasked_calls": \{"never_fits": \{"line": 219, "count": 7\}' \
        sh -c "cd '$work/kit' && ./mdriver -j -f traces/corners.rep 2>/dev/null | tr -d '\n'"
    kit_util=$(./mdriver -m segregated -j -c traces/realloc-mixed.rep | util_of)
    expect "compat: the rewritten calls leave utilization as it was ($kit_util)" 0 "^$kit_util\$" \
        sh -c "cd '$work/kit' && ./mdriver -m segregated -j -c traces/realloc-mixed.rep 2>/dev/null | \
               grep -o '\"util\": [0-9.]*' | head -n 1"
fi
expect "compat: the kit's own mode makes every check" 0 '"graded_as": null.*"unasked_calls": \{\}' \
    sh -c "./mdriver -j -f traces/corners.rep | tr -d '\n'"

# Rebuilds: the build follows CC, CFLAGS and API, and a failed build
# leaves no driver behind. What the compiler and the driver say of mm.c
# names mm.c, not the copy of it that an older kit's build compiles.
if [ -x "$work/kit/mdriver" ]; then
    sed 's/^    memcpy(newptr, ptr, copysize);$/&\n    ((char *)newptr)[size + 70000] = 1;/' \
        tests/compat/cmu16/mm.c >"$work/kit/mm.c"
    crash_line=$(grep -n 'size + 70000' "$work/kit/mm.c" | cut -d: -f1)
    make -C "$work/kit" API=cmu16 mdriver >/dev/null 2>&1
    expect "compat: a crash report names mm.c and its line, not the copy the build compiles" 1 \
        "r 0 4095: the allocator crashed with SIGBUS .* in mm_realloc \(mm.c:$crash_line\), .*during" \
        sh -c "cd '$work/kit' && ./mdriver -c traces/realloc-small.rep"
    cp mm.c "$work/kit/mm.c"
    expect "compat: changing API relinks ./mdriver" 0 '"graded_as": "cmu13"' \
        sh -c "make -C '$work/kit' API=cmu13 mdriver >/dev/null 2>&1 && \
               cd '$work/kit' && ./mdriver -j -f traces/short1.rep"
    expect "compat: changing CFLAGS rebuilds mm.c, in its kit's GNU C with its kit's defines" 0 \
        "-DREBUILT .*-std=gnu99 -DDRIVER -DNDEBUG" \
        make -C "$work/kit" API=cmu13 CFLAGS="-O2 -DREBUILT" mdriver
    echo 'this is not C' >>"$work/kit/mm.c"
    expect "compat: a compiler error names mm.c and its line, not the copy the build compiles" 2 \
        "^mm.c:$(wc -l <"$work/kit/mm.c"):[0-9]+: error: " \
        make -C "$work/kit" API=cmu13 CFLAGS="-O2 -DREBUILT" mdriver
    expect "compat: a failed build leaves no ./mdriver" 1 "" test -e "$work/kit/mdriver"
fi

# The 32-bit driver where the kernel cannot run it: under qemu-i386, or
# one line that says what to install.
if [ -x "$work/kit/build/classic32/mdriver" ]; then
    if command -v qemu-i386 >/dev/null; then
        emulated() {
            (cd "$work/kit" && MDRIVER_EMULATOR=$(command -v qemu-i386) \
                qemu-i386 build/classic32/mdriver "$@")
        }
        emulated -f traces/short1.rep -f traces/corners.rep >"$work/emulated" 2>&1
        emulated_status=$?
        expect "compat: the classic32 driver and its allocator run under qemu-i386, unconfined, and say so" 0 \
            "runs under .*qemu-i386, which cannot hold it to a seccomp filter" \
            sh -c "cat '$work/emulated'; exit $emulated_status"
        expect "compat: under qemu-i386 the driver says in one line that nothing is timed" 0 \
            "^mdriver: the driver runs under .*qemu-i386 \(this kernel cannot run 32-bit programs\), where the allocator's speed cannot be measured: nothing is timed, and there is no perf index" \
            cat "$work/emulated"
        expect "compat: under qemu-i386 the traces are checked and measured, with no perf index" 0 \
            "^Not timed under .*qemu-i386: all 2 traces passed; mean utilization [0-9.]+%; nothing timed, so no perf index$" \
            cat "$work/emulated"
        emulated -j -f traces/short1.rep -f traces/corners.rep 2>/dev/null | tr -d '\n' \
            >"$work/emulated.json"
        expect "compat: under qemu-i386 -j names the emulator and no throughput" 0 \
            '"emulator": "[^"]*qemu-i386", .*"throughput": "none".*"kops": null.*"perf_index": null' \
            cat "$work/emulated.json"
        if command -v valgrind >/dev/null; then
            emulated -I -j -f traces/short2.rep -f tests/traces/short.rep 2>/dev/null |
                tr -d '\n' >"$work/emulated.json"
            expect "compat: under qemu-i386 -I counts instructions, and scores them" 0 \
                '"throughput": "instructions".*"perf_index": [0-9]' cat "$work/emulated.json"
            # Where this kernel runs the 32-bit driver itself, valgrind's
            # 64-bit launcher must not stand between it and its first filter.
            if "$work/kit/build/classic32/mdriver" -h >/dev/null 2>&1; then
                (cd "$work/kit" && build/classic32/mdriver -I -j -f traces/short2.rep \
                    -f tests/traces/short.rep 2>/dev/null) | tr -d '\n' >"$work/native.json"
                for run in native emulated; do
                    grep -o '"instr_per_op": [0-9.]*' "$work/$run.json" >"$work/$run.counts"
                done
                expect "compat: the 32-bit driver counts natively what it counts under qemu-i386" 0 \
                    '"instr_per_op": [0-9]' \
                    sh -c "cat '$work/native.counts' && cmp '$work/native.counts' '$work/emulated.counts'"
            fi
        else
            skip "compat: under qemu-i386 -I counts instructions" "valgrind is not installed: apt-get install valgrind"
        fi
    else
        skip "compat: the classic32 driver under qemu-i386" "qemu-i386 is not installed: apt-get install qemu-user"
    fi
    # A driver this kernel cannot execute, and no qemu-i386 on the PATH.
    sed 's|@DRIVER_PROGRAM@|not-a-program|' compat/classic32/mdriver.sh >"$work/kit/launcher"
    mkdir -p "$work/nopath"
    ln -sf "$(command -v dirname)" "$work/nopath/dirname"
    printf '\177ELF, but not a program' >"$work/kit/not-a-program"
    chmod +x "$work/kit/not-a-program"
    expect "compat: ./mdriver says in one line why the 32-bit driver cannot run and what to install" 2 \
        "^mdriver: this kernel cannot run the 32-bit driver .*apt-get install qemu-user$" \
        env PATH="$work/nopath" /bin/sh "$work/kit/launcher" -f traces/short1.rep
fi

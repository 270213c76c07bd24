# mm.c files written for older kits build and run unchanged with
# make API=classic32 (needs gcc -m32: Debian's gcc-multilib, which .ci/run
# installs), API=cmu13 and API=cmu16.

can_build_32bit() {
    echo 'int main(void) { return 0; }' | ${CC:-cc} -m32 -x c - -o "$work/hello32" 2>/dev/null
}

# A copy of the kit without build products, to build a style in.
copy_kit() {
    rm -rf "$work/kit" && mkdir "$work/kit"
    tar --exclude=./build --exclude=./tests/bin --exclude=./.git --exclude=./mdriver \
        --exclude=./mdriver-debug -cf - . | tar -C "$work/kit" -xf -
}

compat_traces="-f traces/short1.rep -f traces/program1.rep -f traces/binary1.rep \
    -f traces/coalescing1.rep -f traces/realloc-small.rep -f traces/corners.rep"

for style in classic32 cmu13 cmu16; do
    if [ "$style" = classic32 ] && ! can_build_32bit; then
        skip "compat: classic32" "no 32-bit C compiler: apt-get install gcc-multilib"
        continue
    fi
    if [ "$style" = classic32 ] && ! "$work/hello32"; then
        skip "compat: classic32" "this kernel does not run 32-bit programs"
        continue
    fi
    copy_kit
    cp "tests/compat/$style/mm.c" "$work/kit/mm.c"
    expect "compat: a $style mm.c builds unchanged with make API=$style" 0 "" \
        make -C "$work/kit" API="$style" mdriver
    expect "compat: the $style mm.c passes every check at -d 2" 0 "^Perf index = [0-9]" \
        sh -c "cd '$work/kit' && ./mdriver -D $compat_traces"
    if [ "$style" = classic32 ]; then
        # byte 4 of an ELF header: 1 for 32-bit programs, 2 for 64-bit ones
        expect "compat: the classic32 driver is a 32-bit program" 0 "^ *1$" \
            od -An -tu1 -j4 -N1 "$work/kit/build/classic32/mdriver"
    fi
done

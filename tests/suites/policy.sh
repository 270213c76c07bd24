# The reference allocators follow the rules the kit sets for a student's
# mm.c: each one, copied into a kit as mm.c with its -D flags, builds a
# driver that reports no policy warning or error (no C library heap calls,
# no more writable global data than GLOBAL_DATA_LIMIT) on traces/short1.rep.

# One "NAME|SOURCE|FLAGS" line per reference allocator, as the Makefile's
# REF_ALLOCATORS and NAME.src and NAME.flags lines define them.
reference_allocators() {
    make --no-print-directory -s -f Makefile -f - list-reference-allocators <<'MAKE'
list-reference-allocators:
	@:$(foreach a,$(REF_ALLOCATORS),$(info $(a)|$($(a).src)|$($(a).flags)))
MAKE
}

# One copy of the kit without build products serves every allocator: the
# driver and the reference objects are built once, and each allocator only
# replaces mm.c, whose object is rebuilt with its flags.
policy_kit="$work/policy-kit"
rm -rf "$policy_kit" && mkdir "$policy_kit"
tar --exclude=./build --exclude=./tests/bin --exclude=./.git --exclude=./mdriver \
    --exclude=./mdriver-debug -cf - . | tar -C "$policy_kit" -xf -

reference_allocators >"$work/policy-allocators"
while IFS='|' read -r name source flags; do
    rm -f "$work/out"
    cp "$source" "$policy_kit/mm.c"
    rm -f "$policy_kit/build/mm.o"
    if ! make -C "$policy_kit" --no-print-directory CFLAGS="${CFLAGS:--O2 -g} $flags" \
        mdriver >"$work/out" 2>&1; then
        echo "(make mdriver failed with $source as mm.c and flags '$flags')" >>"$work/out"
        fail "policy: $name as mm.c draws no policy warning or error"
        continue
    fi
    (cd "$policy_kit" && ./mdriver -f traces/short1.rep) >"$work/out" 2>&1
    status=$?
    if [ "$status" -eq 0 ] && ! grep -Eqi "warning|error" "$work/out"; then
        pass "policy: $name as mm.c draws no policy warning or error"
    else
        echo "(exit status $status; expected 0 and no warning or error)" >>"$work/out"
        fail "policy: $name as mm.c draws no policy warning or error"
    fi
done <"$work/policy-allocators"

# make handout: a student tarball that builds and runs on its own, with
# the starter mm.c whatever the kit's mm.c holds, the reference allocators
# as stripped objects only, and files that speak only of what it ships.
#
# The handout is made from a copy of the kit outside any git checkout, in
# which an instructor has tried a solution in mm.c.
kit="$work/handout-kit"
rm -rf "$kit" "$work/handout" && mkdir -p "$kit" "$work/handout"
tar -cf - --exclude=./build --exclude=./.git --exclude=./tests/bin \
    --exclude=./mdriver --exclude=./mdriver-debug --exclude=__pycache__ . |
    tar -C "$kit" -xf -
echo '/* INSTRUCTOR-SOLUTION: not for students */' >>"$kit/mm.c"
make --no-print-directory -C "$kit" handout >"$work/out" 2>&1
expect "handout: make handout writes the tarball outside a git checkout" 0 "" \
    test -s "$kit/build/malloclab-handout.tar.gz"
tar -C "$work/handout" -xzf "$kit/build/malloclab-handout.tar.gz"
ho="$work/handout/malloclab"

expect "handout: ships the starter mm.c, not the one the kit holds now" 0 "" \
    cmp handout/mm.c "$ho/mm.c"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1 && git cat-file -e HEAD:mm.c 2>/dev/null; then
    expect "handout: the starter handout/mm.c is the kit's committed mm.c" 0 "" \
        sh -c 'git show HEAD:mm.c | cmp - handout/mm.c'
fi
expect "handout: no reference source, test, grading tool or kit-only folder" 1 "" \
    sh -c "cd '$work/handout' && find malloclab | grep -E 'allocators/.*\.c$|/(tests|fuzz|compat|docs|handout)(/|$)|tools/(grade|grade_one|results\.py)$'"

# Every line of 40 characters or more of the reference sources (but the
# bump allocator's, which is the starter) is missing from every shipped file.
grep -hE '^.{40,}' allocators/*.c | grep -vxF -f mm.c | sort -u >"$work/reference-lines"
expect "handout: no line of a reference allocator's source in any file" 1 "" \
    sh -c "[ -s '$work/reference-lines' ] || { echo no reference lines; exit 2; }
           grep -rlxF -f '$work/reference-lines' '$ho'"

# The prebuilt objects define only the NAME_mm_* entry points (and the
# compiler's .LC labels of string constants, which relocations need): no
# static function or variable names, no debug information, no build path.
# The kit's own objects, built from source with -g, have all three.
local_names() {
    nm --defined-only "$@" | awk 'NF == 3 && $2 ~ /^[a-z]$/ && $3 !~ /^\.L/ { print $3 }' | sort -u
}
local_names build/allocators/*.o >"$work/local-names" 2>/dev/null ||
    local_names "$kit"/build/allocators/*.o >"$work/local-names"
expect "handout: the kit's own reference objects do have local symbols" 0 "" \
    test -s "$work/local-names"
expect "handout: prebuilt objects define only their mm_* entry points" 1 "" \
    sh -c "nm --defined-only '$ho'/allocators/prebuilt/*.o | grep -vE '^\$|:\$| [TDBR] [a-z_]+_mm_(init|malloc|free|realloc|calloc|checkheap)\$| r \.LC[0-9]+\$'"
expect "handout: prebuilt objects carry no debug information" 1 "" \
    sh -c "readelf -S '$ho'/allocators/prebuilt/*.o | grep -E '\.debug_'"
expect "handout: prebuilt objects do not name the instructor's build folder" 1 "" \
    grep -l "$kit" "$ho"/allocators/prebuilt/naive.o "$ho"/allocators/prebuilt/segregated.o

# What the Makefile and the docs name is there; kit-only targets are not.
expect "handout: every file that its Makefile and docs name is shipped" 0 "" \
    sh -c "cd '$ho' && grep -rhoIE '(tools|traces|driver|host|shared|allocators)(/[A-Za-z0-9_.-]*[A-Za-z0-9_])+' --exclude-dir=prebuilt . |
           grep -vE '^traces/scale\.rep$|\.o$' | sort -u | while read -r name; do
               [ -e \"\$name\" ] || { echo \"names \$name, which is not shipped\"; exit 1; }
           done"
expect "handout: no word of the kit's tests, fuzzers, older APIs or graders" 1 "" \
    grep -rnIE 'make (test|handout|fuzz)|tests/|compat/|fuzz/|API=|tools/grade|results\.py|docs/' "$ho"
# Its README is the student's guide to what ships: every command, every
# section the driver's messages and the shipped files point to.
expect "handout: its README names every tool and make target it ships" 0 "" \
    sh -c "cd '$ho' && for tool in tools/*; do
               [ -x \"\$tool\" ] && [ -f \"\$tool\" ] && grep -q __main__ \"\$tool\" || continue
               grep -qF \"\$tool\" README.md || { echo \"README.md does not name \$tool\"; exit 1; }
           done
           for target in \$(sed -n 's/^.PHONY: *//p' Makefile); do
               case \$target in all|FORCE) continue;; esac
               grep -qF \"make \$target\" README.md || { echo \"README.md does not name make \$target\"; exit 1; }
           done"
# A C file's message is undone from its string literals first.
expect "handout: every README section its files point to is in the README it ships" 0 "" \
    python3 - "$ho" <<'PY'
import os, re, sys
os.chdir(sys.argv[1])
def sections(readme):
    return [line[3:].strip() for line in open(readme) if line.startswith("## ")]
problems = []
for folder, _, names in os.walk("."):
    for name in names:
        path = os.path.join(folder, name)
        try:
            text = open(path).read()
        except UnicodeDecodeError:
            continue
        if name.endswith((".c", ".h")):
            text = re.sub(r'"\s*"', "", text).replace('\\"', '"')
        text = " ".join(text.split())
        for readme, section in re.findall(r'((?:traces/)?README(?:\.md)?),? "([^"]+)"', text):
            if readme.startswith("traces/") or path.startswith("./traces/"):
                readme = "traces/README.md"
            else:
                readme = "README.md"
            if not any(heading.startswith(section) for heading in sections(readme)):
                problems.append('%s points to %s, "%s": no such section' % (path, readme, section))
print("\n".join(problems))
sys.exit(1 if problems else 0)
PY
expect "handout: its README compares the student's mm with the reference allocators" 0 \
    "\./mdriver -m (all|[a-z,-]*(^|,)mm(,|\\b))" cat "$ho/README.md"
expect "handout: its README makes the explorer from one trace checked with -c" 0 \
    "\./mdriver -m [a-z,]+ -c traces/[a-z0-9]+\.rep -E " cat "$ho/README.md"
expect "handout: its README says first that the starter mm.c fails, by design" 0 "" \
    sh -c "head -20 '$ho/README.md' | tr '\n' ' ' | grep -q 'fails, by design.*six of the long traces.*Perf index = 0/100'"
expect "handout: make test is not a target there" 2 "No rule to make target .test.\.  Stop" \
    make --no-print-directory -C "$ho" test

expect "handout: builds warning-free and compares mm.c with prebuilt allocators" 0 \
    "perf index +[0-9.]+ +[0-9.]+ +[0-9.]+" \
    sh -c "cd '$ho' && make 2>&1 | grep -iE 'warning|error' && exit 1;
           ./mdriver -m mm,segregated,buddy -f traces/short1.rep -f traces/program4.rep"
expect "handout: the sanitizer build links the prebuilt allocators" 0 \
    "perf index" \
    sh -c "cd '$ho' && make debug >/dev/null 2>&1 &&
           ./mdriver-debug -m mm,segregated -f traces/short1.rep -f traces/short2.rep"

# The programs of a build (README.md, "What the driver guarantees"): the
# student's object is linked into its own host program and nowhere else:
# neither the driver nor the kit's host, which runs the reference, holds a
# symbol of mm.o (its mm_* functions, its team record, its helpers).
defined() { nm --defined-only "$1" 2>/dev/null | awk 'NF == 3 {print $3}' | sort -u; }
defined build/mm.o | grep -v '\.' >"$work/mm-symbols"
for program in mdriver build/mdriver-host; do
    defined "$program" >"$work/program-symbols"
    expect "programs: $program holds no symbol of mm.o" 0 "" \
        sh -c "test -s '$work/mm-symbols' && ! comm -12 '$work/mm-symbols' '$work/program-symbols' | grep -q ."
done
expect "programs: the student's host program holds mm.o's mm_malloc" 0 "" \
    sh -c "nm --defined-only build/mdriver-host-mm | grep -q ' T mm_malloc\$'"
expect "programs: the driver holds no mm_ function at all" 0 "" \
    sh -c "! nm --defined-only mdriver | grep -E ' [TtWw] mm_'"
expect "programs: the host programs that run allocators built from source need no file to start (static)" 0 "" \
    sh -c "! readelf -lW build/mdriver-host-mm build/mdriver-host | grep -q 'Requesting program interpreter'"

# Each program's sources are in a folder of its own, layered
# (docs/architecture.md): shared/, which both programs link, includes
# nothing of either; host/ nothing of the driver's. Only the top folder is
# on the include path, so an include across folders names its folder.
expect "programs: shared/ includes nothing of driver/ or host/" 1 "" \
    grep -nE '^#include "(driver|host)/' shared/*.c shared/*.h
expect "programs: host/ includes nothing of driver/" 1 "" \
    grep -nE '^#include "driver/' host/*.c host/*.h
expect "programs: the results of a run are plain data: results.h reaches no process or mailbox header" 0 "" \
    sh -c "cc -std=c11 -I. -H -fsyntax-only -x c driver/results.h 2>'$work/results-headers' &&
           grep -q 'driver/verdict.h' '$work/results-headers' &&
           ! grep -E '/(sandbox|spawn|tracer|arena|output|mailbox|doorbell|seccomp|served)\.h' '$work/results-headers'"

# The text a user reads first: the comparison table, the perf index line,
# the usage message and what shows on a terminal, each as a careful person
# would write it.

# columns_align FILE: in each part of the comparison table, every row's
# figures end where the header's "util" and "Kops/s" end (prints "aligned
# N" for N rows checked).
columns_align() {
    python3 -c "
import re, sys
ends, rows = None, 0
for line in open(sys.argv[1]).read().splitlines():
    if line.startswith('trace '):
        ends = [m.end() for m in re.finditer(r'\S+', line)][2:]
        continue
    if ends is None or not line.strip() or line.startswith(('w:', 'Throughput')):
        ends = None
        continue
    cells = [m.end() for m in re.finditer(r'\S+', line)]
    if line.startswith(('mean utilization', 'throughput ratio', 'perf index')):
        cells = cells[2:]
        if any(c not in ends for c in cells):
            sys.exit('misaligned: %r' % line)
    elif cells[2:] != ends:
        sys.exit('misaligned: %r' % line)
    rows += 1
print('aligned', rows)" "$1"
}

# figures_align FILE: in each -V table, every figure of every row (a
# number, a percentage, "--") ends where a header word ends (prints
# "aligned N" for N figures checked).
figures_align() {
    python3 -c "
import re, sys
ends, figures = None, 0
for line in open(sys.argv[1]).read().splitlines():
    if line.startswith(' w verdict '):
        ends = {m.end() for m in re.finditer(r'\S+', line)}
        continue
    if ends is None or line.startswith('        '):
        continue
    if line.startswith('Weights'):
        ends = None
        continue
    for m in re.finditer(r'\S+', line):
        if re.fullmatch(r'\(?[0-9.]+%?\)?|--', m.group()):
            if m.end() not in ends:
                sys.exit('misaligned: %r (%s ends at column %d)' % (line, m.group(), m.end()))
            figures += 1
print('aligned', figures)" "$1"
}

./mdriver -V -r 1 -m naive -f tests/traces/short.rep -f tests/traces/mixed.rep >"$work/table" 2>&1
expect "text: -V heads each column over its figures" 0 "^aligned 20$" figures_align "$work/table"
./mdriver -v 3 -m naive,segregated -c tests/traces/short.rep >"$work/table" 2>&1
expect "text: -v 3 heads each column over its figures too" 0 "^aligned 26$" \
    figures_align "$work/table"
expect "text: the Total row says over which traces it counts its ops" 0 \
    "^Total: util and ceiling over the traces of weight 1 and 2; ops, msecs and Kops/s over those timed \(weight 1 and 3\)\.$" \
    cat "$work/table"
if command -v valgrind >/dev/null; then
    ./mdriver -I -V -m naive -f tests/traces/short.rep >"$work/table" 2>&1
    expect "text: -I's table heads its counts over them" 0 "^aligned 13$" figures_align "$work/table"
else
    skip "text: -I's table heads its counts over them" "valgrind is not installed: apt-get install valgrind"
fi

# -v 3's ns/op of the checked replay is over its ops alone: an mm_init that
# takes a fifth of a second would add over 10 ms to each of short.rep's 12
# ops (the figure must stay under 5 ms, even on a loaded machine).
tests/bin/mdriver-slow_init -v 3 -c tests/traces/short.rep >"$work/table" 2>&1
expect "text: -v 3's checked replay per op leaves out start-up and mm_init" 0 \
    "checked replay ([0-9]{1,6}|[1-4][0-9]{6}) ns/op;" cat "$work/table"

# -m all: as many allocators side by side as fit in 80 columns (or the
# terminal's width), the others in more tables under it.
./mdriver -m all -c tests/traces/short.rep >"$work/table" 2>&1
expect "text: -m all's table fits in 80 columns when not on a terminal" 0 "" \
    sh -c "! sed '/^w: /,\$d' '$work/table' | grep -nE '.{81}'"
expect "text: -m all names every allocator, parts of the table under each other" 0 \
    "^12 allocators in 4 parts$" \
    sh -c "printf '%s allocators in %s parts\n' \
        \$(grep -A1 '^ *mm ' '$work/table' >/dev/null && grep -E '^ {20}' '$work/table' | wc -w) \
        \$(grep -c '^short.rep ' '$work/table')"
expect "text: -m all aligns every part of its table" 0 "^aligned 16$" columns_align "$work/table"
expect "text: -m all in parts points at make bench for the whole table" 0 "make bench prints the whole table" \
    cat "$work/table"

./mdriver -m naive,segregated -c tests/traces/short.rep -c tests/traces/mixed.rep >"$work/table" 2>&1
expect "text: -m a,b heads each allocator's two columns, and the weight's" 0 \
    "^trace +w +util +Kops/s +util +Kops/s$" cat "$work/table"
expect "text: -m a,b gives utilization and speed a cell each" 0 \
    "^short.rep +1 +[0-9.]+% +-- +[0-9.]+% +--$" cat "$work/table"
expect "text: -m a,b aligns every figure under its header" 0 "^aligned 5$" \
    columns_align "$work/table"
./mdriver -m naive,segregated -r 1 -f tests/traces/short.rep >"$work/table" 2>&1
expect "text: -m a,b aligns the timed figures too" 0 "^aligned 4$" columns_align "$work/table"

expect "text: -m segregated prints no team of mm.c" 0 "" \
    sh -c "! ./mdriver -m segregated -c tests/traces/short.rep | grep Team"
expect "text: the student's mm prints its team" 0 "^Team: " ./mdriver -c tests/traces/short.rep

./mdriver -c tests/traces/short.rep >"$work/text" 2>&1
expect "text: -c says what it checked and that it scores nothing" 0 \
    "^Correctness only \(-c\): the trace passed; mean utilization [0-9.]+%; nothing timed, so no perf index$" \
    cat "$work/text"
expect "text: -c prints no perf index" 0 "" sh -c "! grep -i 'perf index =' '$work/text'"
expect "text: -c gives no perf index in -j" 0 '"perf_index": null' \
    ./mdriver -j -c tests/traces/short.rep
expect "text: -c's total row claims no timed ops" 0 "^Total +[0-9.]+% +[0-9.]+% +-- +-- +-- +--$" \
    ./mdriver -V -c tests/traces/short.rep
# The classic grader lines give a perf index only where there is one: a
# grader finds none in a run that timed nothing, rather than a 0.
expect "text: -c -g prints no perfidx line, nothing being timed" 0 "^correct:1 verdict:ok:tests/traces/short.rep $" \
    sh -c "./mdriver -c tests/traces/short.rep -g | tr '\n' ' '"

expect "text: --help prints the usage" 0 "^usage: mdriver " ./mdriver --help
expect "text: an unknown long option is named whole" 2 "^mdriver: unknown option --verbose$" \
    ./mdriver --verbose
expect "text: the classic bare -v prints the table" 0 "^ w verdict +util +ceiling " \
    ./mdriver -m naive -v -c tests/traces/short.rep
expect "text: a bare -v at the end prints the table" 0 "^ w verdict +util +ceiling " \
    ./mdriver -m naive -c tests/traces/short.rep -v
expect "text: -v still takes its level" 0 "^Correctness only" \
    ./mdriver -m naive -v 1 -c tests/traces/short.rep
expect "text: the usage synopsis names every option" 0 \
    "^usage: mdriver \[-hVDgjlIXa\] .*-c FILE.*-t DIR.*-m NAMES.*-v \[N\].*-d N.*-s SECS.*-r N.*-T FILE.*-H FILE.*-O LINE.*-E FILE" \
    sh -c "./mdriver -h | head -3 | tr -s ' \n' ' '"
./mdriver -h >"$work/usage"
expect "text: -h's synopsis, -h's list and README's table have the same options" 0 \
    "^-D -E -H -I -O -T -V -X -a -c -d -f -g -h -j -l -m -r -s -t -v$" python3 -c "
import re, sys
usage = open(sys.argv[1]).read().splitlines()
synopsis = ' '.join(l for l in usage if l.startswith(('usage:', ' ' * 15)))
listed = {m.group(1) for l in usage for m in [re.match(r'  (-[a-zA-Z]) ', l)] if m}
shown = {'-' + c for c in re.search(r'\[-([a-zA-Z]+)\]', synopsis).group(1)}
shown |= set(re.findall(r'\[(-[a-zA-Z]) [[A-Z]', synopsis))
table = set(re.findall(r'^\| \x60(-[a-zA-Z])', open('README.md').read(), re.M))
if not listed == shown == table:
    sys.exit('-h lists %s, its synopsis %s, README %s' % (sorted(listed), sorted(shown), sorted(table)))
print(' '.join(sorted(listed)))" "$work/usage"
# What -d 1 checks: every byte of every payload, in -h, README and the
# handout's README alike (-d 2 adds mm_checkheap, not the bytes).
expect "text: -h says -d 1 checks every byte of every payload" 0 \
    "1 \(default\) addresses, overlap and every byte of every payload" \
    sh -c "tr -s ' \n' ' ' <'$work/usage'"
expect "text: README says -d 1 checks every byte of every payload" 0 \
    "^\| .-d N. \| .*1 \(default\) addresses, overlap, every byte of every payload" cat README.md
expect "text: the handout's README does not give -D the byte checks of -d 1" 1 "" \
    sh -c "tr -s ' \n' ' ' <handout/README.md | grep -E '\-D. [^.]*every byte'"

./mdriver -m segregated -v 3 -r 1 -f tests/traces/short.rep >"$work/text" 2>&1
expect "text: the table's title does not nest parentheses" 0 \
    "^Results for segregated: segregated fit, best fit in size classes \(the reference\)$" \
    cat "$work/text"
expect "text: one round is a round" 0 "timing samples in 1 round$" cat "$work/text"
expect "text: one trace's throughput is not a mean over 1 traces" 0 \
    "^Throughput relative to segregated, timed in the same run: [0-9.]+x \(one trace\)$" \
    cat "$work/text"
expect "text: a failed trace is the trace, not 1 traces" 1 \
    "^Perf index = 0/100: the trace failed: it failed a check$" \
    tests/bin/mdriver-null_malloc -f tests/traces/mixed.rep
expect "text: a forbidden call is named as such in the perf index line" 1 \
    "^Perf index = 0/100: the trace failed: it made a forbidden call$" \
    tests/bin/mdriver-reads_trace -f tests/traces/mixed.rep

# Out of heap: the driver's message names the trace and the line, on a
# line of its own even on a terminal (script gives the driver one).
cat >"$work/big.rep" <<'T'
1
2
3
60000000
a 0 60000000
f 0
a 1 60000000
T
if command -v script >/dev/null; then
    script -qc "./mdriver -m naive -c '$work/big.rep'" /dev/null >"$work/tty" 2>&1
    expect "text: out of heap names the trace and line, on a line of its own" 0 \
        "$(printf '(^|\r\033\\[K)')naive: $work/big.rep:7: a 1 60000000: mm_malloc returned NULL for 60000000 bytes \(the heap is 60000016 bytes; mem_sbrk refused" \
        cat "$work/tty"
    script -qc "tests/bin/mdriver-prints_while_replaying -c tests/traces/short.rep" /dev/null \
        >"$work/tty" 2>&1
    expect "text: the allocator's lines start their own line on a terminal" 0 \
        "$(printf '\r\033\\[K')mm\| mm_free\(0x[0-9a-f]+\)" cat "$work/tty"
    expect "text: the allocator's lines are never glued to the progress line" 0 "" \
        sh -c "! grep -E 'op [0-9]+/[0-9]+mm\|' '$work/tty'"
    script -qc "stty cols 120; ./mdriver -m all -c tests/traces/short.rep" /dev/null \
        >"$work/tty" 2>&1
    expect "text: -m all on a terminal 120 columns wide puts 5 allocators side by side" 0 \
        "^ +mm +naive +implicit-first +implicit-next +implicit-best\s*$" cat "$work/tty"
else
    skip "text: what shows on a terminal" "script is not installed: apt-get install bsdutils"
fi

# make bench: the table first, and the failures listed under it, not the
# driver's messages above it.
./mdriver -m naive,segregated -j -c tests/traces/short.rep -c "$work/big.rep" >"$work/bench.json" \
    2>/dev/null
tools/benchtable.py "$work/bench.json" >"$work/text" 2>&1
expect "text: benchtable lists where each allocator failed, under the table" 0 \
    "^- \`naive\` failed 1 trace: big.rep:7 \(null_result\)$" cat "$work/text"
expect "text: benchtable's output starts with the table" 0 "^\| trace \| naive \| segregated \|$" \
    sh -c "head -1 '$work/text'"
expect "text: make bench keeps the driver's messages in a log" 0 "-j > build/bench.json 2> build/bench.log" \
    make -n bench

# A trace's name is shown with its control characters escaped, so that a
# file name cannot drive the terminal.
escaped_name="$work/$(printf 'x\033[31m').rep"
cp tests/traces/short.rep "$escaped_name"
expect "text: a trace name's control characters are escaped in the -V table" 0 \
    '^ 1 ok .*/x\\x1b\[31m\.rep$' ./mdriver -V -c "$escaped_name"
expect "text: a trace name's control characters never reach the terminal raw" 0 "" \
    sh -c "! ./mdriver -V -m naive,segregated -c '$escaped_name' 2>&1 | grep -q \"\$(printf '\033')\""

# A crash names the mm_* function that was running even when the
# allocator's code has no debug information to name its line.
if command -v objcopy >/dev/null; then
    mkdir -p "$work/nodebug"
    cp tests/bin/mdriver-above_break "$work/nodebug/"
    objcopy --strip-debug tests/bin/mdriver-above_break-host "$work/nodebug/mdriver-above_break-host"
    expect "text: a crash with no debug information names the mm_* function running" 1 \
        "above the heap's break \(past mem_sbrk's last byte\) in mm_malloc, at the instruction \"[a-z]+ [^\"]*\" .*during the checked replay$" \
        "$work/nodebug/mdriver-above_break" -c tests/traces/mixed.rep
else
    skip "text: a crash with no debug information names the mm_* function running" \
        "objcopy is not installed: apt-get install binutils"
fi

# README's first lines quote the starter's last line: it must be the line
# ./mdriver prints.
expect "text: README quotes the starter's last line as ./mdriver prints it" 0 "" \
    sh -c "line=\$(./mdriver 2>/dev/null | tail -1) && [ -n \"\$line\" ] &&
           head -20 README.md | tr '\n' ' ' | tr -s ' ' | grep -qF \"\$line\""

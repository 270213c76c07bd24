#!/bin/sh
# tests/run.sh [SUITE...] - the kit's test suite, run by "make test".
#
# Each test prints "ok NAME" or "FAIL NAME" (with the output that made it
# fail), or "skip NAME (why; the command that installs what it needs)"
# when a tool it needs is missing: no test installs anything. Each line is
# printed as its test ends, under a "--- SUITE" line as each suite starts;
# the last two lines are "--- took M min S s" and "N passed, M failed, K
# skipped". Tests read as a specification: each names one behaviour, with
# its input beside the expected message.
cd "$(dirname "$0")/.." || exit 2
# What the whole run takes on the kit's 2-core development machine, nearly
# idle, with every tool the tests use installed (.ci/run installs them):
# the wall time /usr/bin/time measured for make test (README.md, "Testing
# the kit").
IDLE_MINUTES=9
work=$(mktemp -d)
trap 'rm -rf "$work" ${lane:+"$lane"}' EXIT
passed=0
failed=0
skipped=0

pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() {
    failed=$((failed + 1))
    echo "FAIL $1"
    [ -f "$work/out" ] && sed 's/^/     | /' "$work/out" | head -20
}

# skip NAME WHY: the test NAME cannot run here; WHY names the missing tool
# and how to install it.
skip() { skipped=$((skipped + 1)); echo "skip $1 ($2)"; }

# expect NAME STATUS REGEX COMMAND...: COMMAND exits with STATUS and its
# output (stdout and stderr together) matches the extended REGEX (an empty
# REGEX accepts any output).
expect() {
    name=$1 status=$2 pattern=$3
    shift 3
    "$@" >"$work/out" 2>&1
    got=$?
    if [ "$got" -eq "$status" ] && { [ -z "$pattern" ] || grep -Eq -- "$pattern" "$work/out"; }; then
        pass "$name"
    else
        echo "(exit status $got, expected $status; expected output matching: $pattern)" >>"$work/out"
        fail "$name"
    fi
}

# The paths of the default traces, one a line, as the driver lists them
# (./mdriver --config -j): no test reads config.h itself.
default_trace_paths() {
    ./mdriver --config -j | python3 -c 'import json, sys
for trace in json.load(sys.stdin)["default_traces"]:
    print(trace["path"])'
}

# Show the "ok"/"FAIL"/"skip" lines of a test program that reports its
# own cases, each as soon as it is printed, and count them.
count_cases() {
    "$@" 2>&1 | tee "$work/cases" | grep --line-buffered -E '^(ok|FAIL|skip) '
    passed=$((passed + $(grep -c '^ok ' "$work/cases")))
    failed=$((failed + $(grep -c '^FAIL ' "$work/cases")))
    skipped=$((skipped + $(grep -c '^skip ' "$work/cases")))
    if ! grep -qE '^(ok|FAIL|skip) ' "$work/cases"; then
        cp "$work/cases" "$work/out"
        fail "$* reported no cases"
    fi
}

# With arguments, only the named suites run: sh tests/run.sh cli scores
if [ $# -gt 0 ]; then
    suites=$(for name in "$@"; do echo "tests/suites/$name.sh"; done)
else
    suites=$(ls tests/suites/*.sh)
    echo "Every suite of tests/suites/, each test's line as it ends: about" \
        "$IDLE_MINUTES minutes on an idle 2-core machine, longer under load."
fi
started=$(date +%s)
# The Python tools' suite, the longest, runs alongside the others when all
# run (a 2-core machine does both at once): in a subshell with its own
# folder and counts, its lines interleaved with the others' and each marked
# "tools:"; its counts join the others' when it ends.
lane=""
if [ $# -eq 0 ] && [ -f tests/suites/tools.sh ]; then
    suites=$(echo "$suites" | grep -v '^tests/suites/tools\.sh$')
    echo "--- tools (alongside the suites below; each of its lines says tools:)"
    lane=$(mktemp -d)
    (
        work=$lane passed=0 failed=0 skipped=0
        . tests/suites/tools.sh
        echo "$passed $failed $skipped" >"$lane/counts"
    ) &
    lane_pid=$!
fi
for suite in $suites; do
    echo "--- $(basename "$suite" .sh)"
    . "$suite"
done
if [ -n "$lane" ]; then
    wait "$lane_pid"
    if read -r lane_passed lane_failed lane_skipped <"$lane/counts" 2>/dev/null; then
        passed=$((passed + lane_passed))
        failed=$((failed + lane_failed))
        skipped=$((skipped + lane_skipped))
    else
        failed=$((failed + 1))
        echo "FAIL tools: the suite ended without its counts"
    fi
    rm -rf "$lane"
fi

took=$(($(date +%s) - started))
echo "--- took $((took / 60)) min $((took % 60)) s"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

#!/usr/bin/env python3
"""check.py - compare what the explorer page drew with the driver's own data.

    check.py heap REPORT MAP.json       each map pane, after the op the
                                        driver's -H map was taken at, shows
                                        that map's blocks, heap and live bytes
    check.py stepped REPORT OP          the cursor reached OP by dragging and
                                        then stepping with the keys
    check.py verdicts REPORT RESULTS    each pane shows its run's verdict
                                        from the driver's -j results
    check.py failing REPORT RESULTS     the page opened at the op that failed
                                        (its line as -j gives it), that row is
                                        marked and the failing blocks outlined
    check.py found REPORT OP_TEXT       the search moved the cursor to the op
                                        OP_TEXT ("a 5 445") and outlined its
                                        block in every map
    check.py found-line REPORT OP_TEXT  the search moved the cursor to OP_TEXT
    check.py no-answer REPORT RESULTS   at an op that crashed, the failed run's
                                        row shows no address returned
    check.py picker REPORT RESULTS      the trace picker marks the traces on
                                        which a run failed, and only those
    check.py realloc REPORT             at a realloc a check failed on, the
                                        failed map outlines its block once and
                                        counts the live bytes the trace does

REPORT is the JSON that tests/explorer/selftest.py printed. Each check
prints what differs and exits 1, or prints nothing and exits 0.
"""

import json
import re
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def load_lines(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def trace_results(results):
    """(allocator, trace path) -> the trace's object in -j."""
    runs = results["runs"] if "runs" in results else [results]
    return {(run["allocator"], t["name"]): t for run in runs for t in run["traces"]}


def check_heap(report, map_path):
    maps = {m["allocator"]: m for m in load_lines(map_path)}
    problems = []
    for pane in report["panes"]:
        m = maps.get(pane["allocator"])
        if m is None:
            problems.append("no -H map of " + pane["allocator"])
            continue
        want = {"op": m["op"], "blocks": len(m["blocks"]), "heap_bytes": m["heap_bytes"],
                "live_bytes": m["live_bytes"]}
        for key, value in want.items():
            if pane[key] != value:
                problems.append("%s: the page shows %s %s, the driver's map %s"
                                % (pane["allocator"], key, pane[key], value))
    return problems


def check_stepped(report, op):
    problems = []
    if report.get("op") != op:
        problems.append("the cursor is at op %s, not %s" % (report.get("op"), op))
    if not report.get("steps"):
        problems.append("the cursor was not stepped with the keys")
    if report.get("dragged_to") == report.get("opened_at"):
        problems.append("dragging the timeline did not move the cursor")
    return problems


def check_verdicts(report, results_path):
    results = trace_results(load(results_path))
    problems = []
    for pane in report["panes"]:
        t = results[(pane["allocator"], report["trace"])]
        if pane["verdict_kind"] != t["verdict"]["kind"]:
            problems.append("%s: the page shows %s, the driver decided %s"
                            % (pane["allocator"], pane["verdict_kind"], t["verdict"]["kind"]))
        if t.get("error") and pane["verdict_text"] != t["error"]:
            problems.append("%s: the page says %r, the driver %r"
                            % (pane["allocator"], pane["verdict_text"], t["error"]))
    return problems


def check_failing(report, results_path):
    results = trace_results(load(results_path))
    opened = report["opened"]
    failed = [p for p in opened["panes"] if p["verdict_kind"] != "ok"]
    if not failed:
        return ["the page did not open at a failed run"]
    pane = failed[0]
    verdict = results[(pane["allocator"], report["trace"])]["verdict"]
    problems = []
    if report["opened_line"] != verdict["line"]:
        problems.append("the page opened at line %s, the run failed at line %s"
                        % (report["opened_line"], verdict["line"]))
    if opened["current_row"] != report["opened_at"] or \
            report["opened_at"] not in opened["failing_rows"]:
        problems.append("the failing op's row is not marked: %s" % opened)
    if pane["highlighted"] < 1:
        problems.append("no block of the failing op is outlined")
    return problems


def check_found(report, op_text, outlined=True):
    found = report.get("search")
    if not found:
        return ["the page reported no search"]
    problems = []
    if found["op_text"] != op_text:
        problems.append("the search went to %r, not %r" % (found["op_text"], op_text))
    if outlined and not all(found["outlined"]):
        problems.append("the block found is not outlined in every map: %s" % found)
    return problems


def failed_pane(opened):
    """(index, pane) of the first pane whose run failed, or (-1, None)."""
    for k, pane in enumerate(opened["panes"]):
        if pane["verdict_kind"] != "ok":
            return k, pane
    return -1, None


def check_no_answer(report, results_path):
    results = trace_results(load(results_path))
    opened = report["opened"]
    k, pane = failed_pane(opened)
    if pane is None:
        return ["the page did not open at a failed run"]
    kind = results[(pane["allocator"], report["trace"])]["verdict"]["kind"]
    if kind not in ("crashed", "exited", "timed_out", "forbidden_call"):
        return ["the run %s, its op returned: this check wants one that did not" % kind]
    returned = opened["returned"][k] if k < len(opened["returned"]) else None
    if returned != "did not return":
        return ["the %s op of %s shows %r returned" % (kind, pane["allocator"], returned)]
    return []


def check_picker(report, results_path):
    results = load(results_path)
    runs = results["runs"] if "runs" in results else [results]
    failed = {}
    for run in runs:
        for t in run["traces"]:
            if not t["valid"]:
                failed.setdefault(t["name"], []).append(run["allocator"])
    problems = []
    for option in report["opened"]["trace_options"]:
        name = option.lstrip("\u2717 ").split(" (")[0]
        marked = option.startswith("\u2717")
        want = failed.get(name)
        if marked != bool(want) or (want and not option.endswith(": %s failed" % ", ".join(want))):
            problems.append("the picker says %r; failed there: %s" % (option, want or "none"))
    return problems


def check_realloc(report):
    opened = report["opened"]
    _, pane = failed_pane(opened)
    if pane is None:
        return ["the page did not open at a failed run"]
    problems = []
    named = re.findall(r"block (\d+)", pane["outlined"] or "")
    if not named or len(named) != len(set(named)):
        problems.append("outlined: %r" % pane["outlined"])
    if pane["live_bytes"] != opened["live_after"]:
        problems.append("the map counts %s live bytes, the row %s"
                        % (pane["live_bytes"], opened["live_after"]))
    return problems


def main():
    if len(sys.argv) not in (3, 4) or sys.argv[1] not in (
            "heap", "stepped", "verdicts", "failing", "found", "found-line", "no-answer",
            "picker", "realloc") or (len(sys.argv) == 3) != (sys.argv[1] == "realloc"):
        sys.exit(__doc__.strip())
    what, report = sys.argv[1], load(sys.argv[2])
    if what == "heap":
        problems = check_heap(report, sys.argv[3])
    elif what == "stepped":
        problems = check_stepped(report, int(sys.argv[3]))
    elif what == "verdicts":
        problems = check_verdicts(report, sys.argv[3])
    elif what == "found":
        problems = check_found(report, sys.argv[3])
    elif what == "found-line":
        problems = check_found(report, sys.argv[3], outlined=False)
    elif what == "no-answer":
        problems = check_no_answer(report, sys.argv[3])
    elif what == "picker":
        problems = check_picker(report, sys.argv[3])
    elif what == "realloc":
        problems = check_realloc(report)
    else:
        problems = check_failing(report, sys.argv[3])
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

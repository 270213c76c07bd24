"""results.py - turn a driver result into what a grading system reads.

    tools/results.py [FILE] --autolab            one line for Autolab
    tools/results.py [FILE] --gradescope OUT     results.json for Gradescope
                     [--visibility WHEN] [--stdout-visibility WHEN]
                     [--execution-time SECS]
    tools/results.py [FILE] --csv                one line per trace

FILE (default: standard input) is either the JSON object that
`./mdriver -j` prints, or the result.json that tools/grade_one writes (which
adds a status, such as compile_error, and the diagnostics of a submission
that never reached the driver). --gradescope may be combined with --autolab
or --csv.

Autolab reads the last line of the autograder's output:

    {"scores": {"Autograded Score": S}, "scoreboard": [S, U, K, R]}

S is the perf index rounded to one decimal, U the mean utilization in
percent, K the allocator's Kops/s over the timed traces and R the
throughput ratio to the reference allocator in percent (0 when not
measured). A submission whose status is not ok (it failed a check,
crashed, ran out of time, did not compile, broke a rule, or was not timed
because its 32-bit driver ran under an emulator) shows 0 in every column:
what it measured before it failed ranks nowhere.

Gradescope reads results.json (its autograder specification): score;
execution_time, whole seconds of grading (grade_one's build_secs plus
run_secs, or --execution-time; left out for a bare driver result without
it); output, the summary; visibility and stdout_visibility, when the
students see the tests and the autograder's standard output (hidden,
after_due_date, after_published or visible; defaults visible and hidden,
Gradescope's own); tests, one per trace (below) with name, score,
max_score, output and status, "passed" when the trace passed every
check and "failed" when not (by default Gradescope would call a correct
trace with part of its performance points failed); and leaderboard,
"Perf index", "Utilization %" and "Throughput % of reference", all
ranked highest first and 0 unless the status is ok, as on Autolab.

Per-trace scores (Gradescope tests and the CSV). The perf index is
UTIL_WEIGHT * u + (1 - UTIL_WEIGHT) * t scaled to 100 (config.h), where u
and t are clamped lines of the MEAN utilization and of the GEOMETRIC MEAN
throughput ratio; neither splits exactly into parts per trace, so the
split is defined here:

  - a trace scored for utilization (weight 1 or 2) owns an equal share of
    the utilization part, 100 * UTIL_WEIGHT / n_util; a trace scored for
    throughput (weight 1 or 3) an equal share of the throughput part,
    100 * (1 - UTIL_WEIGHT) / n_thru; its max_score is the sum, so the
    max_scores add up to 100 (a part with no trace drops out and the other
    takes its weight, as in the driver). Weight 0 traces have max_score 0.
  - the run's utilization points (the driver's util_points) are split
    among the utilization-scored traces in proportion to each trace's own
    clamped line, (util - UTIL_MIN) / (UTIL_MAX - UTIL_MIN); no trace gets
    more than its share, and what a capped trace cannot take goes to the
    others in the same proportion (all equal when every line is 0). The
    throughput points are split the same way with each trace's own ratio
    as the driver measured it (its thru_ratio: the median of the timed
    pairs' ratios, or the ratio of instruction counts under -I) on
    (ratio - THRU_MIN) / (THRU_MAX - THRU_MIN). No score is computed here:
    the perf index, util_points and thru_points are the driver's.
  - a trace's score is the sum of its two portions, so the scores add up to
    the perf index; when the perf index is 0 (a failed check, a forbidden
    call) every trace scores 0, and a trace that failed shows its error.
  - scores are rounded to hundredths by largest remainder so that they add
    up to exactly S.

Exit status: 0 on success, 2 when FILE is not a result this tool knows
or when the score parameters cannot be read.
"""

import argparse
import csv
import json
import math
import os
import sys

from .. import driverconfig
from ..commandline import quit_quietly_on_closed_pipe

# When Gradescope shows students the tests or the standard output.
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")

# The score parameters that the per-trace split needs, by their config.h
# names (as result.json's score_params records them); `./mdriver --config
# -j` prints each in lower case.
SCORE_PARAMS = ("UTIL_WEIGHT", "UTIL_MIN", "UTIL_MAX", "THRU_MIN", "THRU_MAX")


class ResultError(ValueError):
    """Input that is neither a driver result nor a grade_one result."""


def score_params(config):
    """The score parameters of the driver's settings (driverconfig.read)."""
    return {name: config[name.lower()] for name in SCORE_PARAMS}


def load_result(obj):
    """A driver run or a grade_one result as one dict: status, perf_index,
    util, kops, thru_ratio, util_points, thru_points, forbidden_calls,
    policy, traces, diagnostics and (when recorded) score_params."""
    if not isinstance(obj, dict):
        raise ResultError("expected a JSON object")
    if "runs" in obj:
        runs = obj["runs"]
        chosen = [run for run in runs if run.get("allocator") == "mm"]
        if not runs:
            raise ResultError("the driver result holds no run")
        obj = (chosen or runs)[0]
    if "status" in obj:
        result = dict(obj)
        result.setdefault("traces", [])
        result.setdefault("diagnostics", [])
        return result
    if "traces" not in obj or "perf_index" not in obj:
        raise ResultError("neither mdriver -j output nor a grade_one "
                          "result.json")
    result = dict(obj)
    result["status"] = driver_status(obj)
    result["diagnostics"] = [t["error"] for t in obj["traces"]
                             if not t.get("valid") and t.get("error")]
    return result


def trace_failed(trace):
    """Whether the trace failed. A giant trace, which the driver reads but
    cannot run, is valid neither way (null): it did not fail."""
    return trace.get("valid") is False


def validity(trace):
    """yes, no, or "not run" (a giant trace), for a table."""
    valid = trace.get("valid")
    return "not run" if valid is None else "yes" if valid else "no"


# The verdict kinds (driver/verdict.h) of a trace that failed, by the
# status they give the run, the most serious first.
STATUS_OF_VERDICT = (("forbidden_call", "forbidden_calls"),
                     ("crashed", "crashed"), ("exited", "crashed"),
                     ("timed_out", "timeout"), ("failed_check", "failed_checks"))


def driver_status(run):
    """The status of a driver run, the most serious first: forbidden_calls
    or policy_violation (a rule of config.h that scores the run 0 although
    the traces pass, such as FORBIDDEN_CALLS_POLICY or GLOBAL_DATA_POLICY 2:
    the driver then counts one more error than failed traces), then the
    worst verdict of a failed trace (a forbidden call; a crash or an exit;
    a timeout; a failed check), then not_timed (every trace passed, but the
    32-bit driver ran under an emulator, where nothing is timed and there
    is no perf index), else ok."""
    failed = [t for t in run["traces"] if trace_failed(t)]
    if run.get("errors", 0) > len(failed):
        return ("forbidden_calls" if run.get("forbidden_calls")
                else "policy_violation")
    kinds = {(t.get("verdict") or {}).get("kind") for t in failed}
    for kind, status in STATUS_OF_VERDICT:
        if kind in kinds:
            return status
    if failed:
        return "failed_checks"
    if run.get("emulator") and run.get("throughput") == "none":
        return "not_timed"
    return "ok"


def trace_name(trace):
    return os.path.basename(trace.get("name") or "?")


def clamped_line(x, lo, hi):
    if x is None:
        return 0.0
    return min(1.0, max(0.0, (x - lo) / (hi - lo)))


def ratio_of(trace):
    """The driver's throughput ratio of the trace (the median of its
    samples' ratios, or of its counts under -I), or None."""
    return trace.get("thru_ratio")


def scores_util(trace):
    return trace.get("weight") in (1, 2)


def scores_thru(trace):
    return trace.get("weight") in (1, 3)


def split_capped(total, merits, cap):
    """Split total among len(merits) parts in proportion to merits, no part
    above cap; a capped part's excess goes to the others, in proportion
    again (equally when their merits are all 0)."""
    shares = [0.0] * len(merits)
    open_parts = list(range(len(merits)))
    remaining = total
    while remaining > 1e-12 and open_parts:
        weight = sum(merits[i] for i in open_parts)
        portion = {i: remaining * (merits[i] / weight if weight > 0
                                   else 1.0 / len(open_parts))
                   for i in open_parts}
        over = [i for i in open_parts if portion[i] > cap + 1e-12]
        if not over:
            for i in open_parts:
                shares[i] = portion[i]
            break
        for i in over:
            shares[i] = cap
            remaining -= cap
            open_parts.remove(i)
    return shares


def exact_trace_scores(result, params):
    """[(max_score, score)] per trace as floats: max_scores add up to 100
    and scores to the perf index (see the module comment)."""
    traces = result["traces"]
    util_ids = [i for i, t in enumerate(traces) if scores_util(t)]
    thru_ids = [i for i, t in enumerate(traces) if scores_thru(t)]
    util_weight = params["UTIL_WEIGHT"] if util_ids else 0.0
    thru_weight = 1.0 - params["UTIL_WEIGHT"] if thru_ids else 0.0
    if util_weight + thru_weight == 0:
        return [(0.0, 0.0) for _ in traces]
    scale = 100.0 / (util_weight + thru_weight)
    util_cap = scale * util_weight / len(util_ids) if util_ids else 0.0
    thru_cap = scale * thru_weight / len(thru_ids) if thru_ids else 0.0
    maxima = [(util_cap if i in util_ids else 0.0) +
              (thru_cap if i in thru_ids else 0.0) for i in range(len(traces))]
    scores = [0.0] * len(traces)
    if (result.get("perf_index") or 0) > 0:
        util_merits = [clamped_line(traces[i].get("util"), params["UTIL_MIN"],
                                    params["UTIL_MAX"]) for i in util_ids]
        thru_merits = [clamped_line(ratio_of(traces[i]), params["THRU_MIN"],
                                    params["THRU_MAX"]) for i in thru_ids]
        for ids, merits, points, cap in (
                (util_ids, util_merits, result.get("util_points"), util_cap),
                (thru_ids, thru_merits, result.get("thru_points"), thru_cap)):
            for i, share in zip(ids, split_capped(points or 0.0, merits, cap)):
                scores[i] += share
    return list(zip(maxima, scores))


def round_to_total(values, total_cents, caps=None):
    """values (floats) rounded to whole cents that add up to total_cents:
    floors first, then the missing cents one at a time to the largest
    fractional parts (never above a cap, preferring nonzero values), or
    surplus cents taken from the smallest fractional parts."""
    cents = [math.floor(v * 100 + 1e-9) for v in values]
    caps = caps or [None] * len(values)
    fractions = [v * 100 - c for v, c in zip(values, cents)]
    by_fraction = sorted(range(len(values)), key=lambda i: -fractions[i])
    missing = total_cents - sum(cents)
    while missing > 0:
        room = [i for i in by_fraction
                if caps[i] is None or cents[i] < caps[i]]
        preferred = [i for i in room if values[i] > 0] or room
        if not preferred:
            break
        for i in preferred[:missing]:
            cents[i] += 1
            missing -= 1
    while missing < 0:
        taken = [i for i in reversed(by_fraction) if cents[i] > 0]
        if not taken:
            break
        for i in taken[:-missing]:
            cents[i] -= 1
            missing += 1
    return cents


def overall_score(result):
    """S: the perf index rounded to one decimal (0 unless status ok)."""
    if result.get("status") != "ok":
        return 0.0
    return round(float(result.get("perf_index") or 0.0), 1)


def trace_scores(result, params):
    """[(max_score, score)] per trace in hundredths: max_scores add up to
    100 and scores to overall_score(result)."""
    exact = exact_trace_scores(result, params)
    if not exact:
        return []
    max_cents = round_to_total([m for m, _ in exact],
                               10000 if any(m for m, _ in exact) else 0)
    score_cents = round_to_total([s for _, s in exact],
                                 round(overall_score(result) * 100), max_cents)
    return [(m / 100, s / 100) for m, s in zip(max_cents, score_cents)]


def percent(x):
    return "--" if x is None else "%.1f%%" % (100 * x)


def trace_output(trace):
    """What a student reads under one Gradescope test."""
    if not trace.get("valid"):
        return trace.get("error") or "failed the checks"
    parts = ["passed the checks",
             "utilization %s" % percent(trace.get("util"))]
    if trace.get("kops") is not None:
        ratio = ratio_of(trace)
        parts.append("%.0f Kops/s (the reference's: %.0f Kops/s), "
                     "throughput ratio %s (the median of the timed pairs')"
                     % (trace["kops"], trace.get("ref_kops") or 0,
                        "--" if ratio is None else "%.2f" % ratio))
    if trace.get("weight") == 0:
        parts.append("not scored (weight 0)")
    return "; ".join(parts)


def summary_output(result):
    """The overall message: the perf index and its parts, or why it is 0."""
    status = result.get("status")
    diagnostics = result.get("diagnostics") or []
    if status == "ok":
        ratio = result.get("thru_ratio")
        return ("Perf index %.1f/100 = %.1f (mean utilization %s) + %.1f "
                "(throughput %s of the reference allocator's)"
                % (overall_score(result), result.get("util_points") or 0,
                   percent(result.get("util")),
                   result.get("thru_points") or 0,
                   "--" if ratio is None else "%.2f" % ratio))
    headline = {
        "compile_error": "mm.c did not compile",
        "forbidden_calls": result.get("policy") or
                           "mm.c calls %s, which an allocator may not use "
                           "(get memory from mem_sbrk only)"
                           % (result.get("forbidden_calls") or "libc"),
        "policy_violation": result.get("policy") or
                            "mm.c breaks a rule of the kit",
        "crashed": "the allocator crashed",
        "timeout": "the allocator ran out of time",
        "failed_checks": "the allocator failed the correctness checks",
        "not_timed": "nothing was timed: the 32-bit driver ran under an "
                     "emulator, where the allocator's speed cannot be "
                     "measured (grade 32-bit files on a machine whose kernel "
                     "runs them)",
    }.get(status, "grading failed (%s)" % status)
    return "\n".join(["Perf index 0/100: %s" % headline] + diagnostics)


def ranking_figures(result):
    """(score, utilization %, Kops/s, throughput % of the reference) for
    a scoreboard or a leaderboard: 0 for what was not measured, and all 0
    unless the status is ok."""
    if result.get("status") != "ok":
        return overall_score(result), 0, 0, 0
    util, kops, ratio = (result.get("util"), result.get("kops"),
                         result.get("thru_ratio"))
    return (overall_score(result),
            round(100 * util, 1) if util is not None else 0,
            round(kops) if kops is not None else 0,
            round(100 * ratio, 1) if ratio is not None else 0)


def execution_seconds(result):
    """Whole seconds that grading took (build and run), or None when the
    result does not say (a bare driver result)."""
    if result.get("build_secs") is None and result.get("run_secs") is None:
        return None
    return round((result.get("build_secs") or 0) +
                 (result.get("run_secs") or 0))


def gradescope_results(result, params, visibility="visible",
                       stdout_visibility="hidden", execution_time=None):
    """The Gradescope results.json object; execution_time (seconds)
    replaces the one the result gives."""
    if not result["traces"]:
        passed = result.get("status") == "ok"
        tests = [{"name": "build and run", "score": 0.0, "max_score": 100.0,
                  "status": "passed" if passed else "failed",
                  "output": summary_output(result)}]
    else:
        tests = [{"name": trace_name(t), "score": score, "max_score": maximum,
                  "status": "passed" if t.get("valid") else "failed",
                  "output": trace_output(t)}
                 for t, (maximum, score)
                 in zip(result["traces"], trace_scores(result, params))]
    score, util, _, ratio = ranking_figures(result)
    report = {"score": score}
    seconds = (round(execution_time) if execution_time is not None
               else execution_seconds(result))
    if seconds is not None:
        report["execution_time"] = seconds
    report.update({
        "output": summary_output(result),
        "visibility": visibility,
        "stdout_visibility": stdout_visibility,
        "tests": tests,
        "leaderboard": [{"name": "Perf index", "value": score},
                        {"name": "Utilization %", "value": util},
                        {"name": "Throughput % of reference",
                         "value": ratio}]})
    return report


def autolab_line(result):
    """Autolab's one line: the score and the scoreboard entries."""
    figures = ranking_figures(result)
    return json.dumps({"scores": {"Autograded Score": figures[0]},
                       "scoreboard": list(figures)})


CSV_COLUMNS = ["trace", "weight", "valid", "util", "kops", "ref_kops",
               "thru_ratio", "max_score", "score", "error"]


def csv_rows(result, params):
    """One list of CSV cells per trace, in CSV_COLUMNS order."""
    def cell(value, form):
        return "" if value is None else form % value
    rows = []
    for trace, (maximum, score) in zip(result["traces"],
                                       trace_scores(result, params)):
        rows.append([trace_name(trace), trace.get("weight"), validity(trace),
                     cell(trace.get("util"), "%.4f"),
                     cell(trace.get("kops"), "%.0f"),
                     cell(trace.get("ref_kops"), "%.0f"),
                     cell(ratio_of(trace), "%.4f"),
                     "%.2f" % maximum, "%.2f" % score,
                     trace.get("error") or ""])
    return rows



def chosen_score_params(config_file, result):
    """The score parameters from config_file (the driver's --config -j
    output), else those the result recorded, else the kit's driver's."""
    if config_file is not None:
        with open(config_file, encoding="utf-8") as source:
            return score_params(json.load(source))
    return result.get("score_params") or score_params(driverconfig.read())


def main(argv=None):
    quit_quietly_on_closed_pipe()
    parser = argparse.ArgumentParser(
        prog="tools/results.py", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", default="-",
                        help="the JSON result (default: standard input)")
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--autolab", action="store_true",
                       help="print Autolab's score line")
    shown.add_argument("--csv", action="store_true",
                       help="print one CSV line per trace")
    parser.add_argument("--gradescope", metavar="OUT",
                        help="write a Gradescope results.json here")
    parser.add_argument("--visibility", choices=VISIBILITIES,
                        default="visible", metavar="WHEN",
                        help="with --gradescope: when students see the "
                             "tests: %s (default %%(default)s)"
                             % ", ".join(VISIBILITIES))
    parser.add_argument("--stdout-visibility", choices=VISIBILITIES,
                        default="hidden", metavar="WHEN",
                        help="with --gradescope: when students see the "
                             "autograder's standard output (default "
                             "%(default)s)")
    parser.add_argument("--execution-time", type=float, metavar="SECS",
                        help="with --gradescope: the execution_time to "
                             "report (default: the result's build and run "
                             "time)")
    parser.add_argument("--config", default=None, metavar="FILE",
                        help="what `./mdriver --config -j` printed, for the "
                             "score parameters (default: those grade_one "
                             "recorded, else the kit's driver's)")
    args = parser.parse_args(argv)
    if not (args.autolab or args.csv or args.gradescope):
        parser.error("choose --autolab, --gradescope OUT or --csv")
    gradescope_only = [option for option, given in (
        ("--visibility", args.visibility != "visible"),
        ("--stdout-visibility", args.stdout_visibility != "hidden"),
        ("--execution-time", args.execution_time is not None)) if given]
    if gradescope_only and not args.gradescope:
        parser.error("%s goes with --gradescope OUT" % gradescope_only[0])
    if args.execution_time is not None and args.execution_time < 0:
        parser.error("--execution-time wants a number of seconds")
    try:
        if args.file == "-":
            obj = json.load(sys.stdin)
        else:
            with open(args.file, encoding="utf-8") as source:
                obj = json.load(source)
        result = load_result(obj)
    except (OSError, ValueError) as error:
        print("results.py: %s: %s" % (args.file, error), file=sys.stderr)
        return 2
    try:
        params = chosen_score_params(args.config, result)
    except (OSError, ValueError, KeyError,
            driverconfig.DriverConfigError) as error:
        print("results.py: score parameters: %s" % error, file=sys.stderr)
        return 2
    if args.gradescope:
        with open(args.gradescope, "w", encoding="utf-8") as out:
            json.dump(gradescope_results(
                result, params, args.visibility, args.stdout_visibility,
                args.execution_time), out, indent=2)
            out.write("\n")
    if args.autolab:
        print(autolab_line(result))
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        writer.writerows(csv_rows(result, params))
    return 0

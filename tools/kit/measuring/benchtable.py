"""benchtable.py - turn `mdriver -m all -l -j` output into a Markdown table.

    ./mdriver -m all -l -j > results.json
    tools/benchtable.py results.json

One row per trace with each heap allocator's utilization ("failed" where
it failed a check; the list below the tables says where), then rows for
the mean utilization, throughput relative to the reference allocator and
to libc (both timed in the same run), and the perf index; then a table of
the production allocators (libc, jemalloc, mimalloc, tcmalloc) with their
throughput and, kept apart because it is not comparable, the mean of peak
live bytes over the growth of resident memory. Throughput relative to libc
is derived from the two ratios against the reference, which every run
measured alternately with the allocator on the same trace.
"""
import argparse
import json
import math
import os
import sys


def geometric_mean(values):
    values = [v for v in values if v is not None and v > 0]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def per_trace_speedup(run):
    """reference time / allocator time for each timed trace, by name."""
    ratios = {}
    for trace in run["traces"]:
        if trace["valid"] and trace["kops"] and trace["ref_kops"]:
            ratios[trace["name"]] = trace["kops"] / trace["ref_kops"]
    return ratios


def percent(x):
    return "--" if x is None else f"{100 * x:.1f}%"


def times(x):
    return "--" if x is None else f"{x:.2f}x"


def mean_resident_share(run):
    """Mean of peak live bytes / resident-memory growth over the traces
    where the growth was large enough to measure (the driver's -- rule)."""
    shares = [t["peak_bytes"] / t["rss_growth_bytes"] for t in run["traces"]
              if t["valid"] and t.get("rss_growth_bytes")
              and t["rss_growth_bytes"] >= 256 * 1024]
    return sum(shares) / len(shares) if shares else None


def table(runs):
    heap_runs = [r for r in runs if r.get("simulated_heap", True)]
    outside = [r for r in runs if not r.get("simulated_heap", True)]
    libc = next((r for r in outside if r["allocator"] == "libc"), None)
    libc_speed = per_trace_speedup(libc) if libc else {}
    reference = runs[0]["reference"]

    def versus_libc(run):
        mine = per_trace_speedup(run)
        return geometric_mean([mine[n] / libc_speed[n] for n in mine if n in libc_speed])

    lines = ["| trace | " + " | ".join(r["allocator"] for r in heap_runs) + " |",
             "| --- |" + " ---: |" * len(heap_runs)]
    for i, trace in enumerate(heap_runs[0]["traces"]):
        cells = []
        for run in heap_runs:
            t = run["traces"][i]
            cells.append(percent(t["util"]) if t["valid"] else
                         "not run" if t["verdict"]["kind"] == "not_run" else "failed")
        name = os.path.basename(trace["name"])
        lines.append(f"| {name} (w{trace['weight']}) | " + " | ".join(cells) + " |")
    rows = {
        "mean utilization": [percent(r["util"]) for r in heap_runs],
        f"throughput vs {reference}": [times(r["thru_ratio"]) for r in heap_runs],
    }
    if libc:
        rows["throughput vs libc"] = [times(versus_libc(r)) for r in heap_runs]
    rows["perf index"] = [
        "--" if r["perf_index"] is None else
        ("0 (errors)" if r["errors"] else f"{r['perf_index']:.1f}") for r in heap_runs]
    for label, cells in rows.items():
        lines.append(f"| **{label}** | " + " | ".join(cells) + " |")
    if outside:
        lines += ["", "Production allocators, outside the simulated heap (same run):", "",
                  f"| allocator | throughput vs {reference} | throughput vs libc "
                  "| peak live / resident growth (not comparable) |",
                  "| --- | ---: | ---: | ---: |"]
        for run in outside:
            lines.append(f"| {run['allocator']} | {times(run['thru_ratio'])} | "
                         f"{times(versus_libc(run)) if libc else '--'} | "
                         f"{percent(mean_resident_share(run))} |")
    lines += failure_notes(runs)
    return "\n".join(lines)


def failure_notes(runs):
    """One line per allocator that failed traces, below the tables: where
    each failed, from the verdict's fields."""
    notes = []
    for run in runs:
        failed = [t for t in run["traces"]
                  if not t["valid"] and t["verdict"]["kind"] != "not_run"]
        if not failed:
            continue
        places = []
        for t in failed:
            verdict = t["verdict"]
            where = os.path.basename(t["name"])
            if "line" in verdict:
                where += ":%d" % verdict["line"]
            what = verdict.get("check", verdict["kind"])
            places.append(f"{where} ({what})")
        notes.append(f"- `{run['allocator']}` failed {len(failed)} "
                     f"{'trace' if len(failed) == 1 else 'traces'}: " + ", ".join(places))
    if notes:
        notes = ["", "Failed traces (the driver's messages say more):", ""] + notes
    return notes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("results", help="JSON written by mdriver -m all -l -j")
    args = parser.parse_args()
    try:
        with open(args.results) as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{args.results}: error: {e}", file=sys.stderr)
        return 2
    runs = data["runs"] if "runs" in data else [data]
    print(table(runs))
    return 0

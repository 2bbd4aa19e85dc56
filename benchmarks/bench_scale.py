"""Speed and memory of the model at county, province and national scale.

Each scale runs in a fresh subprocess (so the peak resident set size is that scale's):
import, build the world, run `--years` (default 25) years monthly, one replicate, with the
default aggregate outputs. Reported: build time, wall time of the years, village-months per
second, peak RSS. Then, in this process, the per-agent reference
(`benchmarks/reference_agents.py`: one Mesa agent per village, `shuffle_do("step")`) and the
array model (state in numpy arrays, monthly loops compiled) run one year at province scale,
three times in turn, and the best village-months per second of each are compared.

    python benchmarks/bench_scale.py                 # table
    python benchmarks/bench_scale.py --json out.json # and JSON
    python benchmarks/bench_scale.py --scales county province --years 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

SCALES = {
    "county": "scenarios/baseline.toml",
    "province": "scenarios/province.toml",
    "national": "scenarios/national.toml",
}


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def one_scale(scale: str, years: int, repeats: int) -> dict[str, Any]:
    """Run in a fresh process: build and run `scale` for `years` years (median of `repeats`)."""
    t0 = time.perf_counter()
    from cadresim import CadreModel, load_scenario

    import_s = time.perf_counter() - t0
    sc = load_scenario(ROOT / SCALES[scale]).with_overrides({"run.years": years}, source="bench")
    builds, runs = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        m = CadreModel(sc)
        t1 = time.perf_counter()
        for _ in range(years):
            m.run_years(1)
        t2 = time.perf_counter()
        builds.append(t1 - t0)
        runs.append(t2 - t1)
        n = m.n
        townships = m.m
        last = m.records[-1]
        del m
    build_s, run_s = statistics.median(builds), statistics.median(runs)
    return {
        "scale": scale, "villages": n, "townships": townships, "years": years, "repeats": repeats,
        "import_s": round(import_s, 3), "build_s": round(build_s, 4), "run_s": round(run_s, 4),
        "wall_s": round(build_s + run_s, 4), "ms_per_year": round(1000 * run_s / years, 3),
        "village_months_per_s": n * 12 * years / run_s, "peak_rss_mib": round(peak_rss_mib(), 1),
        "weak_share_true_last": last["weak_share_true"],
    }


def per_agent_ratio(years: int = 1, repeats: int = 3) -> dict[str, Any]:
    """The array model vs plain Mesa agents, province scale, same process: `years` year(s) of
    each, timed `repeats` times in turn, the best of each side kept (as `timeit` does: the
    machine's noise only ever adds time, and both sides get the same treatment)."""
    from cadresim import CadreModel, load_scenario
    from cadresim.loop import MONTH
    from reference_agents import PlainCounty

    CadreModel(load_scenario(ROOT / SCALES["county"])).run_years(1)  # first-call costs (compiled loops) untimed
    sc = load_scenario(ROOT / SCALES["province"])
    CadreModel(sc).run_years(1)  # and those of the loops only a province-sized world uses (threaded ones, year end's too)
    src = CadreModel(sc)
    t_plain = t_month = t_full = float("inf")
    for _ in range(repeats):
        plain = PlainCounty(src, seed=1)
        t0 = time.perf_counter()
        for _ in range(12 * years):
            plain.step()
        t_plain = min(t_plain, time.perf_counter() - t0)
        # the same monthly steps, array model (no year end), from the same state
        monthly = CadreModel(sc)
        t0 = time.perf_counter()
        for _ in range(12 * years):
            for hook in MONTH:
                hook.fn(monthly)
            monthly.month += 1
        t_month = min(t_month, time.perf_counter() - t0)
        # the whole model, year end included
        full = CadreModel(sc)
        t0 = time.perf_counter()
        full.run_years(years)
        t_full = min(t_full, time.perf_counter() - t0)
    vm = src.n * 12 * years
    return {
        "scale": "province", "villages": src.n, "years": years, "repeats": repeats,
        "per_agent_village_months_per_s": vm / t_plain,
        "vectorised_monthly_village_months_per_s": vm / t_month,
        "vectorised_full_village_months_per_s": vm / t_full,
        "ratio_monthly_steps": (vm / t_month) / (vm / t_plain),
        "ratio_full_model": (vm / t_full) / (vm / t_plain),
    }


def table(rows: list[dict[str, Any]], ref: dict[str, Any] | None) -> str:
    out = ["scale      villages  townships  years  build s   run s  ms/year  village-months/s  peak RSS MiB",
           "--------  ---------  ---------  -----  -------  ------  -------  ----------------  ------------"]
    for r in rows:
        out.append(f"{r['scale']:<8}  {r['villages']:>9,}  {r['townships']:>9,}  {r['years']:>5}  {r['build_s']:>7.3f}  "
                   f"{r['run_s']:>6.2f}  {r['ms_per_year']:>7.1f}  {r['village_months_per_s']:>16,.0f}  {r['peak_rss_mib']:>12,.0f}")
    if ref:
        out += ["", f"per-agent reference (plain Mesa agents, shuffle_do), province scale, {ref['years']} year, best of {ref.get('repeats', 1)}:",
                f"  per-agent            {ref['per_agent_village_months_per_s']:>14,.0f} village-months/s",
                f"  array model, monthly {ref['vectorised_monthly_village_months_per_s']:>14,.0f} village-months/s"
                f"  ({ref['ratio_monthly_steps']:.0f}× the per-agent reference, same monthly steps)",
                f"  array model, full    {ref['vectorised_full_village_months_per_s']:>14,.0f} village-months/s"
                f"  ({ref['ratio_full_model']:.0f}×, year end included)"]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="cadresim speed and memory at county, province and national scale")
    p.add_argument("--scales", nargs="+", default=list(SCALES), choices=list(SCALES))
    p.add_argument("--years", type=int, default=25)
    p.add_argument("--county-repeats", type=int, default=7, help="repeats of the county run (median)")
    p.add_argument("--no-reference", action="store_true", help="skip the per-agent reference")
    p.add_argument("--json", type=Path, help="also write the results as JSON here")
    p.add_argument("--one", help=argparse.SUPPRESS)
    p.add_argument("--repeats", type=int, default=1, help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.one:  # child process
        print(json.dumps(one_scale(a.one, a.years, a.repeats)))
        return 0
    rows = []
    for scale in a.scales:
        reps = a.county_repeats if scale == "county" else 1
        cmd = [sys.executable, __file__, "--one", scale, "--years", str(a.years), "--repeats", str(reps)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"  {scale}: {rows[-1]['wall_s']:.2f} s", file=sys.stderr)
    ref = None if a.no_reference else per_agent_ratio()
    print(table(rows, ref))
    if a.json:
        import numba
        import numpy

        meta = {"python": platform.python_version(), "numpy": numpy.__version__, "numba": numba.__version__, "cpus": os.cpu_count(),
                "machine": platform.machine(), "when": time.strftime("%Y-%m-%d %H:%M:%S"),
                "git_commit": subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                                             text=True).stdout.strip()}
        a.json.write_text(json.dumps({"meta": meta, "scales": rows, "per_agent_reference": ref}, indent=1) + "\n")
        print(f"wrote {a.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

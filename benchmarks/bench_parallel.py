"""Parallel efficiency of `cadresim sweep`: 200 county runs of 25 years on 1 and on N workers.

    python3 benchmarks/bench_parallel.py            # 1 vs 2 workers
    python3 benchmarks/bench_parallel.py --workers 4 --runs 400

Efficiency = T(1 worker) / (N × T(N workers)), for the whole sweep (start, runs, writing
each run's Parquet file, consolidation) and for the run phase alone. Also checks that both
give byte-identical tables. A script, not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cadresim  # noqa: E402


def _cpu() -> float:
    """CPU seconds used by this process and its finished children (the pool's workers)."""
    import resource

    me, ch = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + ch.ru_utime + ch.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=200, help="total runs (replicates of the baseline county)")
    ap.add_argument("--years", type=int, default=25)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--chunk-size", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=1, help="alternate 1 and N workers this many times, keep the best")
    a = ap.parse_args()
    spec = {"sweep": {"name": "bench", "base": "baseline", "replicates": a.runs // 2, "years": a.years, "seed": 1},
            "levers": {"election.term_years": [3, 5]}}
    spec["sweep"]["base"] = str(Path(__file__).resolve().parents[1] / "scenarios" / "baseline.toml")
    print(f"{a.runs} runs × {a.years} years, baseline county; cores available: {len(os.sched_getaffinity(0))}; "
          f"load average before: {os.getloadavg()[0]:.2f} (other jobs on the cores lower the figure)")
    res = {}
    with tempfile.TemporaryDirectory() as tmp:
        cadresim.sweep({**spec, "sweep": {**spec["sweep"], "replicates": 2}}, out=Path(tmp) / "warm", workers=1,
                    progress=False)  # warm caches and imports
        for i in range(a.repeat):
            for w in (1, a.workers):
                out = Path(tmp) / f"w{w}-{i}"
                t0, c0 = time.perf_counter(), _cpu()
                r = cadresim.sweep(spec, out=out, workers=w, progress=False, chunk_size=a.chunk_size)
                t = (time.perf_counter() - t0, r.timings["runs"])
                got = (_cpu() - c0) / (w * t[0])
                print(f"  {w} worker(s): {t[0]:6.2f} s total, {t[1]:6.2f} s running ({a.runs / t[1]:.1f} runs/s); "
                      f"CPU obtained: {got:.0%} of {w} core(s)")
                if w not in res or t[0] < res[w][0]:
                    res[w] = t
                (Path(tmp) / f"w{w}").unlink(missing_ok=True)
                (Path(tmp) / f"w{w}").symlink_to(out)
        same = (Path(tmp) / "w1" / "tidy.parquet").read_bytes() == (Path(tmp) / f"w{a.workers}" / "tidy.parquet").read_bytes()
    n = a.workers
    eff_total = res[1][0] / (n * res[n][0])
    eff_runs = res[1][1] / (n * res[n][1])
    print(f"parallel efficiency on {n} workers (best of {a.repeat}): {eff_total:.1%} (whole sweep), {eff_runs:.1%} (run phase)")
    print(f"tables identical: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

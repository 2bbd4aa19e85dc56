"""The baseline county (146 villages), 25 years: median wall time per run after import, one
replicate alone and R replicates held as blocks of one array world (`run(replicates=R)`).

Issue 2 asks < 0.5 s per run, issue 6 < 50 ms of model time per run after import, issue 14
< 10 ms per run (batched replicates count).

    python benchmarks/bench_county.py [--repeats 15] [--batch 1,16,64,256] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=15)
    p.add_argument("--batch", default="1,16,64,256", help="replicates a run() for the batched figure ('' for none)")
    p.add_argument("--json", type=Path)
    a = p.parse_args(argv)
    t0 = time.perf_counter()
    from cadresim import CadreModel, load_scenario, run

    import_s = time.perf_counter() - t0
    sc = load_scenario(ROOT / "scenarios" / "baseline.toml")
    run(sc, years=2)  # warm-up (first-call costs outside the timing)
    model_ms, run_ms = [], []
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        CadreModel(sc).run_years(sc["run.years"])
        model_ms.append(1000 * (time.perf_counter() - t0))
        t0 = time.perf_counter()
        run(sc)  # the public entry point: replicate seeds, yearly table
        run_ms.append(1000 * (time.perf_counter() - t0))
    res = {"villages": sc["county.villages"], "years": sc["run.years"], "repeats": a.repeats,
           "import_s": round(import_s, 3), "model_ms_median": round(statistics.median(model_ms), 2),
           "model_ms_min": round(min(model_ms), 2), "run_ms_median": round(statistics.median(run_ms), 2)}
    print(f"county, {res['villages']} villages, {res['years']} years, 1 replicate, {a.repeats} repeats:\n"
          f"  import {res['import_s']:.2f} s; model build+run {res['model_ms_median']:.1f} ms median "
          f"(min {res['model_ms_min']:.1f}); model.run() {res['run_ms_median']:.1f} ms median")
    res["batched"] = []
    for reps in [int(x) for x in a.batch.split(",") if x.strip()]:
        walls, cpus = [], []
        for _ in range(max(1, min(a.repeats, 2048 // reps))):  # about 2,000 runs a size, at least one call
            t0, c0 = time.perf_counter(), time.process_time()
            run(sc, replicates=reps)
            walls.append(1000 * (time.perf_counter() - t0) / reps)
            cpus.append(1000 * (time.process_time() - c0) / reps)
        row = {"replicates": reps, "calls": len(walls), "ms_per_run_median": round(statistics.median(walls), 2),
               "ms_per_run_min": round(min(walls), 2), "cpu_ms_per_run_median": round(statistics.median(cpus), 2)}
        res["batched"].append(row)
        print(f"  run(replicates={reps}): {row['ms_per_run_median']:.1f} ms per run median (min "
              f"{row['ms_per_run_min']:.1f}; CPU {row['cpu_ms_per_run_median']:.1f} ms), {len(walls)} calls")
    if a.json:
        a.json.write_text(json.dumps(res, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Where the A1 dims loop's time goes: its numbers drawn inside the loop (as the model runs it)
against the same loop reading numbers given in arrays, in ns a village-month.

    python3 benchmarks/bench_dims.py                       # national, this process's threads
    CADRESIM_THREADS=2 python3 benchmarks/bench_dims.py --scale province

The world is built and run for a year first (so the state is a running one); then the loop
(`_kernels.dims_month`, or `dims_month_parallel` on more than one thread) is called directly,
each time on a fresh copy of the dimensions, and the best of `--repeats` timings is kept. The
difference between the two rows is the draws' cost; whether a row halves on two threads says
whether it is bound by arithmetic or by memory (docs/performance.md, change 58). A script,
not a test.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SCALES = {"county": "scenarios/baseline.toml", "province": "scenarios/province.toml",
          "national": "scenarios/national.toml"}


def measure(scale: str, repeats: int) -> dict[str, float | int | str]:
    """Best ns a village-month of the dims loop, numbers drawn and numbers given."""
    from cadresim import CadreModel, compute, load_scenario
    from cadresim.rules import _kernels, dynamics

    m = CadreModel(load_scenario(ROOT / SCALES[scale]))
    m.run_years(1)
    v, n = m.v, m.n
    coef = m.consts("dims", dynamics.dims_coef)
    keyed = m.monthly("dims").keyed()
    g = np.random.default_rng(1)
    given = (g.standard_normal((n, 5)), g.random((2, n)))
    drawn = (dynamics._NO_NOISE, dynamics._NO_U)
    threads = compute.threads_for(n)
    out: dict[str, float | int | str] = {"scale": scale, "villages": n, "threads": threads}
    for name, (noise, u) in (("drawn", drawn), ("given", given)):
        best = float("inf")
        for _ in range(repeats):
            dims = v.dims.copy()
            args = (dims, noise, u, keyed,
                    (v.sec_present, v.sec_ability, v.sec_effort, v.sec_knowledge, v.sec_integrity),
                    (v.dir_present, v.dir_ability, v.dir_effort),
                    (v.one_shoulder, v.cross_serving, v.difficulty, v.dev_bonus, v.team_bonus,
                     v.conflicts_year.copy()),
                    (v.attention, v.help_fixed, v.st_team, v.st_knowledge), coef, m.nb)
            t0 = time.perf_counter()
            if threads > 1:
                _kernels.dims_month_parallel(*args, compute.piece(n))
            else:
                _kernels.dims_month(*args)
            best = min(best, time.perf_counter() - t0)
        out[f"{name}_ns"] = round(best / n * 1e9, 2)
    out["draws_ns"] = round(float(out["drawn_ns"]) - float(out["given_ns"]), 2)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", choices=tuple(SCALES), default="national")
    ap.add_argument("--repeats", type=int, default=10, help="timings of each row; the best is kept")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    a = ap.parse_args()
    r = measure(a.scale, a.repeats)
    print(f"A1 dims loop, {r['scale']} ({r['villages']:,} villages), {r['threads']} thread(s), best of {a.repeats}:")
    print(f"  numbers drawn in the loop  {r['drawn_ns']:6.2f} ns a village-month")
    print(f"  numbers given              {r['given_ns']:6.2f} ns a village-month")
    print(f"  the draws                  {r['draws_ns']:6.2f} ns a village-month")
    if a.json:
        a.json.write_text(json.dumps(r, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

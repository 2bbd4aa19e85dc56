"""Write tests/data/reference.json: yearly outputs of a few small fixed-seed runs.

`tests/test_reference.py` checks the current model against these numbers (integers exactly,
floats to rtol 1e-12), so that a performance change that is meant to leave results unchanged
provably does. Re-run this script after any *deliberate* model change (a rule mechanism, a
parameter default, the order of random draws):

    python benchmarks/make_reference.py
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "tests" / "data" / "reference.json"
YEARS = 10
# files whose uncommitted changes could change results
RESULT_PATHS = ("model/rules", "model/keyed.py", "model/sim.py", "model/world.py", "model/state.py", "model/rng.py",
                "model/params.py", "model/outputs.py", "model/loop.py", "model/scenario.py")
SCALE = ("province", "national")  # named scenarios too big to pin (they are the county's policies at scale)
# name -> (scenario overrides, seed); every named county scenario of scenarios/ is pinned too
RUNS: dict[str, tuple[dict[str, Any], int]] = {
    "county": ({}, 20121),
    "county_seed7": ({}, 7),
    "region_2000": ({"county.villages": 2000, "county.townships": 120, "run.agent_handles": "none"}, 4242),
    **{f"scenario:{p.stem}": ({}, 20121) for p in sorted((ROOT / "scenarios").glob("*.toml"))
       if p.stem not in (*SCALE, "baseline") and not p.stem.startswith("sweep_")},
}


def reference_rows(overrides: dict[str, Any], seed: int, years: int = YEARS, name: str = "") -> list[dict[str, Any]]:
    """Yearly records (every column of `cadresim.outputs.YEARLY_COLUMNS`) of one run; a
    `scenario:NAME` run uses that named scenario file."""
    from cadresim import CadreModel, Scenario, load_scenario

    sc = load_scenario(ROOT / "scenarios" / f"{name[9:]}.toml") if name.startswith("scenario:") else Scenario()
    if overrides:
        sc = sc.with_overrides(overrides, source="reference")
    m = CadreModel(sc, rng=seed).run_years(years)
    return [dict(r) for r in m.records]


def git(*args: str) -> str:
    out = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
    return out.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=OUT)
    a = p.parse_args(argv)
    data = {
        "commit": git("rev-parse", "HEAD"),
        "model_dirty": bool(git("status", "--porcelain", "--", *RESULT_PATHS)),
        "years": YEARS,
        "runs": {name: {"overrides": ov, "seed": seed, "yearly": reference_rows(ov, seed, name=name)}
                 for name, (ov, seed) in RUNS.items()},
    }
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {a.out} (commit {data['commit'][:10]}{' + uncommitted model changes' if data['model_dirty'] else ''})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

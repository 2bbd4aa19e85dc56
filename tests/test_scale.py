"""Scale: lean state and outputs (aggregates by default, snapshots only when asked, yearly),
bounded memory per village, progress per simulated year, and the scale scenarios."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
from cadresim import CadreModel, Scenario, load_scenario
from cadresim.runner import run_replicate

ROOT = Path(__file__).resolve().parents[1]
BIG = {"county.villages": 20_000, "county.townships": 1_250, "run.agent_handles": "none"}


def state_bytes(m: CadreModel) -> int:
    arrays = [*vars(m.v).values(), *vars(m.t).values(), *m._buffers.values()]
    return sum(a.nbytes for a in arrays if isinstance(a, np.ndarray))


def test_scale_scenarios_load():
    nat = load_scenario(ROOT / "scenarios" / "national.toml")
    prov = load_scenario(ROOT / "scenarios" / "province.toml")
    assert nat["county.villages"] == 490_000 and nat["county.townships"] == 30_000  # F5
    assert 14 <= nat["county.villages"] / nat["county.townships"] <= 18  # F5: ≈16 per rural township
    assert nat["run.agent_handles"] == prov["run.agent_handles"] == "none"
    assert nat["county.township_size_cv"] > 0 and prov["county.township_size_cv"] > 0
    assert ROOT.joinpath("scenarios/national.toml").read_text(encoding="utf-8").startswith("# ")


def test_aggregates_only_by_default_and_state_bounded_per_village():
    m = CadreModel(Scenario().with_overrides(BIG), rng=3).run_years(2)
    assert m.snapshots == [] and len(m.records) == 2  # one aggregate row a year, nothing per village
    assert m._villages is None  # no per-village handles at this size
    assert m.datacollector.get_agent_vars_dataframe is not None
    assert not getattr(m.datacollector, "_agent_records", {})  # no agent reporters collected
    per_village = state_bytes(m) / m.n
    assert per_village < 1_200, per_village  # bytes; ×490,000 villages < 0.6 GB of state
    before = state_bytes(m)
    m.run_years(3)
    assert state_bytes(m) == before  # nothing grows month by month


def test_snapshots_only_when_asked_yearly():
    sc = Scenario().with_overrides({**BIG, "county.villages": 2_000, "county.townships": 125,
                                    "run.snapshot_years": 2})
    m = CadreModel(sc, rng=1).run_years(4)
    assert len(m.snapshots) == 2  # years 2 and 4, never monthly
    assert all(len(s) == m.n for s in m.snapshots)
    assert [int(s["year"].iloc[0]) for s in m.snapshots] == [2, 4]


def test_progress_callback_once_per_simulated_year():
    calls = []
    run_replicate(Scenario(), np.random.SeedSequence(1), years=4, on_year=lambda: calls.append(1))
    assert len(calls) == 4


def test_peak_memory_province_in_subprocess():
    """A province run (25,000 villages, 2 years) adds little memory beyond the loaded code: the
    peak is measured after a tiny county has loaded (or compiled) the numba kernels in the same
    process, so LLVM's compilation memory on a cold cache is not counted as the run's."""
    code = ("import json, resource; from cadresim import CadreModel, load_scenario; "
            "CadreModel(None, rng=1, county__villages=20, county__townships=2).run_years(1); "
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; "
            "m = CadreModel(load_scenario('scenarios/province.toml')).run_years(2); "
            "print(json.dumps([before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True, timeout=300)
    before, peak = json.loads(out.stdout.strip().splitlines()[-1])
    assert peak - before < 200, f"a province run added {peak - before:.0f} MiB (peak {peak:.0f} MiB)"
    assert peak < 1024, f"province peak RSS {peak:.0f} MiB"  # the interpreter, numpy, pandas, mesa, numba

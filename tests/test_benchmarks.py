"""The benchmark scripts run and report what docs/performance.md quotes, and the per-agent
reference they compare against does the model's monthly work (not timed here: the figures
come from running the scripts, see docs/performance.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
from cadresim import CadreModel
from cadresim.loop import MONTH

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def test_per_agent_reference_does_the_same_monthly_work() -> None:
    """Same world, one year of months: the plain-agent villages (own random numbers) end where
    the array model's do, within noise, while the year moves the dimensions by much more."""
    from reference_agents import PlainCounty

    # started below the dynamics' level (init 0.65), so that the year moves the dimensions
    size = {"county__villages": 1500, "county__townships": 90, "county__init_dims_mean": 0.65}
    plain = PlainCounty(CadreModel(None, rng=2, **size), seed=2)
    model = CadreModel(None, rng=2, **size)
    start = model.v.dims.mean(axis=0)
    for _ in range(12):
        plain.step()
        for hook in MONTH:
            hook.fn(model)
        model.month += 1
    end = model.v.dims.mean(axis=0)
    assert np.abs(np.array(plain.mean_dims()) - end).max() < 0.01
    assert np.abs(end - start).max() > 0.04  # the comparison is not of two things standing still
    present = np.mean([a.sec_present for a in plain.agents])
    q, n = model.v.sec_present.mean(), model.n  # two independent binomial shares: within 4 sd of their difference
    assert abs(present - q) < 4 * np.sqrt(2 * q * (1 - q) / n) + 1e-3


def test_bench_scale_reports_county(tmp_path: Path) -> None:
    out = tmp_path / "scale.json"
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_scale.py"), "--scales", "county", "--years",
                        "2", "--county-repeats", "1", "--no-reference", "--json", str(out)],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "village-months/s" in r.stdout
    res = json.loads(out.read_text())
    row = res["scales"][0]
    assert row["scale"] == "county" and row["villages"] == 146 and row["years"] == 2
    assert row["village_months_per_s"] > 0 and row["peak_rss_mib"] > 0 and row["run_s"] > 0
    assert res["meta"]["numba"] and res["per_agent_reference"] is None


def test_bench_county_reports(tmp_path: Path) -> None:
    out = tmp_path / "county.json"
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_county.py"), "--repeats", "2", "--json",
                        str(out)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    res = json.loads(out.read_text())
    assert res["villages"] == 146 and res["years"] == 25 and 0 < res["model_ms_min"] <= res["model_ms_median"]


def test_bench_dims_reports_drawn_and_given(tmp_path: Path) -> None:
    out = tmp_path / "dims.json"
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_dims.py"), "--scale", "county", "--repeats",
                        "2", "--json", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "numbers drawn in the loop" in r.stdout and "numbers given" in r.stdout
    res = json.loads(out.read_text())
    assert res["scale"] == "county" and res["villages"] == 146 and res["threads"] == 1  # below the threaded size
    assert res["drawn_ns"] > 0 and res["given_ns"] > 0
    assert abs(res["draws_ns"] - (res["drawn_ns"] - res["given_ns"])) < 0.011

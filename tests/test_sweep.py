"""Sweeps: design parsing, CRN seeds, executors give identical bytes, results API, Mesa batch_run."""

from __future__ import annotations

import json
from pathlib import Path

import cadresim
import numpy as np
import pandas as pd
import pytest
from cadresim.cli import InputError
from cadresim.outputs import YEARLY_COLUMNS
from cadresim.rng import replicate_seeds
from cadresim.runner import run_replicate
from cadresim.sweep import parse_sweep
from cadresim.sweep.store import run_id

ROOT = Path(__file__).resolve().parents[1]

SMALL = {
    "sweep": {"name": "small", "replicates": 2, "seed": 11, "years": 3},
    "fixed": {"county.villages": 40, "county.townships": 4},
    "levers": {"election.term_years": [3, 5], "pay.base_multiple": [1.0, 2.5]},
}


@pytest.fixture(scope="module")
def inline_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("sw") / "w1"
    res = cadresim.sweep(SMALL, out=out, workers=1, progress=False)
    assert (res.computed, res.reused, res.n_runs) == (8, 0, 8)
    return out


def test_factorial_design_and_crn_seeds(inline_dir):
    sw = parse_sweep(SMALL)
    assert sw.points == [{"election.term_years": t, "pay.base_multiple": p} for t in (3, 5) for p in (1.0, 2.5)]
    m = json.loads((inline_dir / "manifest.json").read_text())
    assert m["state"] == "complete" and m["n_done"] == m["n_runs"] == 8
    assert m["chunks"] == len(list((inline_dir / "runs").glob("*.parquet")))
    assert [s["spawn_key"] for s in json.loads((inline_dir / "sweep.json").read_text())["seeds"]] == [[0], [1]]
    assert m["git_commit"] and "git_dirty" in m and "git_diff_sha1" in m  # provenance (outputs)
    # yearly.csv is the wide table: read back, the same columns and values as yearly.parquet
    pd.testing.assert_frame_equal(pd.read_csv(inline_dir / "yearly.csv"), pd.read_parquet(inline_dir / "yearly.parquet"),
                                  check_dtype=False)
    # replicate k of every point uses replicate_seeds(seed)[k]: a run file equals a direct run
    sc = sw.scenarios[3]
    assert sc["election.term_years"] == 5 and sc["pay.base_multiple"] == 2.5 and sc["county.villages"] == 40
    direct = run_replicate(sc, replicate_seeds(11, 2)[1], 1, years=3)
    got = pd.read_parquet(inline_dir / "yearly.parquet").query("point == 3 and replicate == 1")
    np.testing.assert_array_equal(got["weak_share_true"].to_numpy(), direct["weak_share_true"].to_numpy())


def test_tidy_and_wide_tables(inline_dir):
    tidy = cadresim.load_results(inline_dir)
    outcomes = [c for c in YEARLY_COLUMNS if c != "year"]
    assert list(tidy.columns) == ["point", "replicate", "election.term_years", "pay.base_multiple", "year",
                                  "outcome", "value"]
    assert len(tidy) == 4 * 2 * 3 * len(outcomes)
    assert not tidy.duplicated(["point", "replicate", "year", "outcome"]).any()
    wide = cadresim.load_results(inline_dir, wide=True)
    assert len(wide) == 4 * 2 * 3 and set(outcomes) <= set(wide.columns)
    row = tidy[(tidy.point == 2) & (tidy.replicate == 1) & (tidy.year == 3) & (tidy.outcome == "weak_share_true")]
    w = wide[(wide.point == 2) & (wide.replicate == 1) & (wide.year == 3)]
    assert row["value"].item() == w["weak_share_true"].item()


@pytest.mark.parametrize("workers,chunk", [(2, 3), (1, 8), (2, 5)])
def test_workers_and_chunk_size_identical_bytes(inline_dir, tmp_path, workers, chunk):
    res = cadresim.sweep(SMALL, out=tmp_path / "w", workers=workers, chunk_size=chunk, progress=False)
    assert res.computed == 8
    for f in ("tidy.parquet", "yearly.parquet", "yearly.csv", "design.csv"):
        assert (tmp_path / "w" / f).read_bytes() == (inline_dir / f).read_bytes(), f
    # many runs per file: ceil(8 / chunk) chunk files, each named after its first run
    names = sorted(p.stem for p in (tmp_path / "w" / "runs").glob("*.parquet"))
    assert names == [run_id(*divmod(i, 2)) for i in range(0, 8, chunk)]


def test_dask_local_cluster_identical_bytes(inline_dir, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp", host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        res = cadresim.sweep(SMALL, out=tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address,
                          progress=False)
    assert res.computed == 8
    assert (tmp_path / "dask" / "tidy.parquet").read_bytes() == (inline_dir / "tidy.parquet").read_bytes()
    m = json.loads((tmp_path / "dask" / "manifest.json").read_text())
    assert m["attempts"][-1]["executor"] == "dask"


def test_rerun_complete_sweep_computes_nothing(inline_dir):
    before = {p.name: p.stat().st_mtime_ns for p in (inline_dir / "runs").iterdir()}
    tidy = (inline_dir / "tidy.parquet").read_bytes()
    res = cadresim.sweep(SMALL, out=inline_dir, workers=2, progress=False)
    assert (res.computed, res.reused) == (0, 8)
    assert {p.name: p.stat().st_mtime_ns for p in (inline_dir / "runs").iterdir()} == before
    assert (inline_dir / "tidy.parquet").read_bytes() == tidy


def test_other_sweep_on_used_out_is_refused(inline_dir):
    other = {**SMALL, "levers": {"election.term_years": [3, 4]}}
    with pytest.raises(InputError, match="different sweep"):
        cadresim.sweep(other, out=inline_dir, workers=1, progress=False)
    more = {**SMALL, "sweep": {**SMALL["sweep"], "replicates": 3}}
    with pytest.raises(InputError, match="different sweep"):
        cadresim.sweep(more, out=inline_dir, workers=1, progress=False)


def test_lhs_and_sobol_designs():
    spec = {"sweep": {"replicates": 1, "years": 2, "design": "lhs", "samples": 8, "design_seed": 3},
            "levers": {"pay.base_multiple": {"lo": 1.0, "hi": 3.0}, "contact.months": {"lo": 0, "hi": 3},
                       "attention.policy": ["classified", "uniform"]}}
    sw = parse_sweep(spec)
    assert len(sw.points) == 16 and sw.n_runs == 16
    pay = sorted(p["pay.base_multiple"] for p in sw.points[:8])
    # Latin hypercube: one sample in each eighth of the range
    assert [int((x - 1.0) / 2.0 * 8) for x in pay] == list(range(8))
    assert all(isinstance(p["contact.months"], int) and 0 <= p["contact.months"] <= 3 for p in sw.points)
    assert parse_sweep(spec).points == sw.points  # seeded: reproducible
    sob = parse_sweep({**spec, "sweep": {**spec["sweep"], "design": "sobol"}})
    assert len(sob.points) == 16 and sob.points != sw.points
    assert sob.hash() != sw.hash()


def test_shipped_sweep_files_parse():
    files = sorted((ROOT / "scenarios").glob("sweep_*.toml"))
    assert files
    for f in files:
        sw = parse_sweep(f)
        assert sw.n_runs >= 1 and sw.lever_keys


def test_run_outcomes():
    a = cadresim.run_outcomes(seed=5, run__years=6, **{"election.term_years": 3, "county.villages": 30,
                                                    "county.townships": 3})
    b = cadresim.run_outcomes(None, 5, run__years=6, election__term_years=3, county__villages=30, county__townships=3)
    assert a["term_end_years"] == [3, 6]
    assert isinstance(a["weak_share_true_y3"], float) and a["weak_share_true"].shape == (6,)
    assert a["weak_share_true_y3"] == a["weak_share_true"][2]
    np.testing.assert_array_equal(a["weak_share_true"], b["weak_share_true"])
    assert set(a) >= {"years", "cost_total_yuan_y6", "five_good_share_final", "turnover_mean"}
    with pytest.raises(cadresim.ScenarioError, match="unknown key"):
        cadresim.run_outcomes(pay__base_multipel=2)


def test_run_outcomes_matches_sweep_replicate_0(inline_dir):
    sw = parse_sweep(SMALL)
    out = cadresim.run_outcomes(sw.scenarios[1], seed=11)
    got = pd.read_parquet(inline_dir / "runs" / f"{run_id(1, 0)}.parquet")  # the chunk that starts with it
    got = got[(got.point == 1) & (got.replicate == 0)]
    np.testing.assert_array_equal(out["weak_share_true"], got["weak_share_true"].to_numpy())


def test_mesa_batch_run():
    import inspect

    import mesa

    assert "rng" in inspect.signature(mesa.batch_run).parameters
    rows = mesa.batch_run(cadresim.CadreModel, parameters={"election.term_years": [3, 5]}, rng=[1, 2],
                          max_steps=24, number_processes=1, display_progress=False)
    assert len(rows) == 4
    assert sorted((r["election.term_years"], r["rng"]) for r in rows) == [(3, 1), (3, 2), (5, 1), (5, 2)]
    assert all(r["year"] == 2 and 0 <= r["weak_share_true"] <= 1 for r in rows)


def test_directory_of_an_older_format_is_refused_saying_so(inline_dir, tmp_path):
    import shutil

    d = tmp_path / "old"
    shutil.copytree(inline_dir, d)
    m = json.loads((d / "manifest.json").read_text())
    m["sweep_hash"] = "0" * 64
    (d / "manifest.json").write_text(json.dumps(m))
    sj = json.loads((d / "sweep.json").read_text())
    (d / "sweep.json").write_text(json.dumps({**sj, "format": 1}))
    with pytest.raises(InputError, match="older cadresim .sweep format 1, now 2"):
        cadresim.sweep(SMALL, out=d, workers=1, progress=False)


REPS = {
    "sweep": {"name": "reps", "replicates": 5, "seed": 7, "years": 3},
    "fixed": {"county.villages": 30, "county.townships": 3},
    "levers": {"pay.base_multiple": [1.0, 2.5]},
}


def test_block_worlds_same_bytes_for_any_chunking_and_workers(tmp_path):
    """Replicates of a point run as blocks of one world: a run alone (chunk 1), worlds of 4 or
    5 blocks, the default chunks, on 1 or 2 workers all give the same tables, bit for bit."""
    ref = tmp_path / "c1"
    cadresim.sweep(REPS, out=ref, workers=1, chunk_size=1, progress=False)
    for name, workers, chunk in [("c10", 1, 10), ("w2", 2, None), ("w2c4", 2, 4)]:
        res = cadresim.sweep(REPS, out=tmp_path / name, workers=workers, chunk_size=chunk, progress=False)
        assert res.computed == 10
        for f in ("tidy.parquet", "yearly.parquet", "yearly.csv"):
            assert (tmp_path / name / f).read_bytes() == (ref / f).read_bytes(), (name, f)
    # the default cuts each point's 5 runs into near-equal chunks of its own (10 runs / (2
    # workers × 4) -> at most 2 a chunk: 2, 1, 2 a point), none spanning two points
    recs = [json.loads(p.read_text()) for p in sorted((tmp_path / "w2" / "runs").glob("*.json"))]
    assert sorted(len(r["runs"]) for r in recs) == [1, 1, 2, 2, 2, 2]
    assert all(len({x["point"] for x in r["runs"]}) == 1 for r in recs)

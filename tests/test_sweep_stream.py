"""Large designs are streamed: points and scenarios are made when a chunk needs them, never
held as lists; the executor consumes the design chunk by chunk (tested by counting, not timing)."""

from __future__ import annotations

import tracemalloc

import cadresim
import pytest
from cadresim.sweep import design as design_mod
from cadresim.sweep import executors, parse_sweep

TINY = {"county.villages": 20, "county.townships": 2}


def _spec(n_list: int, samples: int, replicates: int = 1) -> dict:
    return {"sweep": {"name": "big", "replicates": replicates, "years": 1, "seed": 3, "samples": samples},
            "fixed": TINY,
            "levers": {"election.term_years": list(range(1, n_list + 1)),
                       "pay.base_multiple": {"lo": 1.0, "hi": 3.0}}}


def test_large_design_is_never_a_list_of_points_or_scenarios():
    parse_sweep(_spec(2, 2)).hash()  # imports (scipy.stats) happen before memory is traced
    tracemalloc.start()
    try:
        sw = parse_sweep(_spec(10, 1000))  # 10,000 points, each checked
        h = sw.hash()
        frame_rows = len(sw.points)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert frame_rows == 10_000 and sw.n_runs == 10_000 and len(h) == 64
    assert isinstance(sw.points, design_mod.Points) and isinstance(sw.scenarios, design_mod.Scenarios)
    # 10,000 scenarios held at once take ~68 MB (≈6.8 kB each); the design is a 1000 × 1 array
    assert peak < 16 * 2**20, peak
    # point i is cell i // samples combined with sample row i % samples (the order of a list design)
    p = sw.points[1000 * 3 + 17]
    assert p["election.term_years"] == 4 and p["pay.base_multiple"] == sw.points[17]["pay.base_multiple"]
    assert sw.scenarios[-1]["election.term_years"] == 10


def test_points_match_the_materialised_design():
    sw = parse_sweep({**_spec(3, 4), "levers": {"election.term_years": [3, 5], "attention.policy": ["classified", "uniform"],
                                                "contact.months": {"lo": 0, "hi": 3},
                                                "pay.base_multiple": {"lo": 1.0, "hi": 3.0}}})
    import itertools

    u = design_mod._unit(2, "lhs", 4, 0)
    cells = list(itertools.product([3, 5], ["classified", "uniform"]))
    want = []
    for t, a in cells:
        for row in u:
            want.append({"election.term_years": t, "attention.policy": a,
                         "contact.months": min(int(0 + int(row[0] * 4)), 3), "pay.base_multiple": float(1 + row[1] * 2)})
    assert list(sw.points) == want and sw.points == want and sw.points[2:4] == want[2:4]


def test_executor_consumes_the_design_chunk_by_chunk(tmp_path, monkeypatch):
    sw = parse_sweep(_spec(10, 200, replicates=2))  # 2,000 points × 2 replicates
    built: list[int] = []
    orig_get = design_mod.Scenarios.__getitem__

    def counting_get(self, i):
        built.append(i)
        return orig_get(self, i)

    seen: list[tuple[int, list[int]]] = []
    orig_compute = executors.chunk_rows

    def compute(jobs, years=None):
        seen.append((len(built), sorted({int(sc.name.rsplit("/p", 1)[1]) for sc, _, _ in jobs})))
        if len(seen) == 3:
            raise KeyboardInterrupt
        return orig_compute(jobs, years)

    monkeypatch.setattr(design_mod.Scenarios, "__getitem__", counting_get)
    monkeypatch.setattr(executors, "chunk_rows", compute)
    with pytest.raises(KeyboardInterrupt):
        cadresim.sweep(sw, out=tmp_path / "o", workers=1, chunk_size=4, progress=False)
    # chunk j (4 runs = 2 points × 2 replicates) was computed when only its points, those
    # before it and the next one (whose first run shows where a point's runs end) had been
    # built: the design is made as it is consumed, one scenario per point
    assert [pts for _, pts in seen] == [[0, 1], [2, 3], [4, 5]]
    assert [n for n, _ in seen] == [3, 5, 7] and len(built) == 7
    assert len(list((tmp_path / "o" / "runs").glob("*.parquet"))) == 2  # the two finished chunks


def test_consolidation_streams_in_batches(tmp_path, monkeypatch):
    import shutil

    import pandas as pd
    import pyarrow.parquet as pq
    from cadresim.sweep import store

    spec = {"sweep": {"name": "cons", "replicates": 3, "years": 2, "seed": 5}, "fixed": TINY,
            "levers": {"election.term_years": [1, 2, 3, 4, 5, 6]}}
    out = tmp_path / "o"
    cadresim.sweep(spec, out=out, workers=1, chunk_size=4, progress=False)  # 18 runs in 5 chunk files
    sw = parse_sweep(spec)
    expect = store.Identities(sw.hash(), sw.seed_sequences(), sw.n_points)
    _, good, _ = store.scan_runs(out, expect)
    assert len(good) == 5
    reads, held = [], []
    orig_read, orig_tables = store._read_chunk, store._tables
    monkeypatch.setattr(store, "_read_chunk", lambda *a: reads.append(a[1]) or orig_read(*a))
    monkeypatch.setattr(store, "_tables", lambda loaded, *a: held.append(len(loaded)) or orig_tables(loaded, *a))
    small = tmp_path / "small"
    shutil.copytree(out, small)
    store.consolidate(small, sw, good, expect, batch_runs=5)
    # 4 batches of at most 5 runs; each chunk file read once, only the 2 files a batch spans held
    assert pq.ParquetFile(small / "tidy.parquet").num_row_groups == 4 and held == [2, 2, 2, 2]
    assert sorted(reads) == sorted(good)
    for f in ("tidy.parquet", "yearly.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(small / f), pd.read_parquet(out / f))
    assert (small / "yearly.csv").read_bytes() == (out / "yearly.csv").read_bytes()

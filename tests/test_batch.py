"""`cadresim.batch`: the replicates of one scenario held as blocks of one array world; each
job's yearly table and final state are what the job gives run alone, bit for bit, whatever the
batch it is in (size, order, other scenarios), including a scenario of several counties."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from cadresim import CadreModel, Scenario
from cadresim.batch import run_batch, worlds
from cadresim.rng import replicate_seeds
from cadresim.runner import run, run_replicate

SMALL = {"county.villages": 40, "county.townships": 4, "run.agent_handles": "none"}
YEARS = 4


def _jobs() -> list:
    a = Scenario().with_overrides(SMALL)
    b = Scenario().with_overrides({**SMALL, "county.counties": 2, "pay.base_multiple": 2.0})
    seeds = replicate_seeds(77, 3)
    return [(sc, seeds[k], k) for sc in (a, b) for k in range(3)]


def _same_state(a: object, b: object, rows: slice) -> None:
    for f in dataclasses.fields(a):  # type: ignore[arg-type]
        x, y = getattr(a, f.name), getattr(b, f.name)[rows]
        assert x.dtype == y.dtype and x.shape == y.shape, f.name
        if f.name in ("township", "county"):  # the block's own indices, shifted past earlier blocks
            y = y - y.min() + x.min()
        assert x.tobytes() == y.tobytes(), f.name


@pytest.mark.parametrize("size", [1, 3, 8])
def test_replicate_k_of_a_block_world_is_replicate_k_alone(size: int) -> None:
    """Every yearly column and every final state array of block k equals the run alone."""
    sc = Scenario().with_overrides({**SMALL, "county.counties": 2})
    seeds = replicate_seeds(5, size)
    world = CadreModel(sc, blocks=[(s, k) for k, s in enumerate(seeds)]).run_years(YEARS)
    assert world.blocks == size and world.n == 40 * size
    tables = world.block_tables()
    for k in range(size):
        alone = CadreModel(sc, rng=seeds[k], replicate=k).run_years(YEARS)
        pd.testing.assert_frame_equal(tables[k], alone.yearly, check_exact=True)
        _same_state(alone.v, world.v, slice(40 * k, 40 * (k + 1)))
        _same_state(alone.t, world.t, slice(4 * k, 4 * (k + 1)))
        assert world.county.next_person[k] == alone.county.next_person[0]
    if size > 1:
        assert not tables[0].equals(tables[1].assign(replicate=0))  # the blocks are different replicates


def test_each_job_equals_the_job_run_alone() -> None:
    """`run_batch` over jobs of two scenarios, in batches of any size and order."""
    jobs = _jobs()
    alone = [run_replicate(sc, ss, k, years=3) for sc, ss, k in jobs]
    for size in (1, 2, len(jobs)):
        got = []
        for i in range(0, len(jobs), size):
            got += run_batch(jobs[i:i + size], years=3)
        assert len(got) == len(jobs)
        for g, want in zip(got, alone, strict=True):
            pd.testing.assert_frame_equal(g, want, check_exact=True)
    mixed = [jobs[i] for i in (4, 0, 5, 2, 1, 3)]  # the two scenarios interleaved
    assert sorted(len(w) for w in worlds(mixed)) == [3, 3]  # one world per scenario
    for g, i in zip(run_batch(mixed, years=3), (4, 0, 5, 2, 1, 3), strict=True):
        pd.testing.assert_frame_equal(g, alone[i], check_exact=True)
    assert not alone[0].equals(alone[1])  # replicates differ
    assert alone[3]["replicate"].iloc[0] == 0 and alone[5]["replicate"].iloc[0] == 2


def test_run_holds_replicates_as_one_world_with_the_same_results() -> None:
    res = run(Scenario().with_overrides(SMALL), replicates=3, seed=9, years=3, snapshots=3)
    seeds = replicate_seeds(9, 3)
    sc = res.scenario
    for k in range(3):
        alone = CadreModel(sc, rng=seeds[k], replicate=k).run_years(3)
        pd.testing.assert_frame_equal(res.yearly[res.yearly.replicate == k].reset_index(drop=True), alone.yearly,
                                      check_exact=True)
        snap = res.snapshots[res.snapshots.replicate == k].reset_index(drop=True)
        pd.testing.assert_frame_equal(snap, alone.snapshots[0], check_exact=True)


def test_a_single_replicate_model_keeps_its_handles() -> None:
    m = CadreModel(Scenario().with_overrides({**SMALL, "run.agent_handles": "all"}), rng=3)
    assert m.blocks == 1 and len(m.villages) == 40 and m.village(3).model is m
    batch = CadreModel(Scenario().with_overrides({**SMALL, "run.agent_handles": "all"}),
                       blocks=[(s, k) for k, s in enumerate(replicate_seeds(3, 2))])
    assert batch._villages is None  # a block world builds no agents


def test_a_malformed_job_is_refused() -> None:
    with pytest.raises(TypeError, match="each job is"):
        run_batch([(Scenario(), 5, 0)])  # type: ignore[list-item]
    assert run_batch([]) == []


def test_ledger_refuses_a_total_for_the_wrong_number_of_blocks() -> None:
    m = CadreModel(Scenario().with_overrides(SMALL), blocks=[(s, k) for k, s in enumerate(replicate_seeds(1, 3))])
    m.ledger.add("quits", np.ones(3))
    with pytest.raises(ValueError, match="3 blocks"):
        m.ledger.add("quits", np.ones(2))


def test_a_failing_world_is_rerun_job_by_job(monkeypatch: pytest.MonkeyPatch) -> None:
    """A world that fails (a blown-up rate in one block) is re-run one job at a time, so the
    error comes from the job run alone, as before batching; the others' tables are unchanged."""
    import cadresim.batch as batch
    from cadresim.scenario import ScenarioError

    jobs = _jobs()[:3]
    real = batch.run_world

    def fail_if_batched(js: list, *a: object, **kw: object) -> list:
        if len(js) > 1:
            raise ScenarioError("test", None, "the model failed numerically (planted)")
        return real(js, *a, **kw)

    monkeypatch.setattr(batch, "run_world", fail_if_batched)
    got = run_batch(jobs, years=2)
    for g, (sc, ss, k) in zip(got, jobs, strict=True):
        pd.testing.assert_frame_equal(g, run_replicate(sc, ss, k, years=2), check_exact=True)

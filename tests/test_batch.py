"""`cadresim.batch.run_batch`: each job's table is what the job gives run alone, whatever the
batch it is in (size, order, other scenarios), including a scenario of several counties."""

from __future__ import annotations

import pandas as pd
import pytest
from cadresim import Scenario
from cadresim.batch import run_batch
from cadresim.rng import replicate_seeds
from cadresim.runner import run_replicate

SMALL = {"county.villages": 40, "county.townships": 4, "run.agent_handles": "none"}


def _jobs() -> list:
    a = Scenario().with_overrides(SMALL)
    b = Scenario().with_overrides({**SMALL, "county.counties": 2, "pay.base_multiple": 2.0})
    seeds = replicate_seeds(77, 3)
    return [(sc, seeds[k], k) for sc in (a, b) for k in range(3)]


def test_each_job_equals_the_job_run_alone() -> None:
    jobs = _jobs()
    alone = [run_replicate(sc, ss, k, years=3) for sc, ss, k in jobs]
    for size in (1, 2, len(jobs)):
        got = []
        for i in range(0, len(jobs), size):
            got += run_batch(jobs[i:i + size], years=3)
        assert len(got) == len(jobs)
        for g, want in zip(got, alone, strict=True):
            pd.testing.assert_frame_equal(g, want, check_exact=True)
    rev = run_batch(jobs[::-1], years=3)[::-1]
    for g, want in zip(rev, alone, strict=True):
        pd.testing.assert_frame_equal(g, want, check_exact=True)
    assert not alone[0].equals(alone[1])  # replicates differ
    assert alone[3]["replicate"].iloc[0] == 0 and alone[5]["replicate"].iloc[0] == 2


def test_a_malformed_job_is_refused() -> None:
    with pytest.raises(TypeError, match="each job is"):
        run_batch([(Scenario(), 5, 0)])  # type: ignore[list-item]
    assert run_batch([]) == []

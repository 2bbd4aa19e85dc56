"""Run many replicates in one call: the entry point a sweep executor calls per chunk.

A job is ``(Scenario, SeedSequence, replicate index)``; `run_batch` returns one yearly table
per job, in job order, each the table `cadresim.runner.run_replicate` gives for that job run
alone (the same bits: `tests/test_batch.py`).

Today the jobs run one after another in this process, sharing the loaded compiled loops and
skipping the per-run set-up of a worker. Issue 14 asks for more: the replicates of jobs that
share a structure held as blocks of one array world (each block its own streams, its own
county reductions and ledger), which needs the rules' counts, the county's scalars and the
yearly record kept per block. That is not built yet (`docs/performance.md`); this function is
where it goes, behind the same signature.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .scenario import Scenario

Job = tuple[Scenario, np.random.SeedSequence, int]


def run_batch(jobs: Sequence[Job], years: int | None = None) -> list[pd.DataFrame]:
    """One yearly table per job ``(scenario, seed_seq, replicate)``, in job order; `years`
    overrides each scenario's ``run.years``. A job's table does not depend on the other jobs
    in the batch, nor on the batch's size or order."""
    from .runner import run_replicate

    out: list[pd.DataFrame] = []
    for job in jobs:
        if len(job) != 3 or not isinstance(job[0], Scenario) or not isinstance(job[1], np.random.SeedSequence):
            raise TypeError("run_batch: each job is (Scenario, numpy.random.SeedSequence, replicate index)")
        sc, seed_seq, replicate = job
        out.append(run_replicate(sc, seed_seq, int(replicate), years=years))
    return out


__all__ = ["Job", "run_batch"]

"""Run many replicates in one call: the entry point a sweep executor calls per chunk.

A job is ``(Scenario, SeedSequence, replicate index)``; `run_batch` returns one yearly table
per job, in job order, each the table `cadresim.runner.run_replicate` gives for that job run
alone, bit for bit (`tests/test_batch.py`).

Jobs whose scenarios are equal apart from the seed share a structure: the same number of
villages and townships in every replicate, the same rules and numbers. Their replicates are
held as **blocks of one array world** (`CadreModel` with several blocks): block b is villages
``b·n … (b+1)·n − 1`` and townships ``b·m … (b+1)·m − 1``, with its own townships and counties
(so every ranking, quota, median and share is taken within the block), its own keyed random
numbers (`cadresim.rng`: a number depends on the replicate's key and the village's index
within its block, never on the batch), its own ledger, county values and yearly record. One
month is then one pass of each compiled loop over all blocks' villages. A group larger than
`compute.BATCH_BLOCKS` blocks (or `compute.BATCH_VILLAGES` villages) is split into several
worlds. A world that fails (a blown-up rate) is re-run one job at a time, so the error names
the job as a run alone would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .scenario import Scenario

Job = tuple[Scenario, np.random.SeedSequence, int]
_NOT_STRUCTURE = ("run.seed", "run.replicates")  # a group's replicates may differ in these


def structure(sc: Scenario) -> tuple[tuple[str, str], ...]:
    """What replicates held in one world must share: every scenario value but the seed."""
    return tuple(sorted((k, repr(v)) for k, v in sc.items() if k not in _NOT_STRUCTURE))


def _check(job: Any) -> Job:
    if len(job) != 3 or not isinstance(job[0], Scenario) or not isinstance(job[1], np.random.SeedSequence):
        raise TypeError("run_batch: each job is (Scenario, numpy.random.SeedSequence, replicate index)")
    return job[0], job[1], int(job[2])


def worlds(jobs: Sequence[Job]) -> list[list[int]]:
    """The jobs' positions grouped into worlds: equal structure, at most `compute.BATCH_BLOCKS`
    blocks and about `compute.BATCH_VILLAGES` villages each, in job order."""
    from . import compute  # (numba: loaded when a run is made, not by `cadresim --help`)

    groups: dict[tuple, list[int]] = {}
    known: dict[int, tuple] = {}  # a chunk's jobs mostly share one Scenario object: its structure once
    for i, (sc, _, _) in enumerate(jobs):
        key = known.get(id(sc))
        if key is None:
            key = known[id(sc)] = structure(sc)
        groups.setdefault(key, []).append(i)
    out = []
    for idx in groups.values():
        sc = jobs[idx[0]][0]
        size = max(1, min(compute.BATCH_BLOCKS, compute.BATCH_VILLAGES // max(int(sc["county.villages"]), 1)))
        out += [idx[i:i + size] for i in range(0, len(idx), size)]
    return out


def _world(jobs: Sequence[Job], years: int | None, on_year: Any = None) -> Any:
    """The jobs (one structure) as blocks of one world, run for `years` (or ``run.years``)."""
    from .runner import numeric_failure
    from .sim import CadreModel

    sc = jobs[0][0]
    try:
        model = CadreModel(sc, rng=jobs[0][1], blocks=[(ss, k) for _, ss, k in jobs])
        for _ in range(years if years is not None else sc["run.years"]):
            model.run_years(1)
            if on_year is not None:
                on_year(len(jobs))
    except (ValueError, ArithmeticError) as e:
        raise numeric_failure(sc, e) from e
    return model


def run_world(jobs: Sequence[Job], years: int | None = None, on_year: Any = None,
              snapshots: list[pd.DataFrame] | None = None) -> list[pd.DataFrame]:
    """The jobs (one structure) as blocks of one world; one yearly table per job."""
    from .runner import check_finite

    model = _world(jobs, years, on_year)
    tables = model.block_tables()
    for t in tables:
        check_finite(t, jobs[0][0])
    if snapshots is not None:
        snapshots.extend(model.snapshots)
    return tables


def world_rows(jobs: Sequence[Job], years: int | None = None) -> pd.DataFrame:
    """The jobs (one structure) as blocks of one world: all their yearly rows in one table,
    job after job (each job's years in order), without a replicate column. The rows of
    `run_world`'s tables stacked, made without a table per job (a sweep's chunk needs one)."""
    from .outputs import YEARLY_COLUMNS
    from .runner import check_finite

    model = _world(jobs, years)
    rows = pd.DataFrame.from_records([r for rec in model.block_records for r in rec], columns=list(YEARLY_COLUMNS))
    check_finite(rows, jobs[0][0])
    return rows


def _by_world(jobs: list[Job], years: int | None, compute: Callable[[list[Job], int | None], Any],
              alone: Callable[[list[Job], int | None], Any]) -> Iterator[tuple[list[int], Any]]:
    """(the jobs' positions, `compute` of their world) for each world of `worlds(jobs)`. A
    scenario error in a world of several jobs is raised again by `alone`, which runs them one
    by one and so names the failing job."""
    from .scenario import ScenarioError

    for idx in worlds(jobs):
        js = [jobs[i] for i in idx]
        try:
            result = compute(js, years)
        except ScenarioError:
            if len(idx) == 1:
                raise
            result = alone(js, years)
        yield idx, result


def run_batch(jobs: Sequence[Job], years: int | None = None) -> list[pd.DataFrame]:
    """One yearly table per job ``(scenario, seed_seq, replicate)``, in job order; `years`
    overrides each scenario's ``run.years``. A job's table does not depend on the other jobs
    in the batch, nor on the batch's size or order."""
    from .runner import run_replicate

    jobs = [_check(j) for j in jobs]
    out: list[pd.DataFrame | None] = [None] * len(jobs)

    def alone(js: list[Job], y: int | None) -> list[pd.DataFrame]:
        return [run_replicate(*j, years=y) for j in js]

    for idx, tables in _by_world(jobs, years, run_world, alone):
        for i, t in zip(idx, tables, strict=True):
            out[i] = t
    return out  # type: ignore[return-value]


def batch_rows(jobs: Sequence[Job], years: int | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """All jobs' yearly rows in one table, job after job (as `run_batch`'s tables stacked,
    without their replicate column), and each row's job position. Same bits as `run_batch`."""
    from .runner import run_replicate

    jobs = [_check(j) for j in jobs]
    parts: list[pd.DataFrame] = []
    order: list[np.ndarray] = []

    def alone(js: list[Job], y: int | None) -> pd.DataFrame:
        return pd.concat([run_replicate(*j, years=y).drop(columns="replicate") for j in js], ignore_index=True)

    for idx, rows in _by_world(jobs, years, world_rows, alone):
        parts.append(rows)
        order.append(np.repeat(np.asarray(idx, dtype=np.int64), len(rows) // len(idx)))
    rows = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    job = np.concatenate(order)
    if len(parts) > 1:  # worlds group jobs by structure: put the rows back in job order
        perm = np.argsort(job, kind="stable")
        rows, job = rows.iloc[perm].reset_index(drop=True), job[perm]
    return rows, job


__all__ = ["Job", "batch_rows", "run_batch", "run_world", "structure", "world_rows", "worlds"]

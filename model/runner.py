"""Run a scenario's replicates and gather tidy tables.

Replicate k of a run seeded `seed` uses ``SeedSequence(seed).spawn(R)[k]``; the same
replicate of two scenarios shares its seed (common random numbers). `run` holds the replicates
as blocks of one array world (`cadresim.batch`); each is what it gives run alone, bit for bit.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .batch import run_world, worlds
from .outputs import term_end_years
from .rng import replicate_seeds
from .scenario import Scenario, ScenarioError, load_scenario


@dataclass
class RunResult:
    """The outcome of `run`: the yearly table (replicate × year), seeds and timing."""

    scenario: Scenario
    yearly: pd.DataFrame
    seed: int
    replicate_seeds: list[dict[str, Any]]
    wall_s: float
    snapshots: pd.DataFrame | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def term_ends(self) -> pd.DataFrame:
        """Yearly rows at the end of each village term (C4), all replicates."""
        years = term_end_years(self.scenario, int(self.yearly["year"].max()))
        return self.yearly[self.yearly["year"].isin(years)].reset_index(drop=True)

    def summary(self, column: str = "weak_share_true") -> pd.DataFrame:
        """Mean and 5th/95th percentiles of `column` over replicates, at each term end."""
        g = self.term_ends().groupby("year")[column]
        return pd.DataFrame({"mean": g.mean(), "p05": g.quantile(0.05), "p95": g.quantile(0.95)})


def seed_info(ss: np.random.SeedSequence) -> dict[str, Any]:
    return {"entropy": int(ss.entropy), "spawn_key": list(ss.spawn_key)}


def run_replicate(scenario: Scenario, seed_seq: np.random.SeedSequence, replicate: int = 0,
                  years: int | None = None, on_year: Callable[[], None] | None = None,
                  snapshots: list[pd.DataFrame] | None = None) -> pd.DataFrame:
    """One replicate: build the model with `seed_seq`, run, return its yearly rows.

    `on_year` is called after each simulated year (progress bars); the per-village snapshots
    the scenario asks for (``run.snapshot_years``) are appended to `snapshots` when given."""
    from .sim import CadreModel

    try:
        model = CadreModel(scenario, rng=seed_seq, replicate=replicate)
        for _ in range(years if years is not None else scenario["run.years"]):
            model.run_years(1)
            if on_year is not None:
                on_year()
    except ScenarioError:
        raise
    except (ValueError, ArithmeticError) as e:  # numpy refusing a blown-up rate ("lam value too large")
        raise numeric_failure(scenario, e) from e
    yearly = model.yearly
    check_finite(yearly, scenario)
    if snapshots is not None:
        snapshots.extend(model.snapshots)
    return yearly


def numeric_failure(sc: Scenario, e: Exception) -> ScenarioError:
    """The error for a run that failed numerically (a blown-up rate)."""
    return ScenarioError(sc.source, None, f"the model failed numerically ({type(e).__name__}: {e}) with "
                         f"{_keys(sc)}; change one of them")


def _keys(sc: Scenario) -> str:
    changed = [k for k in sc.changed() if not k.startswith("run.")]
    return ("the keys changed from the defaults: " + ", ".join(changed)) if changed else "the default values"


def check_finite(yearly: pd.DataFrame, sc: Scenario) -> None:
    """Refuse a run whose outputs are infinite, or NaN where a value must exist (a share)."""
    num = yearly.select_dtypes("number")
    vals = num.to_numpy(dtype=float)
    inf = np.isinf(vals).any(axis=0)
    must = np.array([c.endswith("_share") or c.startswith(("weak_", "dim_")) for c in num.columns])
    nan = np.isnan(vals).any(axis=0) & must
    bad = [c for c, b in zip(num.columns, inf | nan, strict=True) if b]
    if bad:
        raise ScenarioError(sc.source, None, f"the run produced non-finite values in {', '.join(bad)} with "
                            f"{_keys(sc)}; the combination is outside what the model supports")


def _resolve(scenario: Scenario | str | Path | None, overrides: Mapping[str, Any] | None) -> Scenario:
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    return sc.with_overrides(overrides) if overrides else sc


def run(scenario: Scenario | str | Path | None = None, *, replicates: int | None = None, seed: int | None = None,
        years: int | None = None, overrides: Mapping[str, Any] | None = None, progress: bool = False,
        snapshots: int | None = None, **kw: Any) -> RunResult:
    """Run `replicates` replicates of a scenario (default: the baseline) in this process, as
    blocks of one array world (up to `compute.BATCH_BLOCKS` a world).

    >>> res = run("scenarios/baseline.toml", replicates=5, overrides={"election.term_years": 5})
    >>> res.yearly.groupby("year").weak_share_true.mean()

    `snapshots=N` (or ``run.snapshot_years``) keeps a per-village snapshot every N years in
    ``res.snapshots`` (replicate, year, village, township, dimensions, weak, flagged, …).
    """
    sc = _resolve(scenario, overrides)
    if kw:
        sc = sc.with_overrides(kw)
    changes = {}
    if replicates is not None:
        changes["run.replicates"] = replicates
    if seed is not None:
        changes["run.seed"] = seed
    if years is not None:
        changes["run.years"] = years
    if snapshots is not None:
        changes["run.snapshot_years"] = snapshots
    if changes:
        sc = sc.with_overrides(changes, source="run()")
    reps = sc["run.replicates"]
    seeds = replicate_seeds(sc["run.seed"], reps)
    t0 = time.perf_counter()
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=reps * sc["run.years"], desc=sc.name, unit="yr", leave=False)
    snaps: list[pd.DataFrame] = []
    frames: list[pd.DataFrame] = []
    jobs = [(sc, seeds[k], k) for k in range(reps)]
    for idx in worlds(jobs):  # the replicates as blocks of one array world (`cadresim.batch`)
        frames += run_world([jobs[i] for i in idx], on_year=bar.update if bar is not None else None, snapshots=snaps)
    if bar is not None:
        bar.close()
    wall = time.perf_counter() - t0
    return RunResult(sc, pd.concat(frames, ignore_index=True), sc["run.seed"], [seed_info(s) for s in seeds], wall,
                     pd.concat(snaps, ignore_index=True) if snaps else None)

"""`CadreModel`: the county as a Mesa model. One step is one month.

The model keeps the clock and the wiring: the state lives in numpy arrays (`model.v` for
villages, `model.t` for townships, `model.county` for county-level values), and the rules
update them in the order `model.loop` gives, one hook per rule. Mesa agents
(`model.villages`, `model.townships`, `village.secretary`, …) are views onto those arrays for
inspection in a notebook. Yearly aggregates go through a `mesa.DataCollector`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mesa
import numpy as np
import pandas as pd

from . import loop
from .errors import check_int_arg
from .outputs import YEARLY_COLUMNS, snapshot, yearly_record
from .rng import Draws, Keys, world_generator
from .scenario import Scenario, load_scenario
from .state import MONTHS, CountyState, Ledger
from .world import build_world


def _as_seed_sequence(rng: Any) -> np.random.SeedSequence:
    if rng is None:
        return np.random.SeedSequence()
    if isinstance(rng, np.random.SeedSequence):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, (bool, np.bool_)):
        return np.random.SeedSequence(int(rng))
    if isinstance(rng, np.random.Generator):
        return np.random.SeedSequence(int(rng.integers(np.iinfo(np.int64).max)))
    raise TypeError(f"rng must be an int, a SeedSequence or a Generator, got {type(rng).__name__}")


class YearlyCollector(mesa.DataCollector):
    """The model's `mesa.DataCollector`: one model reporter per yearly column
    (``lambda m: m.last_record[c]``). While the reporters are those (and there are no agent
    reporters), `collect` appends the whole record at once, the values the reporters would give;
    otherwise Mesa's `collect`."""

    def __init__(self) -> None:
        super().__init__(model_reporters={c: (lambda m, c=c: m.last_record[c]) for c in YEARLY_COLUMNS})
        self._own_reporters = dict(self.model_reporters)

    def collect(self, model: Any) -> None:
        if self.model_reporters == self._own_reporters and not (self.agent_reporters or self.agenttype_reporters):
            self._collection_steps.append(model.time)
            rec, model_vars = model.last_record, self.model_vars
            for c in YEARLY_COLUMNS:
                model_vars[c].append(rec[c])
        else:
            super().collect(model)


class CadreModel(mesa.Model):
    """A county (or province, or country) of townships, villages and cadres.

    Parameters
    ----------
    scenario:
        A `Scenario`, a path to a scenario file, or None for the baseline.
    rng:
        An int seed or a `numpy.random.SeedSequence` (replicate seeds are spawned ones).
        Default: ``run.seed`` of the scenario.
    **overrides:
        Scenario keys to change, dotted (``**{"pay.base_multiple": 2}``) or with a double
        underscore (``pay__base_multiple=2``); this is how `mesa.batch_run` passes levers.

    After ``model.run_years(5)``: ``model.yearly`` is a DataFrame of yearly outcomes,
    ``model.villages`` an AgentSet of `Village` handles.
    """

    def __init__(self, scenario: Scenario | str | None = None, *, rng: Any = None, replicate: int = 0,
                 **overrides: Any) -> None:
        if not isinstance(scenario, Scenario):
            scenario = load_scenario(scenario)
        if overrides:
            scenario = scenario.with_overrides({k.replace("__", "."): v for k, v in overrides.items()},
                                               source="CadreModel(**overrides)")
        seed_seq = _as_seed_sequence(scenario["run.seed"] if rng is None else rng)
        super().__init__(rng=seed_seq)
        self.sc: Scenario = scenario
        self.seed_seq = seed_seq
        self.replicate = replicate
        self.v, self.t = build_world(scenario, world_generator(seed_seq))
        self.n, self.m = len(self.v.township), len(self.t.n_villages)
        self.keys = Keys([seed_seq], self.n, self.m)
        value_years = int(scenario["retirement.value_years"])
        initial = scenario["retirement.initial_per_village"] * self.n / max(value_years, 1)
        self.county = CountyState(rural_income=float(scenario["county.rural_income_yuan"]),
                                  migrant_wage=float(scenario["county.migrant_wage_yuan"]),
                                  next_person=self.n, pensioner_exits=[initial] * value_years)
        self.ledger = Ledger()
        self._buffers: dict[str, np.ndarray] = {}
        self._consts: dict[str, Any] = {}
        self._derived: dict[str, tuple[np.ndarray, Any]] = {}
        self.month = 0  # months simulated
        self.started = False
        self.records: list[dict[str, Any]] = []
        self.snapshots: list[pd.DataFrame] = []
        self.last_record: dict[str, Any] = {}
        self.datacollector = YearlyCollector()
        for hook in loop.INIT:
            hook.fn(self)
        self._plan()
        self.started = True
        self._villages: mesa.agent.AgentSet | None = None
        self._townships: mesa.agent.AgentSet | None = None
        handles = scenario["run.agent_handles"]
        if handles == "all" or (handles == "auto" and self.n <= scenario["run.auto_handles_max"]):
            _ = self.villages, self.townships

    # ---- time -------------------------------------------------------------------------
    @property
    def year(self) -> int:
        """Completed years so far (the year the current month belongs to)."""
        return self.month // MONTHS

    def step(self) -> None:
        """One month: the MONTH hooks, then in the year's last month the yearly cycle."""
        for hook in loop.MONTH:
            hook.fn(self)
        if self.month % MONTHS == MONTHS - 1:
            self._year_end()
        self.month += 1

    def run_years(self, years: int) -> CadreModel:
        """Advance `years` × 12 months; returns self for chaining."""
        years = check_int_arg(years, "run_years: years", 0)
        if years > 0:
            self.run_for(years * MONTHS)  # Mesa's clock: one `step` (month) per time unit
        return self

    def _year_end(self) -> None:
        self.t.sanction[:] = 0
        self.t.adjust_now[:] = False
        for hook in loop.YEAR_END:
            hook.fn(self)
        self.last_record = yearly_record(self)
        self.records.append(self.last_record)
        self.datacollector.collect(self)
        every = self.sc["run.snapshot_years"]
        if every and (self.year + 1) % every == 0:
            self.snapshots.append(snapshot(self))
        self.ledger.reset()
        c = self.county
        c.pensioner_exits = c.pensioner_exits[1:] + [c.exits_this_year] if c.pensioner_exits else []
        c.exits_this_year = 0
        c.effort_month_sum = 0.0
        self.v.conflicts_year[:] = 0
        self._plan()

    def _plan(self) -> None:
        for hook in loop.PLAN:
            hook.fn(self)

    # ---- per-run helpers for the rules -------------------------------------------------
    def draws(self, rule: str) -> Draws:
        """Rule `rule`'s keyed draws for the current year (period year + 1; the set-up before
        the first month is period 0): `cadresim.rng`."""
        return self.keys.draws(rule, self.year + 1 if self.started else 0)

    def monthly(self, name: str) -> Draws:
        """The keyed draws of monthly mechanism `name` for the current month (period: the
        month's index)."""
        return self.keys.draws(name, self.month)

    def yuan(self, key: str) -> float:
        """A nominal amount in this year's yuan: the scenario's value, grown with rural income when
        `county.index_nominal` is on (D1, D3–D9)."""
        amount = self.sc[key]
        if self.sc["county.index_nominal"]:
            amount = amount * self.county.rural_income / self.sc["county.rural_income_yuan"]
        return amount

    def consts(self, name: str, make: Callable[[Scenario], Any]) -> Any:
        """A value computed once per run from the scenario (which does not change)."""
        c = self._consts.get(name)
        if c is None:
            c = self._consts[name] = make(self.sc)
        return c

    def derived(self, name: str, source: np.ndarray, make: Callable[[np.ndarray], Any]) -> Any:
        """``make(source)``, kept while `source` holds the same values (compared element by
        element each call, so an edit in place is seen): monthly values that follow yearly ones."""
        kept = self._derived.get(name)
        if kept is not None and kept[0].shape == source.shape and np.array_equal(kept[0], source):
            return kept[1]
        value = make(source)
        self._derived[name] = (source.copy(), value)
        return value

    def buffer(self, name: str, shape: tuple[int, ...], dtype: Any = np.float64) -> np.ndarray:
        """A scratch array (uninitialised) kept between calls."""
        b = self._buffers.get(name)
        if b is None or b.shape != shape or b.dtype != dtype:
            b = self._buffers[name] = np.empty(shape, dtype=dtype)
        return b

    # ---- outputs ----------------------------------------------------------------------
    @property
    def yearly(self) -> pd.DataFrame:
        """One row per simulated year (see `cadresim.outputs.YEARLY_COLUMNS`)."""
        df = pd.DataFrame.from_records(self.records, columns=list(YEARLY_COLUMNS))
        df.insert(0, "replicate", self.replicate)
        return df

    @property
    def weak_share_true(self) -> float:
        return float(self.v.weak_true.mean())

    # ---- Mesa agent handles -----------------------------------------------------------
    @property
    def villages(self) -> mesa.agent.AgentSet:
        """An AgentSet of `Village` handles, in village order (created on first use)."""
        if self._villages is None:
            from .agents import Village

            self._villages = mesa.agent.AgentSet([Village(self, i) for i in range(self.n)], random=self.random)
        return self._villages

    @property
    def townships(self) -> mesa.agent.AgentSet:
        """An AgentSet of `Township` handles, in township order (created on first use)."""
        if self._townships is None:
            from .agents import Township

            self._townships = mesa.agent.AgentSet([Township(self, j) for j in range(self.m)], random=self.random)
        return self._townships

    def village(self, i: int) -> Any:
        """The handle of village `i` (without building handles for all villages)."""
        i = check_int_arg(i, "village: i", 0, self.n - 1)
        if self._villages is not None or self.n <= self.sc["run.auto_handles_max"]:
            return self.villages.to_list()[i]
        from .agents import Village

        return Village(self, int(i))

"""`CadreModel`: the county as a Mesa model. One step is one month.

The state lives in numpy arrays (`model.v` for villages, `model.t` for townships) and the
rule modules update whole arrays at a time, in the order `model.loop` gives. Mesa agents
(`model.villages`, `model.townships`, `village.secretary`, …) are views onto those arrays
for inspection in a notebook. Yearly aggregates go through a `mesa.DataCollector`.
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np
import pandas as pd
from scipy.special import ndtri

from . import loop
from .errors import check_int_arg
from .outputs import YEARLY_COLUMNS, snapshot, yearly_record
from .rng import Streams
from .rules._fast import clip as _clip
from .rules._kernels import appoint, vacate
from .scenario import Scenario, load_scenario
from .state import Ledger
from .world import build_world


def _as_seed_sequence(rng: Any) -> np.random.SeedSequence:
    if rng is None:
        return np.random.SeedSequence()
    if isinstance(rng, np.random.SeedSequence):
        return rng
    if isinstance(rng, (int, np.integer)):
        return np.random.SeedSequence(int(rng))
    if isinstance(rng, np.random.Generator):
        return np.random.SeedSequence(int(rng.integers(2**63)))
    raise TypeError(f"rng must be an int, a SeedSequence or a Generator, got {type(rng).__name__}")


class YearlyCollector(mesa.DataCollector):
    """The model's `mesa.DataCollector`: one model reporter per yearly column
    (``lambda m: m.last_record[c]``). While the reporters are those (and there are no agent
    reporters), `collect` appends the whole record at once, the values the reporters would give
    (Python scalars, which Mesa's deepcopy returns unchanged); otherwise Mesa's `collect`."""

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
        self.streams = Streams(seed_seq)
        self.v, self.t = build_world(scenario, self.streams["world"])
        self.n, self.m = len(self.v.township), len(self.t.n_villages)
        self.ledger = Ledger()
        self._buffers: dict[str, np.ndarray] = {}  # scratch arrays reused month to month (see `buffer`)
        self._consts: dict[str, Any] = {}  # per-run constants of the monthly rules (the scenario is fixed)
        self.month = 0  # months simulated
        self.started = False
        self.rural_income = float(scenario["county.rural_income_yuan"])
        self.migrant_wage = float(scenario["county.migrant_wage_yuan"])
        self.quit_rate = np.full(self.n, scenario["incentive.quit_base"])
        self.review_score = np.full(self.n, np.nan)
        self.reported_weak = np.zeros(self.n, dtype=bool)
        self.caught_townships = np.zeros(self.m, dtype=bool)
        self.dev_bonus = np.zeros(self.n)
        self.team_bonus = np.zeros(self.n)
        self.graduates_serving: list[int] = []
        self._next_person = self.n
        # D4: former main cadres drawing the living subsidy; start with 0.3 per village (assumption)
        self._pensioner_exits: list[float] = [0.3 * self.n / max(scenario["retirement.value_years"], 1)] * int(
            scenario["retirement.value_years"])
        self._exits_this_year = 0
        self.records: list[dict[str, Any]] = []
        self.snapshots: list[pd.DataFrame] = []
        self.last_record: dict[str, Any] = {}
        self.datacollector = YearlyCollector()
        for _, hook in loop.INIT:
            hook(self)
        self.review_score = np.where(self.v.sec_present, 0.6 * self.v.dims.mean(axis=1) + 0.4 * self.v.sec_effort_year,
                                     np.nan)
        self._plan()
        self.started = True
        self._villages: mesa.agent.AgentSet | None = None
        self._townships: mesa.agent.AgentSet | None = None
        handles = scenario["run.agent_handles"]
        if handles == "all" or (handles == "auto" and self.n <= 20_000):
            _ = self.villages, self.townships

    # ---- time -------------------------------------------------------------------------
    @property
    def year(self) -> int:
        """Completed years so far (the year the current month belongs to)."""
        return self.month // 12

    def step(self) -> None:
        """One month: the MONTH hooks, then in Q4's last month the yearly cycle."""
        for _, hook in loop.MONTH:
            hook(self)
        if self.month % 12 == 11:
            self._year_end()
        self.month += 1

    def run_years(self, years: int) -> CadreModel:
        """Advance `years` × 12 months; returns self for chaining."""
        years = check_int_arg(years, "run_years: years", 0)
        if years > 0:
            self.run_for(years * 12)  # Mesa's clock: one `step` (month) per time unit
        return self

    def _year_end(self) -> None:
        for _, hook in loop.YEAR_END:
            hook(self)
        self.last_record = yearly_record(self)
        self.records.append(self.last_record)
        self.datacollector.collect(self)
        every = self.sc["run.snapshot_years"]
        if every and (self.year + 1) % every == 0:
            self.snapshots.append(snapshot(self))
        self.ledger.reset()
        self._pensioner_exits = self._pensioner_exits[1:] + [self._exits_this_year]
        self._exits_this_year = 0
        self._plan()

    def _plan(self) -> None:
        for _, hook in loop.PLAN:
            hook(self)

    # ---- outputs ----------------------------------------------------------------------
    @property
    def yearly(self) -> pd.DataFrame:
        """One row per simulated year (see `model.outputs.YEARLY_COLUMNS`)."""
        df = pd.DataFrame.from_records(self.records, columns=list(YEARLY_COLUMNS))
        df.insert(0, "replicate", self.replicate)
        return df

    @property
    def weak_share_true(self) -> float:
        return float(self.v.weak_true.mean())

    def buffer(self, name: str, shape: tuple[int, ...], dtype: Any = np.float64) -> np.ndarray:
        """A scratch array (uninitialised) kept between calls, so that monthly rules do not
        allocate (and page-fault) fresh large temporaries every month."""
        b = self._buffers.get(name)
        if b is None or b.shape != shape or b.dtype != dtype:
            b = self._buffers[name] = np.empty(shape, dtype=dtype)
        return b

    # ---- shared actions used by several rules -----------------------------------------
    def pensioners(self) -> float:
        """D4: former main cadres currently drawing the living subsidy."""
        return float(sum(self._pensioner_exits))

    def vacate_secretary(self, mask: np.ndarray, count: bool = True) -> None:
        """The secretaries in `mask` leave their post (quit, retire, removed or voted out); those
        of 55 or more with enough service draw the D4 living subsidy."""
        v = self.v
        vacated, eligible = vacate(mask, v.sec_present, v.sec_age, v.sec_service,
                                   12 * self.sc["retirement.min_years"], v.sec_person, v.sec_vacant_months,
                                   v.poor_reviews, v.rectify_order, v.dir_present, v.one_shoulder)
        if count:
            self.ledger.add("secretary_changes", vacated)
        self._exits_this_year += eligible

    def appoint_secretary(self, mask: np.ndarray, ability: np.ndarray, knowledge: float) -> None:
        """New secretaries in `mask` with the given abilities (C5: 双带 by the scenario's share).

        Draws (3, k) uniforms of stream ``appoint`` for the k appointees (in village order):
        age 40 + 6·z, integrity 0.75 + 0.15·z (z = Φ⁻¹(u)), 双带 when u < share."""
        v, sc = self.v, self.sc
        idx = mask.nonzero()[0]
        k = len(idx)
        u = self.streams["appoint"].random((3, k))
        z = ndtri(_clip(u[:2], 1e-9, 1 - 1e-9))
        share = sc["selection.shuangdai_share"] if sc["selection.enabled"] else 0.7 * sc["selection.shuangdai_share"]
        appoint(idx, z[0], z[1], u[2], ability, knowledge, share, self._next_person, sc["county.retire_age"] - 1,
                v.sec_present, v.sec_person, v.sec_ability, v.sec_age, v.sec_tenure, v.sec_service, v.sec_knowledge,
                v.sec_integrity, v.sec_shuangdai, v.sec_vacant_months, v.reported_vacant, v.dir_present,
                v.one_shoulder)
        self._next_person += k
        self.ledger.add("appointments", k)

    def replace_leaders(self, townships: np.ndarray, posts: tuple[int, ...], reason: str) -> None:
        """Township leaders in the given posts of the masked townships are replaced (B1, B2, B4)."""
        from .rules.rotation import new_leaders

        mask = np.zeros((self.m, 3), dtype=bool)
        for p in posts:
            mask[:, p] = townships
        self.ledger.add(reason, mask.sum())
        new_leaders(self, mask)

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
        return self.villages.to_list()[i] if self.n <= 20_000 or self._villages else self._lazy_village(i)

    def _lazy_village(self, i: int) -> Any:
        from .agents import Village

        return Village(self, i)


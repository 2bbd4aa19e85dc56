"""`CadreModel`: the county as a Mesa model. One step is one month.

The model keeps the clock and the wiring: the state lives in numpy arrays (`model.v` for
villages, `model.t` for townships, `model.county` for county-level values), and the rules
update them in the order `model.loop` gives, one hook per rule. Mesa agents
(`model.villages`, `model.townships`, `village.secretary`, …) are views onto those arrays for
inspection in a notebook. Yearly aggregates go through a `mesa.DataCollector`.

A model may hold several replicates of its scenario as blocks of one array world
(``blocks=``, used by `cadresim.batch`): the arrays are the replicates' end to end, each
block's townships and counties its own, its random numbers keyed by its replicate's seed
(`cadresim.rng`), its counts and costs, county values and yearly record kept apart
(`per_block`, `Block`). A replicate comes out the same, bit for bit, alone or in any block.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mesa
import numpy as np
import pandas as pd

from . import compute, loop
from .errors import check_int_arg
from .outputs import YEARLY_COLUMNS, snapshot, yearly_records
from .rng import Draws, Keys, world_generator
from .rules._kernels import block_sums, same_values, same_values_parallel
from .scenario import Scenario, load_scenario
from .state import MONTHS, CountyState, Ledger
from .world import build_world, stack_worlds

_NO_MASK = np.empty(0, dtype=bool)


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


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """`same_values`, on threads for a large array when `CADRESIM_THREADS` asks for them."""
    if compute.threads_for(a.shape[0]) > 1:
        return bool(same_values_parallel(a, b, compute.piece(a.shape[0])))
    return bool(same_values(a, b))


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

    blocks:
        ``[(SeedSequence, replicate), …]``: several replicates of the scenario held as blocks
        of one array world (`cadresim.batch`), each the run its seed gives alone, bit for bit.
        Such a model has no agent handles and no DataCollector; `block_tables` gives each
        replicate's yearly table (``records`` and ``last_record`` are the first block's).
        Default: one block, `rng` and `replicate`.
    """

    def __init__(self, scenario: Scenario | str | None = None, *, rng: Any = None, replicate: int = 0,
                 blocks: list[tuple[np.random.SeedSequence, int]] | None = None, **overrides: Any) -> None:
        if not isinstance(scenario, Scenario):
            scenario = load_scenario(scenario)
        if overrides:
            scenario = scenario.with_overrides({k.replace("__", "."): v for k, v in overrides.items()},
                                               source="CadreModel(**overrides)")
        if blocks is None:
            blocks = [(_as_seed_sequence(scenario["run.seed"] if rng is None else rng), replicate)]
        seed_seq = blocks[0][0]
        super().__init__(rng=seed_seq)
        self.sc: Scenario = scenario
        self.seed_seq = seed_seq
        self.replicate = blocks[0][1]
        self.replicates = [int(k) for _, k in blocks]
        self.blocks = r = len(blocks)
        self.v, self.t = stack_worlds([build_world(scenario, world_generator(ss)) for ss, _ in blocks])
        self.n, self.m = len(self.v.township), len(self.t.n_villages)
        self.nb, self.mb = self.n // r, self.m // r  # villages and townships of one replicate
        self.keys = Keys([ss for ss, _ in blocks], self.nb, self.mb)
        value_years = int(scenario["retirement.value_years"])
        initial = scenario["retirement.initial_per_village"] * self.nb / max(value_years, 1)
        self.county = CountyState(rural_income=float(scenario["county.rural_income_yuan"]),
                                  migrant_wage=float(scenario["county.migrant_wage_yuan"]),
                                  next_person=np.full(r, self.nb, dtype=np.int64),
                                  pensioner_exits=[np.full(r, initial)] * value_years,
                                  exits_this_year=np.zeros(r, dtype=np.int64), effort_month_sum=np.zeros(r),
                                  near_line_ratio=np.full(r, np.nan), weak_planned_ratio=np.full(r, np.nan))
        self.ledger = Ledger(r)
        self._buffers: dict[str, np.ndarray] = {}
        self._consts: dict[str, Any] = {}
        self._derived: dict[str, tuple[np.ndarray, Any]] = {}
        self.month = 0  # months simulated
        self.started = False
        self.block_records: list[list[dict[str, Any]]] = [[] for _ in range(r)]
        self.records: list[dict[str, Any]] = self.block_records[0]
        self.block_snapshots: list[list[pd.DataFrame]] = [[] for _ in range(r)]
        self.last_record: dict[str, Any] = {}
        self.datacollector = YearlyCollector()
        for hook in loop.INIT:
            hook.fn(self)
        self._plan()
        self.started = True
        self._villages: mesa.agent.AgentSet | None = None
        self._townships: mesa.agent.AgentSet | None = None
        handles = scenario["run.agent_handles"] if r == 1 else "none"
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
        every = self.sc["run.snapshot_years"]
        for b, record in enumerate(yearly_records(self)):
            self.block_records[b].append(record)
            if every and (self.year + 1) % every == 0:
                self.block_snapshots[b].append(snapshot(Block(self, b)))
        self.last_record = self.records[-1]
        if self.blocks == 1:
            self.datacollector.collect(self)
        self.ledger.reset()
        c = self.county
        c.pensioner_exits = c.pensioner_exits[1:] + [c.exits_this_year] if c.pensioner_exits else []
        c.exits_this_year = np.zeros(self.blocks, dtype=np.int64)
        c.effort_month_sum = np.zeros(self.blocks)
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

    def per_block(self, x: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        """The sum of `x` (rows: villages or townships) over each block (of ``x[mask]`` when a
        mask is given): one value per replicate. Counts add exactly in any order; a float sum
        is taken block by block, as ``x.sum()`` over that replicate alone."""
        r = self.blocks
        if mask is None and x.dtype.kind in "biu":
            return np.add.reduce(x.reshape(r, -1), axis=1)
        sums, _ = block_sums(np.ascontiguousarray(x, dtype=np.float64), _NO_MASK if mask is None else mask,
                             x.shape[0] // r)
        return sums

    def block_of(self, idx: np.ndarray) -> np.ndarray:
        """The block of each village index in `idx`."""
        return idx // self.nb

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
        if kept is not None and kept[0].shape == source.shape and kept[0].dtype == source.dtype and (
                _same(kept[0], source) if source.ndim == 1 else np.array_equal(kept[0], source)):
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
        """One row per simulated year (see `cadresim.outputs.YEARLY_COLUMNS`); with several
        blocks, every replicate's rows, replicate by replicate."""
        tables = self.block_tables()
        return tables[0] if len(tables) == 1 else pd.concat(tables, ignore_index=True)

    def block_tables(self) -> list[pd.DataFrame]:
        """Each block's yearly table (its replicate's, as run alone)."""
        years = len(self.records)
        if self.blocks == 1:
            parts = [pd.DataFrame.from_records(self.records, columns=list(YEARLY_COLUMNS))]
        else:  # one frame for all blocks, cut into each block's years (every block has the same columns' types)
            whole = pd.DataFrame.from_records([r for rec in self.block_records for r in rec],
                                              columns=list(YEARLY_COLUMNS))
            parts = [whole.iloc[b * years:(b + 1) * years].reset_index(drop=True) for b in range(self.blocks)]
        for k, df in zip(self.replicates, parts, strict=True):
            df.insert(0, "replicate", k)
        return parts

    @property
    def snapshots(self) -> list[pd.DataFrame]:
        """The per-village snapshots (``run.snapshot_years``), replicate by replicate."""
        return [s for block in self.block_snapshots for s in block]

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


class _Rows:
    """Rows ``lo:hi`` of every array of a state: one block's villages or townships, with the
    township and county indices made the block's own (from 0)."""

    def __init__(self, state: Any, lo: int, hi: int, shift: dict[str, int]) -> None:
        self._state, self._lo, self._hi, self._shift = state, lo, hi, shift

    def __getattr__(self, name: str) -> Any:
        a = getattr(self._state, name)[self._lo:self._hi]
        s = self._shift.get(name)
        return a - s if s else a


class Block:
    """Block b of a model of several blocks, as a snapshot reads a model: its replicate's
    villages and townships (views, indices from 0), size, year and replicate index."""

    def __init__(self, model: CadreModel, b: int) -> None:
        nb, mb = model.nb, model.mb
        counties = int(model.t.county[mb - 1]) + 1  # counties of one block (they are runs of townships)
        self.sc, self.n, self.m, self.year = model.sc, nb, mb, model.year
        self.replicate = model.replicates[b]
        self.v = _Rows(model.v, b * nb, (b + 1) * nb, {"township": b * mb, "county": b * counties})
        self.t = _Rows(model.t, b * mb, (b + 1) * mb, {"county": b * counties})

"""What a run reports: one row of aggregates per simulated year, and optional snapshots.

The yearly row is cheap (a few reductions over the village arrays) and is all that is kept
by default, whatever the scale; per-village snapshots are taken only when
``run.snapshot_years`` asks for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .state import COST_ITEMS, COUNT_KEYS, DIMS

if TYPE_CHECKING:
    from .sim import CadreModel

CORE_COLUMNS: tuple[str, ...] = (
    "year", "weak_share_true", "weak_share_reported", "flagged_share", "five_good_share",
    "secretary_vacancy_share", "cost_total_yuan",
)
YEARLY_COLUMNS: tuple[str, ...] = (
    *CORE_COLUMNS,
    "hidden_share",
    *(f"dim_{d}" for d in DIMS),
    *(f"stars_{k}" for k in range(6)), "stars_mean",
    "turnover", "effort_mean", "effort_realised_mean", "director_effort_mean", "pay_ratio_mean", "secretary_ability_mean", "reserve_mean",
    "long_vacancy_share", "stationed_cadres", "funded_villages", "leader_knowledge_mean",
    "one_shoulder_share", "townships_penalised", "townships_over_adjust", "attention_weak_ratio", "attention_weak_planned_ratio",
    "attention_near_line_ratio", "township_effort_mean", "graduates_serving",
    *COUNT_KEYS,
    *(f"cost_{c}_yuan" for c in COST_ITEMS),
)


def yearly_records(model: CadreModel) -> list[dict[str, Any]]:
    """Aggregates at the end of the year just simulated (after the Q4 assessment), one record
    per block of the world (replicate), each what that replicate alone gives, bit for bit.

    Values are Python scalars. A share of a bool array is its count over n (what ``mean``
    gives: the float64 sum of 0/1 is the exact count); float means are numpy's, taken block by
    block in numpy's own summation order (`_kernels.block_sums`)."""
    from .rules._kernels import block_sums, column_sums, relative_attention, year_counts  # (numba: not at --help)

    v, t, sc, ledger = model.v, model.t, model.sc, model.ledger
    r, n = model.blocks, model.nb
    none = np.empty(0, dtype=bool)

    def cnz(a: np.ndarray) -> np.ndarray:  # per-block count of a bool array (village or township rows)
        return np.count_nonzero(a.reshape(r, -1), axis=1)

    def mean(x: np.ndarray, mask: np.ndarray = none) -> np.ndarray:  # per-block mean of x[mask] (NaN: none)
        sums, k = block_sums(np.ascontiguousarray(x, dtype=np.float64).reshape(-1), mask.reshape(-1), x.size // r)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(k > 0, sums / np.maximum(k, 1), np.nan)

    counts, costs = ledger.counts, ledger.costs
    present = v.sec_present
    n_present = cnz(present)
    col: dict[str, Any] = {
        "year": np.full(r, model.year + 1),
        "weak_share_true": cnz(v.weak_true) / n,
        "weak_share_reported": cnz(v.reported_weak) / n,  # A4 on what townships report (E1)
        "flagged_share": cnz(v.flagged) / n,  # taken for rectification (A7: quota and/or triggers)
        "five_good_share": cnz(v.five_good) / n,
        "secretary_vacancy_share": 1 - n_present / n,
        "hidden_share": cnz(v.hidden) / n,
    }
    dims = column_sums(v.dims, n) / n  # each block's rows in order, as alone
    for i, d in enumerate(DIMS):
        col[f"dim_{d}"] = dims[:, i]
    held, stars, over_adjust = year_counts(v.reserves, v.stars, v.township, v.flagged, v.reported_weak, t.n_villages,
                                           float(sc["penalties.adjust_share"]), n, model.mb)
    if sc["stars.enabled"]:
        for k in range(6):
            col[f"stars_{k}"] = stars[:, k] / n
        col["stars_mean"] = v.stars.reshape(r, n).mean(axis=1)  # integers: exact in any order
    else:
        for k in range(6):
            col[f"stars_{k}"] = np.full(r, np.nan)
        col["stars_mean"] = np.full(r, np.nan)
    col["turnover"] = counts.get("secretary_changes", np.zeros(r)) / n
    col["effort_mean"] = mean(v.sec_effort_year, present)
    col["pay_ratio_mean"] = mean(v.sec_pay_ratio, present)
    col["secretary_ability_mean"] = mean(v.sec_ability, present)
    # C4: the effort secretaries actually gave, month by month (the lame-duck drop shows here)
    col["effort_realised_mean"] = model.county.effort_month_sum / 12
    col["director_effort_mean"] = mean(v.dir_effort_year, v.dir_present & ~v.one_shoulder)
    col["reserve_mean"] = held / n  # slots that are not NaN
    col["long_vacancy_share"] = cnz(v.sec_vacant_months > sc["leaderless.months"]) / n
    col["stationed_cadres"] = np.add.reduce(v.st_team.reshape(r, -1), axis=1)
    col["funded_villages"] = cnz(v.funded)
    col["leader_knowledge_mean"] = mean(t.leader_knowledge)  # each block's (m, 3) values in order
    col["one_shoulder_share"] = cnz(v.one_shoulder) / n
    col["townships_penalised"] = cnz(t.penalty_level > 0)
    # B2: townships whose share of villages the county holds weak is above the adjustment line
    col["townships_over_adjust"] = over_adjust
    # A5, C2: attention a truly weak village gets relative to its township's average village
    col["attention_weak_ratio"] = mean(relative_attention(v.attention, v.township, t.n_villages), v.weak_true)
    col["attention_weak_planned_ratio"] = model.county.weak_planned_ratio  # A5, B7: set when this year's help was planned
    col["attention_near_line_ratio"] = model.county.near_line_ratio  # B1: set when this year's help was planned
    col["township_effort_mean"] = mean(t.effort)  # B1, B2, B4, B6, D8 within the ceiling; E1 cost
    col["graduates_serving"] = np.add.reduce(v.grad_cohorts.reshape(r, -1), axis=1)
    for k in COUNT_KEYS:
        col[k] = counts.get(k, np.zeros(r))
    total = np.zeros(r)
    for c in COST_ITEMS:
        col[f"cost_{c}_yuan"] = x = costs.get(c, np.zeros(r))
        total = total + x
    col["cost_total_yuan"] = total
    values = {c: np.asarray(col[c]).tolist() for c in YEARLY_COLUMNS}
    return [{c: values[c][b] for c in YEARLY_COLUMNS} for b in range(r)]


def snapshot(model: CadreModel) -> pd.DataFrame:
    """Per-village state at the end of this year (only when ``run.snapshot_years`` asks)."""
    v = model.v
    df = pd.DataFrame({f"dim_{d}": v.dims[:, i] for i, d in enumerate(DIMS)})
    df.insert(0, "village", np.arange(model.n))
    df.insert(0, "year", model.year + 1)
    df.insert(0, "replicate", model.replicate)
    df["township"] = v.township
    df["weak_true"] = v.weak_true
    df["flagged"] = v.flagged
    df["five_good"] = v.five_good
    df["stars"] = v.stars
    df["secretary_present"] = v.sec_present
    df["secretary_ability"] = v.sec_ability
    df["income_yuan"] = v.income
    df["stationed_team"] = v.st_team
    return df


def term_end_years(scenario: Any, years: int | None = None) -> list[int]:
    """Years (1-based) at which a village term ends, within the horizon (C4)."""
    years = int(years or scenario["run.years"])
    term = int(scenario["election.term_years"])
    ends = list(range(term, years + 1, term))
    return ends or [years]

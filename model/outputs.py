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


def _count(a: np.ndarray) -> int:
    return int(np.count_nonzero(a))


def yearly_record(model: CadreModel) -> dict[str, Any]:
    """Aggregates at the end of the year just simulated (after the Q4 assessment).

    Values are Python scalars. A share of a bool array is its count over n (what ``mean``
    gives: the float64 sum of 0/1 is the exact count); float means are numpy's."""
    v, t, sc, ledger = model.v, model.t, model.sc, model.ledger
    n = model.n
    cnz = _count
    counts, costs = ledger.counts, ledger.costs
    present = v.sec_present
    n_present = cnz(present)
    rec: dict[str, Any] = {
        "year": model.year + 1,
        "weak_share_true": cnz(v.weak_true) / n,
        "weak_share_reported": cnz(v.reported_weak) / n,  # A4 on what townships report (E1)
        "flagged_share": cnz(v.flagged) / n,  # taken for rectification (A7: quota and/or triggers)
        "five_good_share": cnz(v.five_good) / n,
        "secretary_vacancy_share": 1 - n_present / n,
        "hidden_share": cnz(v.hidden) / n,
    }
    for d, x in zip(DIMS, (np.add.reduce(v.dims, axis=0) / n).tolist(), strict=True):
        rec[f"dim_{d}"] = x
    if sc["stars.enabled"]:
        stars = np.bincount(v.stars, minlength=6)
        for k, x in enumerate((stars[:6] / n).tolist()):
            rec[f"stars_{k}"] = x
        rec["stars_mean"] = float(v.stars.mean())
    else:
        for k in range(6):
            rec[f"stars_{k}"] = np.nan
        rec["stars_mean"] = np.nan
    rec["turnover"] = counts.get("secretary_changes", 0.0) / n
    if n_present:
        add = np.add.reduce  # x.mean() is add.reduce(x) / len(x)
        rec["effort_mean"] = float(add(v.sec_effort_year[present])) / n_present
        rec["pay_ratio_mean"] = float(add(v.sec_pay_ratio[present])) / n_present
        rec["secretary_ability_mean"] = float(add(v.sec_ability[present])) / n_present
    else:
        rec["effort_mean"] = rec["pay_ratio_mean"] = rec["secretary_ability_mean"] = np.nan
    # C4: the effort secretaries actually gave, month by month (the lame-duck drop shows here)
    rec["effort_realised_mean"] = model.county.effort_month_sum / 12
    dirs = v.dir_present & ~v.one_shoulder
    rec["director_effort_mean"] = float(v.dir_effort_year[dirs].mean()) if dirs.any() else np.nan
    reserves = v.reserves
    rec["reserve_mean"] = cnz(reserves == reserves) / n  # slots that are not NaN
    rec["long_vacancy_share"] = cnz(v.sec_vacant_months > sc["leaderless.months"]) / n
    rec["stationed_cadres"] = int(v.st_team.sum())
    rec["funded_villages"] = cnz(v.funded)
    rec["leader_knowledge_mean"] = float(t.leader_knowledge.mean())  # 2-D: kept (reduction order)
    rec["one_shoulder_share"] = cnz(v.one_shoulder) / n
    rec["townships_penalised"] = cnz(t.penalty_level > 0)
    # B2: townships whose share of villages the county holds weak is above the adjustment line
    share = np.bincount(v.township, weights=v.flagged | v.reported_weak, minlength=model.m) / t.n_villages
    rec["townships_over_adjust"] = cnz(share > sc["penalties.adjust_share"])
    # A5, C2: attention a truly weak village gets relative to its township's average village
    att = np.add.reduce(v.attention, axis=1) / v.attention.shape[1]  # attention.mean(axis=1)
    t_mean = (np.bincount(v.township, weights=att, minlength=model.m) / t.n_villages)[v.township]
    t_mean[~(t_mean > 0)] = 1.0  # np.where(t_mean > 0, t_mean, 1.0)
    rel = att / t_mean
    weak = v.weak_true
    rec["attention_weak_ratio"] = float(rel[weak].mean()) if rec["weak_share_true"] else np.nan
    rec["attention_weak_planned_ratio"] = model.county.weak_planned_ratio  # A5, B7: set when this year's help was planned
    rec["attention_near_line_ratio"] = model.county.near_line_ratio  # B1: set when this year's help was planned
    rec["township_effort_mean"] = float(t.effort.mean())  # B1, B2, B4, B6, D8 within the ceiling; E1 cost
    rec["graduates_serving"] = int(v.grad_cohorts.sum())
    for k in COUNT_KEYS:
        rec[k] = counts.get(k, 0.0)
    total = 0.0
    for c in COST_ITEMS:
        rec[f"cost_{c}_yuan"] = x = costs.get(c, 0.0)
        total += x
    rec["cost_total_yuan"] = total
    return rec


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

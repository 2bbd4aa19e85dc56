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
    "year", "weak_share_true", "weak_share_reported", "five_good_share",
    "secretary_vacancy_share", "cost_total_yuan",
)
YEARLY_COLUMNS: tuple[str, ...] = (
    *CORE_COLUMNS,
    "hidden_share", "weak_share_classified",
    *(f"dim_{d}" for d in DIMS),
    *(f"stars_{k}" for k in range(6)), "stars_mean",
    "turnover", "effort_mean", "pay_ratio_mean", "secretary_ability_mean", "reserve_mean",
    "long_vacancy_share", "stationed_cadres", "funded_villages", "leader_knowledge_mean",
    "one_shoulder_share", "townships_penalised", "townships_over_adjust", "attention_weak_ratio",
    *COUNT_KEYS,
    *(f"cost_{c}_yuan" for c in COST_ITEMS),
)


def yearly_record(model: CadreModel) -> dict[str, Any]:
    """Aggregates at the end of the year just simulated (after the Q4 assessment)."""
    v, t, sc = model.v, model.t, model.sc
    n = model.n
    rec: dict[str, Any] = {
        "year": model.year + 1,
        "weak_share_true": v.weak_true.mean(),
        "weak_share_reported": v.flagged.mean(),
        "five_good_share": v.five_good.mean(),
        "secretary_vacancy_share": 1 - v.sec_present.mean(),
        "hidden_share": v.hidden.mean(),
        "weak_share_classified": model.reported_weak.mean(),
    }
    means = v.dims.mean(axis=0)
    for i, d in enumerate(DIMS):
        rec[f"dim_{d}"] = means[i]
    if sc["stars.enabled"]:
        counts = np.bincount(v.stars, minlength=6)[:6] / n
        for k in range(6):
            rec[f"stars_{k}"] = counts[k]
        rec["stars_mean"] = v.stars.mean()
    else:
        for k in range(6):
            rec[f"stars_{k}"] = np.nan
        rec["stars_mean"] = np.nan
    present = v.sec_present
    rec["turnover"] = model.ledger.counts.get("secretary_changes", 0.0) / n
    rec["effort_mean"] = v.sec_effort_year[present].mean() if present.any() else np.nan
    rec["pay_ratio_mean"] = v.sec_pay_ratio[present].mean() if present.any() else np.nan
    rec["secretary_ability_mean"] = v.sec_ability[present].mean() if present.any() else np.nan
    rec["reserve_mean"] = (~np.isnan(v.reserves)).sum() / n
    rec["long_vacancy_share"] = (v.sec_vacant_months > sc["leaderless.months"]).mean()
    rec["stationed_cadres"] = int(v.st_team.sum())
    rec["funded_villages"] = int(v.funded.sum())
    rec["leader_knowledge_mean"] = t.leader_knowledge.mean()
    rec["one_shoulder_share"] = v.one_shoulder.mean()
    rec["townships_penalised"] = int((t.penalty_level > 0).sum())
    # B2: townships whose flagged share is above the adjustment line this year
    share = np.bincount(v.township, weights=v.flagged, minlength=model.m) / t.n_villages
    rec["townships_over_adjust"] = int((share > sc["penalties.adjust_share"]).sum())
    # A5, C2: attention a truly weak village gets relative to its township's average village
    att = v.attention.mean(axis=1)
    t_mean = np.bincount(v.township, weights=att, minlength=model.m) / t.n_villages
    rel = att / np.where(t_mean[v.township] > 0, t_mean[v.township], 1.0)
    rec["attention_weak_ratio"] = rel[v.weak_true].mean() if v.weak_true.any() else np.nan
    for k in COUNT_KEYS:
        rec[k] = model.ledger.counts.get(k, 0.0)
    total = 0.0
    for c in COST_ITEMS:
        rec[f"cost_{c}_yuan"] = model.ledger.costs.get(c, 0.0)
        total += rec[f"cost_{c}_yuan"]
    rec["cost_total_yuan"] = total
    return {k: (float(x) if isinstance(x, (np.floating, np.integer)) else x) for k, x in rec.items()}


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

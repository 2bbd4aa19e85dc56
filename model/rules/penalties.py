"""Yearly assessment of townships and what it does to their leaders.

Rules: B1 (reported weak share ≥10% → circular criticism; not better next year → warning
talk, then adjustment), B2 (>20% → secretary, deputy and organisation member adjusted),
B3 (a village leaderless > 12 months blocks the 'excellent' grade), B4 (comprehensive
ranking: merit for the top, escalation for the last 1/2/3 years running), B5 (democratic
evaluation: ≥1/3 'incompetent' → warning talk), B6 (two-yearly five-good township rating).
A warning talk or criticism raises the township's attention (see `model.rules.attention`);
an adjustment replaces the leaders (no local knowledge); a merit may promote a leader out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..state import T_MAYOR, T_SEC
from ._fast import clip as _clip
from .reporting import township_share

if TYPE_CHECKING:
    from ..sim import CadreModel


def year_penalties(model: CadreModel) -> None:
    """B1, B2, B3, B4, B5, B6 in order; sets `t.penalty_level` for next year and replaces adjusted leaders."""
    v, t, sc = model.v, model.t, model.sc
    m = model.m
    g = model.streams["township"]
    u = g.random((3, m))
    level = np.where(model.caught_townships, 2, 0)  # E1: a caught misreport means a warning talk
    adjust = np.zeros(m, dtype=bool)
    share = township_share(model, v.flagged)
    # B1, B2
    if sc["penalties.enabled"]:
        crit = share >= sc["penalties.criticise_share"]
        repeat = crit & t.criticised_last & (share >= t.prev_flag_share)
        level[crit] = 1
        warn = repeat & (t.penalty_level < 2)
        level[warn] = 2
        if sc["penalties.adjust"]:  # B2
            adjust |= repeat & (t.penalty_level >= 2)  # warned last year and still not better
            adjust |= share > sc["penalties.adjust_share"]
        model.ledger.add("criticised", crit.sum())
        model.ledger.add("warning_talk", warn.sum())
        t.criticised_last = crit
    t.prev_flag_share = share
    # B3
    t.excellent_blocked = np.zeros(m, dtype=bool)
    if sc["leaderless.enabled"]:
        long_vacant = v.sec_vacant_months > sc["leaderless.months"]
        t.excellent_blocked = np.bincount(v.township[long_vacant], minlength=m) > 0
        model.ledger.add("excellent_blocked", t.excellent_blocked.sum())
    # B4
    if sc["ranking.enabled"] and m > 1:
        score = np.bincount(v.township, weights=v.reported_score, minlength=m) / t.n_villages
        order = np.argsort(-score, kind="stable")
        top = order[: int(sc["ranking.merit_top"])]
        top = top[~t.excellent_blocked[top]]
        t.merits[top] += 1
        model.ledger.add("merit", len(top))
        promoted = np.zeros(m, dtype=bool)
        promoted[top] = u[0, top] < sc["ranking.promote_prob"]
        if np.count_nonzero(promoted):
            model.replace_leaders(promoted, posts=(T_SEC, T_MAYOR), reason="leader_rotations")
        last = np.zeros(m, dtype=bool)
        last[order[-1]] = True
        t.last_streak = np.where(last, t.last_streak + 1, 0)
        level = np.maximum(level, np.minimum(t.last_streak, 2))
        adjust |= t.last_streak >= 3
        model.ledger.add("criticised", (t.last_streak == 1).sum())
        model.ledger.add("warning_talk", (t.last_streak == 2).sum())
    # B5
    if sc["evaluation.enabled"]:
        eff = np.add.reduce(t.leader_ability * (0.5 + 0.5 * t.leader_knowledge), axis=1) / 3  # .mean(axis=1)
        p = _clip(0.55 - 0.6 * eff, 0.02, 0.95)
        votes = g.binomial(sc["evaluation.voters"], p) / sc["evaluation.voters"]
        warn5 = votes >= sc["evaluation.incompetent_share"]
        level[warn5] = np.maximum(level[warn5], 2)
        model.ledger.add("warning_talk", warn5.sum())
    # B6
    t.commended_years = np.maximum(t.commended_years - 1, 0)
    if sc["rating.enabled"] and (model.year + 1) % sc["rating.every_years"] == 0:
        good = township_share(model, v.five_good) >= sc["rating.five_good_share"]
        t.commended_years[good] = sc["rating.every_years"]
        model.ledger.add("commended", good.sum())
    t.penalty_level = level
    if np.count_nonzero(adjust):
        model.ledger.add("adjusted", adjust.sum())
        model.replace_leaders(adjust, posts=(0, 1, 2), reason="leader_rotations")
        t.penalty_level[adjust] = 0
        t.criticised_last[adjust] = False

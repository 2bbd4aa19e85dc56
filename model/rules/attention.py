"""How townships spread their attention over their villages for the coming year.

Rules: A5 (classified guidance 抓两头促中间 is one allocation policy; uniform, worst-first and
'threshold' are the others), B1 (penalty pressure raises the budget and pulls it toward
villages near the weak line), B2 (the threat of adjustment adds to a penalised township's
effort), B4 (the yearly ranking is a tournament: every township works harder), B6 (commended
townships work harder), B7 (leaders' contact villages), B8 (residence days scale the budget), C2 (a local leader favours some villages),
C3 (leaders with little local knowledge achieve less; leaders near rotation favour visible
dimensions over building capacity), D8 (the salary-grade step as an incentive), plus the
yearly help a flagged village gets for rectification (A4) and support funds (D9).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..state import DEV, IMAGE, LEAD, MECH, TEAM

if TYPE_CHECKING:
    from ..sim import CadreModel


def _township_order(score: np.ndarray, township: np.ndarray, m: int) -> np.ndarray:
    """``np.lexsort((score, township))``, faster: two stable sorts (radix for ≤ 65,536 townships)."""
    order = np.argsort(score, kind="stable")
    tw = township[order]
    return order[np.argsort(tw.astype(np.uint16) if m <= 65536 else tw, kind="stable")]


_STARTS: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # (sizes, start, start repeated per village)


def _starts(sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First position of each township in township order, and that per village (in that order);
    kept for the last `sizes` array seen (the townships' sizes never change during a run)."""
    global _STARTS
    cached = _STARTS
    if cached is None or cached[0] is not sizes:
        start = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        cached = _STARTS = (sizes, start, np.repeat(start, sizes))
    return cached[1], cached[2]


def _rank_in_township(score: np.ndarray, township: np.ndarray, sizes: np.ndarray,
                      order: np.ndarray | None = None) -> np.ndarray:
    """Percentile rank (0 = worst) of each village's score within its township (`order`: the
    `_township_order` of these arguments, if already known)."""
    if order is None:
        order = _township_order(score, township, len(sizes))
    pos = np.empty_like(order)
    pos[order] = np.arange(len(order)) - _starts(sizes)[1]
    return pos / np.maximum(sizes[township] - 1, 1)


def policy_weights(model: CadreModel, policy: str, order: np.ndarray | None = None) -> np.ndarray:
    """A5 and alternatives: relative attention weight of each village within its township
    (`order`: the `_township_order` of the reported scores, if already known)."""
    v, sc = model.v, model.sc
    score = v.reported_score
    if policy == "uniform":
        return np.ones(model.n)
    if policy == "threshold":
        line, band = sc["weak.threshold"], sc["attention.near_line_band"]
        near = (score >= line - band / 2) & (score < line + band)
        return np.where(near, 3.0, 0.5)
    pct = _rank_in_township(score, v.township, model.t.n_villages, order)
    if policy == "worst_first":
        return (1 - pct) ** 3 + 0.05
    return np.where(pct < 1 / 3, 1.6, np.where(pct < 2 / 3, 1.0, 0.4))  # classified: 抓两头促中间


def year_plan(model: CadreModel) -> None:
    """Set `v.attention` (n, 5) and `v.help_fixed` (n, 5) for the coming year.

    Budget: B8 residence days, C3 leader knowledge, leader ability, B1 penalty pressure, B2
    adjustment threat, B4 ranking tournament, B6 commendation, D8 salary-grade step. Allocation:
    A5 policy, B1 near-line pull, C2 favouritism of local leaders, C3 short-term bias. Fixed help:
    A4 rectification, B7 contact villages, D9 support funds."""
    v, t, sc = model.v, model.t, model.sc
    tw = v.township
    # township budget (help units per village per month)
    days = sc["residence.days"] if sc["residence.enabled"] else sc["residence.days_off"]
    costs = sc["rotation.turnover_costs"]  # C3
    know = 0.3 + 0.7 * (np.add.reduce(t.leader_knowledge, axis=1) / 3) if costs else np.ones(model.m)
    skill = (0.5 + np.add.reduce(t.leader_ability, axis=1) / 3) / 1.1  # abler leaders achieve more (1 at ability 0.6)
    budget = sc["attention.budget"] * (days / 22) * know * skill
    pressed = t.penalty_level > 0  # criticised or warned (B1, B4, B5, E1)
    budget = budget * (1 + sc["penalties.pressure_attention"] * pressed)  # B1
    if sc["penalties.enabled"] and sc["penalties.adjust"]:  # B2: under penalty, adjustment comes next
        budget = budget * (1 + sc["penalties.adjust_threat"] * pressed)
    if sc["ranking.enabled"]:  # B4: the yearly ranking is a tournament every township competes in
        budget = budget * (1 + sc["ranking.competition_effort"])
    if sc["rating.enabled"]:
        budget = budget * (1 + sc["rating.morale_effort"] * (t.commended_years > 0))  # B6
    if sc["township_pay.enabled"]:
        budget = budget * (1 + sc["township_pay.effort"] * ~t.excellent_blocked)  # D8
    # who gets it
    order = _township_order(v.reported_score, tw, model.m)  # villages by township, worst first
    w = policy_weights(model, sc["attention.policy"], order)
    if sc["attention.policy"] != "threshold":
        pressured = (t.penalty_level > 0)[tw]
        w = np.where(pressured, 0.5 * w + 0.5 * policy_weights(model, "threshold"), w)
    local = t.leader_local.any(axis=1)[tw]  # C2 off: a local leader favours his own
    fav = sc["avoidance.home_favour"]
    w = np.where(local, (1 - fav) * w + fav * v.favoured * 5.0, w)
    wsum = np.bincount(tw, weights=w, minlength=model.m)
    per_village = budget[tw] * t.n_villages[tw] * w / wsum[tw]
    # C3: near rotation, attention goes to visible dimensions
    near = (t.leader_term_left[:, 0] <= 12 * sc["rotation.horizon_years"])[tw]
    s = sc["rotation.short_term_share"] * near * costs
    split = np.empty((model.n, 5))
    split[:, [LEAD, TEAM, MECH]] = (1 - s)[:, None]  # per-dimension help; mean 1 over the five
    split[:, [DEV, IMAGE]] = (1 + 1.5 * s)[:, None]
    v.attention = per_village[:, None] * split
    # fixed help: rectification (A4), contact villages (B7), funds (D9)
    hf = np.zeros((model.n, 5))
    if sc["weak.enabled"]:
        hf[:, [LEAD, TEAM, MECH]] += sc["weak.rectify_help"] * (v.tracked_years > 0)[:, None]
    if sc["contact.enabled"]:
        pct = _rank_in_township(v.reported_score, tw, t.n_villages, order)
        start = _starts(t.n_villages)[0]
        sec_village = order[start]  # the most backward village of each township
        hf[sec_village] += sc["contact.help"] * (1 + sc["contact.months"] / 3)
        others = (pct > 0) & (pct <= 2 / np.maximum(t.n_villages[tw] - 1, 1))
        hf[others] += sc["contact.help"] / 2
    v.funded = np.zeros(model.n, dtype=bool)
    if sc["funds.enabled"]:
        v.funded = (v.income < sc["county.shell_income_yuan"]) & (v.flagged | (v.tracked_years > 0) | v.weak_true & ~v.hidden)
        hf[v.funded, DEV] += sc["funds.help"]
        model.ledger.cost("funds", v.funded.sum() * sc["funds.per_village_yuan"])
    v.help_fixed = hf

"""Yearly assessment of townships and what it does to their leaders.

Each rule below only decides: it raises the township's sanction level for the coming year
(`t.sanction`: 1 circular criticism, 2 warning talk) or marks posts for adjustment
(`t.adjust_now`); `carry_out` then applies them. What a sanction does to effort is in
`model.rules.attention` (pressure pushes effort toward its ceiling, never past it).

B1 and B2 judge a township on what the county sees: the share of its villages the county
holds weak — flagged by A7 or classified weak on the reports (A4 on E1's reports).

Rules: B1 (share ≥ `penalties.criticise_share` → criticised; criticised last year and not
better → warning talk, and if already warned → adjustment), B2 (share above
`penalties.adjust_share` → secretary, deputy (the mayor) and organisation member adjusted),
B3 (a village leaderless over `leaderless.months` → no 'excellent' grade), B4 (ranking within
the county, by progress on the township's own last-year level: the top `ranking.merit_top`
earn a merit and may be promoted; last → criticism, last two years running → warning talk,
three → the main leaders (secretary, mayor) adjusted), B5 (democratic evaluation: an
'incompetent' share ≥ `evaluation.incompetent_share` → warning talk), B6 (five-good rating
every `rating.every_years` with commendation). A team adjusted in the last
`penalties.grace_years` years is not adjusted again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..state import T_MAYOR, T_ORG, T_SEC
from ._kernels import binom_quantile
from .groups import mean_in_group, rank_in_group, share_in_group
from .rotation import new_leaders

if TYPE_CHECKING:
    from ..sim import CadreModel

MAIN_LEADERS = (T_SEC, T_MAYOR)  # 党政主要负责人 (B4)
COMMITTEE = (T_SEC, T_MAYOR, T_ORG)  # secretary, deputy secretary (the mayor), organisation member (B1, B2)


def seen_weak_share(model: CadreModel) -> np.ndarray:
    """B1/B2: each township's share of villages the county holds weak (flagged, or weak on the
    reports)."""
    v = model.v
    return share_in_group(v.flagged | v.reported_weak, v.township, model.t.n_villages)


def _sanction(model: CadreModel, mask: np.ndarray, level: int) -> None:
    model.t.sanction = np.where(mask, np.maximum(model.t.sanction, level), model.t.sanction)


def _adjust(model: CadreModel, mask: np.ndarray, posts: tuple[int, ...]) -> None:
    """Mark `posts` of the townships in `mask` for adjustment, unless in their grace years."""
    t = model.t
    mask = mask & (t.years_since_adjust >= model.sc["penalties.grace_years"])
    for p in posts:
        t.adjust_now[:, p] |= mask


def criticise(model: CadreModel) -> None:
    """B1: share ≥ `penalties.criticise_share` → circular criticism; criticised last year and
    the share not lower → warning talk; if warned last year too → adjustment of the committee
    (with B2's `penalties.adjust` on)."""
    t, sc = model.t, model.sc
    share = seen_weak_share(model)
    if sc["penalties.enabled"]:
        crit = share >= sc["penalties.criticise_share"]
        repeat = crit & t.criticised_last & (share >= t.prev_flag_share)
        warn = repeat & (t.penalty_level < 2)
        _sanction(model, crit, 1)
        _sanction(model, warn, 2)
        if sc["penalties.adjust"]:
            _adjust(model, repeat & (t.penalty_level >= 2), COMMITTEE)
        model.ledger.add("criticised", model.per_block(crit))
        model.ledger.add("warning_talk", model.per_block(warn))
        t.criticised_last = crit
    t.prev_flag_share = share


def adjust(model: CadreModel) -> None:
    """B2: share above `penalties.adjust_share` → secretary, deputy and organisation member
    adjusted (with `penalties.enabled` and `penalties.adjust` on)."""
    sc = model.sc
    if sc["penalties.enabled"] and sc["penalties.adjust"]:
        _adjust(model, seen_weak_share(model) > sc["penalties.adjust_share"], COMMITTEE)


def leaderless(model: CadreModel) -> None:
    """B3: a village whose secretary post has been vacant over `leaderless.months` blocks its
    township's 'excellent' grade (and with it the D8 step)."""
    v, sc, m = model.v, model.sc, model.m
    t = model.t
    t.excellent_blocked = np.zeros(m, dtype=bool)
    if sc["leaderless.enabled"]:
        long_vacant = v.sec_vacant_months > sc["leaderless.months"]
        t.excellent_blocked = np.bincount(v.township[long_vacant], minlength=m) > 0
        model.ledger.add("excellent_blocked", model.per_block(t.excellent_blocked))


def ranking_score(model: CadreModel) -> np.ndarray:
    """B4: a township's score: its villages' mean reported score, less last year's (targets set
    by each township's base conditions) with `ranking.target_by_base`; the raw level without."""
    v, t = model.v, model.t
    level = mean_in_group(v.reported_score, v.township, t.n_villages)
    base = np.where(np.isnan(t.prev_score), level, t.prev_score)
    score = level - base if model.sc["ranking.target_by_base"] else level
    t.prev_score = level
    return score


def ranking(model: CadreModel) -> None:
    """B4: townships ranked within their county; the top `ranking.merit_top` (not blocked by B3)
    earn a merit, and each of their secretary and mayor is promoted out with
    `ranking.promote_prob`; the last is criticised, warned when last two years running, and
    its main leaders adjusted when last three years running. Draws 2 uniforms a township
    (stream B4); the promoted leaders' successors from ``B4 leaders``."""
    t, sc, m = model.t, model.sc, model.m
    u = model.draws("B4").uniforms(2, unit="township")
    score = ranking_score(model)
    if not sc["ranking.enabled"]:
        return
    pos, size = rank_in_group(score, t.county)
    ranked = size > 1
    top = ranked & (pos >= size - sc["ranking.merit_top"]) & ~t.excellent_blocked
    last = ranked & (pos == 0)
    t.merits += top
    model.ledger.add("merit", model.per_block(top))
    promoted = np.zeros((m, 3), dtype=bool)
    promoted[:, T_SEC] = top & (u[0] < sc["ranking.promote_prob"])
    promoted[:, T_MAYOR] = top & (u[1] < sc["ranking.promote_prob"])
    if promoted.any():
        model.ledger.add("promotions", model.per_block(promoted))
        model.ledger.add("leader_rotations", model.per_block(promoted))
        new_leaders(model, promoted, stream="B4 leaders")
    t.last_streak = np.where(last, t.last_streak + 1, 0)
    _sanction(model, t.last_streak == 1, 1)
    _sanction(model, t.last_streak >= 2, 2)
    _adjust(model, t.last_streak >= 3, MAIN_LEADERS)
    model.ledger.add("criticised", model.per_block(t.last_streak == 1))
    model.ledger.add("warning_talk", model.per_block(t.last_streak == 2))


def evaluation(model: CadreModel) -> None:
    """B5: `evaluation.voters` vote; each judges the leaders incompetent with probability
    clip(incompetent_base − incompetent_slope · q, p_min, p_max), q = leaders' mean ability ×
    (1 − knowledge_weight + knowledge_weight · knowledge); an 'incompetent' share ≥
    `evaluation.incompetent_share` → warning talk. Draws a uniform a township (stream B5): the
    vote count is its binomial quantile."""
    t, sc = model.t, model.sc
    u = model.draws("B5").uniforms(unit="township")
    if not sc["evaluation.enabled"]:
        return
    kw = sc["evaluation.knowledge_weight"]
    q = (t.leader_ability * (1 - kw + kw * t.leader_knowledge)).mean(axis=1)
    p = np.clip(sc["evaluation.incompetent_base"] - sc["evaluation.incompetent_slope"] * q,
                sc["evaluation.p_min"], sc["evaluation.p_max"])
    votes = binom_quantile(u, np.full(model.m, sc["evaluation.voters"]), p) / sc["evaluation.voters"]
    warn = votes >= sc["evaluation.incompetent_share"]
    _sanction(model, warn, 2)
    model.ledger.add("warning_talk", model.per_block(warn))


def rating(model: CadreModel) -> None:
    """B6: every `rating.every_years`, a township with at least `rating.five_good_share` of
    five-good villages is commended until the next rating."""
    v, t, sc = model.v, model.t, model.sc
    t.commended_years = np.maximum(t.commended_years - 1, 0)
    if sc["rating.enabled"] and (model.year + 1) % sc["rating.every_years"] == 0:
        good = share_in_group(v.five_good, v.township, t.n_villages) >= sc["rating.five_good_share"]
        t.commended_years[good] = sc["rating.every_years"]
        model.ledger.add("commended", model.per_block(good))


def carry_out(model: CadreModel) -> None:
    """B1, B2, B4, B5, E1: this year's sanctions become next year's penalty level; marked posts
    are adjusted (new leaders), and an adjusted township's record starts afresh."""
    t = model.t
    t.penalty_level = t.sanction.copy()
    adjusted = t.adjust_now.any(axis=1)
    t.years_since_adjust = np.where(adjusted, 0, t.years_since_adjust + 1)
    if adjusted.any():
        model.ledger.add("adjusted", model.per_block(adjusted))
        model.ledger.add("leader_rotations", model.per_block(t.adjust_now))
        new_leaders(model, t.adjust_now.copy(), stream="sanction leaders")
        t.penalty_level[adjusted] = 0
        t.criticised_last[adjusted] = False
        t.last_streak[adjusted] = 0

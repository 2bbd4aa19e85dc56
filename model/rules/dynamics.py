"""The monthly movement of the five five-good dimensions of every village.

Each dimension d moves a share `village.adjust_rate` of the way to its target T each month,
plus noise and shocks:

    T = base + capacity_gain · cap_k + help_gain · help_k (+ economy, 双带, new members)
    cap = secretary ability × effort × (0.4 + 0.6 · knowledge) (+ director), split over dims

Rules: A1 (with the five-good standard on, a secretary's capacity goes to the dimensions
furthest below the standard; off, it follows a development-heavy preference), C5
(一肩挑 and cross-serving cut two-committee conflict shocks; 双带 secretaries raise
development), A6 (audits deter the misconduct behind scandal shocks), C7 (stationed help).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..state import DEV, IMAGE, LEAD, MECH, TEAM
from ._fast import clip as _clip
from .stationed import stationed_help_into

if TYPE_CHECKING:
    from ..sim import CadreModel

PREFERENCE = np.array([0.15, 0.15, 0.10, 0.45, 0.15])  # A1 off: development first, as cadres report


def capacity_weights(model: CadreModel) -> np.ndarray:
    """A1: share of the secretary's capacity each dimension gets."""
    if not model.sc["five_good.enabled"]:
        return PREFERENCE[None, :]
    gap = np.clip(model.sc["five_good.threshold"] + 0.1 - model.v.dims, 0.02, None)
    return gap / gap.sum(axis=1, keepdims=True)


class _DimsRun:
    """Per-run constants of `month_dims` (the scenario does not change during a run) and its
    scratch buffers (from `model.buffer`). No views are kept: a copied or pickled model would
    get independent arrays in place of views onto its buffers."""

    def __init__(self, model: CadreModel) -> None:
        sc, n = model.sc, model.n
        self.effort_base = sc["incentive.effort_base"]
        self.five_good = bool(sc["five_good.enabled"])
        self.gap_top = sc["five_good.threshold"] + 0.1
        self.capacity_gain = sc["village.capacity_gain"]
        self.base_target = sc["village.base_target"]
        self.help_gain = sc["village.help_gain"]
        self.adjust_rate = sc["village.adjust_rate"]
        self.noise_sd = sc["village.noise_sd"]
        rate = sc["village.shock_rate"]
        # p_conflict = rate · where(一肩挑 | cross-serving, 1.0, conflict_factor), as two scalars
        self.p_conflict_low = rate * 1.0
        self.p_conflict_high = rate * sc["selection.conflict_factor"]
        self.scandal_rate = rate * 2
        self.undeterred = 1 - (sc["audit.deterrence"] if sc["audit.enabled"] else 0.0)
        self.size = sc["village.shock_size"]
        self.half_size = self.size / 2
        self.gen = model.streams["dims"]
        # derived from arrays that only change when a yearly rule replaces them (checked by identity)
        self.difficulty = self.attention = self.help_fixed = self.one_shoulder = self.cross_serving = None
        self.base_minus_difficulty = self.outside_help = self.p_conflict = None
        self.work = model.buffer("dims_work", (n, 5))
        self.target = model.buffer("dims_target", (n, 5))
        self.cap = model.buffer("dims_cap", (n,))
        self.tmp = model.buffer("dims_tmp", (n,))
        self.tmp2 = model.buffer("dims_tmp2", (n,))


def month_dims(model: CadreModel) -> None:
    """A1 dimensions move toward their target; noise and shocks: C5 two-committee conflict
    (fewer with 一肩挑 or cross-serving), A6 scandals deterred by audits.

        target = clip(base - difficulty + capacity_gain · cap_k + help_gain · help_k (+ bonuses), 0, 1)
        dims  += adjust_rate · (target - dims) + noise_sd · N(0, 1)

    Computed in place in reusable buffers (`model.buffer`), in the same order of floating-point
    operations as the plain expressions (kept in the comments), so results are bit-identical."""
    k = model._consts.get("dims")
    if k is None:
        k = model._consts["dims"] = _DimsRun(model)
    v = model.v
    dims = v.dims
    work, target, cap, tmp, tmp2 = k.work, k.target, k.cap, k.tmp, k.tmp2
    cap_col, tmp_col = cap[:, None], tmp[:, None]
    # cap = sec_present * sec_ability * sec_effort * (0.4 + 0.6 * sec_knowledge)
    np.multiply(v.sec_present, v.sec_ability, out=cap)
    np.multiply(cap, v.sec_effort, out=cap)
    np.multiply(v.sec_knowledge, 0.6, out=tmp)
    np.add(tmp, 0.4, out=tmp)
    np.multiply(cap, tmp, out=cap)
    # director = where(one_shoulder, 0.15 * cap, 0.25 * dir_present * dir_ability * effort_base)
    np.multiply(v.dir_present, 0.25, out=tmp)
    np.multiply(tmp, v.dir_ability, out=tmp)
    np.multiply(tmp, k.effort_base, out=tmp)
    np.multiply(cap, 0.15, out=tmp2)
    np.copyto(tmp, tmp2, where=v.one_shoulder)
    # cap5 = (cap + director) * 5, in `cap`
    np.add(cap, tmp, out=cap)
    np.multiply(cap, 5, out=cap)
    # cap_k = cap5 · capacity_weights (A1), in `work`
    if k.five_good:
        np.subtract(k.gap_top, dims, out=work)
        np.maximum(work, 0.02, out=work)
        w0, w1, w2, w3, w4 = work.T
        np.add(w0, w1, out=tmp)
        np.add(tmp, w2, out=tmp)
        np.add(tmp, w3, out=tmp)
        np.add(tmp, w4, out=tmp)
        np.divide(work, tmp_col, out=work)
        np.multiply(work, cap_col, out=work)
    else:
        np.multiply(cap_col, PREFERENCE[None, :], out=work)
    np.multiply(work, k.capacity_gain, out=work)
    if k.difficulty is not v.difficulty:
        k.difficulty = v.difficulty
        k.base_minus_difficulty = (k.base_target - v.difficulty)[:, None]
    np.add(work, k.base_minus_difficulty, out=target)
    # help_k = attention + fixed help + stationed team; the first two are set by the yearly plan
    if k.attention is not v.attention or k.help_fixed is not v.help_fixed:
        k.attention, k.help_fixed = v.attention, v.help_fixed
        k.outside_help = v.attention + v.help_fixed
    stationed_help_into(model, tmp, tmp2)
    np.add(k.outside_help, tmp_col, out=work)
    np.multiply(work, k.help_gain, out=work)
    np.add(target, work, out=target)
    target_dev, target_team = target[:, DEV], target[:, TEAM]
    np.add(target_dev, model.dev_bonus, out=target_dev)
    np.add(target_team, model.team_bonus, out=target_team)
    _clip(target, 0, 1, out=target)

    g = k.gen
    noise = g.standard_normal(out=work)
    u = g.random((2, model.n))
    # dims += adjust_rate · (target - dims) + noise_sd · noise
    np.subtract(target, dims, out=target)
    np.multiply(target, k.adjust_rate, out=target)
    np.multiply(noise, k.noise_sd, out=noise)
    np.add(target, noise, out=target)
    np.add(dims, target, out=dims)
    # C5: two-committee conflict is likelier without 一肩挑 or cross-serving
    if k.one_shoulder is not v.one_shoulder or k.cross_serving is not v.cross_serving:  # set at elections
        k.one_shoulder, k.cross_serving = v.one_shoulder, v.cross_serving
        k.p_conflict = np.where(v.one_shoulder | v.cross_serving, k.p_conflict_low, k.p_conflict_high)
    conflict = (u[0] < k.p_conflict).nonzero()[0]
    # scandal: misconduct of a low-integrity secretary, deterred by audits (A6)
    # p_scandal = shock_rate * 2 * (1 - sec_integrity) * (1 - deterrence) * sec_present
    np.subtract(1, v.sec_integrity, out=tmp)
    np.multiply(tmp, k.scandal_rate, out=tmp)
    np.multiply(tmp, k.undeterred, out=tmp)
    np.multiply(tmp, v.sec_present, out=tmp)
    scandal = (u[1] < tmp).nonzero()[0]
    if len(conflict):
        dims[conflict, LEAD] -= k.size
        dims[conflict, MECH] -= k.size
    if len(scandal):
        dims[scandal, IMAGE] -= k.size
        dims[scandal, DEV] -= k.half_size
    _clip(dims, 0, 1, out=dims)
    if len(conflict) or len(scandal):
        model.ledger.add("conflicts", len(conflict))
        model.ledger.add("scandals", len(scandal))

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

if TYPE_CHECKING:
    from ..sim import CadreModel

PREFERENCE = np.array([0.15, 0.15, 0.10, 0.45, 0.15])  # A1 off: development first, as cadres report


def capacity_weights(model: CadreModel) -> np.ndarray:
    """A1: share of the secretary's capacity each dimension gets."""
    if not model.sc["five_good.enabled"]:
        return PREFERENCE[None, :]
    gap = np.clip(model.sc["five_good.threshold"] + 0.1 - model.v.dims, 0.02, None)
    return gap / gap.sum(axis=1, keepdims=True)


def month_dims(model: CadreModel) -> None:
    """A1 dimensions move toward their target; noise and shocks: C5 two-committee conflict
    (fewer with 一肩挑 or cross-serving), A6 scandals deterred by audits.

        target = clip(base - difficulty + capacity_gain · cap_k + help_gain · help_k (+ bonuses), 0, 1)
        dims  += adjust_rate · (target - dims) + noise_sd · N(0, 1)

    Computed in place in reusable (n, 5) buffers (`model.buffer`), in the same order of
    floating-point operations as the plain expressions above, so results are bit-identical."""
    v, sc = model.v, model.sc
    n = model.n
    cap = v.sec_present * v.sec_ability * v.sec_effort * (0.4 + 0.6 * v.sec_knowledge)
    director = np.where(v.one_shoulder, 0.15 * cap, 0.25 * v.dir_present * v.dir_ability * sc["incentive.effort_base"])
    cap5 = (cap + director) * 5
    dims = v.dims
    work = model.buffer("dims_work", (n, 5))
    target = model.buffer("dims_target", (n, 5))
    # cap_k = cap · 5 · capacity_weights (A1), in `work`
    if sc["five_good.enabled"]:
        np.subtract(sc["five_good.threshold"] + 0.1, dims, out=work)
        np.maximum(work, 0.02, out=work)
        gsum = work[:, 0] + work[:, 1]
        gsum += work[:, 2]
        gsum += work[:, 3]
        gsum += work[:, 4]
        np.divide(work, gsum[:, None], out=work)
        np.multiply(work, cap5[:, None], out=work)
    else:
        np.multiply(cap5[:, None], PREFERENCE[None, :], out=work)
    np.multiply(work, sc["village.capacity_gain"], out=work)
    np.add(work, (sc["village.base_target"] - v.difficulty)[:, None], out=target)
    # help_k = attention + fixed help + stationed team
    np.add(v.attention, v.help_fixed, out=work)
    np.add(work, model.stationed_help()[:, None], out=work)
    np.multiply(work, sc["village.help_gain"], out=work)
    target += work
    target[:, DEV] += model.dev_bonus
    target[:, TEAM] += model.team_bonus
    np.clip(target, 0, 1, out=target)

    g = model.streams["dims"]
    noise = g.standard_normal(out=work)
    u = g.random((2, n))
    # dims += adjust_rate · (target - dims) + noise_sd · noise
    np.subtract(target, dims, out=target)
    np.multiply(target, sc["village.adjust_rate"], out=target)
    np.multiply(noise, sc["village.noise_sd"], out=noise)
    target += noise
    dims += target
    # C5: two-committee conflict is likelier without 一肩挑 or cross-serving
    p_conflict = sc["village.shock_rate"] * np.where(v.one_shoulder | v.cross_serving, 1.0, sc["selection.conflict_factor"])
    conflict = np.flatnonzero(u[0] < p_conflict)
    # scandal: misconduct of a low-integrity secretary, deterred by audits (A6)
    deter = sc["audit.deterrence"] if sc["audit.enabled"] else 0.0
    p_scandal = sc["village.shock_rate"] * 2 * (1 - v.sec_integrity) * (1 - deter) * v.sec_present
    scandal = np.flatnonzero(u[1] < p_scandal)
    size = sc["village.shock_size"]
    dims[conflict, LEAD] -= size
    dims[conflict, MECH] -= size
    dims[scandal, IMAGE] -= size
    dims[scandal, DEV] -= size / 2
    np.clip(dims, 0, 1, out=dims)
    if len(conflict) or len(scandal):
        model.ledger.add("conflicts", len(conflict))
        model.ledger.add("scandals", len(scandal))

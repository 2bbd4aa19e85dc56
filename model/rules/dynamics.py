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

from ._kernels import dims_month

if TYPE_CHECKING:
    from ..sim import CadreModel

PREFERENCE = np.array([0.15, 0.15, 0.10, 0.45, 0.15])  # A1 off: development first, as cadres report


class _DimsRun:
    """Per-run constants of `month_dims` (the scenario does not change during a run)."""

    def __init__(self, model: CadreModel) -> None:
        sc = model.sc
        rate = sc["village.shock_rate"]
        motivation = 1.0 if sc["stationed_pay.enabled"] else sc["stationed_pay.motivation_off"]
        # the scalar arguments of `_kernels.dims_month`, in its order
        self.scalars = (
            sc["incentive.effort_base"],
            bool(sc["five_good.enabled"]),
            sc["five_good.threshold"] + 0.1,  # gap_top
            PREFERENCE,
            sc["village.capacity_gain"],
            sc["village.base_target"],
            sc["village.help_gain"],
            sc["stationed.help_per_cadre"] * motivation,  # C7 help per cadre (D7: less without the allowance)
            sc["village.adjust_rate"],
            sc["village.noise_sd"],
            rate * 1.0,  # p_conflict with 一肩挑 or cross-serving (C5)
            rate * sc["selection.conflict_factor"],  # p_conflict without
            rate * 2,  # scandal rate
            1 - (sc["audit.deterrence"] if sc["audit.enabled"] else 0.0),  # A6: share not deterred
            sc["village.shock_size"],
            sc["village.shock_size"] / 2,
        )
        self.gen = model.streams["dims"]
        self.noise = model.buffer("dims_noise", (model.n, 5))


def month_dims(model: CadreModel) -> None:
    """A1 dimensions move toward their target; noise and shocks: C5 two-committee conflict
    (fewer with 一肩挑 or cross-serving), A6 scandals deterred by audits.

        cap    = present · ability · effort · (0.4 + 0.6 · knowledge) + director
        cap_k  = 5 · cap · w_k, w = gap below the standard (A1 on) or PREFERENCE (off)
        help_k = attention_k + fixed help_k + stationed team help   (A5, C7, D7, D9)
        target = clip(base - difficulty + capacity_gain · cap_k + help_gain · help_k (+ bonuses), 0, 1)
        dims  += adjust_rate · (target - dims) + noise_sd · N(0, 1), then shocks, clipped to [0, 1]

    The loop over villages is compiled (`_kernels.dims_month`); the draws come from stream
    ``dims``: (n, 5) standard normals, then (2, n) uniforms (conflict, scandal)."""
    k = model._consts.get("dims")
    if k is None:
        k = model._consts["dims"] = _DimsRun(model)
    v = model.v
    noise = k.gen.standard_normal(out=k.noise)
    u = k.gen.random((2, model.n))
    conflicts, scandals = dims_month(
        v.dims, noise, u, v.sec_present, v.sec_ability, v.sec_effort, v.sec_knowledge, v.dir_present,
        v.dir_ability, v.one_shoulder, v.cross_serving, v.sec_integrity, v.difficulty, v.attention, v.help_fixed,
        v.st_team, v.st_knowledge, model.dev_bonus, model.team_bonus, *k.scalars)
    if conflicts or scandals:
        model.ledger.add("conflicts", conflicts)
        model.ledger.add("scandals", scandals)

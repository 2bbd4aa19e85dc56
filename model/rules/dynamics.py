"""The monthly movement of the five five-good dimensions of every village (A1).

Each dimension d moves a share `village.adjust_rate` of the way to its target each month,
plus noise and shocks:

    know     = knowledge_floor + (1 − knowledge_floor) · secretary's knowledge
    cap      = secretary present · ability · effort · know
    director = one_shoulder_extra · cap (一肩挑) or director_weight · director ability · effort
    cap_d    = 5 · capacity_gain · (cap + director) · w_d
               w = max(aim − dims, min_weight), normalised (A1 on; aim = threshold + gap_margin),
               or the fixed preference (A1 off: development first, five_good.off_development_share)
    help_d   = attention_d + fixed help_d + stationed team · help_per_cadre · motivation ·
               (stationed.knowledge_floor + (1 − floor) · team knowledge)      (A5, B7, C7, C9, D7, D9)
    target_d = clip(base_target − difficulty + cap_d + help_gain · help_d (+ dev/team bonus), 0, 1)
    dims_d  += adjust_rate · (target_d − dims_d) + noise_sd · N(0, 1), then shocks, clipped to [0, 1]

Shocks: a two-committee conflict (C5: shock_rate, × conflict_factor without 一肩挑 or
cross-serving) costs leadership and mechanism `shock_size` and counts towards the A7
mass-incident trigger; a scandal (A6: shock_rate × scandal_factor × (1 − integrity), less
what audits deter) costs image `shock_size` and development scandal_dev_share of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import compute
from ..state import DEV, NDIMS
from ._kernels import DimsCoef, dims_month, dims_month_parallel

_NO_NOISE = np.empty((0, NDIMS))
_NO_U = np.empty((2, 0))

if TYPE_CHECKING:
    from ..scenario import Scenario
    from ..sim import CadreModel


def preference(sc: Scenario) -> np.ndarray:
    """A1 off: a secretary's effort shares by dimension (development first, the rest even)."""
    dev = sc["five_good.off_development_share"]
    pref = np.full(NDIMS, (1 - dev) / (NDIMS - 1))
    pref[DEV] = dev
    return pref


def dims_coef(sc: Scenario) -> DimsCoef:
    """The scenario's numbers for `dims_month` (A1, A6, C5, C7, D7)."""
    rate = sc["village.shock_rate"]
    motivation = 1.0 if sc["stationed_pay.enabled"] else sc["stationed_pay.motivation_off"]  # D7
    undeterred = 1 - (sc["audit.deterrence"] if sc["audit.enabled"] else 0.0)  # A6
    return DimsCoef(
        five_good=bool(sc["five_good.enabled"]),
        aim=sc["five_good.threshold"] + sc["five_good.gap_margin"],
        min_weight=sc["five_good.min_weight"],
        preference=preference(sc),
        knowledge_floor=sc["village.knowledge_floor"],
        director_weight=sc["village.director_weight"],
        one_shoulder_extra=sc["village.one_shoulder_extra"],
        capacity_gain=sc["village.capacity_gain"],
        base_target=sc["village.base_target"],
        help_gain=sc["village.help_gain"],
        stationed_help=sc["stationed.help_per_cadre"] * motivation,
        stationed_floor=sc["stationed.knowledge_floor"],
        adjust_rate=sc["village.adjust_rate"],
        noise_sd=sc["village.noise_sd"],
        p_conflict_low=rate,
        p_conflict_high=rate * sc["selection.conflict_factor"],
        scandal_rate=rate * sc["village.scandal_factor"] * undeterred,
        shock_size=sc["village.shock_size"],
        scandal_dev_loss=sc["village.shock_size"] * sc["village.scandal_dev_share"],
    )


def month_dims(model: CadreModel) -> None:
    """A1: the dimensions move toward their targets; C5 conflict and A6 scandal shocks (see the
    module docstring). Draws from stream ``dims``: 5 standard normals a village, then 2
    uniforms (conflict, scandal), keyed and drawn inside the compiled loop (the numbers
    ``model.monthly("dims")`` gives)."""
    coef = model.consts("dims", dims_coef)
    v = model.v
    g = model.monthly("dims")  # drawn in the loop from slot 0
    args = (v.dims, _NO_NOISE, _NO_U, g.keyed(),
            (v.sec_present, v.sec_ability, v.sec_effort, v.sec_knowledge, v.sec_integrity),
            (v.dir_present, v.dir_ability, v.dir_effort),
            (v.one_shoulder, v.cross_serving, v.difficulty, v.dev_bonus, v.team_bonus, v.conflicts_year),
            (v.attention, v.help_fixed, v.st_team, v.st_knowledge),
            coef)
    if compute.threads_for(model.n) > 1:
        counts = dims_month_parallel(*args, model.nb, compute.piece(model.n))
    else:
        counts = dims_month(*args, model.nb)
    model.ledger.add("conflicts", counts[:, 0])
    model.ledger.add("scandals", counts[:, 1])

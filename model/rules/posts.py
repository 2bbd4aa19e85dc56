"""Shared actions on posts, used by several rules: a secretary leaves or is appointed, township
leaders are replaced. Each rule that triggers one records it in the ledger under its own key.

Rules touched: C5 (a new secretary is 双带 by the scenario's share), D4 (a leaver of
`retirement.min_age` or more with enough service draws the living subsidy). New township
leaders: `model.rules.rotation.new_leaders` (C1, C2, C3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.special import ndtri

from ._kernels import AppointCoef, appoint, vacate

if TYPE_CHECKING:
    from ..scenario import Scenario
    from ..sim import CadreModel

EPS = np.finfo(float).eps  # keeps Φ⁻¹(u) finite at u = 0 or 1


def normal_from_uniform(u: np.ndarray) -> np.ndarray:
    """Standard normals from uniforms by the inverse CDF (one uniform each: the stream advances
    by a fixed count, whatever the values)."""
    return ndtri(np.clip(u, EPS, 1 - EPS))


def vacate_secretary(model: CadreModel, mask: np.ndarray, count: bool = True) -> None:
    """The secretaries in `mask` leave their post (quit, retire, removed or voted out); those of
    `retirement.min_age` or more with `retirement.min_years` of service draw the D4 subsidy.
    One village's vacating is `_kernels._vacate_one`, which D10 leave and the departures call
    inside their own loops (`post_state`, `record_vacated`) rather than through this."""
    record_vacated(model, vacate(mask, post_state(model), model.nb), count)


def post_state(model: CadreModel) -> tuple:
    """What vacating a post changes and reads (`_kernels._vacate_one`), for the compiled loops
    that vacate as they go (`vacate`, D10 leave, departures)."""
    v, sc = model.v, model.sc
    return (v.sec_present, v.sec_age, v.sec_service, float(sc["retirement.min_age"]),
            float(12 * sc["retirement.min_years"]), v.sec_person, v.sec_vacant_months, v.poor_reviews,
            v.rectify_order, v.dir_present, v.one_shoulder)


def record_vacated(model: CadreModel, counts: np.ndarray, count: bool = True) -> None:
    """Book the (blocks, 2) counts of posts vacated and of leavers eligible for the D4 subsidy."""
    if count:
        model.ledger.add("secretary_changes", counts[:, 0])
    model.county.exits_this_year += counts[:, 1]


def appoint_secretary(model: CadreModel, mask: np.ndarray, ability: np.ndarray, knowledge: float,
                      stream: str = "appoint") -> None:
    """New secretaries in the villages of `mask` with the abilities `ability` (n values, read
    where `mask` is set): `appoint_at` (C5) for those villages."""
    idx = mask.nonzero()[0]
    appoint_at(model, idx, ability[idx], knowledge, stream)


def appoint_at(model: CadreModel, idx: np.ndarray, ability: np.ndarray, knowledge: float,
               stream: str = "appoint") -> None:
    """New secretaries in the villages `idx` (in village order), village idx[r] with ability
    `ability[r]` (C5: 双带 by the scenario's share).

    Draws 3 uniforms for each appointee's village from `stream` in this month (``appoint`` for
    the month's fills, ``C4 appoint`` at elections): age cadre.new_age_mean + new_age_sd · z (from cadre.min_age to retirement), integrity
    cadre.new_integrity_mean + new_integrity_sd · z (0 to 1), 双带 when u < share."""
    v = model.v
    u = model.monthly(stream).uniforms_at(idx, 3)
    counts = appoint(idx, normal_from_uniform(u[:2]), u[2], model.consts("appoint", appoint_coef), ability,
                     float(knowledge), model.county.next_person, model.nb, v.sec_present, v.sec_person,
                     v.sec_ability, v.sec_age, v.sec_tenure, v.sec_service, v.sec_knowledge, v.sec_integrity,
                     v.sec_shuangdai, v.sec_vacant_months, v.reported_vacant, v.dir_present, v.one_shoulder)
    model.ledger.add("appointments", counts)


def appoint_coef(sc: Scenario) -> AppointCoef:
    """The scenario's numbers for `appoint_at` (C5: the 双带 share, smaller with the rule off)."""
    share = sc["selection.shuangdai_share"] * (1.0 if sc["selection.enabled"] else sc["selection.shuangdai_off_factor"])
    return AppointCoef(age_mean=float(sc["cadre.new_age_mean"]), age_sd=float(sc["cadre.new_age_sd"]),
                       min_age=float(sc["cadre.min_age"]), max_age=float(sc["county.retire_age"] - 1),
                       integrity_mean=float(sc["cadre.new_integrity_mean"]),
                       integrity_sd=float(sc["cadre.new_integrity_sd"]), shuangdai_share=float(share))

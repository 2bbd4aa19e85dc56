"""Township leaders: terms, rotation, avoidance and the loss of local knowledge.

Rules: C1 (stable leadership: two full terms; new main leaders have ≥3 years of township
experience), C2 (avoidance: no leader in his home township), C3 (transfers too often →
unfamiliar with local conditions; knowledge grows with time in place and resets on
transfer; see also the short-term bias in `model.rules.attention`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..world import new_ability
from ._kernels import leaders_month

if TYPE_CHECKING:
    from ..sim import CadreModel


def tenure_months(model: CadreModel, shape: tuple[int, ...]) -> np.ndarray:
    """C1/C3: months a newly appointed leader is scheduled to stay, under the rotation policy."""
    sc = model.sc
    policy = sc["rotation.policy"]
    if policy == "two_terms":
        return np.full(shape, 2 * sc["rotation.term_years"] * 12)
    if policy == "fixed":
        return np.full(shape, sc["rotation.every_years"] * 12)
    return np.full(shape, 10**6)  # hazard: leaves by the yearly draw


def init_rotation(model: CadreModel) -> None:
    """Stagger the initial leaders' remaining time over the policy's tenure."""
    t = model.t
    full = tenure_months(model, t.leader_tenure.shape)
    frac = model.streams["rotation_init"].random(t.leader_tenure.shape)
    t.leader_term_left = np.maximum((full * frac).astype(np.int64), 1)
    if model.sc["rotation.policy"] == "hazard":
        t.leader_term_left[:] = 10**6


def month_leaders(model: CadreModel) -> None:
    """C3: leaders' tenure advances and local knowledge grows with time in place,
    ``k += (1 - k) / knowledge_months``."""
    t = model.t
    leaders_month(t.leader_tenure, t.leader_term_left, t.leader_knowledge, model.sc["rotation.knowledge_months"])


def new_leaders(model: CadreModel, mask: np.ndarray) -> None:
    """Fill the (m, 3) posts in `mask` with newcomers (C1 experience, C2 avoidance)."""
    t, sc = model.t, model.sc
    g = model.streams["new_leaders"]
    shape = mask.shape
    u = g.random(shape)
    ability = new_ability(g, shape, 0.6 if sc["rotation.min_experience"] else 0.52, 0.1)
    years = np.where(sc["rotation.min_experience"], g.uniform(3, 12, shape), g.uniform(0, 8, shape))
    local = (u < sc["avoidance.home_share"]) & (not sc["avoidance.enabled"])
    t.leader_tenure[mask] = 0
    t.leader_knowledge[mask] = np.where(local, 0.6, 0.0)[mask]
    t.leader_ability[mask] = ability[mask]
    t.leader_years_township[mask] = years[mask]
    t.leader_local[mask] = local[mask]
    t.leader_term_left[mask] = tenure_months(model, shape)[mask]
    fav_u = g.random(model.n)
    changed = mask.any(axis=1)[model.v.township]
    model.v.favoured = np.where(changed, fav_u < 0.2, model.v.favoured)


def year_rotation(model: CadreModel) -> None:
    """C1/C3: rotate leaders whose scheduled time is up (or by the yearly hazard); D8 years accrue."""
    t, sc = model.t, model.sc
    u = model.streams["rotation"].random(t.leader_tenure.shape)
    t.leader_years_township += 1
    if sc["rotation.policy"] == "hazard":
        due = u < sc["rotation.hazard"]
    else:
        due = t.leader_term_left <= 0
    if np.count_nonzero(due):
        model.ledger.add("leader_rotations", due.sum())
        new_leaders(model, due)

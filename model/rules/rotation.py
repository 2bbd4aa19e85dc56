"""Township leaders: terms, rotation, avoidance and the loss of local knowledge.

Rules: C1 (stable leadership: two full terms; new main leaders have ≥3 years of township
experience), C2 (avoidance: no leader in his home township; a local leader favours some
villages), C3 (transfers too often → unfamiliar with local conditions and short-term work:
knowledge grows with time in place and resets on transfer; a leader near the end of his time
in place favours visible dimensions, `model.rules.attention.short_term`). With C3 off a
transfer costs nothing: knowledge carries over and no one works short-term.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..state import MONTHS, T_SEC
from ._yearend import favour_draw

if TYPE_CHECKING:
    from ..sim import CadreModel

NEVER = np.iinfo(np.int64).max // 2  # months left under the 'hazard' policy: no schedule


def tenure_months(model: CadreModel, shape: tuple[int, ...]) -> np.ndarray:
    """C1/C3: months a newly appointed leader is scheduled to stay, under the rotation policy
    (two full terms; every `rotation.every_years`; or no schedule under 'hazard')."""
    sc = model.sc
    policy = sc["rotation.policy"]
    if policy == "two_terms":
        return np.full(shape, 2 * sc["rotation.term_years"] * MONTHS)
    if policy == "fixed":
        return np.full(shape, sc["rotation.every_years"] * MONTHS)
    return np.full(shape, NEVER)


def years_left(model: CadreModel) -> np.ndarray:
    """C3: years each township's secretary expects to stay: the scheduled time left, or the
    expected 1 / hazard under the 'hazard' policy."""
    sc = model.sc
    if sc["rotation.policy"] == "hazard":
        return np.full(model.m, 1 / max(sc["rotation.hazard"], np.finfo(float).eps))
    return model.t.leader_term_left[:, T_SEC] / MONTHS


def init_rotation(model: CadreModel) -> None:
    """C1: stagger the initial leaders' remaining time over the policy's tenure."""
    t = model.t
    full = tenure_months(model, t.leader_tenure.shape)
    frac = model.draws("C1").uniforms_per(t.leader_tenure.shape[1], unit="township")
    t.leader_term_left = np.where(full == NEVER, NEVER, np.maximum((full * frac).astype(np.int64), 1))


def month_knowledge(model: CadreModel) -> None:
    """C3: leaders' tenure advances and local knowledge grows with time in place,
    ``k += (1 − k) / rotation.knowledge_months``."""
    t = model.t
    t.leader_tenure += 1
    t.leader_term_left -= 1
    t.leader_knowledge += (1 - t.leader_knowledge) / model.sc["rotation.knowledge_months"]


def new_leaders(model: CadreModel, mask: np.ndarray, stream: str = "leaders") -> None:
    """Fill the (m, 3) posts in `mask` with newcomers: C1 (with the experience rule, abler and
    with `rotation.experience_years`–`experience_max_years` in townships), C2 (without
    avoidance, `avoidance.home_share` are locals, with `avoidance.local_knowledge` and their
    favoured villages), C3 (knowledge starts at 0; with C3 off it carries over).
    A village whose township has a new leader is among his favoured ones when its uniform u <
    `avoidance.favoured_share`. Draws 3 uniforms, 3 normals and 3 uniforms a township and a
    uniform a village from `stream` in this month (each caller has its own: ``C1 leaders``,
    ``B4 leaders``, ``sanction leaders``; the villages' keyed uniforms computed only where read,
    in the compiled `_yearend.favour_draw`)."""
    t, sc = model.t, model.sc
    g = model.monthly(stream)
    shape = mask.shape
    u_local = g.uniforms_per(shape[1], unit="township")
    u_ability = g.normals_per(shape[1], unit="township")
    u_years = g.uniforms_per(shape[1], unit="township")
    off_fav = g.slot  # u: a village's uniform
    g.skip(1)
    if sc["rotation.min_experience"]:
        mean, lo = sc["rotation.ability_experienced"], sc["rotation.experience_years"]
    else:
        mean, lo = sc["rotation.ability_novice"], 0
    ability = np.clip(mean + sc["rotation.ability_sd"] * u_ability, sc["cadre.min_ability"], 1.0)
    years = lo + (sc["rotation.experience_max_years"] - lo) * u_years
    local = (u_local < sc["avoidance.home_share"]) & (not sc["avoidance.enabled"])
    if sc["rotation.turnover_costs"]:
        knowledge = np.where(local, sc["avoidance.local_knowledge"], 0.0)
    else:
        knowledge = t.leader_knowledge.copy()  # C3 off: the transfer costs nothing
    t.leader_tenure[mask] = 0
    t.leader_knowledge[mask] = knowledge[mask]
    t.leader_ability[mask] = ability[mask]
    t.leader_years_township[mask] = years[mask]
    t.leader_local[mask] = local[mask]
    t.leader_term_left[mask] = tenure_months(model, shape)[mask]
    favoured = model.v.favoured.copy()
    favour_draw(model.v.township, mask.any(axis=1), g.keyed(), off_fav, float(sc["avoidance.favoured_share"]), favoured)
    model.v.favoured = favoured


def rotate(model: CadreModel) -> None:
    """C1/C3: leaders whose scheduled time is up (or by the yearly `rotation.hazard`) are
    transferred; D8's years in townships accrue. Draws 3 uniforms a township (stream C1)."""
    t, sc = model.t, model.sc
    u = model.draws("C1").uniforms_per(t.leader_tenure.shape[1], unit="township")
    t.leader_years_township += 1
    if sc["rotation.policy"] == "hazard":
        due = u < sc["rotation.hazard"]
    else:
        due = t.leader_term_left <= 0
    model.ledger.add("leader_rotations", model.per_block(due))
    if due.any():
        new_leaders(model, due, stream="C1 leaders")

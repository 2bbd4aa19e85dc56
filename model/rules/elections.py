"""Village elections at the end of every term, county-wide.

Rules: C4 (term length: 3 years in the seeds, 5 since 2018; the lame-duck last year is in
`model.rules.cadres.month_lame_duck`), C5 (两推一选 or 公推直选: how precisely voters judge
candidates; 双带 secretaries; 一肩挑, cross-serving and direct-election shares re-drawn at each
election), A6 (the term-end audit runs before the vote, `model.rules.assessment.audit`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .assessment import audit
from .posts import appoint_secretary, vacate_secretary
from .reserves import pick_from_pool, selection_noise

if TYPE_CHECKING:
    from ..sim import CadreModel


def is_election_year(model: CadreModel) -> bool:
    """C4: the year just ending closes a village term."""
    return (model.year + 1) % model.sc["election.term_years"] == 0


def term_end_audit(model: CadreModel) -> None:
    """A6 at the end of each village term (C4): the audit before the vote."""
    if is_election_year(model):
        audit(model)


def elect(model: CadreModel) -> None:
    """C4/C5 at term end: a secretary not poorly reviewed, not within
    `election.retire_margin_years` of retirement, stands again and is kept with
    `election.incumbent_bias`; otherwise the best of the reserve pool as voters judge it (C5
    noise by election method) wins if judged better than the incumbent. Directors are
    re-elected with the same chance or replaced by a newcomer; C5 shares are re-drawn.
    Draws 5 uniforms, capacity + 3 normals a village (stream C4; the capacity normals computed
    only for the villages choosing from their pool); the winners' ages and integrity from
    stream ``C4 appoint``."""
    if not is_election_year(model):
        return
    v, sc = model.v, model.sc
    g = model.draws("C4")
    u = g.uniforms(5)
    g_pool = g.fork()  # the pool's selection noise: the next capacity normals of each village
    g.skip(v.reserves.shape[1], normal=True)
    z = g.normals(3)
    keep = (v.sec_present & (v.poor_reviews == 0) & (u[0] < sc["election.incumbent_bias"])
            & (v.sec_age < sc["county.retire_age"] - sc["election.retire_margin_years"]))
    z_pool = g_pool.normals_at(np.flatnonzero(~keep), v.reserves.shape[1])  # drawn for the villages choosing
    slot, ability = pick_from_pool(model, ~keep, z_pool)
    has_pool = ~np.isnan(ability)
    judged = ability > v.sec_ability + selection_noise(model) * z[0]  # the incumbent runs too
    wins = ~keep & has_pool & (~v.sec_present | judged | (v.poor_reviews > 0))
    if wins.any():
        idx = wins.nonzero()[0]
        v.reserves[idx, slot[idx]] = np.nan
        model.ledger.add("election_replaced", model.per_block(wins))
        vacate_secretary(model, wins, count=False)
        appoint_secretary(model, wins, ability, knowledge=sc["cadre.knowledge_from_pool"], stream="C4 appoint")
    new_dir = ~v.one_shoulder & (u[1] > sc["election.incumbent_bias"])
    v.dir_present |= new_dir
    v.dir_ability = np.where(new_dir, np.clip(sc["cadre.outside_ability"] + sc["cadre.ability_sd"] * z[1],
                                              sc["cadre.min_ability"], 1.0), v.dir_ability)
    v.dir_age = np.where(new_dir, np.clip(sc["cadre.new_age_mean"] + sc["cadre.new_age_sd"] * z[2],
                                          sc["cadre.min_age"], sc["county.retire_age"] - 1), v.dir_age)
    v.dir_tenure = np.where(new_dir, 0, v.dir_tenure)
    if sc["selection.enabled"]:
        v.one_shoulder = u[2] < sc["selection.one_shoulder_share"]
        v.cross_serving = u[3] < sc["selection.cross_serving_share"]
        v.direct_election = u[4] < sc["selection.direct_share"]
    v.dir_present[v.one_shoulder] = v.sec_present[v.one_shoulder]

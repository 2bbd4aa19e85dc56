"""Village elections at the end of every term, county-wide.

Rules: C4 (term length: 3 years in the seeds, 5 since 2018; the lame-duck last year is in
`model.rules.cadres.month_lame_duck`), C5 (两推一选 or 公推直选: how precisely voters judge
candidates; 双带 secretaries; 一肩挑, cross-serving and direct-election shares re-drawn at each
election), A6 (the term-end audit runs before the vote, `model.rules.assessment.audit`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._yearend import elect_directors, elect_keep, elect_wins
from .assessment import audit
from .posts import appoint_secretary, vacate_secretary
from .reserves import pick_from_pool

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
    noise by election method) wins if judged better than the incumbent (or the post is vacant,
    or he was poorly reviewed). Directors are re-elected with the same chance or replaced by a
    newcomer; C5 shares are re-drawn. Draws 5 uniforms, capacity + 3 normals a village (stream
    C4; the capacity normals computed only for the villages choosing from their pool, the 3
    only where read); the winners' ages and integrity from stream ``C4 appoint``. (Who is kept,
    who wins and the directors: compiled passes `_yearend.elect_keep`, `elect_wins`,
    `elect_directors`.)"""
    if not is_election_year(model):
        return
    v, sc, n = model.v, model.sc, model.n
    g = model.draws("C4")
    u = g.uniforms(5)
    g_pool = g.fork()  # the pool's selection noise: the next capacity normals of each village
    g.skip(v.reserves.shape[1], normal=True)
    off_z = g.slot  # z0 (the incumbent's judged ability), z1, z2 (a new director's ability, age)
    g.skip(3, normal=True)
    keep = np.empty(n, dtype=bool)
    elect_keep(v.sec_present, v.poor_reviews, u[0], v.sec_age, float(sc["election.incumbent_bias"]),
               float(sc["county.retire_age"] - sc["election.retire_margin_years"]), keep)
    z_pool = g_pool.normals_at(np.flatnonzero(~keep), v.reserves.shape[1])  # drawn for the villages choosing
    slot, ability = pick_from_pool(model, ~keep, z_pool)
    wins = np.empty(n, dtype=bool)  # the incumbent runs too
    noise = (bool(sc["selection.enabled"]), float(sc["selection.noise_off"]), float(sc["selection.noise_direct"]),
             float(sc["selection.noise_two_rec"]))
    if elect_wins(keep, ability, (v.sec_present, v.sec_ability, v.poor_reviews, v.direct_election), noise,
                  g.keyed(), off_z, wins):
        idx = wins.nonzero()[0]
        v.reserves[idx, slot[idx]] = np.nan
        model.ledger.add("election_replaced", model.per_block(wins))
        vacate_secretary(model, wins, count=False)
        appoint_secretary(model, wins, ability, knowledge=sc["cadre.knowledge_from_pool"], stream="C4 appoint")
    coef = (float(sc["election.incumbent_bias"]), float(sc["cadre.outside_ability"]), float(sc["cadre.ability_sd"]),
            float(sc["cadre.min_ability"]), float(sc["cadre.new_age_mean"]), float(sc["cadre.new_age_sd"]),
            float(sc["cadre.min_age"]), float(sc["county.retire_age"] - 1), bool(sc["selection.enabled"]),
            float(sc["selection.one_shoulder_share"]), float(sc["selection.cross_serving_share"]),
            float(sc["selection.direct_share"]))
    out = (np.empty(n, dtype=np.result_type(np.float64, v.dir_ability)),
           np.empty(n, dtype=np.result_type(np.float64, v.dir_age)), np.empty(n, dtype=v.dir_tenure.dtype),
           np.empty(n, dtype=bool), np.empty(n, dtype=bool), np.empty(n, dtype=bool))
    elect_directors(u, g.keyed(), off_z, (v.one_shoulder, v.cross_serving, v.direct_election, v.sec_present,
                                          v.dir_present, v.dir_ability, v.dir_age, v.dir_tenure), coef, out)
    v.dir_ability, v.dir_age, v.dir_tenure = out[:3]
    if sc["selection.enabled"]:
        v.one_shoulder, v.cross_serving, v.direct_election = out[3:]

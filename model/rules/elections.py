"""Village elections at the end of every term, county-wide.

Rules: C4 (term length: 3 years in the seeds, 5 since 2018; shorter terms mean more
elections and more lame-duck years, see `model.rules.cadres`), C5 (两推一选 or 公推直选:
how precisely voters judge candidates; 双带 secretaries; 一肩挑 and cross-serving shares
re-drawn at each election), A6 (the term-end audit runs before the vote).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._fast import clip as _clip
from .assessment import audit
from .reserves import pick_from_pool

if TYPE_CHECKING:
    from ..sim import CadreModel


def is_election_year(model: CadreModel) -> bool:
    return (model.year + 1) % model.sc["election.term_years"] == 0


def year_elections(model: CadreModel) -> None:
    """C4/C5: at term end, audit (A6), then re-elect or replace each secretary and director."""
    if not is_election_year(model):
        return
    audit(model)
    v, sc = model.v, model.sc
    g = model.streams["election"]
    u = g.random((5, model.n))
    keep = v.sec_present & (v.poor_reviews == 0) & (u[0] < sc["election.incumbent_bias"]) & (
        v.sec_age < sc["county.retire_age"] - 3)
    slot, ability = pick_from_pool(model, ~keep, "election_select")
    has_pool = ~np.isnan(ability)
    # the incumbent runs too: a challenger wins only if judged better
    noise = g.standard_normal(model.n) * (sc["selection.noise_direct"] if sc["selection.enabled"] else sc["selection.noise_off"])
    challenger_wins = ~keep & has_pool & (~v.sec_present | (ability > v.sec_ability + noise) | (v.poor_reviews > 0))
    if np.count_nonzero(challenger_wins):
        idx = challenger_wins.nonzero()[0]
        v.reserves[idx, slot[idx]] = np.nan
        model.ledger.add("election_replaced", challenger_wins.sum())
        model.vacate_secretary(challenger_wins, count=False)
        model.appoint_secretary(challenger_wins, ability, knowledge=0.5)
    # directors: re-elected or replaced by a newcomer
    new_dir = ~v.one_shoulder & (u[1] > sc["election.incumbent_bias"])
    v.dir_present |= new_dir
    v.dir_ability = np.where(new_dir, _clip(0.5 + 0.12 * g.standard_normal(model.n), 0.05, 1), v.dir_ability)
    v.dir_age = np.where(new_dir, _clip(40 + 6 * g.standard_normal(model.n), 25, 55), v.dir_age)
    v.dir_tenure = np.where(new_dir, 0, v.dir_tenure)
    # C5 structure for the new term
    if sc["selection.enabled"]:
        v.one_shoulder = u[2] < sc["selection.one_shoulder_share"]
        v.cross_serving = u[3] < sc["selection.cross_serving_share"]
        v.direct_election = u[4] < sc["selection.direct_share"]
    v.dir_present[v.one_shoulder] = v.sec_present[v.one_shoulder]

"""Vacancies, reserve cadres, placed graduates and member development.

Rules: C6 (≥2 reserve cadres per village, vacancies filled from the pool; the young leave
for migrant work, thinning it), C9 (college graduates placed as village officials serve
`graduates.contract_years` in the village, helping its team and mechanism, and join its
pool), C10 (each village is required to recruit ≥1 new party member a year), B3 (a township
pushes to fill a vacancy before it passes `leaderless.months`), E2 (the county hears of
vacancies through the townships' reports and fills them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import compute
from ..state import MONTHS, TEAM
from . import _yearly
from ._kernels import add_reserves as _add_reserves
from ._kernels import fill_decide, pick_best, place_graduates, tick_vacant
from ._yearly import MembersCoef, ReserveCoef, add_keyed, members_year, reserve_year
from .posts import appoint_at, normal_from_uniform

if TYPE_CHECKING:
    from ..sim import CadreModel


def pool_size(reserves: np.ndarray) -> np.ndarray:
    """Reserves in each village's pool (non-NaN slots)."""
    return (~np.isnan(reserves)).sum(axis=1)


def add_reserves(reserves: np.ndarray, counts: np.ndarray, ability: np.ndarray) -> np.ndarray:
    """Put up to `counts[i]` new reserves into the empty slots of row i, in slot order; a new
    reserve in slot s of row i has ability `ability[i, s]`. Returns how many went in per row."""
    return _add_reserves(reserves, np.asarray(counts, dtype=np.int64), ability)  # compiled loop


def selection_noise(model: CadreModel, idx: np.ndarray | None = None) -> np.ndarray:
    """C5: sd of the error in judging a candidate, by each village's selection method (of the
    villages `idx` only, when given)."""
    sc = model.sc
    direct = model.v.direct_election if idx is None else model.v.direct_election[idx]
    if not sc["selection.enabled"]:
        return np.full(len(direct), sc["selection.noise_off"])
    return np.where(direct, sc["selection.noise_direct"], sc["selection.noise_two_rec"])


def pick_from_pool(model: CadreModel, mask: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """C5/C6: for the villages in `mask`, the pool slot judged best (ability + selection noise ×
    `z`, an (n, capacity) array of normals, or a (k, capacity) one for the k villages in mask)
    and its ability (n values each; 0 and NaN outside `mask` and where the pool is empty)."""
    idx = mask.nonzero()[0]
    if z.shape[0] != len(idx):
        z = z[idx]
    slot = np.zeros(model.n, dtype=np.intp)
    ability = np.full(model.n, np.nan)
    slot[idx], ability[idx] = pick_at(model, idx, z)
    return slot, ability


def pick_at(model: CadreModel, idx: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`pick_from_pool` for the villages `idx` (row r of `z`: village idx[r]'s normals): the
    slot judged best and its ability for each, in the order of `idx`."""
    slot = np.zeros(len(idx), dtype=np.intp)
    ability = np.empty(len(idx))
    pick_best(idx, model.v.reserves, z, selection_noise(model, idx), slot, ability)
    return slot, ability


def fill_thresholds(model: CadreModel) -> np.ndarray:
    """B3/E2: chance a vacancy not filled from the pool is filled from outside this month,
    indexed by 2 · reported (E2) + near the leaderless line (B3):
    1 − (1 − outside_fill_prob) · (1 − fill_push if near) · (1 − county_fill_prob if reported)."""
    sc = model.sc
    p = []
    for reported in (False, True):
        for near in (False, True):
            stay = 1 - sc["reserve.outside_fill_prob"]
            if near and sc["leaderless.enabled"]:
                stay *= 1 - sc["leaderless.fill_push"]
            if reported:
                stay *= 1 - sc["reports.county_fill_prob"]
            p.append(1 - stay)
    return np.array(p)


def month_fill(model: CadreModel) -> None:
    """C6: a vacant secretary post, from the month after the `reserve.fill_delay_months` it
    takes to select a successor (the month it falls vacant counts as one), is filled from a
    non-empty reserve pool with `reserve.fill_prob` a month (the pool's best as judged, C5);
    otherwise from outside with the chance `fill_thresholds` gives (B3 push, E2 county). Draws 2 uniforms a vacant village
    (stream fill); the pool choice draws from ``fill_select`` (capacity normals of each village
    choosing, keyed by village and slot)."""
    v, sc = model.v, model.sc
    vacant = tick_vacant(v.sec_present, v.sec_vacant_months)  # months vacant + 1; the vacant villages
    if not len(vacant):
        return
    u = model.monthly("fill").uniforms_at(vacant, 2)  # keyed: drawn for the vacant villages alone
    thresholds = model.consts("fill_thresholds", lambda _sc: fill_thresholds(model))
    near = max(sc["leaderless.months"] - sc["leaderless.lead_months"], 1)
    pool_r, out_r = fill_decide(u, vacant, v.reserves, v.reported_vacant, v.sec_vacant_months,
                                bool(sc["reserve.enabled"]), sc["reserve.fill_prob"], bool(sc["leaderless.enabled"]),
                                near, thresholds, int(sc["reserve.fill_delay_months"]))
    if len(pool_r):
        idx = vacant[pool_r]
        z = model.monthly("fill_select").normals_at(idx, v.reserves.shape[1])
        slot, ability = pick_at(model, idx, z)
        v.reserves[idx, slot] = np.nan
        appoint_at(model, idx, ability, knowledge=sc["cadre.knowledge_from_pool"])
    if len(out_r):
        z = normal_from_uniform(u[1, out_r])  # the draw that decided the fill sets the appointee's ability
        ability = np.clip(sc["cadre.outside_ability"] + sc["cadre.ability_sd"] * z, sc["cadre.min_ability"], 1.0)
        appoint_at(model, vacant[out_r], ability, knowledge=sc["cadre.knowledge_from_outside"])


def members(model: CadreModel) -> None:
    """C10: a village recruits Poisson(rate) new members, rate = members.recruit_rate ·
    (team_offset + team dimension) · (1 − remote_factor · remoteness), plus
    `members.requirement_push` with the ≥1-a-year requirement on; `members.loss_rate` leave.
    A year with no recruit counts towards A7's no-new-member trigger. Draws 3 uniforms a
    village (stream C10): recruits, losses and who joins the pool, each as a quantile."""
    v, sc = model.v, model.sc
    u = model.draws("C10").uniforms(3)
    coef = MembersCoef(recruit_rate=sc["members.recruit_rate"], team_offset=sc["members.team_offset"],
                       remote_factor=sc["members.remote_factor"], push=sc["members.requirement_push"],
                       pushed=bool(sc["members.enabled"]), loss_rate=sc["members.loss_rate"],
                       team_gain=sc["members.team_gain"], gain_cap=sc["members.gain_cap"],
                       reserve_share=sc["members.reserve_share"], months=MONTHS)
    n = model.n
    out = (np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64), np.empty(n),
           np.empty(n, dtype=np.int64))
    state = (np.ascontiguousarray(v.dims[:, TEAM]), v.remoteness, np.asarray(v.members, dtype=np.int64),
             np.asarray(v.months_no_member, dtype=np.int64))
    if compute.threads_for(n) > 1:  # the same bits on any number of threads
        _yearly.members_year_parallel(u, state, coef, out, compute.piece(n))
    else:
        members_year(u, state, coef, out)  # compiled loop
    v.members, recruits, v.months_no_member, v.team_bonus, v.to_pool = out
    v.new_members = recruits
    model.ledger.add("new_members", model.per_block(recruits))


def reserve_pool(model: CadreModel) -> None:
    """C6: new members who join the pool (C10) come in; with the rule on the township tops the
    pool up to `reserve.minimum`, finding each missing reserve with 1 − remote_factor ·
    remoteness; with it off only `reserve.join_without_rule` of would-be reserves join an
    unkept pool. Then the year's out-migration: each reserve leaves for migrant work with
    probability migration_rate · (1 − remote_factor + remoteness) · (migrant wage / rural
    income) / wage_ref, so the pool a vacancy meets during the year is the thinned one.
    Draws a village's capacity uniforms (u_leave), 2 × capacity normals (the new members'
    abilities, then the top-up's), 1 uniform (u_found) (stream C6; keyed, so each is computed
    only where it is read: `_yearly.reserve_year`, one compiled pass, does all of the above)."""
    v, sc = model.v, model.sc
    g = model.draws("C6")
    cap = v.reserves.shape[1]
    off_leave = g.slot
    g.skip(cap)  # u_leave: slot s of a village for the reserve in pool slot s
    off_new = g.slot  # the new members' abilities: the next cap normals of each village
    g.skip(cap, normal=True)
    off_top = g.slot  # the top-up's: the cap after those
    g.skip(cap, normal=True)
    off_found = g.slot  # u_found: the top-up's (rule on) or the joiners' (off) binomial quantile
    g.skip(1)
    coef = ReserveCoef(
        enabled=bool(sc["reserve.enabled"]), minimum=sc["reserve.minimum"], remote_factor=sc["reserve.remote_factor"],
        join_without_rule=sc["reserve.join_without_rule"], recruit_ability=sc["reserve.recruit_ability"],
        topup_ability=sc["reserve.topup_ability"], ability_sd=sc["reserve.ability_sd"],
        min_ability=sc["cadre.min_ability"], migration_rate=sc["reserve.migration_rate"],
        wage_ratio=model.county.migrant_wage / model.county.rural_income / sc["reserve.wage_ref"])
    args = (v.reserves, (np.asarray(v.to_pool, dtype=np.int64), v.remoteness), g.keyed(),
            (off_leave, off_new, off_top, off_found), coef, model.nb)
    if compute.threads_for(model.n) > 1:  # the same bits on any number of threads
        left = _yearly.reserve_year_parallel(*args, compute.piece(model.n))
    else:
        left = reserve_year(*args)  # compiled loop
    model.ledger.add("reserves_left", left)


def graduates(model: CadreModel) -> None:
    """C9: Poisson(`graduates.per_year`) graduates placed in each village; each serves
    `graduates.contract_years` there (help `graduates.help` to team and mechanism, set in the
    plan) and joins the reserve pool with ability clip(graduates.ability + ability_sd · z,
    cadre.min_ability, 1). Draws a uniform and capacity normals a village (stream C9; the
    normals computed only where a graduate is placed, in the compiled `_yearly.add_keyed`)."""
    v, sc = model.v, model.sc
    g = model.draws("C9")
    u = g.uniforms()
    placed = place_graduates(u, float(sc["graduates.per_year"]), bool(sc["graduates.enabled"]), v.grad_cohorts)
    args = (v.reserves, np.asarray(placed, dtype=np.int64), g.keyed(), g.slot,
            (sc["graduates.ability"], sc["graduates.ability_sd"], sc["cadre.min_ability"]))
    if compute.threads_for(model.n) > 1:  # the same bits on any number of threads
        _yearly.add_keyed_parallel(*args, compute.piece(model.n))
    else:
        add_keyed(*args)
    g.skip(v.reserves.shape[1], normal=True)
    model.ledger.add("graduates_placed", model.per_block(placed))
    model.ledger.cost("graduates", model.per_block(v.grad_cohorts) * model.yuan("cost.graduate_yuan"))

"""Compiled (numba) loops for the monthly rules.

At county scale (≈150 villages) a month written as whole-array numpy expressions is ≈150
numpy calls, and the time goes into the calls, not the arithmetic; one compiled loop over the
villages does the same work in one call. The formulas are those of the rule modules'
docstrings, written element by element in the same order of floating-point operations as the
numpy expressions they replace, so results are bit-identical (`tests/test_reference.py`):

* no ``fastmath``: LLVM may not reorder, reassociate or fuse (no FMA) the operations;
* `maximum` / `clip` follow numpy's definitions, NaN and signed zeros included;
* a bool in arithmetic is 0.0 / 1.0, as numpy casts it;
* random numbers are drawn by the callers from the model's numpy streams and passed in.

Compiled on first use and cached on disk (``cache=True``) beside this file.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from ..state import DEV, IMAGE, LEAD, MECH, TEAM

_jit = numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True)


@_jit
def maximum(a: float, b: float) -> float:
    """`np.maximum` for two floats (NaN propagates)."""
    if math.isnan(a):
        return a
    if math.isnan(b):
        return b
    return a if a > b else b


@_jit
def num(b: bool) -> float:
    """A bool in arithmetic: 1.0 or 0.0, as numpy casts it."""
    return 1.0 if b else 0.0


@_jit
def clip(x: float, lo: float, hi: float) -> float:
    """The `np.clip` ufunc for one float: ``min(max(x, lo), hi)`` as numpy does it (NaN passes
    through; on a tie, signed zeros included, x is kept)."""
    y = lo if lo > x else x
    return hi if hi < y else y


@_jit
def dims_month(dims, noise, u, sec_present, sec_ability, sec_effort, sec_knowledge, dir_present, dir_ability,
               one_shoulder, cross_serving, sec_integrity, difficulty, attention, help_fixed, st_team,
               st_knowledge, dev_bonus, team_bonus, effort_base, five_good, gap_top, preference,
               capacity_gain, base_target, help_gain, stationed_unit, adjust_rate, noise_sd,
               p_conflict_low, p_conflict_high, scandal_rate, undeterred, size, half_size):  # pragma: no cover
    """`model.rules.dynamics.month_dims` for every village: A1 (capacity to the dimensions below
    the standard), C7/D7 (stationed teams' help), C5 (conflict shocks), A6 (scandal shocks);
    returns (conflicts, scandals).

    `noise` is the month's (n, 5) standard normals, `u` its (2, n) uniforms (conflict, scandal)."""
    n = dims.shape[0]
    w = np.empty(5)
    n_conflict = 0
    n_scandal = 0
    for i in range(n):
        # secretary capacity, plus the director's (一肩挑: the secretary's own, C5)
        cap = num(sec_present[i]) * sec_ability[i]
        cap = cap * sec_effort[i]
        cap = cap * (sec_knowledge[i] * 0.6 + 0.4)
        if one_shoulder[i]:
            director = cap * 0.15
        else:
            director = num(dir_present[i]) * 0.25 * dir_ability[i] * effort_base
        cap5 = (cap + director) * 5
        # A1: the standard on, capacity goes to the dimensions furthest below it
        if five_good:
            for d in range(5):
                w[d] = maximum(gap_top - dims[i, d], 0.02)
            total = w[0] + w[1] + w[2] + w[3] + w[4]
            for d in range(5):
                w[d] = w[d] / total * cap5 * capacity_gain
        else:
            for d in range(5):
                w[d] = cap5 * preference[d] * capacity_gain
        stationed = st_team[i] * stationed_unit * (st_knowledge[i] * 0.7 + 0.3)
        base = base_target - difficulty[i]
        for d in range(5):
            target = w[d] + base
            target = target + (attention[i, d] + help_fixed[i, d] + stationed) * help_gain
            if d == DEV:
                target = target + dev_bonus[i]
            elif d == TEAM:
                target = target + team_bonus[i]
            target = clip(target, 0.0, 1.0)
            dims[i, d] = dims[i, d] + ((target - dims[i, d]) * adjust_rate + noise[i, d] * noise_sd)
        # C5: two-committee conflict, likelier without 一肩挑 or cross-serving
        p_conflict = p_conflict_low if (one_shoulder[i] or cross_serving[i]) else p_conflict_high
        if u[0, i] < p_conflict:
            dims[i, LEAD] -= size
            dims[i, MECH] -= size
            n_conflict += 1
        # scandal: misconduct of a low-integrity secretary, deterred by audits (A6)
        p_scandal = (1 - sec_integrity[i]) * scandal_rate * undeterred * num(sec_present[i])
        if u[1, i] < p_scandal:
            dims[i, IMAGE] -= size
            dims[i, DEV] -= half_size
            n_scandal += 1
        for d in range(5):
            dims[i, d] = clip(dims[i, d], 0.0, 1.0)
    return n_conflict, n_scandal


@_jit
def cadres_month(sec_age, dir_age, sec_tenure, sec_service, dir_tenure, sec_present, dir_present, sec_knowledge,
                 sec_effort, sec_effort_year, keep, knowledge_months):  # pragma: no cover
    """`model.rules.cadres.month_cadres`: ageing, tenure, knowledge; effort = yearly effort × `keep` (C4)."""
    for i in range(sec_age.shape[0]):
        sec_age[i] += 1 / 12
        dir_age[i] += 1 / 12
        if sec_present[i]:
            sec_tenure[i] += 1
            sec_service[i] += 1
        if dir_present[i]:
            dir_tenure[i] += 1
        sec_knowledge[i] = sec_knowledge[i] + (1 - sec_knowledge[i]) * num(sec_present[i]) / knowledge_months
        sec_effort[i] = sec_effort_year[i] * keep


@_jit
def leave_month(u, p_sec, p_dir, retire, sec_present, sec_age, dir_present, dir_age, one_shoulder,
                leaving):  # pragma: no cover
    """`model.rules.cadres.month_leave` up to vacating: marks the secretaries `leaving` (aged or
    quitting, D10) and updates the directors (一肩挑: the post follows the secretary, who is
    then vacated by the caller). `u` is the month's (2, n) uniforms. Returns (quits, retirements)."""
    quits = 0
    aged_out = 0
    for i in range(sec_present.shape[0]):
        aged = sec_present[i] and sec_age[i] >= retire
        quit_ = sec_present[i] and not aged and u[0, i] < p_sec[i]
        leaving[i] = aged or quit_
        quits += quit_
        aged_out += aged
        if one_shoulder[i]:
            dir_present[i] = sec_present[i] and not leaving[i]
        elif dir_present[i] and (dir_age[i] >= retire or u[1, i] < p_dir[i]):
            dir_present[i] = False
    return quits, aged_out


@_jit
def vacate(mask, sec_present, sec_age, sec_service, min_service, sec_person, sec_vacant_months, poor_reviews,
           rectify_order, dir_present, one_shoulder):  # pragma: no cover
    """`CadreModel.vacate_secretary`: the present secretaries in `mask` leave their post.
    Returns (posts vacated, leavers eligible for the D4 living subsidy)."""
    vacated = 0
    eligible = 0
    for i in range(mask.shape[0]):
        if mask[i] and sec_present[i]:
            vacated += 1
            if sec_age[i] >= 55 and sec_service[i] >= min_service:
                eligible += 1
            sec_present[i] = False
            sec_person[i] = -1
            sec_vacant_months[i] = 0
            poor_reviews[i] = 0
            rectify_order[i] = False
            if one_shoulder[i]:
                dir_present[i] = False
    return vacated, eligible


@_jit
def count_vacancies(sec_present, sec_vacant_months):  # pragma: no cover
    """A month passes for every vacant secretary post; returns how many are vacant."""
    vacant = 0
    for i in range(sec_present.shape[0]):
        if not sec_present[i]:
            sec_vacant_months[i] += 1
            vacant += 1
    return vacant


@_jit
def fill_decide(u, sec_present, reserves, reported_vacant, sec_vacant_months, reserve, fill_prob, leaderless,
                near_months, out_threshold, pool_fill, out_fill):  # pragma: no cover
    """`model.rules.reserves.month_fill`'s decisions for the vacant posts: from the reserve pool
    (C6) when it is not empty and ``u0 < fill_prob``, else from outside when
    ``u1 < out_threshold[2 · reported (E2) + near the 12-month line (B3)]``. Writes the masks;
    returns (pool fills, outside fills)."""
    n_pool = 0
    n_out = 0
    for i in range(sec_present.shape[0]):
        pool_fill[i] = False
        out_fill[i] = False
        if sec_present[i]:
            continue
        if reserve and u[0, i] < fill_prob:
            for s in range(reserves.shape[1]):
                if not math.isnan(reserves[i, s]):
                    pool_fill[i] = True
                    n_pool += 1
                    break
        if not pool_fill[i]:
            case = 2 if reported_vacant[i] else 0
            if leaderless and sec_vacant_months[i] >= near_months:
                case += 1
            if u[1, i] < out_threshold[case]:
                out_fill[i] = True
                n_out += 1
    return n_pool, n_out


@_jit
def stationed_month(st_team, st_months, st_knowledge, knowledge_months):  # pragma: no cover
    """`model.rules.stationed.month_stationed`: teams in place gain a month and local knowledge."""
    for i in range(st_team.shape[0]):
        if st_team[i] > 0:
            st_months[i] += 1
            st_knowledge[i] = st_knowledge[i] + (1 - st_knowledge[i]) / knowledge_months


@_jit
def leaders_month(leader_tenure, leader_term_left, leader_knowledge, knowledge_months):  # pragma: no cover
    """`model.rules.rotation.month_leaders` over the (townships, 3) posts (C3)."""
    for j in range(leader_tenure.shape[0]):
        for p in range(leader_tenure.shape[1]):
            leader_tenure[j, p] += 1
            leader_term_left[j, p] -= 1
            leader_knowledge[j, p] = leader_knowledge[j, p] + (1 - leader_knowledge[j, p]) / knowledge_months


@_jit
def pick_best(idx, reserves, z, noise_sd, slot, ability):  # pragma: no cover
    """`model.rules.reserves.pick_from_pool` for the villages `idx`: row r of `z` holds the
    standard normals of village idx[r]'s slots; the slot judged best (ability + noise_sd[r] · z,
    an empty slot never) and its ability, into `slot` and `ability` (NaN for an empty pool)."""
    for r in range(idx.shape[0]):
        i = idx[r]
        best = 0
        best_val = -np.inf
        for s in range(reserves.shape[1]):
            val = -np.inf if math.isnan(reserves[i, s]) else reserves[i, s] + noise_sd[r] * z[r, s]
            if val > best_val:
                best = s
                best_val = val
        slot[i] = best
        ability[i] = reserves[i, best]


@_jit
def appoint(idx, z_age, z_integrity, u_shuangdai, ability, knowledge, share, first_person, max_age,
            sec_present, sec_person, sec_ability, sec_age, sec_tenure, sec_service, sec_knowledge, sec_integrity,
            sec_shuangdai, sec_vacant_months, reported_vacant, dir_present, one_shoulder):  # pragma: no cover
    """`CadreModel.appoint_secretary` for the villages `idx`: age 40 + 6·z (25 to retirement),
    integrity 0.75 + 0.15·z (0 to 1), 双带 when u < `share` (C5); the director post of a
    一肩挑 village comes with it."""
    for r in range(idx.shape[0]):
        i = idx[r]
        sec_present[i] = True
        sec_person[i] = first_person + r
        sec_ability[i] = ability[i]
        sec_age[i] = clip(40 + 6 * z_age[r], 25.0, max_age)
        sec_tenure[i] = 0
        sec_service[i] = 0
        sec_knowledge[i] = knowledge
        sec_integrity[i] = clip(0.75 + 0.15 * z_integrity[r], 0.0, 1.0)
        sec_shuangdai[i] = u_shuangdai[r] < share
        sec_vacant_months[i] = 0
        reported_vacant[i] = False
        if one_shoulder[i]:
            dir_present[i] = True

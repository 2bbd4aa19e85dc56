"""Compiled (numba) loops for the monthly village rules.

At county scale (≈150 villages) a month written as whole-array numpy expressions is ≈150
numpy calls whose time goes into the calls, not the arithmetic; one compiled loop over the
villages does the same work in one call. Each loop is the element-by-element form of the
formula in its rule module's docstring (`tests/test_kernels.py` recomputes them with plain
numpy and compares). Arguments come grouped: the state arrays a loop reads or writes, in
tuples named as in `model.state`, and the scenario's numbers in a named tuple (`DimsCoef`).
Random numbers come from the model's keyed streams (`cadresim.rng`): the month's dims loop
draws its own in the loop (`cadresim.keyed`: the numbers the stream's `Draws` would give), the
others read a buffer that one compiled call fills for every village of every block.

Compiled on first use and cached on disk (``cache=True``) beside this file; no fastmath.
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np

from ..compute import PAIRWISE_BLOCK, PAIRWISE_STACK
from ..fpmath import exp_, ipow_
from ..keyed import (
    NO_KEY,
    SUB,
    block_words,
    stream_counter,
    sub_chunk,
    word_uniform,
    ziggurat_normal,
)
from ..state import DEV, IMAGE, LEAD, MECH, NDIMS, TEAM

_jit = numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True)


class DimsCoef(NamedTuple):
    """The scenario's numbers that `dims_month` uses (see `model.rules.dynamics`)."""

    five_good: bool  # A1 on: effort goes to the dimensions below the standard
    aim: float  # five_good.threshold + five_good.gap_margin
    min_weight: float  # five_good.min_weight
    preference: np.ndarray  # (5,) effort shares with the standard off
    knowledge_floor: float  # village.knowledge_floor
    director_weight: float  # village.director_weight
    one_shoulder_extra: float  # village.one_shoulder_extra
    capacity_gain: float
    base_target: float
    help_gain: float
    stationed_help: float  # stationed.help_per_cadre × motivation (D7)
    stationed_floor: float  # stationed.knowledge_floor
    adjust_rate: float
    noise_sd: float
    p_conflict_low: float  # with 一肩挑 or cross-serving (C5)
    p_conflict_high: float  # without
    scandal_rate: float  # shock_rate × scandal_factor × share not deterred (A6)
    shock_size: float
    scandal_dev_loss: float  # shock_size × scandal_dev_share


@_jit
def _clip(x: float, lo: float, hi: float) -> float:
    return min(max(x, lo), hi)


@_jit
def _dims_range(lo, hi, dims, noise, u, keyed, sec, dirs, village, outside_help, coef, per_block, counts):  # pragma: no cover
    """Villages lo … hi − 1 of `dims_month`; adds each block's (conflicts, scandals) to `counts`."""
    sec_present, sec_ability, sec_effort, sec_knowledge, sec_integrity = sec
    dir_present, dir_ability, dir_effort = dirs
    one_shoulder, cross_serving, difficulty, dev_bonus, team_bonus, conflicts_year = village
    attention, help_fixed, st_team, st_knowledge = outside_help
    draw = u.shape[1] == 0
    w = np.empty(NDIMS)
    z = np.empty(NDIMS)
    keys, unit = keyed.keys, keyed.unit
    c_unit, sid, period = stream_counter(keyed)
    words = np.empty((8, SUB), dtype=np.uint64)
    k0, k1 = NO_KEY, NO_KEY
    start = lo
    while start < hi:  # SUB villages at a time, of one block: their words made together
        b, e0, m = sub_chunk(start, hi, per_block)
        if draw:
            k0, k1 = keys[b, 0], keys[b, 1]
            block_words(e0, m, c_unit, 2, sid, period, k0, k1, words)
        for t in range(m):
            i, e = start + t, e0 + t
            if draw:  # the month's keyed numbers of this village: slots 0–4 normals, 5–6 uniforms
                for d in range(NDIMS):
                    z[d] = ziggurat_normal(words[d, t], k0, k1, unit, sid, period, e, d)
                u_conflict = word_uniform(words[5, t])
                u_scandal = word_uniform(words[6, t])
            else:
                for d in range(NDIMS):
                    z[d] = noise[i, d]
                u_conflict, u_scandal = u[0, i], u[1, i]
            cap = 0.0
            if sec_present[i]:
                know = coef.knowledge_floor + (1.0 - coef.knowledge_floor) * sec_knowledge[i]
                cap = sec_ability[i] * sec_effort[i] * know
            if one_shoulder[i]:
                director = coef.one_shoulder_extra * cap
            elif dir_present[i]:
                director = coef.director_weight * dir_ability[i] * dir_effort[i]
            else:
                director = 0.0
            capacity = (cap + director) * NDIMS * coef.capacity_gain
            if coef.five_good:  # A1: capacity to the dimensions furthest below the aim
                total = 0.0
                for d in range(NDIMS):
                    w[d] = max(coef.aim - dims[i, d], coef.min_weight)
                    total += w[d]
                for d in range(NDIMS):
                    w[d] = capacity * w[d] / total
            else:
                for d in range(NDIMS):
                    w[d] = capacity * coef.preference[d]
            stationed = st_team[i] * coef.stationed_help * (coef.stationed_floor + (1.0 - coef.stationed_floor) * st_knowledge[i])
            for d in range(NDIMS):
                target = coef.base_target - difficulty[i] + w[d]
                target += coef.help_gain * (attention[i, d] + help_fixed[i, d] + stationed)
                if d == DEV:
                    target += dev_bonus[i]
                elif d == TEAM:
                    target += team_bonus[i]
                target = _clip(target, 0.0, 1.0)
                dims[i, d] += coef.adjust_rate * (target - dims[i, d]) + coef.noise_sd * z[d]
            # C5: two-committee conflict, likelier without 一肩挑 or cross-serving
            p_conflict = coef.p_conflict_low if (one_shoulder[i] or cross_serving[i]) else coef.p_conflict_high
            if u_conflict < p_conflict:
                dims[i, LEAD] -= coef.shock_size
                dims[i, MECH] -= coef.shock_size
                conflicts_year[i] += 1
                counts[b, 0] += 1
            # A6: misconduct of a low-integrity secretary, deterred by audits
            if sec_present[i] and u_scandal < (1.0 - sec_integrity[i]) * coef.scandal_rate:
                dims[i, IMAGE] -= coef.shock_size
                dims[i, DEV] -= coef.scandal_dev_loss
                counts[b, 1] += 1
            for d in range(NDIMS):
                dims[i, d] = _clip(dims[i, d], 0.0, 1.0)
        start += m


@_jit
def dims_month(dims, noise, u, keyed, sec, dirs, village, outside_help, coef, per_block):  # pragma: no cover
    """`model.rules.dynamics.month_dims` for every village (A1 capacity to the dimensions below
    the standard, C7/D7 stationed help, C5 conflict shocks, A6 scandal shocks).

    sec = (present, ability, effort, knowledge, integrity); dirs = (present, ability, effort);
    village = (one_shoulder, cross_serving, difficulty, dev_bonus, team_bonus, conflicts_year);
    outside_help = (attention, help_fixed, st_team, st_knowledge). The month's numbers are drawn
    here, `keyed` a `cadresim.keyed.Keyed` (`Draws.keyed()`), as `cadresim.rng` keys them (village e of block b:
    slots 0–4 standard normals, 5–6 uniforms for conflict and scandal, the numbers
    ``model.monthly("dims")``'s ``normals_per(5)`` then ``uniforms(2)`` give), unless `u` has
    columns: then `noise` (n, 5) and `u` (2, n) are used (hand-built numbers for a test).
    Returns the (blocks, 2) counts of conflicts and scandals of each block of `per_block`
    villages."""
    counts = np.zeros((dims.shape[0] // per_block, 2), dtype=np.int64)
    _dims_range(0, dims.shape[0], dims, noise, u, keyed, sec, dirs, village, outside_help, coef, per_block, counts)
    return counts


@numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True, parallel=True)
def dims_month_parallel(dims, noise, u, keyed, sec, dirs, village, outside_help, coef, per_block, chunk):  # pragma: no cover
    """`dims_month` with the villages cut into fixed pieces of `chunk` spread over numba's
    threads (`prange`): each village's arithmetic is the same and the counts are sums of
    integers, so the result is the same bits whatever the number of threads."""
    n = dims.shape[0]
    pieces = (n + chunk - 1) // chunk
    counts = np.zeros((pieces, n // per_block, 2), dtype=np.int64)
    for c in numba.prange(pieces):
        lo = c * chunk
        hi = min(lo + chunk, n)
        _dims_range(lo, hi, dims, noise, u, keyed, sec, dirs, village, outside_help, coef, per_block, counts[c])
    return counts.sum(axis=0)


@_jit
def age_month(sec, dirs, knowledge_months):  # pragma: no cover
    """`model.rules.cadres.month_ageing`: a month older; tenure, service and the secretary's
    knowledge of the post grow while in post. sec = (present, age, tenure, service,
    knowledge); dirs = (present, age, tenure). (One thread: the loop is bound by memory, and
    measured no faster on two, nationally, and slower at province scale.)"""
    sec_present, sec_age, sec_tenure, sec_service, sec_knowledge = sec
    dir_present, dir_age, dir_tenure = dirs
    for i in range(sec_age.shape[0]):
        sec_age[i] += 1 / 12
        dir_age[i] += 1 / 12
        if sec_present[i]:
            sec_tenure[i] += 1
            sec_service[i] += 1
            sec_knowledge[i] += (1.0 - sec_knowledge[i]) / knowledge_months
        if dir_present[i]:
            dir_tenure[i] += 1


@_jit
def _leave_range(lo, hi, u, keyed, p_sec, p_dir, retire, sec, dirs, one_shoulder, post, per_block, counts):  # pragma: no cover
    """Villages lo … hi − 1 of `leave_month`."""
    sec_present, sec_age = sec
    dir_present, dir_age = dirs
    draw = u.shape[1] == 0
    keys = keyed.keys
    c_unit, sid, period = stream_counter(keyed)
    words = np.empty((4, SUB), dtype=np.uint64)
    start = lo
    while start < hi:  # SUB villages at a time, of one block: their words made together
        b, e0, m = sub_chunk(start, hi, per_block)
        if draw:
            block_words(e0, m, c_unit, 1, sid, period, keys[b, 0], keys[b, 1], words)
        for t in range(m):
            i = start + t
            if draw:
                u_sec, u_dir = word_uniform(words[0, t]), word_uniform(words[1, t])
            else:
                u_sec, u_dir = u[0, i], u[1, i]
            aged = sec_present[i] and sec_age[i] >= retire
            quit_ = sec_present[i] and not aged and u_sec < p_sec[i]
            leaving = aged or quit_
            if one_shoulder[i]:
                dir_present[i] = sec_present[i] and not leaving
            elif dir_present[i] and (dir_age[i] >= retire or u_dir < p_dir[i]):
                dir_present[i] = False
            if leaving:
                counts[b, 0] += quit_
                counts[b, 1] += aged
                _vacate_one(i, post, counts[b, 2:])
        start += m


@_jit
def leave_month(u, keyed, p_sec, p_dir, retire, sec, dirs, one_shoulder, post, per_block):  # pragma: no cover
    """`model.rules.cadres.month_leave`: secretaries leave (aged or quitting, D10) and their
    posts fall vacant as `vacate` empties them (`post`: `posts.post_state`); the directors are
    updated (一肩挑: the post follows the secretary). The month's 2 uniforms a village
    (secretary, director) are drawn here (`keyed`: `Draws.keyed()`) as `cadresim.rng` keys
    slots 0 and 1 of village e of block b, unless `u` (2, n) has columns (hand-built numbers
    for a test); sec = (present, age), dirs = (present, age). Returns the (blocks, 4) counts
    of quits, retirements, posts vacated and leavers eligible for the D4 subsidy of each
    block of `per_block` villages."""
    n = one_shoulder.shape[0]
    counts = np.zeros((n // per_block, 4), dtype=np.int64)
    _leave_range(0, n, u, keyed, p_sec, p_dir, retire, sec, dirs, one_shoulder, post, per_block, counts)
    return counts


@numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True, parallel=True)
def leave_month_parallel(u, keyed, p_sec, p_dir, retire, sec, dirs, one_shoulder, post, per_block,
                         chunk):  # pragma: no cover
    """`leave_month` over numba's threads in fixed pieces of `chunk` villages (each village's
    changes are its own; counts are sums of integers: the same result on any number of
    threads)."""
    n = one_shoulder.shape[0]
    pieces = (n + chunk - 1) // chunk
    counts = np.zeros((pieces, n // per_block, 4), dtype=np.int64)
    for c in numba.prange(pieces):
        _leave_range(c * chunk, min(c * chunk + chunk, n), u, keyed, p_sec, p_dir, retire, sec, dirs, one_shoulder,
                     post, per_block, counts[c])
    return counts.sum(axis=0)


@_jit
def _depart_range(lo, hi, u, keyed, p, post, per_block, counts):  # pragma: no cover
    sec_present = post[0]
    draw = u.shape[1] == 0
    keys = keyed.keys
    c_unit, sid, period = stream_counter(keyed)
    words = np.empty((4, SUB), dtype=np.uint64)
    start = lo
    while start < hi:  # SUB villages at a time, of one block: their words made together (for all
        b, e0, m = sub_chunk(start, hi, per_block)  # of them: faster than for those in post alone)
        if draw:
            block_words(e0, m, c_unit, 1, sid, period, keys[b, 0], keys[b, 1], words)
        for t in range(m):
            i = start + t
            if not sec_present[i]:
                continue
            if draw:
                ui = word_uniform(words[0, t])
            else:
                ui = u[0, i]
            if ui < p:
                counts[b, 0] += 1
                _vacate_one(i, post, counts[b, 1:])
        start += m


@_jit
def depart_month(u, keyed, p, post, per_block):  # pragma: no cover
    """`model.rules.cadres.month_depart`: the secretaries in post whose uniform (slot 0 of
    stream ``depart``, drawn here as `leave_month` draws; or u[0] when `u` has columns) is
    below the monthly chance `p` leave, their posts vacated as `vacate` does (`post`:
    `posts.post_state`). Returns each block's (departures, posts vacated, leavers eligible
    for the D4 subsidy)."""
    n = post[0].shape[0]
    counts = np.zeros((n // per_block, 3), dtype=np.int64)
    _depart_range(0, n, u, keyed, p, post, per_block, counts)
    return counts


@numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True, parallel=True)
def depart_month_parallel(u, keyed, p, post, per_block, chunk):  # pragma: no cover
    """`depart_month` over numba's threads in fixed pieces of `chunk` villages."""
    n = post[0].shape[0]
    pieces = (n + chunk - 1) // chunk
    counts = np.zeros((pieces, n // per_block, 3), dtype=np.int64)
    for c in numba.prange(pieces):
        _depart_range(c * chunk, min(c * chunk + chunk, n), u, keyed, p, post, per_block, counts[c])
    return counts.sum(axis=0)


@_jit
def _vacate_one(i, post, counts_b):  # pragma: no cover
    """Village i's secretary leaves the post (`vacate`'s body): counts_b[0] += 1, counts_b[1]
    += 1 when eligible for the D4 living subsidy. post = (sec_present, sec_age, sec_service,
    min_age, min_service, sec_person, sec_vacant_months, poor_reviews, rectify_order,
    dir_present, one_shoulder)."""
    (sec_present, sec_age, sec_service, min_age, min_service, sec_person, sec_vacant_months, poor_reviews,
     rectify_order, dir_present, one_shoulder) = post
    counts_b[0] += 1
    if sec_age[i] >= min_age and sec_service[i] >= min_service:
        counts_b[1] += 1
    sec_present[i] = False
    sec_person[i] = -1
    sec_vacant_months[i] = 0
    poor_reviews[i] = 0
    rectify_order[i] = False
    if one_shoulder[i]:
        dir_present[i] = False


@_jit
def vacate(mask, post, per_block):  # pragma: no cover
    """`model.rules.posts.vacate_secretary`: the present secretaries in `mask` leave their post
    (`_vacate_one`; post as there). Returns the (blocks, 2) counts of posts vacated and of
    leavers eligible for the D4 living subsidy (age ≥ min_age and service ≥ min_service
    months), by block of `per_block` villages."""
    sec_present = post[0]
    counts = np.zeros((mask.shape[0] // per_block, 2), dtype=np.int64)
    for i in range(mask.shape[0]):
        if mask[i] and sec_present[i]:
            _vacate_one(i, post, counts[i // per_block])
    return counts


_SAME_RUN = 1 << 9  # elements compared without a branch before `same_values` looks whether to stop


@_jit
def _differs(a, b, lo, hi):  # pragma: no cover
    """Whether a[lo:hi] and b[lo:hi] differ anywhere: runs of `_SAME_RUN` compared without a
    branch (vectorised), stopping after the first run with a difference (NaN ≠ NaN)."""
    for r in range(lo, hi, _SAME_RUN):
        d = False
        for i in range(r, min(r + _SAME_RUN, hi)):
            d |= a[i] != b[i]
        if d:
            return True
    return False


@_jit
def same_values(a, b):  # pragma: no cover
    """Whether the 1-D arrays hold the same values (NaN never equal, as numpy's array_equal):
    one pass, stopping soon after the first difference, no temporary."""
    if a.shape[0] != b.shape[0]:
        return False
    return not _differs(a, b, 0, a.shape[0])


@numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True, parallel=True)
def same_values_parallel(a, b, chunk):  # pragma: no cover
    """`same_values` over numba's threads in fixed pieces of `chunk` (a yes or no: the same
    answer on any number of threads)."""
    if a.shape[0] != b.shape[0]:
        return False
    n = a.shape[0]
    pieces = (n + chunk - 1) // chunk
    differs = np.zeros(pieces, dtype=np.bool_)
    for c in numba.prange(pieces):
        differs[c] = _differs(a, b, c * chunk, min(c * chunk + chunk, n))
    return not differs.any()


_ALL_SET = np.uint64(sum(1 << (8 * j) for j in range(8)))  # eight numpy bools, all True, read as one word


@_jit
def tick_vacant(sec_present, sec_vacant_months):  # pragma: no cover
    """C6's month count: every vacant post's months vacant + 1; returns the vacant villages'
    indices, in order (one pass where ``months += ~present; flatnonzero(~present)`` took four).
    Eight posts are looked at a time (`sec_present` read as 64-bit words): nearly every post is
    held, so most words are passed over whole."""
    n = sec_present.shape[0]
    k = 0
    for i in range(n):
        k += not sec_present[i]  # no branch: vectorised
    idx = np.empty(k, dtype=np.int64)  # counted first: an n-long scratch array costs its page faults each month
    n8 = n // 8 if sec_present.flags.c_contiguous else 0
    eight = sec_present[:n8 * 8].view(np.uint64) if n8 > 0 else np.empty(0, dtype=np.uint64)
    k = 0
    for j in range(n8):
        if eight[j] != _ALL_SET:
            for i in range(8 * j, 8 * j + 8):
                if not sec_present[i]:
                    sec_vacant_months[i] += 1
                    idx[k] = i
                    k += 1
    for i in range(8 * n8, n):
        if not sec_present[i]:
            sec_vacant_months[i] += 1
            idx[k] = i
            k += 1
    return idx


@_jit
def fill_decide(u, vacant, reserves, reported_vacant, sec_vacant_months, reserve, fill_prob, leaderless,
                near_months, out_threshold, delay=0):  # pragma: no cover
    """`model.rules.reserves.month_fill`'s decisions for the vacant posts `vacant` (village
    indices, in order; column r of `u` holds village vacant[r]'s two uniforms) that have been
    vacant for more than `delay` months (counting the current one): from the reserve pool (C6)
    when it is not empty and ``u0 < fill_prob``, else from outside when
    ``u1 < out_threshold[2 · reported (E2) + near the leaderless line (B3)]``. Returns the
    positions r in `vacant` filled from the pool and those filled from outside, each in order."""
    k = vacant.shape[0]
    pool = np.empty(k, dtype=np.int64)
    out = np.empty(k, dtype=np.int64)
    n_pool = 0
    n_out = 0
    for r in range(k):
        i = vacant[r]
        if sec_vacant_months[i] <= delay:
            continue
        from_pool = False
        if reserve and u[0, r] < fill_prob:
            for s in range(reserves.shape[1]):
                if not np.isnan(reserves[i, s]):
                    from_pool = True
                    break
        if from_pool:
            pool[n_pool] = r
            n_pool += 1
            continue
        case = 2 if reported_vacant[i] else 0
        if leaderless and sec_vacant_months[i] >= near_months:
            case += 1
        if u[1, r] < out_threshold[case]:
            out[n_out] = r
            n_out += 1
    return pool[:n_pool].copy(), out[:n_out].copy()


@_jit
def pick_best(idx, reserves, z, noise_sd, slot, ability):  # pragma: no cover
    """`model.rules.reserves.pick_at` for the villages `idx`: row r of `z` holds the standard
    normals of village idx[r]'s slots; the slot judged best (ability + noise_sd[r] · z, an
    empty slot never) and its ability, into `slot[r]` and `ability[r]` (NaN for an empty pool)."""
    for r in range(idx.shape[0]):
        i = idx[r]
        best = 0
        best_val = -np.inf
        for s in range(reserves.shape[1]):
            if np.isnan(reserves[i, s]):
                continue
            val = reserves[i, s] + noise_sd[r] * z[r, s]
            if val > best_val:
                best = s
                best_val = val
        slot[r] = best
        ability[r] = reserves[i, best]


class AppointCoef(NamedTuple):
    """The scenario's numbers for a new secretary (`appoint`; C5)."""

    age_mean: float
    age_sd: float
    min_age: float
    max_age: float  # retirement age − 1
    integrity_mean: float
    integrity_sd: float
    shuangdai_share: float


@_jit
def appoint(idx, z, u_shuangdai, coef, ability, knowledge, next_person, per_block,
            sec_present, sec_person, sec_ability, sec_age, sec_tenure, sec_service, sec_knowledge, sec_integrity,
            sec_shuangdai, sec_vacant_months, reported_vacant, dir_present, one_shoulder):  # pragma: no cover
    """`model.rules.posts.appoint_at` for the villages `idx` (row r: village idx[r], in village
    order, with `ability[r]`): age coef.age_mean + age_sd · z[0, r] (from min_age to max_age),
    integrity integrity_mean + integrity_sd · z[1, r] (0 to 1), 双带 when u_shuangdai[r] <
    shuangdai_share; the director post of a 一肩挑 village comes with it. Each appointee gets
    his block's next person id (`next_person`, one per block of `per_block` villages,
    advanced). Returns each block's count of appointments."""
    counts = np.zeros(next_person.shape[0], dtype=np.int64)
    for r in range(idx.shape[0]):
        i = idx[r]
        b = i // per_block
        counts[b] += 1
        sec_present[i] = True
        sec_person[i] = next_person[b]
        next_person[b] += 1
        sec_ability[i] = ability[r]
        sec_age[i] = min(max(coef.age_mean + coef.age_sd * z[0, r], coef.min_age), coef.max_age)
        sec_tenure[i] = 0
        sec_service[i] = 0
        sec_knowledge[i] = knowledge
        sec_integrity[i] = min(max(coef.integrity_mean + coef.integrity_sd * z[1, r], 0.0), 1.0)
        sec_shuangdai[i] = u_shuangdai[r] < coef.shuangdai_share
        sec_vacant_months[i] = 0
        reported_vacant[i] = False
        if one_shoulder[i]:
            dir_present[i] = True
    return counts


@_jit
def poisson_q(u, lam, first):  # pragma: no cover
    """The Poisson(lam) quantile of u: the least k with P(X ≤ k) ≥ u (inverse CDF, so one
    uniform makes one draw whatever the rate); `first` = exp(−lam), P(X = 0), passed in so that
    a loop with one rate takes it once."""
    term = first
    cdf = term
    k = 0
    while cdf < u and term > 0.0:
        k += 1
        term *= lam / k
        cdf += term
    return k


@_jit
def place_graduates(u, lam, enabled, cohorts):  # pragma: no cover
    """C9's placements: the Poisson(lam) quantile of u[i] (`poisson_q`) graduates in village i,
    0 when not `enabled`; each row of `cohorts` moves up one year (column c ← c − 1) and the new
    placements go into column 0. Returns them."""
    placed = np.empty(u.shape[0], dtype=np.int64)
    first = exp_(-lam)
    for i in range(u.shape[0]):
        placed[i] = poisson_q(u[i], lam, first) * enabled
        for c in range(cohorts.shape[1] - 1, 0, -1):
            cohorts[i, c] = cohorts[i, c - 1]
        cohorts[i, 0] = placed[i]
    return placed


@_jit
def binom_q(u, trials, q):  # pragma: no cover
    """The Binomial(trials, q) quantile of u: the least k with P(X ≤ k) ≥ u (0 for no trials
    or q ≤ 0, every trial for q ≥ 1)."""
    if trials <= 0 or q <= 0.0:
        return 0
    if q >= 1.0:
        return trials
    term = ipow_(1.0 - q, trials)
    cdf = term
    k = 0
    while cdf < u and k < trials:
        term *= (trials - k) / (k + 1) * q / (1.0 - q)
        k += 1
        cdf += term
    return k


@_jit
def binom_quantile(u, n, p):  # pragma: no cover
    """The Binomial(n[i], p[i]) quantile of u[i] (`binom_q`) for every i."""
    out = np.empty(u.shape[0], dtype=np.int64)
    for i in range(u.shape[0]):
        out[i] = binom_q(u[i], n[i], p[i])
    return out


@_jit
def kth_smallest_rows(x, k):  # pragma: no cover
    """The k-th smallest value (0-based) of each row of the 2-D `x` (no NaN): what
    ``np.sort(x, axis=1)[:, k]`` gives, without sorting every row in a temporary."""
    out = np.empty(x.shape[0])
    buf = np.empty(x.shape[1])
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):  # insertion sort of a short row
            val = x[i, j]
            p = j
            while p > 0 and buf[p - 1] > val:
                buf[p] = buf[p - 1]
                p -= 1
            buf[p] = val
        out[i] = buf[k]
    return out


@_jit
def add_reserves(reserves, counts, ability):  # pragma: no cover
    """`model.rules.reserves.add_reserves`: up to counts[i] new reserves into the empty (NaN)
    slots of row i, in slot order, with ability[i, s]; returns how many went in per row."""
    put = np.zeros(reserves.shape[0], dtype=np.int64)
    for i in range(reserves.shape[0]):
        c = 0
        for s in range(reserves.shape[1]):
            if np.isnan(reserves[i, s]):
                c += 1
                if c <= counts[i]:
                    reserves[i, s] = ability[i, s]
                    put[i] += 1
    return put


@_jit
def stationed_month(st_team, st_months, st_knowledge, knowledge_months):  # pragma: no cover
    """`model.rules.stationed.month_stationed`: a team in place gains a month and knowledge,
    ``k += (1 − k) / knowledge_months`` (knowledge_months ≥ 1)."""
    for i in range(st_team.shape[0]):
        if st_team[i] > 0:
            st_months[i] += 1
            st_knowledge[i] += (1.0 - st_knowledge[i]) / knowledge_months


@_jit
def migrate_reserves(reserves, u, p_leave, per_block):  # pragma: no cover
    """`model.rules.reserves.reserve_pool`'s out-migration: the reserve in slot s of village i
    (not NaN) leaves when ``u[i, s] < p_leave[i]``; returns how many left in each block of
    `per_block` villages."""
    left = np.zeros(reserves.shape[0] // per_block, dtype=np.int64)
    for i in range(reserves.shape[0]):
        for s in range(reserves.shape[1]):
            if not np.isnan(reserves[i, s]) and u[i, s] < p_leave[i]:
                reserves[i, s] = np.nan
                left[i // per_block] += 1
    return left


@_jit
def _pairwise_leaf(a, lo, n):  # pragma: no cover
    """numpy's pairwise sum of a[lo:lo + n] for n ≤ PAIRWISE_BLOCK (128): sequential under 8,
    else eight running sums combined as ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)),
    then the rest in turn."""
    if n < 8:
        res = 0.0
        for i in range(n):
            res += a[lo + i]
        return res
    r0, r1, r2, r3 = a[lo], a[lo + 1], a[lo + 2], a[lo + 3]
    r4, r5, r6, r7 = a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]
    i = 8
    while i < n - n % 8:
        r0 += a[lo + i]
        r1 += a[lo + i + 1]
        r2 += a[lo + i + 2]
        r3 += a[lo + i + 3]
        r4 += a[lo + i + 4]
        r5 += a[lo + i + 5]
        r6 += a[lo + i + 6]
        r7 += a[lo + i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        res += a[lo + i]
        i += 1
    return res


@_jit
def _pairwise_sum(a, lo, n):  # pragma: no cover
    """numpy's pairwise summation of the contiguous a[lo:lo + n] (what ``np.add.reduce`` of a
    float64 array computes): above 128 the sum of the two halves (the first a multiple of 8),
    each summed the same way — here with explicit stacks (numba caches no recursion)."""
    if n <= PAIRWISE_BLOCK:
        return _pairwise_leaf(a, lo, n)
    t_lo = np.empty(PAIRWISE_STACK, dtype=np.int64)
    t_n = np.empty(PAIRWISE_STACK, dtype=np.int64)
    t_st = np.empty(PAIRWISE_STACK, dtype=np.int64)
    vals = np.empty(PAIRWISE_STACK)
    top, nv = 0, 0
    t_lo[0], t_n[0], t_st[0] = lo, n, 0
    top = 1
    while top > 0:
        top -= 1
        lo_, n_, st = t_lo[top], t_n[top], t_st[top]
        if n_ <= PAIRWISE_BLOCK:
            vals[nv] = _pairwise_leaf(a, lo_, n_)
            nv += 1
        elif st == 0:
            n2 = n_ // 2
            n2 -= n2 % 8
            t_lo[top], t_n[top], t_st[top] = lo_, n_, 1  # combine after both halves
            t_lo[top + 1], t_n[top + 1], t_st[top + 1] = lo_ + n2, n_ - n2, 0  # second half, done second
            t_lo[top + 2], t_n[top + 2], t_st[top + 2] = lo_, n2, 0  # first half, done first
            top += 3
        else:
            nv -= 1
            vals[nv - 1] = vals[nv - 1] + vals[nv]
    return vals[0]


@_jit
def block_sums(x, mask, per_block):  # pragma: no cover
    """For each block of `per_block` rows of the 1-D float `x`: the sum of its rows in `mask`
    (all rows when `mask` is empty) and how many there are — the sum ``x[lo:hi][mask[lo:hi]].sum()``
    gives for that block alone, bit for bit (numpy's pairwise order over the gathered rows)."""
    blocks = x.shape[0] // per_block
    sums = np.zeros(blocks)
    counts = np.zeros(blocks, dtype=np.int64)
    buf = np.empty(per_block + 1)  # one spare: the gather writes each row, then keeps it or not
    every = mask.shape[0] == 0
    for b in range(blocks):
        k = 0
        for i in range(b * per_block, (b + 1) * per_block):
            buf[k] = x[i]  # without a branch on the mask: faster, measured
            k += every or mask[i]
        sums[b] = _pairwise_sum(buf, 0, k)
        counts[b] = k
    return sums, counts


@_jit
def column_sums(x, per_block):  # pragma: no cover
    """Each block's column sums of the 2-D float `x` (blocks of `per_block` rows): what
    ``np.add.reduce(x.reshape(blocks, per_block, -1), axis=1)`` gives for ≥ 2 columns, bit
    for bit — numpy adds the rows one after another, each column on its own."""
    blocks = x.shape[0] // per_block
    out = np.zeros((blocks, x.shape[1]))
    for b in range(blocks):
        for i in range(b * per_block, (b + 1) * per_block):
            for d in range(x.shape[1]):
                out[b, d] += x[i, d]
    return out


@_jit
def relative_attention(att, township, n_villages):  # pragma: no cover
    """A5/C2's output: each village's mean attention over the dimensions (summed in column
    order, as ``np.add.reduce(att, axis=1)`` for 5 columns) over its township's mean of that
    (villages summed in order, as ``np.bincount`` with weights; 1 where that mean is not > 0)."""
    n, k = att.shape
    row = np.empty(n)
    for i in range(n):
        s = att[i, 0]
        for d in range(1, k):
            s += att[i, d]
        row[i] = s / k
    t_mean = np.zeros(n_villages.shape[0])
    for i in range(n):
        t_mean[township[i]] += row[i]
    for j in range(t_mean.shape[0]):
        x = t_mean[j] / n_villages[j]
        t_mean[j] = x if x > 0 else 1.0
    for i in range(n):
        row[i] = row[i] / t_mean[township[i]]
    return row


@_jit
def year_counts(reserves, stars, township, flagged, reported_weak, n_villages, adjust_share, per_block,
                per_block_t):  # pragma: no cover
    """Each block's counts for the yearly row: reserves in post (non-NaN slots), villages by
    stars (0–5), and townships whose share of villages flagged or reported weak is above
    `adjust_share` (B2). Integer counts: the same in any order."""
    blocks = reserves.shape[0] // per_block
    held = np.zeros(blocks, dtype=np.int64)
    by_stars = np.zeros((blocks, 6), dtype=np.int64)
    over = np.zeros(blocks, dtype=np.int64)
    hits = np.zeros(n_villages.shape[0], dtype=np.int64)
    for b in range(blocks):
        k = 0
        for i in range(b * per_block, (b + 1) * per_block):
            for s in range(reserves.shape[1]):
                k += reserves[i, s] == reserves[i, s]  # not NaN
            if 0 <= stars[i] <= 5:  # A2 gives 0–5; anything else is not counted (no write outside the table)
                by_stars[b, stars[i]] += 1
            hits[township[i]] += flagged[i] or reported_weak[i]
        held[b] = k
    for j in range(n_villages.shape[0]):
        over[j // per_block_t] += hits[j] / n_villages[j] > adjust_share
    return held, by_stars, over

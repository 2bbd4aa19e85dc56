"""Compiled (numba) loops for the year-end and plan rules at large scale.

At national scale (≈490,000 villages) a year-end rule written as whole-array numpy expressions
makes many full-array temporaries and draws numbers it never reads; one compiled pass over the
villages does the same arithmetic, element by element, and computes a keyed number only where
the rule reads it (the number is a pure function of its key, `cadresim.rng`, so drawing fewer
of them changes none). Each loop is the element-by-element form of the formula in its rule
module's docstring (`tests/test_yearly_kernels.py` recomputes them with plain numpy and
compares). Arguments come grouped as in `model.rules._kernels`: state arrays in tuples, the
draws' keys in a `cadresim.keyed.Keyed` (`Draws.keyed()`), the scenario's numbers in a named tuple.

Threaded variants (``*_parallel``): the same loop body (``_…_range``) over numba's threads,
in pieces that do not depend on the thread count, as `cadresim.compute` describes.

Compiled on first use and cached on disk (``cache=True``) beside this file; no fastmath.
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np

from ..fpmath import exp_
from ..keyed import (  # the same words → numbers
    SUB,
    block_words,
    element_words,
    stream_counter,
    sub_chunk,
    word_uniform,
    ziggurat_normal,
)
from ._kernels import binom_q, poisson_q  # the quantiles the monthly and yearly loops share

_jit = numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True)
_pjit = numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True, parallel=True)  # the threaded variants


class ReserveCoef(NamedTuple):
    """The scenario's numbers that `reserve_year` uses (see `model.rules.reserves.reserve_pool`)."""

    enabled: bool  # reserve.enabled
    minimum: float  # reserve.minimum (its scenario type: int or float)
    remote_factor: float  # reserve.remote_factor
    join_without_rule: float  # reserve.join_without_rule
    recruit_ability: float  # reserve.recruit_ability
    topup_ability: float  # reserve.topup_ability
    ability_sd: float  # reserve.ability_sd
    min_ability: float  # cadre.min_ability
    migration_rate: float  # reserve.migration_rate
    wage_ratio: float  # migrant wage / rural income / reserve.wage_ref


@_jit
def _words(k, e, b, off, n, words):  # pragma: no cover
    """words[0:n] = the words off … off + n − 1 of element e (block b) of stream `k` (a
    `cadresim.keyed.Keyed`), as `keyed_fill` takes them (`keyed.element_words`)."""
    c_unit, sid, period = stream_counter(k)
    element_words(k.keys[b, 0], k.keys[b, 1], c_unit, sid, period, e, off, n, words)


@_jit
def _add(row, count, mean, sd, lo, words, w0, t, k, b, e, off):  # pragma: no cover
    """Up to `count` new reserves into the empty (NaN) slots of `row`, in slot order; the one in
    slot s has ability clip(mean + sd · z_s, lo, 1) with z_s normal slot off + s of element e
    (block b) of stream `k`, whose word is words[w0 + s, t]."""
    c = 0
    for s in range(row.shape[0]):
        if np.isnan(row[s]):
            c += 1
            if c <= count:
                z = ziggurat_normal(words[w0 + s, t], k.keys[b, 0], k.keys[b, 1], k.unit, k.sid, k.period, e, off + s)
                row[s] = min(max(mean + sd * z, lo), 1.0)


@_jit
def _reserve_range(lo, hi, reserves, state, k, slots, coef, per_block, left):  # pragma: no cover
    """Villages lo … hi − 1 of `reserve_year`, counting who left into `left` (by block). The
    words of all four slot ranges are made `SUB` villages at a time (`keyed.block_words`),
    read or not: in a batch a block costs less than a third of one made alone."""
    to_pool, remoteness = state
    cap = reserves.shape[1]
    s_lo = min(min(slots[0], slots[1]), min(slots[2], slots[3]))
    s_hi = max(max(slots[0], slots[1]), slots[2]) + cap - 1
    s_hi = max(s_hi, slots[3])
    first, last = s_lo // 4, s_hi // 4
    c_unit, sid, period = stream_counter(k)
    c1 = c_unit | np.uint64(first)
    words = np.empty((4 * (last - first + 1), SUB), dtype=np.uint64)
    w_leave, w_new, w_top, w_found = (slots[0] - 4 * first, slots[1] - 4 * first, slots[2] - 4 * first,
                                      slots[3] - 4 * first)
    sd, lo_ab, rf = coef.ability_sd, coef.min_ability, coef.remote_factor
    start = lo
    while start < hi:
        b, e0, m = sub_chunk(start, hi, per_block)
        block_words(e0, m, c1, last - first + 1, sid, period, k.keys[b, 0], k.keys[b, 1], words)
        for t in range(m):
            i = start + t
            e = e0 + t
            row = reserves[i]
            u_found = word_uniform(words[w_found, t])
            if coef.enabled:
                if to_pool[i] > 0:
                    _add(row, to_pool[i], coef.recruit_ability, sd, lo_ab, words, w_new, t, k, b, e, slots[1])
                pool = 0
                for s in range(cap):
                    if not np.isnan(row[s]):
                        pool += 1
                short = max(coef.minimum - pool, 0)
                found = binom_q(u_found, short, 1 - rf * remoteness[i])
                if found > 0:
                    _add(row, found, coef.topup_ability, sd, lo_ab, words, w_top, t, k, b, e, slots[2])
            else:
                joining = binom_q(u_found, to_pool[i], coef.join_without_rule)
                if joining > 0:
                    _add(row, joining, coef.recruit_ability, sd, lo_ab, words, w_new, t, k, b, e, slots[1])
            p_leave = min(max(coef.migration_rate * ((1 - rf) + remoteness[i]) * coef.wage_ratio, 0.0), 1.0)
            for s in range(cap):
                if not np.isnan(row[s]) and word_uniform(words[w_leave + s, t]) < p_leave:
                    row[s] = np.nan
                    left[b] += 1
        start += m


@_jit
def reserve_year(reserves, state, k, slots, coef, per_block):  # pragma: no cover
    """`model.rules.reserves.reserve_pool` (C6) for every village i, in one pass:

    * rule on: the `to_pool[i]` new members go into the empty slots in slot order, ability
      clip(recruit_ability + sd · z_new[s], min_ability, 1); then short = max(minimum − pool, 0)
      and found = Binomial(short, 1 − remote_factor · remoteness[i]) quantile of u_found go in
      the same way with clip(topup_ability + sd · z_top[s], …);
    * rule off: Binomial(to_pool[i], join_without_rule) quantile of u_found join with the new
      members' abilities;
    * then each reserve in slot s leaves when u_leave[s] < clip(migration_rate · ((1 −
      remote_factor) + remoteness[i]) · wage_ratio, 0, 1).

    The numbers are village i's keyed slots of stream `k`: u_leave at slots[0] + s, z_new at
    slots[1] + s, z_top at slots[2] + s, u_found at slots[3] (a normal only computed where a
    reserve comes in). `state` = (to_pool, remoteness). Returns how many left in each block of
    `per_block` villages. (`reserve_year_parallel`: the same on numba's threads.)"""
    n = reserves.shape[0]
    left = np.zeros(n // per_block, dtype=np.int64)
    _reserve_range(0, n, reserves, state, k, slots, coef, per_block, left)
    return left


@_pjit
def reserve_year_parallel(reserves, state, k, slots, coef, per_block, chunk):  # pragma: no cover
    """`reserve_year` with the villages cut into fixed pieces of `chunk` spread over numba's
    threads (`prange`): a village's numbers are keyed by (block, element, slot), not by the
    thread, and the counts are integer sums per piece added afterwards, so the result is the
    same bits whatever the number of threads."""
    n = reserves.shape[0]
    pieces = (n + chunk - 1) // chunk
    left = np.zeros((pieces, n // per_block), dtype=np.int64)
    for c in numba.prange(pieces):
        _reserve_range(c * chunk, min(c * chunk + chunk, n), reserves, state, k, slots, coef, per_block, left[c])
    return left.sum(axis=0)


_SMALL_RUN = 1 << 4  # `_stable_order` places pieces of this many by counting, then merges them


@_jit
def _stable_order(vals, idx, tv, ti, n):  # pragma: no cover
    """Sort vals[0:n] ascending, carrying idx, stably (equal values keep their order); `tv`,
    `ti`: scratch of n or more. Pieces of `_SMALL_RUN` are placed by counting (an element's
    place is how many of its piece are below it, or equal and before it: no branch, so the
    compiler vectorises it), then merged pairwise, the left run's element first on a tie (a
    select, not a branch: the order of random scores is not predictable). Returns the array
    (idx or ti) that holds the order. Nothing is recursive (numba caches no recursion)."""
    for lo in range(0, n, _SMALL_RUN):
        hi = min(lo + _SMALL_RUN, n)
        for i in range(lo, hi):
            x = vals[i]
            c = 0
            for j in range(lo, i):
                c += vals[j] <= x
            for j in range(i + 1, hi):
                c += vals[j] < x
            tv[lo + c] = x
            ti[lo + c] = idx[i]
    src_v, src_i, dst_v, dst_i = tv, ti, vals, idx
    width = _SMALL_RUN
    while width < n:
        for lo in range(0, n, 2 * width):
            mid, hi = min(lo + width, n), min(lo + 2 * width, n)
            i, j, k = lo, mid, lo
            while i < mid and j < hi:
                right = src_v[j] < src_v[i]
                dst_v[k] = src_v[j] if right else src_v[i]
                dst_i[k] = src_i[j] if right else src_i[i]
                j += right
                i += 1 - right
                k += 1
            while i < mid:
                dst_v[k], dst_i[k] = src_v[i], src_i[i]
                i += 1
                k += 1
            while j < hi:
                dst_v[k], dst_i[k] = src_v[j], src_i[j]
                j += 1
                k += 1
        src_v, src_i, dst_v, dst_i = dst_v, dst_i, src_v, src_i
        width *= 2
    return src_i


@_jit
def _rank_groups(g_lo, g_hi, score, starts, pos):  # pragma: no cover
    """Runs g_lo … g_hi − 1 of `rank_runs`, written into `pos`: each run's scores copied into
    scratch and sorted there with their positions (`_stable_order`)."""
    longest = 0
    for g in range(g_lo, g_hi):
        longest = max(longest, starts[g + 1] - starts[g])
    vals, tv = np.empty(longest), np.empty(longest)
    idx, ti = np.empty(longest, dtype=np.int64), np.empty(longest, dtype=np.int64)
    for g in range(g_lo, g_hi):
        a, b = starts[g], starts[g + 1]
        n = b - a
        for j in range(n):
            vals[j] = score[a + j]
            idx[j] = j
        order = _stable_order(vals, idx, tv, ti, n)
        for r in range(n):
            pos[a + order[r]] = r


@_jit
def rank_runs(score, starts):  # pragma: no cover
    """`model.rules.groups.rank_in_group` for groups in runs: the position of each element by
    ascending `score` within its run ``starts[g]:starts[g+1]`` (0 = lowest; ties by index — a
    stable sort per run, `_stable_order`; numpy's stable argsort gives the same positions).
    (`rank_runs_parallel`: the same on numba's threads.)"""
    pos = np.empty(score.shape[0], dtype=np.int64)
    _rank_groups(0, starts.shape[0] - 1, score, starts, pos)
    return pos


@_jit
def runs_of_piece(first, c, pieces, chunk):  # pragma: no cover
    """(g_lo, g_hi): the runs a threaded loop's piece c takes — those that start in elements
    c · chunk … (c + 1) · chunk − 1 (`first`: each run's first element, ascending), the last
    piece also the empty runs at the end. Pieces fixed by `chunk` alone, a run whole in one."""
    g_lo = np.searchsorted(first, c * chunk)
    g_hi = first.shape[0] if c == pieces - 1 else np.searchsorted(first, (c + 1) * chunk)
    return g_lo, g_hi


@_pjit
def rank_runs_parallel(score, starts, chunk):  # pragma: no cover
    """`rank_runs` over numba's threads: piece c ranks the runs that start in elements
    c · chunk … (c + 1) · chunk − 1 (the last piece also the empty runs at the end), pieces
    fixed by `chunk` alone. A run is ranked whole by one thread, and every position depends on
    its own run only, so the same bits on any number of threads."""
    n, groups = score.shape[0], starts.shape[0] - 1
    pos = np.empty(n, dtype=np.int64)
    pieces = (n + chunk - 1) // chunk
    first = starts[:groups]
    for c in numba.prange(pieces):
        g_lo, g_hi = runs_of_piece(first, c, pieces, chunk)
        _rank_groups(g_lo, g_hi, score, starts, pos)
    return pos


@_jit
def _median_groups(g_lo, g_hi, x, starts, out):  # pragma: no cover
    """Runs g_lo … g_hi − 1 of `median_runs`, written into `out`."""
    longest = 0
    for g in range(g_lo, g_hi):
        longest = max(longest, starts[g + 1] - starts[g])
    buf = np.empty(longest)
    for g in range(g_lo, g_hi):
        a, n = starts[g], starts[g + 1] - starts[g]
        if n == 0:
            out[g] = np.nan
            continue
        has_nan = False
        for j in range(n):
            buf[j] = x[a + j]
            has_nan |= np.isnan(buf[j])
        if has_nan:
            out[g] = np.nan
            continue
        s = np.partition(buf[:n], n // 2)  # s[n // 2] in place, s[:n // 2] the smaller ones
        if n % 2:
            out[g] = s[n // 2]
        else:
            out[g] = (s[:n // 2].max() + s[n // 2]) / 2


@_jit
def median_runs(x, starts):  # pragma: no cover
    """`model.rules.groups.median_in_group` for groups in runs: the median of each run
    ``x[starts[g]:starts[g+1]]`` as ``np.median`` gives it — the middle value, or the mean
    of the two middle values, (a + b) / 2; NaN for an empty run or one holding a NaN. A
    selection (`np.partition`), not a sort. (`median_runs_parallel`: the same on numba's threads.)"""
    out = np.empty(starts.shape[0] - 1)
    _median_groups(0, starts.shape[0] - 1, x, starts, out)
    return out


@_pjit
def median_runs_parallel(x, starts, chunk):  # pragma: no cover
    """`median_runs` over numba's threads, its runs in pieces as `rank_runs_parallel` cuts them
    (by where they start, fixed by `chunk` alone); a run's median is taken whole by one thread:
    the same bits on any number of threads."""
    n, groups = x.shape[0], starts.shape[0] - 1
    out = np.empty(groups)
    pieces = max((n + chunk - 1) // chunk, 1)
    first = starts[:groups]
    for c in numba.prange(pieces):
        g_lo, g_hi = runs_of_piece(first, c, pieces, chunk)
        _median_groups(g_lo, g_hi, x, starts, out)
    return out


class GuidanceCoef(NamedTuple):
    """The scenario's numbers that `guidance_classified` uses (see `model.rules.attention.guidance`)."""

    weight_backward: float  # guidance.weight_backward
    weight_middle: float  # guidance.weight_middle
    weight_advanced: float  # guidance.weight_advanced
    aim: float  # five_good.threshold + five_good.gap_margin
    min_weight: float  # five_good.min_weight
    advanced_effort: float  # guidance.advanced_effort


@_jit
def _guidance_range(lo, hi, pos, size, state, coef, extra):  # pragma: no cover
    """Villages lo … hi − 1 of `guidance_classified`."""
    dims, sec_present, weights, dim_split = state
    nd = dims.shape[1]
    gap = np.empty(nd)
    for i in range(lo, hi):
        pct = pos[i] / max(size[i] - 1, 1)
        backward = pct < 1 / 3
        advanced = pct >= 2 / 3
        if backward:
            weights[i] = coef.weight_backward
        elif advanced:
            weights[i] = coef.weight_advanced
        else:
            weights[i] = coef.weight_middle
            total = 0.0
            for k in range(nd):
                gap[k] = max(coef.aim - dims[i, k], coef.min_weight)
                total = gap[k] if k == 0 else total + gap[k]
            for k in range(nd):
                dim_split[i, k] = nd * gap[k] / total
        extra[i] = coef.advanced_effort * (1.0 if advanced else 0.0) * (1.0 if sec_present[i] else 0.0)


@_jit
def guidance_classified(pos, size, state, coef, extra):  # pragma: no cover
    """`model.rules.attention.guidance`, policy 'classified', for every village i:
    pct = pos[i] / max(size[i] − 1, 1) (its percentile in its township as it sees it);
    backward when pct < 1/3, advanced when pct ≥ 2/3, middle otherwise; weights[i] =
    weight_backward / weight_middle / weight_advanced; a middle village's dim_split[i, k] =
    5 · gap_k / Σ_k gap_k with gap_k = max(aim − dims[i, k], min_weight) (summed in column
    order); extra[i] = advanced_effort · advanced · sec_present[i] (the effort to add).
    `state` = (dims, sec_present, weights, dim_split); weights, dim_split and extra are written.
    (`guidance_classified_parallel`: the same on numba's threads.)"""
    _guidance_range(0, pos.shape[0], pos, size, state, coef, extra)


@_pjit
def guidance_classified_parallel(pos, size, state, coef, extra, chunk):  # pragma: no cover
    """`guidance_classified` over numba's threads in fixed pieces of `chunk` villages (each
    village reads and writes only its own elements: the same bits on any number of threads)."""
    n = pos.shape[0]
    for c in numba.prange((n + chunk - 1) // chunk):
        _guidance_range(c * chunk, min(c * chunk + chunk, n), pos, size, state, coef, extra)


@_jit
def _perceive_range(lo, hi, dims, township, factor, z, kth, lead, out):  # pragma: no cover
    """Villages lo … hi − 1 of `perceive_views`."""
    score, margin = out
    nd = dims.shape[1]
    buf = np.empty(nd)
    for i in range(lo, hi):
        error = factor[township[i]] * z[i]
        total = 0.0
        for j in range(nd):  # insertion sort of the short row, summed as it goes
            val = dims[i, j]
            total = val if j == 0 else total + val
            p = j
            while p > 0 and buf[p - 1] > val:
                buf[p] = buf[p - 1]
                p -= 1
            buf[p] = val
        score[i] = total / nd + error
        margin[i] = min(dims[i, lead], buf[kth]) + error


@_jit
def perceive_views(dims, township, factor, z, kth, lead, out):  # pragma: no cover
    """`model.rules.attention.perceive` (A5/C3) for every village i: error = (perception_sd ·
    factor[township[i]]) · z[i], factor = 1 − the township leaders' mean knowledge;
    score[i] = mean_k dims[i, k] (summed in column order, / 5) + error; margin[i] = A4's
    margin min(dims[i, lead], the kth-smallest (0-based) dimension) + error. `factor` is
    already × perception_sd per township; `out` = (score, margin), written.
    (`perceive_views_parallel`: the same on numba's threads.)"""
    _perceive_range(0, dims.shape[0], dims, township, factor, z, kth, lead, out)


@_pjit
def perceive_views_parallel(dims, township, factor, z, kth, lead, out, chunk):  # pragma: no cover
    """`perceive_views` over numba's threads in fixed pieces of `chunk` villages (each village
    reads and writes only its own elements: the same bits on any number of threads)."""
    n = dims.shape[0]
    for c in numba.prange((n + chunk - 1) // chunk):
        _perceive_range(c * chunk, min(c * chunk + chunk, n), dims, township, factor, z, kth, lead, out)


@_jit
def _add_keyed_range(lo, hi, reserves, counts, k, off, ability):  # pragma: no cover
    """Villages lo … hi − 1 of `add_keyed`."""
    cap = reserves.shape[1]
    per_block = k.per_block
    nw = cap  # one word a normal
    words = np.empty((nw, 1), dtype=np.uint64)
    mean, sd, lo_ab = ability
    for i in range(lo, hi):
        if counts[i] > 0:  # few villages (C9 places a graduate in ≈ 5% a year): one element at a time
            b = i // per_block
            e = i - b * per_block
            _words(k, e, b, off, nw, words[:, 0])
            _add(reserves[i], counts[i], mean, sd, lo_ab, words, 0, 0, k, b, e, off)


@_jit
def add_keyed(reserves, counts, k, off, ability):  # pragma: no cover
    """`model.rules.reserves.add_reserves` with keyed abilities (C9's placed graduates): up to
    counts[i] new reserves into the empty slots of row i, in slot order; the one in slot s has
    ability clip(mean + sd · z_s, lo, 1), z_s village i's normal slot off + s of stream `k`
    (computed only where counts[i] > 0). `ability` = (mean, sd, lo). (`add_keyed_parallel`:
    the same on numba's threads.)"""
    _add_keyed_range(0, reserves.shape[0], reserves, counts, k, off, ability)


@_pjit
def add_keyed_parallel(reserves, counts, k, off, ability, chunk):  # pragma: no cover
    """`add_keyed` over numba's threads in fixed pieces of `chunk` villages (a village's normals
    are keyed by (block, element, slot) and it writes only its own row: the same bits on any
    number of threads)."""
    n = reserves.shape[0]
    for c in numba.prange((n + chunk - 1) // chunk):
        _add_keyed_range(c * chunk, min(c * chunk + chunk, n), reserves, counts, k, off, ability)


class MembersCoef(NamedTuple):
    """The scenario's numbers that `members_year` uses (see `model.rules.reserves.members`)."""

    recruit_rate: float  # members.recruit_rate
    team_offset: float  # members.team_offset
    remote_factor: float  # members.remote_factor
    push: float  # members.requirement_push with the requirement on, else 0 (not added)
    pushed: bool  # members.enabled
    loss_rate: float  # members.loss_rate
    team_gain: float  # members.team_gain
    gain_cap: int  # members.gain_cap
    reserve_share: float  # members.reserve_share
    months: int  # months in a year


@_jit
def _members_range(lo, hi, u, state, coef, out):  # pragma: no cover
    """Villages lo … hi − 1 of `members_year`."""
    team, remoteness, members, months_no_member = state
    members_out, recruits_out, months_out, bonus_out, pool_out = out
    for i in range(lo, hi):
        lam = coef.recruit_rate * (coef.team_offset + team[i]) * (1 - coef.remote_factor * remoteness[i])
        if coef.pushed:
            lam = lam + coef.push
        recruits = poisson_q(u[0, i], lam, exp_(-lam))
        lost = binom_q(u[1, i], members[i], coef.loss_rate)
        members_out[i] = max(members[i] + recruits - lost, 0)
        recruits_out[i] = recruits
        months_out[i] = 0 if recruits > 0 else months_no_member[i] + coef.months
        bonus_out[i] = coef.team_gain * min(recruits, coef.gain_cap)
        pool_out[i] = binom_q(u[2, i], recruits, coef.reserve_share)


@_jit
def members_year(u, state, coef, out):  # pragma: no cover
    """`model.rules.reserves.members` (C10) for every village i: lam = (recruit_rate ·
    (team_offset + team[i])) · (1 − remote_factor · remoteness[i]) (+ requirement_push with the
    requirement on); recruits = Poisson(lam) quantile of u[0, i]; lost = Binomial(members[i],
    loss_rate) quantile of u[1, i]; members' = max(members + recruits − lost, 0);
    months_no_member' = 0 if recruits > 0 else months_no_member + 12; team_bonus = team_gain ·
    min(recruits, gain_cap); to_pool = Binomial(recruits, reserve_share) quantile of u[2, i].
    `state` = (team, remoteness, members, months_no_member); `out` = (members', recruits,
    months_no_member', team_bonus, to_pool), written. (`members_year_parallel`: the same on
    numba's threads.)"""
    _members_range(0, u.shape[1], u, state, coef, out)


@_pjit
def members_year_parallel(u, state, coef, out, chunk):  # pragma: no cover
    """`members_year` over numba's threads in fixed pieces of `chunk` villages: each village
    reads only its own numbers and writes only its own outputs, so the same bits on any
    number of threads."""
    n = u.shape[1]
    for c in numba.prange((n + chunk - 1) // chunk):
        _members_range(c * chunk, min(c * chunk + chunk, n), u, state, coef, out)


@_jit
def _short_term_range(lo, hi, dim_split, township, s_t, kind, ratio, out):  # pragma: no cover
    """Villages lo … hi − 1 of `short_term_split`."""
    nd = dim_split.shape[1]
    nh, nv = ratio
    for i in range(lo, hi):
        s = s_t[township[i]]
        total = 0.0
        for k in range(nd):
            if kind[k] == 1:
                shift = 1 - s
            elif kind[k] == 2:
                shift = 1 + s * nh / nv
            else:
                shift = 1.0
            d = dim_split[i, k] * shift
            out[i, k] = d
            total = d if k == 0 else total + d
        f = nd / total
        for k in range(nd):
            out[i, k] *= f


@_jit
def short_term_split(dim_split, township, s_t, kind, ratio, out):  # pragma: no cover
    """`model.rules.attention.short_term` (C3) for every village i, with s = s_t[township[i]]:
    d_k = dim_split[i, k] · shift_k, shift_k = 1 − s for a capacity (hidden, kind 1) dimension,
    1 + (s · len(hidden)) / len(visible) for a visible one (kind 2; `ratio` = (len(hidden),
    len(visible))), 1 otherwise; out[i, k] = d_k · (5 / Σ_k d_k) (summed in column order).
    (`short_term_split_parallel`: the same on numba's threads.)"""
    _short_term_range(0, dim_split.shape[0], dim_split, township, s_t, kind, ratio, out)


@_pjit
def short_term_split_parallel(dim_split, township, s_t, kind, ratio, out, chunk):  # pragma: no cover
    """`short_term_split` over numba's threads in fixed pieces of `chunk` villages (each village
    writes only its own row: the same bits on any number of threads)."""
    n = dim_split.shape[0]
    for c in numba.prange((n + chunk - 1) // chunk):
        _short_term_range(c * chunk, min(c * chunk + chunk, n), dim_split, township, s_t, kind, ratio, out)

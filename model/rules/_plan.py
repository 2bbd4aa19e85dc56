"""Compiled (numba) loops for the yearly plan's rules at large scale.

The plan runs once a year over every village: at national scale (≈490,000 villages) or with
hundreds of replicate counties held as blocks of one world, a rule written as whole-array numpy
expressions makes a full temporary for each step; one compiled pass over the villages does the
same arithmetic, element by element, in the same order (so the same bits). Each loop is the
element-by-element form of the formula in its hook's docstring (`tests/test_plan_kernels.py`
recomputes them with plain numpy and compares). Arguments come grouped as in
`model.rules._yearly`: state arrays in tuples, the scenario's numbers in a named tuple.

Threaded variants (``*_parallel``): the same loop body (``_…_range``) over numba's threads,
in pieces that do not depend on the thread count, as `cadresim.compute` describes.

Compiled on first use and cached on disk (``cache=True``) beside this file; no fastmath.
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np

from ._kernels import _pairwise_sum  # numpy's pairwise float sum, for the per-block observables
from ._yearly import runs_of_piece

_jit = numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True)
_pjit = numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True, parallel=True)  # the threaded variants

_BIG = np.finfo(np.float64).max  # what numpy's nan_to_num puts for ±inf
_TINY = np.finfo(np.float64).tiny  # `groups.TINY`: a denominator that is never 0


class PayCoef(NamedTuple):
    """The scenario's numbers that `structured_pay_year` uses (see `model.rules.pay.structured_pay`)."""

    stars: bool  # stars.enabled
    pay_per_star: float  # stars.pay_per_star
    reward: bool  # a reward pool to share: pay.reward_pool_yuan > 0 and pay.reward_share > 0
    pool: float  # pay.reward_pool_yuan in this year's yuan
    share: float  # pay.reward_share
    review: bool  # review.enabled: ranked by review_score (NaN → −inf), else by reported_score


@_jit
def _maximum(a, b):  # pragma: no cover
    """``np.maximum(a, b)`` of two floats: a NaN in a is kept."""
    return a if (a >= b or np.isnan(a)) else b


@_jit
def _clip(x, lo, hi):  # pragma: no cover
    """``np.clip(x, lo, hi)`` of a float with bounds that are not NaN: NaN kept; the bound
    where x is not strictly beyond it (so −0.0 against a bound of 0.0 gives the bound)."""
    if np.isnan(x):
        return x
    x = x if x > lo else lo
    return x if x < hi else hi


@_jit
def _kth_smallest(buf, n, k):  # pragma: no cover
    """The k-th smallest (0-based) of buf[0:n] (no NaN), reordering buf: a selection around the
    median of three, each pass a three-way split (below, equal to, above the pivot) done by
    swaps whose step is the comparison (no branch on the data to mispredict; ties end it)."""
    lo, hi = 0, n  # the k-th lies in buf[lo:hi]
    while hi - lo > 1:
        a, b, c = buf[lo], buf[(lo + hi) // 2], buf[hi - 1]
        pivot = max(min(a, b), min(max(a, b), c))
        s = lo
        for j in range(lo, hi):  # buf[lo:s] < pivot
            x = buf[j]
            buf[j] = buf[s]
            buf[s] = x
            s += x < pivot
        t = s
        for j in range(s, hi):  # buf[s:t] == pivot
            x = buf[j]
            buf[j] = buf[t]
            buf[t] = x
            t += x <= pivot
        if k < s:
            hi = s
        elif k < t:
            return pivot
        else:
            lo = t
    return buf[lo]


@_jit
def _starts(group, g_max):  # pragma: no cover
    """Each group's start (starts[g]:starts[g+1]) in the order by group, from the counts of
    `group`'s values 0 … g_max."""
    starts = np.zeros(g_max + 2, dtype=np.int64)
    for i in range(group.shape[0]):
        starts[group[i] + 1] += 1
    for g in range(g_max + 1):
        starts[g + 1] += starts[g]
    return starts


@_jit
def _runs(group):  # pragma: no cover
    """Each group's start in `group` (starts[g]:starts[g+1]) when the groups come in runs
    0, 1, … (villages by county), else an empty array."""
    g_max = -1
    for i in range(group.shape[0]):
        if group[i] > g_max + 1 or (i > 0 and group[i] < group[i - 1]):
            return np.empty(0, dtype=np.int64)
        g_max = max(g_max, group[i])
    return _starts(group, g_max)


@_jit
def _group_order(group):  # pragma: no cover
    """The indices by group, in index order within a group (a stable counting sort), and each
    group's start in that order (starts[g]:starts[g+1]); `group` holds 0 … G − 1."""
    n = group.shape[0]
    g_max = -1
    for i in range(n):
        g_max = max(g_max, group[i])
    starts = _starts(group, g_max)
    fill = starts[:-1].copy()
    order = np.empty(n, dtype=np.int64)
    for i in range(n):
        order[fill[group[i]]] = i
        fill[group[i]] += 1
    return order, starts


@_jit
def _top(vals, n, k, buf, win):  # pragma: no cover
    """win[j] for j < n: the position of vals[j] among vals[0:n] by ascending value (ties by j,
    NaN last) is below k. Found without sorting: the k-th smallest value t is selected, then
    every value below t wins and the first of those equal to t fill the rest."""
    c = 0
    for j in range(n):
        if not np.isnan(vals[j]):
            buf[c] = vals[j]
            c += 1
    if k >= c:  # every number wins, and the first k − c NaN
        left = k - c
        for j in range(n):
            if np.isnan(vals[j]):
                win[j] = left > 0
                left -= 1
            else:
                win[j] = True
        return
    if k <= 0:
        for j in range(n):
            win[j] = False
        return
    t = _kth_smallest(buf, c, int(k) - 1)
    below = 0
    for j in range(n):
        if vals[j] < t:
            below += 1
    left = k - below  # the ties at t that still win, first by index
    for j in range(n):
        if vals[j] < t:
            win[j] = True
        elif vals[j] == t and left > 0:
            win[j] = True
            left -= 1
        else:
            win[j] = False


@_jit
def _neg_key(s, review):  # pragma: no cover
    """−score as D1 ranks it: under A3, numpy's nan_to_num(s, nan=−inf) first (NaN → −inf,
    ±inf → ±the largest float)."""
    if review:
        if np.isnan(s):
            s = -np.inf
        elif s == np.inf:
            s = _BIG
        elif s == -np.inf:
            s = -_BIG
    return -s


@_jit
def _reward_groups(g_lo, g_hi, score, starts, order, coef, reward):  # pragma: no cover
    """Counties g_lo … g_hi − 1 of `reward_shares` (their villages starts[g]:starts[g+1], in
    that order, or at those places of `order` when it is not empty)."""
    in_runs = order.shape[0] == 0
    biggest = 0
    for g in range(g_lo, g_hi):
        biggest = max(biggest, starts[g + 1] - starts[g])
    vals, buf = np.empty(biggest), np.empty(biggest)
    win = np.empty(biggest, dtype=np.bool_)
    for g in range(g_lo, g_hi):
        a, size = starts[g], starts[g + 1] - starts[g]
        for j in range(size):
            i = a + j if in_runs else order[a + j]
            vals[j] = _neg_key(score[i], coef.review)
        k = np.round(coef.share * size)
        _top(vals, size, k, buf, win)
        each = coef.pool / _maximum(k, 1.0)
        for j in range(size):
            i = a + j if in_runs else order[a + j]
            reward[i] = each if win[j] else 0.0


@_jit
def _county_order(county):  # pragma: no cover
    """The counties' starts, and the order to visit their villages in (empty: in runs)."""
    starts = _runs(county)
    order = np.empty(0, dtype=np.int64)
    if starts.shape[0] == 0:  # not in runs: visit each county's villages in index order
        order, starts = _group_order(county)
    return starts, order


@_jit
def reward_shares(score, county, coef, reward):  # pragma: no cover
    """D1's reward pool (`model.rules.pay.structured_pay`): x = −score (`_neg_key`); in each
    county, k = round(share · its size) (half to even, as ``np.round``); reward[i] = pool /
    max(k, 1) where village i's position by ascending x in its county (ties by index, NaN
    last: `groups.rank_in_group`) is below k, else 0."""
    starts, order = _county_order(county)
    _reward_groups(0, starts.shape[0] - 1, score, starts, order, coef, reward)


@_jit
def _pay_range(lo, hi, state, coef, out):  # pragma: no cover
    """Villages lo … hi − 1 of `structured_pay_year`, once the rewards are known."""
    base, stars, _, _, sec_pay = state
    star_pay, reward, sec_comp = out
    for i in range(lo, hi):
        if coef.stars:
            star_pay[i] = base[i] * coef.pay_per_star * stars[i]
            sec_pay[i] += star_pay[i]
        if coef.reward:
            sec_pay[i] += reward[i]
        sec_comp[i] = sec_pay[i]


@_jit
def structured_pay_year(state, coef, out):  # pragma: no cover
    """`model.rules.pay.structured_pay` (D1) for every village i, in one pass:
    star_pay[i] = sec_base_pay[i] · pay_per_star · stars[i] (stars on); with a reward pool,
    the best-scored round(reward_share · county size) of a county get pool / max(k, 1)
    (`reward_shares`: score = review_score with NaN → −inf under A3, reported_score without;
    ties by index); sec_pay[i] += star_pay[i], then += reward[i]; sec_comp[i] = sec_pay[i].
    `state` = (sec_base_pay, stars, score, county, sec_pay: written); `out` = (star_pay,
    reward, sec_comp), written (star_pay only with stars on, reward only with a pool).
    (`structured_pay_year_parallel`: the same on numba's threads.)"""
    if coef.reward:
        reward_shares(state[2], state[3], coef, out[1])
    _pay_range(0, state[0].shape[0], state, coef, out)


@_pjit
def structured_pay_year_parallel(state, coef, out, chunk):  # pragma: no cover
    """`structured_pay_year` over numba's threads: the counties' rewards in pieces cut by where
    a county starts in the visiting order (fixed by `chunk` alone), each county's selection
    whole on one thread; then the villages in fixed pieces of `chunk`. Nothing is summed
    across villages: the same bits on any number of threads."""
    n = state[0].shape[0]
    pieces = (n + chunk - 1) // chunk
    if coef.reward:
        starts, order = _county_order(state[3])
        groups = starts.shape[0] - 1
        first = starts[:groups]
        for c in numba.prange(pieces):
            g_lo, g_hi = runs_of_piece(first, c, pieces, chunk)
            _reward_groups(g_lo, g_hi, state[2], starts, order, coef, out[1])
    for c in numba.prange(pieces):
        _pay_range(c * chunk, min(c * chunk + chunk, n), state, coef, out)


@_jit
def _kth_of_five(a0, a1, a2, a3, a4, k):  # pragma: no cover
    """The k-th smallest (0-based) of five numbers (no NaN), by Knuth's 9-comparator sorting
    network of min/max (no branch to mispredict); equal (==) to ``np.sort``'s k-th."""
    a0, a1 = min(a0, a1), max(a0, a1)
    a3, a4 = min(a3, a4), max(a3, a4)
    a2, a4 = min(a2, a4), max(a2, a4)
    a2, a3 = min(a2, a3), max(a2, a3)
    a0, a3 = min(a0, a3), max(a0, a3)
    a0, a2 = min(a0, a2), max(a0, a2)
    a1, a4 = min(a1, a4), max(a1, a4)
    a1, a3 = min(a1, a3), max(a1, a3)
    a1, a2 = min(a1, a2), max(a1, a2)
    if k == 0:
        return a0
    if k == 1:
        return a1
    if k == 2:
        return a2
    return a3 if k == 3 else a4


@_jit
def _kth_of_row(dims, i, k):  # pragma: no cover
    """The k-th smallest (0-based) of row i of the 2-D `dims` (no NaN), a value equal (==) to
    ``np.sort(dims, axis=1)[i, k]`` (only compared, so −0.0 for 0.0 is the same): for five
    columns by `_kth_of_five`, else the element with fewer than k + 1 below it and at least
    k + 1 at or below it."""
    nd = dims.shape[1]
    if nd == 5:
        return _kth_of_five(dims[i, 0], dims[i, 1], dims[i, 2], dims[i, 3], dims[i, 4], k)
    out = dims[i, 0]
    for j in range(nd):
        x = dims[i, j]
        less, leq = 0, 0
        for m in range(nd):
            less += dims[i, m] < x
            leq += dims[i, m] <= x
        if less <= k < leq:
            out = x
    return out


class DistributeCoef(NamedTuple):
    """The scenario's numbers that `distribute_year` uses (see `model.rules.attention.distribute`)."""

    near_lo: float  # weak.threshold − attention.near_line_below
    near_hi: float  # weak.threshold + attention.near_line_band
    kth: int  # weak.min_dims − 1 (A4's margin: `assessment.weak_margin`)
    lead: int  # the leadership dimension


@_jit
def distribute_year(village, township_state, coef, per_block, out):  # pragma: no cover
    """`model.rules.attention.distribute` (A5) for every village i of township j, with B1's
    and A5/B7's observables: wsum_j = Σ weights over j's villages (in index order, as
    ``np.bincount``); pool_j = budget_j · n_villages_j · pool_share_j; help_i = pool_j ·
    weights_i / wsum_j + contact_help_i; attention[i, k] = help_i · dim_split[i, k].
    Observables per block (replicate): rel_i = help_i / max(mean_j, TINY) with mean_j = Σ help
    over j (index order) / n_villages_j; near_ratio = the mean of rel over the villages near
    the weak line (near_lo ≤ min(dims[i, lead], the kth-smallest dimension) < near_hi),
    weak_ratio over those in weak_true — each sum numpy's pairwise sum over the block's
    villages in index order (`model.per_block`), NaN where there are none.
    `village` = (weights, contact_help, dim_split, dims, weak_true, township); `township_state`
    = (budget, n_villages, pool_share); `out` = (attention, near_ratio, weak_ratio), written.
    (`distribute_year_parallel`: the same on numba's threads.)"""
    weights, contact_help, dim_split, dims, weak_true, township = village
    budget, n_villages, pool_share = township_state
    attention, near_ratio, weak_ratio = out
    n, nd = dim_split.shape
    m = budget.shape[0]
    wsum = np.zeros(m)
    for i in range(n):
        wsum[township[i]] += weights[i]
    pool = np.empty(m)
    for j in range(m):
        pool[j] = budget[j] * n_villages[j] * pool_share[j]
    hsum = np.zeros(m)
    for i in range(n):
        j = township[i]
        h = pool[j] * weights[i] / wsum[j] + contact_help[i]
        hsum[j] += h
        for k in range(nd):
            attention[i, k] = h * dim_split[i, k]
    mean = np.empty(m)
    for j in range(m):
        mean[j] = hsum[j] / n_villages[j]
    near_buf, weak_buf = np.empty(per_block), np.empty(per_block)
    for b in range(n // per_block):
        c_near, c_weak = 0, 0
        for i in range(b * per_block, (b + 1) * per_block):
            j = township[i]
            rel = (pool[j] * weights[i] / wsum[j] + contact_help[i]) / _maximum(mean[j], _TINY)
            margin = min(dims[i, coef.lead], _kth_of_row(dims, i, coef.kth))
            if margin >= coef.near_lo and margin < coef.near_hi:
                near_buf[c_near] = rel
                c_near += 1
            if weak_true[i]:
                weak_buf[c_weak] = rel
                c_weak += 1
        near_ratio[b] = _pairwise_sum(near_buf, 0, c_near) / c_near if c_near > 0 else np.nan
        weak_ratio[b] = _pairwise_sum(weak_buf, 0, c_weak) / c_weak if c_weak > 0 else np.nan


@_pjit
def distribute_year_parallel(village, township_state, coef, per_block, out, chunk):  # pragma: no cover
    """`distribute_year` over numba's threads when the villages come in runs by township (else
    `distribute_year` itself): piece c takes the townships that start in villages c · chunk …
    (c + 1) · chunk − 1 (fixed by `chunk` alone), each township whole — its sums in index order
    as the serial pass takes them — and marks each village's relative help and class; the
    blocks' observables are then gathered on one thread in index order and summed as there.
    The same bits on any number of threads."""
    weights, contact_help, dim_split, dims, weak_true, township = village
    budget, n_villages, pool_share = township_state
    attention, near_ratio, weak_ratio = out
    starts = _runs(township)
    if starts.shape[0] == 0:
        distribute_year(village, township_state, coef, per_block, out)
        return
    n, nd = dim_split.shape
    groups = starts.shape[0] - 1
    first = starts[:groups]
    rel = np.empty(n)
    kind = np.empty(n, dtype=np.int8)  # 1: near the weak line, 2: truly weak, 3: both
    pieces = (n + chunk - 1) // chunk
    for c in numba.prange(pieces):
        g_lo, g_hi = runs_of_piece(first, c, pieces, chunk)
        for j in range(g_lo, g_hi):
            a, b = starts[j], starts[j + 1]
            pool = budget[j] * n_villages[j] * pool_share[j]
            wsum = 0.0
            for i in range(a, b):
                wsum += weights[i]
            hsum = 0.0
            for i in range(a, b):
                h = pool * weights[i] / wsum + contact_help[i]
                hsum += h
                for k in range(nd):
                    attention[i, k] = h * dim_split[i, k]
            mean = hsum / n_villages[j]
            for i in range(a, b):
                rel[i] = (pool * weights[i] / wsum + contact_help[i]) / _maximum(mean, _TINY)
                margin = min(dims[i, coef.lead], _kth_of_row(dims, i, coef.kth))
                kind[i] = (1 if margin >= coef.near_lo and margin < coef.near_hi else 0) + (2 if weak_true[i] else 0)
    near_buf, weak_buf = np.empty(per_block), np.empty(per_block)
    for b in range(n // per_block):
        c_near, c_weak = 0, 0
        for i in range(b * per_block, (b + 1) * per_block):
            if kind[i] & 1:
                near_buf[c_near] = rel[i]
                c_near += 1
            if kind[i] & 2:
                weak_buf[c_weak] = rel[i]
                c_weak += 1
        near_ratio[b] = _pairwise_sum(near_buf, 0, c_near) / c_near if c_near > 0 else np.nan
        weak_ratio[b] = _pairwise_sum(weak_buf, 0, c_weak) / c_weak if c_weak > 0 else np.nan


@_jit
def add_column_help(help_fixed, amount, on, years):  # pragma: no cover
    """`model.rules.attention.rectification` (A4): help_fixed[i, k] += amount · (years[i] > 0)
    (as a float: amount · 1 or amount · 0) for each column k with on[k], in place."""
    for i in range(help_fixed.shape[0]):
        add = amount * (1.0 if years[i] > 0 else 0.0)
        for k in range(help_fixed.shape[1]):
            if on[k]:
                help_fixed[i, k] += add


@_jit
def add_graduate_help(help_fixed, cohorts, each, on):  # pragma: no cover
    """`model.rules.attention.graduates_serving` (C9): serving_i =
    (Σ cohorts[i, :], an integer) · each; help_fixed[i, k] += serving_i for the columns with
    on[k] (team, mechanism), += 0.0 for the others (as adding the (n, 5) help array did)."""
    for i in range(help_fixed.shape[0]):
        s = 0
        for c in range(cohorts.shape[1]):
            s += cohorts[i, c]
        serving = s * each
        for k in range(help_fixed.shape[1]):
            help_fixed[i, k] += serving if on[k] else 0.0


@_jit
def _before(a, b):  # pragma: no cover
    """a ranks strictly before b by ascending value, NaN last (as ``np.lexsort``'s order)."""
    return a < b or (np.isnan(b) and not np.isnan(a))


@_jit
def contact_year(score, township, total, shares, out):  # pragma: no cover
    """`model.rules.attention.contact` (B7) for every village i of township j: its position
    by ascending perceived `score` in j (ties by index, NaN last: `groups.rank_in_group`);
    contact_help[i] = f · total_j with f = shares[0] (the secretary's) at position 0, shares[1]
    (each other leader's) at 1 and 2, else 0.0; pool_share_j = 1 − Σ contact_help over j (in
    index order, as ``np.bincount``) / max(total_j, TINY). Only each township's three lowest are
    found (kept as the villages come, in index order), no rank of the rest.
    `out` = (contact_help, pool_share), written."""
    contact_help, pool_share = out
    n, m = score.shape[0], total.shape[0]
    low = np.empty((m, 3), dtype=np.int64)
    count = np.zeros(m, dtype=np.int64)
    for i in range(n):
        j = township[i]
        x = score[i]
        p = count[j]
        while p > 0 and _before(x, score[low[j, p - 1]]):
            p -= 1
        if p < 3:
            for q in range(min(count[j], 2), p, -1):
                low[j, q] = low[j, q - 1]
            low[j, p] = i
            count[j] = min(count[j] + 1, 3)
        contact_help[i] = 0.0 * total[j]
    for j in range(m):
        for p in range(count[j]):
            contact_help[low[j, p]] = (shares[0] if p == 0 else shares[1]) * total[j]
    s = np.zeros(m)
    for i in range(n):
        s[township[i]] += contact_help[i]
    for j in range(m):
        pool_share[j] = 1 - s[j] / _maximum(total[j], _TINY)


class EffortCoef(NamedTuple):
    """The scenario's numbers that `pay_ratios` and `effort_and_quit` use (see
    `model.rules.pay.effort_and_quitting`)."""

    wage: float  # the county's migrant wage this year
    peak: float  # outside.peak_factor
    slope: float  # outside.age_slope
    age_ref: float  # outside.age_ref
    floor: float  # outside.floor_factor
    effort_base: float  # incentive.effort_base
    effort_pay: float  # incentive.effort_pay
    effort_min: float  # incentive.effort_min
    effort_max: float  # incentive.effort_max
    quit_base: float  # incentive.quit_base
    quit_pay: float  # incentive.quit_pay
    quit_max: float  # incentive.quit_max


@_jit
def pay_ratios(comp, age, coef, ratio):  # pragma: no cover
    """D10's pay ratio (`model.rules.pay.effort_and_quitting`) for every cadre i: ratio[i] =
    comp[i] / max(wage · clip(peak − slope · (age[i] − age_ref), floor, peak), TINY)
    (`pay.outside_option`), as numpy's maximum and clip (NaN kept)."""
    for i in range(comp.shape[0]):
        factor = _clip(coef.peak - coef.slope * (age[i] - coef.age_ref), coef.floor, coef.peak)
        ratio[i] = comp[i] / _maximum(coef.wage * factor, _TINY)


@_jit
def effort_and_quit(log_ratio, coef, effort, neg):  # pragma: no cover
    """D10 with the rule on, before numpy's exp: effort[i] = clip(effort_base + effort_pay ·
    log_ratio[i], effort_min, effort_max) (`pay.effort_from_ratio`); neg[i] = −quit_pay ·
    log_ratio[i], the exponent of `quit_rates` (log and exp stay numpy's: numba's libm
    ones differ in the last bit)."""
    for i in range(log_ratio.shape[0]):
        effort[i] = _clip(coef.effort_base + coef.effort_pay * log_ratio[i], coef.effort_min, coef.effort_max)
        neg[i] = -coef.quit_pay * log_ratio[i]


@_jit
def quit_rates(power, coef, factor, scaled, out):  # pragma: no cover
    """D10 with the rule on (`pay.quit_rate`): out[i] = clip(quit_base · power[i], 0, quit_max),
    power = ratio^(−quit_pay) (`fpmath.exp` of `effort_and_quit`'s exponent), then × `factor`
    where `scaled` (directors' director_quit_factor, the product at most 1: a yearly chance)."""
    for i in range(power.shape[0]):
        q = _clip(coef.quit_base * power[i], 0.0, coef.quit_max)
        out[i] = min(q * factor, 1.0) if scaled else q


@_jit
def accept_year(state, accept, end_all, renew, line, u, coverage):  # pragma: no cover
    """`model.rules.stationed.accept` (C8) for every village i, in place: with acceptance on,
    st_program[i] = False where five_good[i] and not flagged[i] and not reported_weak[i]
    (the village passes); else with `end_all` (the programme's end) st_program[i] = False; then
    in a renewal round (`renew`), a needy village (income[i] < line or flagged[i]) joins where
    u[i] < coverage (st_program |= needy & (u < coverage); u is read only there).
    `state` = (st_program, five_good, flagged, reported_weak, income)."""
    st_program, five_good, flagged, reported_weak, income = state
    for i in range(st_program.shape[0]):
        if accept:
            if five_good[i] and not flagged[i] and not reported_weak[i]:
                st_program[i] = False
        elif end_all:
            st_program[i] = False
        if renew and not st_program[i] and (income[i] < line or flagged[i]) and u[i] < coverage:
            st_program[i] = True

"""Compiled (numba) passes for the year-end assessment, reporting and penalty rules at scale.

A year-end rule written as whole-array numpy makes a full temporary for every expression; at
national scale (≈490,000 villages) or 256 replicate counties held as blocks of one array world,
one compiled pass over the villages does the same arithmetic element by element, and computes
a keyed number only where the rule reads it (the number is a pure function of its key,
`cadresim.rng`, so drawing fewer of them changes none). Each loop is the element-by-element
form of the formula in its hook's docstring, in numpy's order of floating-point operations
(`tests/test_yearend_kernels.py` recomputes each with plain numpy and compares bit for bit).
A village's mean dimension is (((0 + d₀) + d₁) + …) / 5, as numpy's ``dims.mean(axis=1)``
sums a short row (left to right from 0; checked there too).

Threaded variants (``*_parallel``): the same loop body (``_…_range``) over numba's threads,
in pieces that do not depend on the thread count, as `cadresim.compute` describes.

Compiled on first use and cached on disk (``cache=True``) beside this file; no fastmath.
"""

from __future__ import annotations

import numba
import numpy as np

from ..keyed import element_words, keyed_lane, stream_counter, word_uniform, ziggurat_normal

_jit = numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True)
_pjit = numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True, parallel=True)  # the threaded variants


@_jit
def _maximum(a, b):  # pragma: no cover
    """np.maximum for two floats: NaN if either is NaN, else the larger."""
    if a != a or b != b:
        return a + b
    return a if a >= b else b


@_jit
def _row_mean(dims, i):  # pragma: no cover
    """dims[i].mean() as numpy takes it for a short row: (0 + d₀ + d₁ + …) left to right, / columns."""
    total = 0.0
    for k in range(dims.shape[1]):
        total += dims[i, k]
    return total / dims.shape[1]


@_jit
def _hide_range(lo, hi, dims, weak_true, township, falsify, k, off, inspect_share, true_score, state):  # pragma: no cover
    """Villages lo … hi − 1 of `report_hide`: true_score, and state[i] = 0 (not hidden), 1
    (hidden) or 2 (hidden and caught)."""
    c_unit, sid, period = stream_counter(k)
    per_block = k.per_block
    words = np.empty(2, dtype=np.uint64)
    for i in range(lo, hi):
        true_score[i] = _row_mean(dims, i)
        st = 0
        if weak_true[i]:
            b = i // per_block
            element_words(k.keys[b, 0], k.keys[b, 1], c_unit, sid, period, i - b * per_block, off, 2, words)
            if word_uniform(words[0]) < falsify[township[i]]:
                st = 2 if word_uniform(words[1]) < inspect_share else 1
        state[i] = st


@_jit
def _hide_marks(state, township, per_block, out):  # pragma: no cover
    """`report_hide`'s outputs from each village's state (in index order, on one thread)."""
    _, hidden_out, caught_t, caught_b = out
    caught_t[:] = False
    caught_b[:] = 0
    for i in range(state.shape[0]):
        hidden_out[i] = state[i] == 1
        if state[i] == 2:
            caught_t[township[i]] = True
            caught_b[i // per_block] += 1


@_jit
def report_hide(dims, weak_true, township, falsify, k, off, inspect_share, out):  # pragma: no cover
    """`model.rules.reporting.report` (E1), its first pass, for every village i:
    true_score[i] = mean_k dims[i, k]; hidden = weak_true[i] and u₀ < falsify[township[i]];
    caught = hidden and u₁ < inspect_share; hidden'[i] = hidden and not caught; a township
    with a caught village is marked in caught_t, and each block counts its caught villages.
    u₀, u₁ are village i's keyed uniforms at slots off, off + 1 of stream `k` (computed only
    where read: u₀ for a weak village, u₁ for a hidden one). `out` = (true_score, hidden',
    caught_t, caught_b), written (caught_t and caught_b zeroed first). (`report_hide_parallel`:
    the same on numba's threads.)"""
    state = np.empty(dims.shape[0], dtype=np.int8)
    _hide_range(0, dims.shape[0], dims, weak_true, township, falsify, k, off, inspect_share, out[0], state)
    _hide_marks(state, township, k.per_block, out)


@_pjit
def report_hide_parallel(dims, weak_true, township, falsify, k, off, inspect_share, out, chunk):  # pragma: no cover
    """`report_hide` with the villages' scores and draws over numba's threads in fixed pieces of
    `chunk` (the draws keyed by (block, element, slot)); the townships' marks and the blocks'
    counts are then taken on one thread in index order: the same bits on any number of threads."""
    n = dims.shape[0]
    state = np.empty(n, dtype=np.int8)
    for c in numba.prange((n + chunk - 1) // chunk):
        _hide_range(c * chunk, min(c * chunk + chunk, n), dims, weak_true, township, falsify, k, off, inspect_share,
                    out[0], state)
    _hide_marks(state, township, k.per_block, out)


@_jit
def report_scores(true_score, hidden, weak_true, county, fine, out):  # pragma: no cover
    """`model.rules.reporting.report` (E1), its second pass: reported_score[i] =
    max(true_score[i], fine[county[i]]) for a hidden village, true_score[i] otherwise;
    reported_weak[i] = weak_true[i] and not hidden[i]. `out` = (reported_score, reported_weak)."""
    score, weak = out
    for i in range(true_score.shape[0]):
        score[i] = _maximum(true_score[i], fine[county[i]]) if hidden[i] else true_score[i]
        weak[i] = weak_true[i] and not hidden[i]


@_jit
def _clip(x, lo, hi):  # pragma: no cover
    """np.clip for one float (NaN stays NaN)."""
    y = lo if x < lo else x  # np.minimum(np.maximum(x, lo), hi)
    return hi if y > hi else y


@_jit
def quota_flags(pos, size, county, score, tracked, quota, skips, flagged):  # pragma: no cover
    """`model.rules.assessment.flag` (A7), its quota: flagged[i] = pos[i] < round(quota ·
    size[i]), pos the village's position in its county by reported score (ties by index), size
    the county's villages. With `skips` (quota_skips_tracked) the quota passes over villages
    still tracked: flagged[i] = free[i] and qpos[i] < round(quota · size[i]), free = tracked[i]
    == 0 and qpos the village's position among the free villages of its county — its rank with
    every tracked village's score set to +inf, as numpy's ``rank_in_group(np.where(free, score,
    inf), county)``, read off `pos`'s order (the free villages before it in that order). Returns
    False (nothing written) where that cannot hold: a free village's score not finite."""
    n = pos.shape[0]
    if not skips:
        for i in range(n):
            flagged[i] = pos[i] < np.round(quota * size[i])
        return True
    groups = 0
    for i in range(n):
        if tracked[i] == 0 and not np.isfinite(score[i]):
            return False
        groups = max(groups, county[i] + 1)
    start = np.zeros(groups + 1, dtype=np.int64)
    for i in range(n):
        start[county[i] + 1] += 1
    for c in range(groups):
        start[c + 1] += start[c]
    order = np.empty(n, dtype=np.int64)
    for i in range(n):
        order[start[county[i]] + pos[i]] = i
    for c in range(groups):
        q = 0
        for j in range(start[c], start[c + 1]):
            i = order[j]
            if tracked[i] == 0:
                flagged[i] = q < np.round(quota * size[i])
                q += 1
            else:
                flagged[i] = False
    return True


@_jit
def trigger_hits(pos, state, coef, last, hit):  # pragma: no cover
    """`model.rules.assessment.trigger_mask` (A7's direct triggers) for every village i: hit[i]
    = sec_vacant_months > vacancy_months, or (with `last`) pos[i] == 0, or clip(dims[i, image]
    + satisfaction_offset, 0, 1) < trigger_satisfaction, or months_no_member ≥ no_member_months,
    or conflicts_year ≥ incidents. `state` = (sec_vacant_months, image column of dims,
    months_no_member, conflicts_year); `coef` = (vacancy_months, satisfaction_offset,
    trigger_satisfaction, no_member_months, incidents)."""
    vacant, image, no_member, conflicts = state
    vac, offset, sat, months, incidents = coef
    for i in range(pos.shape[0]):
        hit[i] = (vacant[i] > vac or (last and pos[i] == 0) or _clip(image[i] + offset, 0.0, 1.0) < sat
                  or no_member[i] >= months or conflicts[i] >= incidents)


@_jit
def weak_rows(dims, vacant_months, coef, lead, weak):  # pragma: no cover
    """`model.rules.assessment.weak_mask` (A4) for every village i: weak[i] = dims[i, lead] <
    threshold, or at least min_dims of its dimensions are below threshold, or vacant_months[i]
    > vacancy_months. `coef` = (threshold, min_dims, vacancy_months)."""
    thr, min_dims, vac = coef
    for i in range(dims.shape[0]):
        below = 0
        for k in range(dims.shape[1]):
            if dims[i, k] < thr:
                below += 1
        weak[i] = dims[i, lead] < thr or below >= min_dims or vacant_months[i] > vac


@_jit
def five_good_rows(dims, sec_present, weak_true, threshold, good):  # pragma: no cover
    """`model.rules.assessment.five_good` (A1) for every village i: good[i] = every dims[i, k]
    ≥ threshold, and sec_present[i], and not weak_true[i]."""
    for i in range(dims.shape[0]):
        ok = sec_present[i] and not weak_true[i]
        k = 0
        while ok and k < dims.shape[1]:
            ok = dims[i, k] >= threshold
            k += 1
        good[i] = ok


@_jit
def star_counts(dims, line, cols, weak_true, weak_below_three, stars):  # pragma: no cover
    """`model.rules.assessment.stars` (A2) for every village i: stars[i] = the number of star
    dimensions at or above their line: (dims[lead] + dims[team]) / 2 ≥ line[0], dims[dev] ≥
    line[1], dims[mech] ≥ line[2], (dims[lead] + dims[image]) / 2 ≥ line[3], dims[image] ≥
    line[4]; with `weak_below_three`, at most 2 for a weak village, at least 3 for another.
    `cols` = (lead, team, mech, dev, image)."""
    lead, team, mech, dev, image = cols
    for i in range(dims.shape[0]):
        s = 0
        if (dims[i, lead] + dims[i, team]) / 2 >= line[0]:
            s += 1
        if dims[i, dev] >= line[1]:
            s += 1
        if dims[i, mech] >= line[2]:
            s += 1
        if (dims[i, lead] + dims[i, image]) / 2 >= line[3]:
            s += 1
        if dims[i, image] >= line[4]:
            s += 1
        if weak_below_three:
            s = min(s, 2) if weak_true[i] else max(s, 3)
        stars[i] = s


@_jit
def _review_range(lo, hi, dims, state, coef, enabled, per_block, out, rect_b, remove_b):  # pragma: no cover
    """Villages lo … hi − 1 of `review_rows`, counting into rect_b and remove_b."""
    present, ability, effort, z, poor_reviews = state
    w, offset, noise, poor_thr, remove_after = coef
    score, poor_out, rectify, remove = out[0], out[1], out[2], out[3]
    for i in range(lo, hi):
        if present[i]:
            score[i] = (w * _row_mean(dims, i) + ((1 - w) * ability[i]) * (offset + effort[i])) + noise * z[i]
        else:
            score[i] = np.nan
        if enabled:
            poor = present[i] and score[i] < poor_thr
            p = poor_reviews[i] + 1 if poor else 0
            poor_out[i] = p
            rectify[i] = poor and p < remove_after
            remove[i] = poor and p >= remove_after
            if rectify[i]:
                rect_b[i // per_block] += 1
            if remove[i]:
                remove_b[i // per_block] += 1


@_jit
def review_rows(dims, state, coef, enabled, per_block, out):  # pragma: no cover
    """`model.rules.assessment.review` (A3) for every village i: score[i] = (w · mean_k dims[i, k]
    + ((1 − w) · ability[i]) · (effort_offset + effort[i])) + noise · z[i] for a secretary in
    post (`review_performance` + the reviewers' noise), NaN for a vacant post. With the rule on
    (`enabled`): poor = in post and score < poor_threshold; poor_reviews'[i] = poor_reviews[i] +
    1 if poor, else 0; rectify[i] = poor and poor_reviews' < remove_after; remove[i] = poor and
    poor_reviews' ≥ remove_after; each block (of `per_block` villages) counts both. `state` =
    (sec_present, sec_ability, sec_effort_year, z, poor_reviews); `coef` = (w, effort_offset,
    noise, poor_threshold, remove_after); `out` = (score, poor_reviews', rectify, remove,
    rectify per block, remove per block), written (the last five only with the rule on).
    (`review_rows_parallel`: the same on numba's threads.)"""
    rect_b, remove_b = out[4], out[5]
    if enabled:
        rect_b[:] = 0
        remove_b[:] = 0
    _review_range(0, dims.shape[0], dims, state, coef, enabled, per_block, out, rect_b, remove_b)


@_pjit
def review_rows_parallel(dims, state, coef, enabled, per_block, out, chunk):  # pragma: no cover
    """`review_rows` over numba's threads in fixed pieces of `chunk` villages; the blocks'
    counts are integer sums per piece added afterwards (the same bits on any number of threads)."""
    n = dims.shape[0]
    pieces = (n + chunk - 1) // chunk
    nb = out[4].shape[0]
    rect, rem = np.zeros((pieces, nb), dtype=np.int64), np.zeros((pieces, nb), dtype=np.int64)
    for c in numba.prange(pieces):
        _review_range(c * chunk, min(c * chunk + chunk, n), dims, state, coef, enabled, per_block, out, rect[c],
                      rem[c])
    if enabled:
        out[4][:] = rect.sum(axis=0)
        out[5][:] = rem.sum(axis=0)


@_jit
def favour_draw(township, changed, k, off, share, favoured):  # pragma: no cover
    """`model.rules.rotation.new_leaders` (C1/C2, for C1 rotate, B4 ranking and the sanctions),
    its villages: a village whose township has a new leader (changed[township[i]]) is favoured
    by him when u < `share` (u its keyed uniform at slot `off` of stream `k`, computed only
    there); every other village keeps favoured[i]. `favoured` is written in place."""
    c_unit, sid, period = stream_counter(k)
    per_block = k.per_block
    words = np.empty(1, dtype=np.uint64)
    for i in range(township.shape[0]):
        if changed[township[i]]:
            b = i // per_block
            element_words(k.keys[b, 0], k.keys[b, 1], c_unit, sid, period, i - b * per_block, off, 1, words)
            favoured[i] = word_uniform(words[0]) < share


@_jit
def _keyed_word(k, b, e, slot):  # pragma: no cover
    """Word `slot` of element e (block b) of stream `k`, as `keyed.element_words` gives it (lane
    slot % 4 of the element's block slot // 4), with no buffer to allocate."""
    c_unit, sid, period = stream_counter(k)
    return keyed_lane(np.uint64(e), np.uint64(slot // 4) | c_unit, sid, period, k.keys[b, 0], k.keys[b, 1], slot % 4)


@_jit
def _keyed_normal(k, i, slot):  # pragma: no cover
    """Village i's keyed normal at `slot` of stream `k` (as `Draws.normals` gives it)."""
    b = i // k.per_block
    e = i - b * k.per_block
    return ziggurat_normal(_keyed_word(k, b, e, slot), k.keys[b, 0], k.keys[b, 1], k.unit, k.sid, k.period, e, slot)


@_jit
def elect_keep(present, poor_reviews, u0, age, bias, age_limit, keep):  # pragma: no cover
    """`model.rules.elections.elect` (C4), who stands again and is kept: keep[i] = in post, not
    poorly reviewed (poor_reviews 0), u0[i] < incumbent_bias, and age < `age_limit` (retire_age
    − retire_margin_years)."""
    for i in range(present.shape[0]):
        keep[i] = present[i] and poor_reviews[i] == 0 and u0[i] < bias and age[i] < age_limit


@_jit
def elect_wins(keep, ability, state, noise, k, slot, wins):  # pragma: no cover
    """`model.rules.elections.elect` (C4), who wins from the pool: wins[i] = not keep[i], a pool
    (ability[i] not NaN), and (post vacant, or judged: ability[i] > sec_ability[i] + sd · z0,
    or poorly reviewed); sd the C5 selection noise (`model.rules.reserves.selection_noise`:
    noise_off with C5 off, else noise_direct for a direct election, noise_two_rec otherwise),
    z0 the village's keyed normal at `slot` of stream `k` (computed only where read). `state` =
    (sec_present, sec_ability, poor_reviews, direct_election); `noise` = (C5 on, noise_off,
    noise_direct, noise_two_rec). Returns how many won."""
    present, sec_ability, poor_reviews, direct = state
    enabled, off, noise_direct, two_rec = noise
    count = 0
    for i in range(keep.shape[0]):
        w = False
        if not keep[i] and not np.isnan(ability[i]):
            if not present[i] or poor_reviews[i] > 0:
                w = True
            else:
                sd = (noise_direct if direct[i] else two_rec) if enabled else off
                w = ability[i] > sec_ability[i] + sd * _keyed_normal(k, i, slot)
        wins[i] = w
        count += w
    return count


@_jit
def elect_directors(u, k, slot, state, coef, out):  # pragma: no cover
    """`model.rules.elections.elect` (C4/C5), directors and the C5 shares, for every village i:
    a director is replaced (new_dir) when not 一肩挑 (one_shoulder[i], before the re-draw) and
    u[1, i] > incumbent_bias: dir_present[i] set; dir_ability = clip(outside_ability + ability_sd
    · z1, min_ability, 1); dir_age = clip(new_age_mean + new_age_sd · z2, min_age, retire_age −
    1); dir_tenure = 0 (z1, z2 the village's keyed normals at slots slot + 1, slot + 2 of stream
    `k`, computed only for a new director). Others keep theirs. With C5 on (`coef.selection`)
    the shares are re-drawn: one_shoulder' = u[2, i] < one_shoulder_share, cross_serving' =
    u[3, i] < cross_serving_share, direct' = u[4, i] < direct_share (else kept); then a 一肩挑
    village's director is present as its secretary is. `state` = (one_shoulder, cross_serving,
    direct, sec_present, dir_present (written in place), dir_ability, dir_age, dir_tenure);
    `coef` = (incumbent_bias, outside_ability, ability_sd, min_ability, new_age_mean,
    new_age_sd, min_age, max_age, selection, one_shoulder_share, cross_serving_share,
    direct_share); `out` = (dir_ability', dir_age', dir_tenure', one_shoulder', cross_serving',
    direct')."""
    one_shoulder, cross_serving, direct, sec_present, dir_present, dir_ability, dir_age, dir_tenure = state
    (bias, outside, sd, min_ability, age_mean, age_sd, min_age, max_age, selection, s_one, s_cross,
     s_direct) = coef
    ability_out, age_out, tenure_out, one_out, cross_out, direct_out = out
    c_unit, sid, period = stream_counter(k)
    words = np.empty(2, dtype=np.uint64)
    for i in range(u.shape[1]):
        if not one_shoulder[i] and u[1, i] > bias:
            b = i // k.per_block
            e = i - b * k.per_block
            k0, k1 = k.keys[b, 0], k.keys[b, 1]
            element_words(k0, k1, c_unit, sid, period, e, slot + 1, 2, words)  # z1, z2
            z1 = ziggurat_normal(words[0], k0, k1, k.unit, k.sid, k.period, e, slot + 1)
            z2 = ziggurat_normal(words[1], k0, k1, k.unit, k.sid, k.period, e, slot + 2)
            dir_present[i] = True
            ability_out[i] = _clip(outside + sd * z1, min_ability, 1.0)
            age_out[i] = _clip(age_mean + age_sd * z2, min_age, max_age)
            tenure_out[i] = 0
        else:
            ability_out[i] = dir_ability[i]
            age_out[i] = dir_age[i]
            tenure_out[i] = dir_tenure[i]
        if selection:
            one_out[i] = u[2, i] < s_one
            cross_out[i] = u[3, i] < s_cross
            direct_out[i] = u[4, i] < s_direct
        else:
            one_out[i] = one_shoulder[i]
            cross_out[i] = cross_serving[i]
            direct_out[i] = direct[i]
        if one_out[i]:
            dir_present[i] = sec_present[i]

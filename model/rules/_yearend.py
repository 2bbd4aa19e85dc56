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

Compiled on first use and cached on disk (``cache=True``) beside this file; no fastmath.
"""

from __future__ import annotations

import numba
import numpy as np

from ..philox import element_words, stream_counter, word_uniform

_jit = numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True)


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
def report_hide(dims, weak_true, township, falsify, k, off, inspect_share, out):  # pragma: no cover
    """`model.rules.reporting.report` (E1), its first pass, for every village i:
    true_score[i] = mean_k dims[i, k]; hidden = weak_true[i] and u₀ < falsify[township[i]];
    caught = hidden and u₁ < inspect_share; hidden'[i] = hidden and not caught; a township
    with a caught village is marked in caught_t, and each block counts its caught villages.
    u₀, u₁ are village i's keyed uniforms at slots off, off + 1 of stream `k` (computed only
    where read: u₀ for a weak village, u₁ for a hidden one). `out` = (true_score, hidden',
    caught_t, caught_b), written (caught_t and caught_b zeroed first)."""
    true_score, hidden_out, caught_t, caught_b = out
    c_unit, sid, period = stream_counter(k)
    per_block = k.per_block
    words = np.empty(2, dtype=np.uint64)
    caught_t[:] = False
    caught_b[:] = 0
    for i in range(dims.shape[0]):
        true_score[i] = _row_mean(dims, i)
        hid = False
        if weak_true[i]:
            b = i // per_block
            element_words(k.keys[b, 0], k.keys[b, 1], c_unit, sid, period, i - b * per_block, off, 2, words)
            if word_uniform(words[0]) < falsify[township[i]]:
                hid = True
                if word_uniform(words[1]) < inspect_share:
                    hid = False
                    caught_t[township[i]] = True
                    caught_b[b] += 1
        hidden_out[i] = hid


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
    if x != x:
        return x
    return lo if x < lo else (hi if x > hi else x)


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
def review_rows(dims, state, coef, enabled, per_block, out):  # pragma: no cover
    """`model.rules.assessment.review` (A3) for every village i: score[i] = (w · mean_k dims[i, k]
    + ((1 − w) · ability[i]) · (effort_offset + effort[i])) + noise · z[i] for a secretary in
    post (`review_performance` + the reviewers' noise), NaN for a vacant post. With the rule on
    (`enabled`): poor = in post and score < poor_threshold; poor_reviews'[i] = poor_reviews[i] +
    1 if poor, else 0; rectify[i] = poor and poor_reviews' < remove_after; remove[i] = poor and
    poor_reviews' ≥ remove_after; each block (of `per_block` villages) counts both. `state` =
    (sec_present, sec_ability, sec_effort_year, z, poor_reviews); `coef` = (w, effort_offset,
    noise, poor_threshold, remove_after); `out` = (score, poor_reviews', rectify, remove,
    rectify per block, remove per block), written (the last five only with the rule on)."""
    present, ability, effort, z, poor_reviews = state
    w, offset, noise, poor_thr, remove_after = coef
    score, poor_out, rectify, remove, rect_b, remove_b = out
    if enabled:
        rect_b[:] = 0
        remove_b[:] = 0
    for i in range(dims.shape[0]):
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

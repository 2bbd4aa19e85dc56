"""Yearly (Q4) assessment of villages.

Rules: A4 (weak: leadership dimension, or `weak.min_dims` dimensions, below `weak.threshold`,
or a secretary post vacant over `weak.vacancy_months`), A1 (five-good: every dimension at or
above `five_good.threshold`, a secretary in post, not weak), A2 (one star per star dimension
at or above `stars.threshold`), A3 (述职评议 of every secretary: a noisy score; poor → a
rectification order; `review.remove_after` poor results running → removal), A6 (term-end
audits find low-integrity cadres), A7 (flagging for rectification within each county: a
bottom-ranking quota on what townships report and/or direct triggers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import compute
from ..state import DEV, IMAGE, LEAD, MECH, MONTHS, TEAM
from . import _yearend
from ._kernels import kth_smallest_rows
from ._yearend import five_good_rows, quota_flags, review_rows, star_counts, trigger_hits, weak_rows
from .groups import rank_in_group
from .posts import vacate_secretary

if TYPE_CHECKING:
    from ..scenario import Scenario
    from ..sim import CadreModel


def weak_mask(sc: Scenario, dims: np.ndarray, vacant_months: np.ndarray) -> np.ndarray:
    """A4 applied to a (n, 5) array of dimensions and the months each secretary post has been
    vacant: weak when leadership is below the line, or `weak.min_dims` dimensions are, or the
    post has been vacant longer than `weak.vacancy_months`."""
    weak = np.empty(dims.shape[0], dtype=bool)
    weak_rows(np.ascontiguousarray(dims, dtype=np.float64), vacant_months,
              (float(sc["weak.threshold"]), float(sc["weak.min_dims"]), float(sc["weak.vacancy_months"])), LEAD,
              weak)  # one compiled pass (`_yearend.weak_rows`)
    return weak


def weak_margin(sc: Scenario, dims: np.ndarray) -> np.ndarray:
    """A4's measure on the dimensions: the lower of leadership and the `weak.min_dims`-th lowest
    dimension; a village is weak on its dimensions when this is below `weak.threshold` (used
    to tell villages near the line, B1)."""
    kth = kth_smallest_rows(dims, int(sc["weak.min_dims"]) - 1)  # = np.sort(dims, axis=1)[:, k - 1]
    return np.minimum(dims[:, LEAD], kth)


def classify(model: CadreModel) -> None:
    """A4: the villages' true weak status."""
    v = model.v
    v.weak_true = weak_mask(model.sc, v.dims, v.sec_vacant_months)


def five_good(model: CadreModel) -> None:
    """A1: five-good when every dimension is at or above the standard, a secretary is in post
    and the village is not weak."""
    v = model.v
    good = np.empty(model.n, dtype=bool)
    five_good_rows(np.ascontiguousarray(v.dims, dtype=np.float64), v.sec_present, v.weak_true,
                   float(model.sc["five_good.threshold"]), good)  # one compiled pass (`_yearend.five_good_rows`)
    v.five_good = good


def star_dims(dims: np.ndarray) -> np.ndarray:
    """A2's five star dimensions from the five five-good dimensions: party building (leadership
    and team), economic development, social development (mechanism), harmony (leadership and
    image), public satisfaction (image)."""
    return np.stack([(dims[:, LEAD] + dims[:, TEAM]) / 2, dims[:, DEV], dims[:, MECH],
                     (dims[:, LEAD] + dims[:, IMAGE]) / 2, dims[:, IMAGE]], axis=1)


def stars(model: CadreModel) -> None:
    """A2: one star per star dimension at or above its standard, re-rated yearly:
    `stars.dev_threshold` for economic development, `stars.threshold` for the other four. With
    `stars.weak_below_three`, the scale's bottom is the weak line (A4): a village that is not
    weak is rated at least three stars, a weak one at most two (seed 002 §一(五)四: all 146
    villages rated three to five stars; facts 1.1d: below three stars → rectification). The
    star dimensions are `star_dims`'s, counted in one compiled pass (`_yearend.star_counts`)."""
    if model.sc["stars.enabled"]:
        v = model.v
        line = np.full(5, model.sc["stars.threshold"])
        line[1] = model.sc["stars.dev_threshold"]  # the economic-development star has its own standard
        s = np.empty(model.n, dtype=np.int64)
        star_counts(np.ascontiguousarray(v.dims, dtype=np.float64), line, (LEAD, TEAM, MECH, DEV, IMAGE), v.weak_true,
                    bool(model.sc["stars.weak_below_three"]), s)
        v.stars = s


def review_performance(model: CadreModel) -> np.ndarray:
    """A3: what the ≥80 reviewers judge: the secretary's own work more than the state of a
    village he may have inherited,

        village_weight · mean dimension + (1 − village_weight) · ability · (effort_offset + effort)

    so a poor result points at a weak or idle secretary, not merely at a difficult village."""
    v, sc = model.v, model.sc
    w = sc["review.village_weight"]
    return w * v.dims.mean(axis=1) + (1 - w) * v.sec_ability * (sc["review.effort_offset"] + v.sec_effort_year)


def review(model: CadreModel) -> None:
    """A3: Q4 述职评议 with `review.participants` reviewers: score = performance
    (`review_performance`) + noise_sd / √participants · z for a secretary in post (NaN for a
    vacant post); below `review.poor_threshold` → a rectification order; the
    `review.remove_after`-th poor result running → removal. Draws a normal a village (stream A3).
    (Scores and orders in one compiled pass, `_yearend.review_rows`.)"""
    v, sc = model.v, model.sc
    z = model.draws("A3").normals()
    noise = sc["review.noise_sd"] / np.sqrt(sc["review.participants"])
    n, enabled = model.n, bool(sc["review.enabled"])
    score, poor_reviews = np.empty(n), np.empty(n, dtype=np.int64)
    rectify, remove = np.empty(n, dtype=bool), np.empty(n, dtype=bool)
    counts = np.empty(model.blocks, dtype=np.int64), np.empty(model.blocks, dtype=np.int64)
    w = sc["review.village_weight"]
    args = (np.ascontiguousarray(v.dims, dtype=np.float64),
            (v.sec_present, v.sec_ability, v.sec_effort_year, z, np.asarray(v.poor_reviews, dtype=np.int64)),
            (float(w), float(sc["review.effort_offset"]), float(noise), float(sc["review.poor_threshold"]),
             float(sc["review.remove_after"])), enabled, model.nb, (score, poor_reviews, rectify, remove, *counts))
    if compute.threads_for(n) > 1:  # the same bits on any number of threads
        _yearend.review_rows_parallel(*args, compute.piece(n))
    else:
        review_rows(*args)
    v.review_score = score
    if not enabled:
        v.rectify_order[:] = False
        return
    v.poor_reviews, v.rectify_order = poor_reviews, rectify
    model.ledger.add("rectification_orders", counts[0])
    model.ledger.add("secretaries_removed", counts[1])
    if remove.any():
        vacate_secretary(model, remove)


def audit(model: CadreModel) -> None:
    """A6: the term-end audit finds the misconduct of a secretary below `audit.integrity_line`
    with probability `audit.detect_prob`; he is removed. Draws a uniform a village (stream A6)."""
    v, sc = model.v, model.sc
    u = model.draws("A6").uniforms()
    if not sc["audit.enabled"]:
        return
    found = v.sec_present & (v.sec_integrity < sc["audit.integrity_line"]) & (u < sc["audit.detect_prob"])
    model.ledger.add("audit_removed", model.per_block(found))
    if found.any():
        vacate_secretary(model, found)


def satisfaction(sc: Scenario, dims: np.ndarray) -> np.ndarray:
    """A7: a village's public-satisfaction survey result, its image dimension + offset (0–1)."""
    return np.clip(dims[:, IMAGE] + sc["flagging.satisfaction_offset"], 0.0, 1.0)


def trigger_mask(model: CadreModel, county_rank: np.ndarray | None = None) -> np.ndarray:
    """A7's direct triggers: secretary vacant over `trigger_vacancy_months`; last in its county's
    ranking (by reported score); satisfaction below `trigger_satisfaction`; no new member for
    `trigger_no_member_years`; `trigger_incidents` conflict incidents in the year.
    `county_rank`: each village's position in its county by reported score, if already known.
    (One compiled pass over the villages: `_yearend.trigger_hits`.)"""
    v, sc = model.v, model.sc
    last = bool(sc["flagging.trigger_last"])
    if last and county_rank is None:
        county_rank = rank_in_group(v.reported_score, v.county)[0]
    pos = county_rank if last else np.zeros(model.n, dtype=np.int64)
    coef = (float(sc["flagging.trigger_vacancy_months"]), float(sc["flagging.satisfaction_offset"]),
            float(sc["flagging.trigger_satisfaction"]), float(MONTHS * sc["flagging.trigger_no_member_years"]),
            float(sc["flagging.trigger_incidents"]))
    hit = np.empty(model.n, dtype=bool)
    trigger_hits(pos, (v.sec_vacant_months, np.ascontiguousarray(v.dims[:, IMAGE], dtype=np.float64),
                       v.months_no_member, v.conflicts_year), coef, last, hit)
    return hit


def flag(model: CadreModel) -> None:
    """A7: within each county, flag the bottom `flagging.quota` of villages by reported score
    (k = round(quota · villages of the county)) and/or those meeting a direct trigger
    (`trigger_mask`); with the rule off, the county takes the villages it classifies weak on
    the reports (A4). A flagged village is tracked (and helped) for `flagging.track_years` more
    years; with `flagging.quota_skips_tracked` the quota passes over villages still in
    rectification or tracking (a direct trigger still flags them): it takes those ranking below
    round(quota · villages) among the county's untracked ones. (The quota in one compiled pass,
    `_yearend.quota_flags`.)"""
    v, sc = model.v, model.sc
    if sc["flagging.enabled"]:
        pos, size = rank_in_group(v.reported_score, v.county)
        skips = bool(sc["flagging.quota_skips_tracked"])  # 整顿一批: the quota takes the next villages
        flagged = np.empty(model.n, dtype=bool)
        if not quota_flags(pos, size, v.county, v.reported_score, v.tracked_years, float(sc["flagging.quota"]),
                           skips, flagged):  # a free village's score not finite: rank them again
            free = v.tracked_years == 0
            qpos = rank_in_group(np.where(free, v.reported_score, np.inf), v.county)[0]
            flagged = free & (qpos < np.round(sc["flagging.quota"] * size))
        if sc["flagging.triggers"]:
            flagged |= trigger_mask(model, pos)
    else:
        flagged = v.reported_weak.copy()
    v.flagged = flagged
    v.tracked_years = np.where(flagged, sc["flagging.track_years"] + 1, np.maximum(v.tracked_years - 1, 0))

"""Yearly (Q4) assessment of villages.

Rules: A1 (five-good: all five dimensions at or above the standard), A4 (weak: leadership
dimension or `weak.min_dims` dimensions below the line, or a long secretary vacancy; flagged
villages are rectified), A2 (five-star rating), A3 (述职评议 of every secretary: a noisy score,
rectification orders, removal after repeated poor results), A6 (term-end audits), A7
(flagging by a bottom-ranking quota and/or direct triggers, on what townships report).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..state import DEV, IMAGE, LEAD, MECH, TEAM

if TYPE_CHECKING:
    from ..sim import CadreModel


def weak_mask(model: CadreModel, dims: np.ndarray) -> np.ndarray:
    """A4 applied to a (n, 5) array of dimensions and the vacancy record."""
    sc, v = model.sc, model.v
    below = dims < sc["weak.threshold"]
    return below[:, LEAD] | (below.sum(axis=1) >= sc["weak.min_dims"]) | (v.sec_vacant_months > sc["weak.vacancy_months"])


def year_classify(model: CadreModel) -> None:
    """A4 true weak status and A1 five-good status, from the true state."""
    v = model.v
    v.weak_true = weak_mask(model, v.dims)
    v.five_good = (v.dims >= model.sc["five_good.threshold"]).all(axis=1) & v.sec_present & ~v.weak_true


def star_dims(dims: np.ndarray) -> np.ndarray:
    """A2: party building, economic development, social development, harmony, satisfaction."""
    return np.stack([(dims[:, LEAD] + dims[:, TEAM]) / 2, dims[:, DEV], dims[:, MECH],
                     (dims[:, LEAD] + dims[:, IMAGE]) / 2, dims[:, IMAGE]], axis=1)


def year_stars(model: CadreModel) -> None:
    """A2: one star per star dimension at or above `stars.threshold` (rated yearly)."""
    if model.sc["stars.enabled"]:
        model.v.stars = (star_dims(model.v.dims) >= model.sc["stars.threshold"]).sum(axis=1)


def review_performance(model: CadreModel) -> np.ndarray:
    """A3: what the ≥80 reviewers judge: the secretary's own work (ability applied with this
    year's effort) more than the state of a village he may have inherited.

    Weighted 0.4 on the village's mean dimension and 0.6 on ability × (0.5 + effort), so a poor
    result points at a weak or idle secretary, not merely at a difficult village; removal after
    repeated poor results then replaces the weakest secretaries (mean score ≈ 0.6).
    """
    v = model.v
    return 0.4 * (np.add.reduce(v.dims, axis=1) / 5) + 0.6 * v.sec_ability * (0.5 + v.sec_effort_year)


def year_review(model: CadreModel) -> None:
    """A3: Q4 述职评议 with ≥80 participants; poor → rectification order; repeated → removal."""
    v, sc = model.v, model.sc
    z = model.streams["review"].standard_normal(model.n)
    perf = review_performance(model)
    model.review_score = np.where(v.sec_present, perf + 0.6 / np.sqrt(sc["review.participants"]) * z, np.nan)
    if not sc["review.enabled"]:
        v.rectify_order[:] = False
        return
    poor = v.sec_present & (model.review_score < sc["review.poor_threshold"])
    v.poor_reviews = np.where(poor, v.poor_reviews + 1, 0)
    v.rectify_order = poor & (v.poor_reviews < sc["review.remove_after"])
    remove = poor & (v.poor_reviews >= sc["review.remove_after"])
    model.ledger.add("rectification_orders", v.rectify_order.sum())
    if np.count_nonzero(remove):
        model.ledger.add("secretaries_removed", remove.sum())
        model.vacate_secretary(remove)


def audit(model: CadreModel) -> None:
    """A6: the term-end audit and democratic evaluation remove cadres found in misconduct."""
    v, sc = model.v, model.sc
    u = model.streams["audit"].random(model.n)
    if not sc["audit.enabled"]:
        return
    found = v.sec_present & (v.sec_integrity < 0.5) & (u < sc["audit.detect_prob"])
    if np.count_nonzero(found):
        model.ledger.add("audit_removed", found.sum())
        model.vacate_secretary(found)


def year_flag(model: CadreModel) -> None:
    """A7: flag the bottom quota by reported score and/or villages meeting a trigger; A4: rectify."""
    v, sc = model.v, model.sc
    n = model.n
    if sc["flagging.enabled"]:
        flagged = np.zeros(n, dtype=bool)
        k = int(round(sc["flagging.quota"] * n))
        if k > 0:
            flagged[np.argsort(v.reported_score, kind="stable")[:k]] = True
        if sc["flagging.triggers"]:
            flagged |= v.sec_vacant_months > sc["flagging.trigger_vacancy_months"]
            flagged |= v.months_no_member >= 12 * sc["flagging.trigger_no_member_years"]
    else:  # the county classifies by the A4 standard applied to what townships report
        flagged = model.reported_weak.copy()
    v.flagged = flagged
    v.tracked_years = np.where(flagged, sc["flagging.track_years"] + 1, np.maximum(v.tracked_years - 1, 0))

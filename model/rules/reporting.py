"""What townships report upward and what inspection finds.

Rules: E1 (false reporting is forbidden; a township under penalty pressure may still report a
weak village as fine, the more so the weaker the county's inspection; an inspected hidden
village is caught and the township penalised), E2 (quarterly reports: the county hears of a
vacancy within a reporting period and orders it filled).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._fast import clip as _clip

if TYPE_CHECKING:
    from ..sim import CadreModel


def month_reports(model: CadreModel) -> None:
    """E2: at each report the county learns which secretary posts are vacant."""
    sc = model.sc
    every = sc["reports.every_months"] if sc["reports.enabled"] else 12
    if (model.month + 1) % every == 0:
        model.v.reported_vacant = ~model.v.sec_present
    else:
        model.v.reported_vacant &= ~model.v.sec_present


def township_share(model: CadreModel, mask: np.ndarray) -> np.ndarray:
    """Share of each township's villages in `mask`."""
    return np.bincount(model.v.township, weights=mask, minlength=model.m) / model.t.n_villages


def year_report(model: CadreModel) -> None:
    """E1: townships report; under pressure some weak villages are hidden; inspections catch some."""
    v, t, sc = model.v, model.t, model.sc
    u = model.streams["report"].random((2, model.n))
    true_score = np.add.reduce(v.dims, axis=1) / 5  # dims.mean(axis=1), without its wrapper
    hidden = np.zeros(model.n, dtype=bool)
    model.caught_townships = np.zeros(model.m, dtype=bool)
    if sc["reporting.enabled"]:
        own = township_share(model, v.weak_true)
        pressure = _clip(own / max(sc["penalties.criticise_share"], 1e-9), 0, 1)
        pressure = np.maximum(pressure, (t.penalty_level > 0).astype(float))
        if not (sc["penalties.enabled"] or sc["ranking.enabled"]):
            pressure *= 0.0  # nothing to fear, nothing to hide
        t.pressure = pressure
        p_hide = sc["reporting.hide_prob"] * pressure[v.township] * max(0.0, 1 - sc["reporting.deterrence"] * sc["reporting.inspect_share"])
        hidden = v.weak_true & (u[0] < p_hide)
        caught = hidden & (u[1] < sc["reporting.inspect_share"])
        if np.count_nonzero(caught):
            model.ledger.add("misreport_caught", caught.sum())
            hit = np.bincount(v.township[caught], minlength=model.m) > 0
            model.caught_townships = hit
            model.ledger.add("warning_talk", hit.sum())
        hidden &= ~caught
    v.hidden = hidden
    fine = max(float(np.median(true_score)), sc["five_good.threshold"])
    v.reported_score = np.where(hidden, np.maximum(true_score, fine), true_score)
    model.reported_weak = v.weak_true & ~hidden

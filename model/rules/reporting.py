"""What townships report upward and what inspection finds.

Rules: E1 (false reporting is forbidden, but a township under penalty pressure may report a
weak village as fine — the more so the weaker the county's inspection; covering up takes
real time from village work; an inspected hidden village is caught, the township gets a
warning talk and does not try again the next year), E2 (quarterly reports: the county hears
of a vacancy within a reporting period and orders it filled).

What townships know (one stated assumption): a township knows which of its villages are
truly weak — it hides them from the county, not from itself — while its finer view of each
village, by which it spreads attention (A5), is noisy in proportion to its leaders' lack of
local knowledge (C3; `model.rules.attention.perceive`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import compute
from . import _yearend
from ._yearend import report_hide, report_scores
from .groups import median_in_group, share_in_group
from .posts import EPS

if TYPE_CHECKING:
    from ..sim import CadreModel


def month_reports(model: CadreModel) -> None:
    """E2: at each report (every `reports.every_months`; yearly with the rule off) the county
    learns which secretary posts are vacant."""
    sc = model.sc
    every = sc["reports.every_months"] if sc["reports.enabled"] else 12
    if (model.month + 1) % every == 0:
        model.v.reported_vacant = ~model.v.sec_present
    else:
        model.v.reported_vacant &= ~model.v.sec_present


def pressure(model: CadreModel) -> np.ndarray:
    """E1: each township's penalty exposure (0–1): its true weak share over the criticism line
    (capped at 1), or 1 while it is under criticism or warning; 0 when no rule judges
    townships on their villages (B1–B2 and B4 off)."""
    v, t, sc = model.v, model.t, model.sc
    if not (sc["penalties.enabled"] or sc["ranking.enabled"]):
        return np.zeros(model.m)
    own = share_in_group(v.weak_true, v.township, t.n_villages)
    p = np.clip(own / max(sc["penalties.criticise_share"], EPS), 0.0, 1.0)
    return np.maximum(p, (t.penalty_level > 0).astype(float))


def plan_falsify(model: CadreModel) -> None:
    """E1 (plan): a township's hiding tendency for the coming year,

        falsify = hide_prob · pressure · max(0, 1 − deterrence · inspect_share)

    (0 with the rule off, and for a township caught this year). Covering up costs
    `reporting.falsify_cost` × falsify of its leaders' village time (`model.rules.attention`)."""
    t, sc = model.t, model.sc
    t.pressure = pressure(model)
    if not sc["reporting.enabled"]:
        t.falsify = np.zeros(model.m)
        return
    deter = max(0.0, 1 - sc["reporting.deterrence"] * sc["reporting.inspect_share"])
    t.falsify = sc["reporting.hide_prob"] * t.pressure * deter * ~t.caught


def report(model: CadreModel) -> None:
    """E1 (Q4): each weak village is reported fine with its township's hiding tendency
    (u₀ < falsify); the county inspects `reporting.inspect_share` of villages and catches a
    hidden one it inspects (u₁ < inspect_share; its township gets a warning talk). A hidden
    village reports the better of its true score (its mean dimension) and its county's median
    (at least the five-good line); every other village its true score. Draws 2 uniforms a
    village (stream E1; keyed, each computed only where read: in the compiled passes
    `_yearend.report_hide` and `report_scores`)."""
    v, t, sc = model.v, model.t, model.sc
    g = model.draws("E1")
    off = g.slot
    g.skip(2)  # u₀ (hiding), u₁ (inspection)
    n = model.n
    true_score, hidden, caught = np.empty(n), np.empty(n, dtype=bool), np.empty(model.m, dtype=bool)
    caught_b = np.empty(model.blocks, dtype=np.int64)
    args = (np.ascontiguousarray(v.dims, dtype=np.float64), v.weak_true, v.township, t.falsify, g.keyed(), off,
            float(sc["reporting.inspect_share"]), (true_score, hidden, caught, caught_b))
    if compute.threads_for(n) > 1:  # the same bits on any number of threads
        _yearend.report_hide_parallel(*args, compute.piece(n))
    else:
        report_hide(*args)
    t.caught = caught
    t.sanction = np.where(t.caught, np.maximum(t.sanction, 2), t.sanction)
    model.ledger.add("misreport_caught", caught_b)
    model.ledger.add("warning_talk", model.per_block(t.caught))
    v.hidden = hidden
    counties = int(v.county.max()) + 1 if n else 0
    fine = np.maximum(median_in_group(true_score, v.county, counties), sc["five_good.threshold"])
    score, weak = np.empty(n), np.empty(n, dtype=bool)
    report_scores(true_score, hidden, v.weak_true, v.county, fine, (score, weak))
    v.reported_score, v.reported_weak = score, weak

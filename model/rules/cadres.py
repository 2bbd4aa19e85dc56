"""Village cadres month by month: ageing, tenure, local knowledge, effort, leaving.

Rules: C4 (the lame-duck last year of a village term), D10 (pay relative to the outside
option drives effort and quitting; the yearly effort level is set in `model.rules.pay`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._fast import clip as _clip
from ._kernels import cadres_month, leave_month

if TYPE_CHECKING:
    from ..sim import CadreModel

KNOWLEDGE_MONTHS = 24.0  # village secretaries are locals: knowledge of the post grows over ~2 years


def in_lame_duck_year(model: CadreModel) -> bool:
    """C4: the last 12 months of a village term ('三年等着换'), elections being county-wide."""
    term = model.sc["election.term_years"]
    return model.year % term == term - 1


def month_cadres(model: CadreModel) -> None:
    """Age, tenure and knowledge advance; this month's effort = yearly effort × term phase (C4).

        knowledge += (1 - knowledge) · present / KNOWLEDGE_MONTHS

    (a compiled loop, `_kernels.cadres_month`)."""
    v = model.v
    drop = 0.0
    if model.sc["election.lame_duck"] and in_lame_duck_year(model):
        drop = model.sc["election.lame_duck_drop"]
    cadres_month(v.sec_age, v.dir_age, v.sec_tenure, v.sec_service, v.dir_tenure, v.sec_present, v.dir_present,
                 v.sec_knowledge, v.sec_effort, v.sec_effort_year, 1 - drop, KNOWLEDGE_MONTHS)


def yearly_quit_rate(model: CadreModel, pay_ratio: np.ndarray) -> np.ndarray:
    """D10: yearly quit rate; ×e^{quit_pay} per unit log shortfall of pay against migrant work."""
    sc = model.sc
    if not sc["incentive.enabled"]:
        return np.full(pay_ratio.shape, sc["incentive.quit_base"])
    return _clip(sc["incentive.quit_base"] * np.exp(-sc["incentive.quit_pay"] * np.log(pay_ratio)), 0, 0.9)


def month_leave(model: CadreModel) -> None:
    """Secretaries and directors quit (D10), age out, or leave; posts fall vacant.

    Monthly probabilities from the yearly rates, ``1 - (1 - rate)^(1/12)`` (directors × 0.8);
    draws: (2, n) uniforms of stream ``leave`` (secretaries, directors)."""
    v = model.v
    u = model.streams["leave"].random((2, model.n))
    # monthly quit probabilities: they change only when the yearly plan replaces `model.quit_rate`
    cached = model._consts.get("leave_p")
    if cached is None or cached[0] is not model.quit_rate:
        p_sec = 1 - (1 - model.quit_rate) ** (1 / 12)
        cached = model._consts["leave_p"] = (model.quit_rate, p_sec, p_sec * 0.8)
    _, p_sec, p_dir = cached
    leaving = model.buffer("leaving", (model.n,), bool)
    quits, aged = leave_month(u, p_sec, p_dir, model.sc["county.retire_age"], v.sec_present, v.sec_age,
                              v.dir_present, v.dir_age, v.one_shoulder, leaving)
    if quits or aged:
        model.ledger.add("quits", quits)
        model.ledger.add("retirements", aged)
        model.vacate_secretary(leaving)

"""Village cadres month by month: ageing, tenure, local knowledge, effort, leaving.

Rules: C4 (the lame-duck last year of a village term), D10 (pay relative to the outside
option drives effort and quitting; the yearly effort level is set in `model.rules.pay`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._fast import clip as _clip

if TYPE_CHECKING:
    from ..sim import CadreModel

KNOWLEDGE_MONTHS = 24.0  # village secretaries are locals: knowledge of the post grows over ~2 years


def in_lame_duck_year(model: CadreModel) -> bool:
    """C4: the last 12 months of a village term ('三年等着换'), elections being county-wide."""
    term = model.sc["election.term_years"]
    return model.year % term == term - 1


def month_cadres(model: CadreModel) -> None:
    """Age, tenure and knowledge advance; this month's effort = yearly effort × term phase (C4)."""
    v = model.v
    v.sec_age += 1 / 12
    v.dir_age += 1 / 12
    v.sec_tenure += v.sec_present
    v.sec_service += v.sec_present
    v.dir_tenure += v.dir_present
    # sec_knowledge += (1 - sec_knowledge) * sec_present / KNOWLEDGE_MONTHS, in a scratch buffer
    tmp = model._consts.get("cadres_tmp")
    if tmp is None:
        tmp = model._consts["cadres_tmp"] = model.buffer("cadres_tmp", (model.n,))
    np.subtract(1, v.sec_knowledge, out=tmp)
    np.multiply(tmp, v.sec_present, out=tmp)
    np.divide(tmp, KNOWLEDGE_MONTHS, out=tmp)
    np.add(v.sec_knowledge, tmp, out=v.sec_knowledge)
    drop = 0.0
    if model.sc["election.lame_duck"] and in_lame_duck_year(model):
        drop = model.sc["election.lame_duck_drop"]
    np.multiply(v.sec_effort_year, 1 - drop, out=v.sec_effort)


def yearly_quit_rate(model: CadreModel, pay_ratio: np.ndarray) -> np.ndarray:
    """D10: yearly quit rate; ×e^{quit_pay} per unit log shortfall of pay against migrant work."""
    sc = model.sc
    if not sc["incentive.enabled"]:
        return np.full(pay_ratio.shape, sc["incentive.quit_base"])
    return _clip(sc["incentive.quit_base"] * np.exp(-sc["incentive.quit_pay"] * np.log(pay_ratio)), 0, 0.9)


def month_leave(model: CadreModel) -> None:
    """Secretaries and directors quit (D10), age out, or leave; posts fall vacant."""
    v, sc = model.v, model.sc
    u = model.streams["leave"].random((2, model.n))
    # monthly quit probabilities: they change only when the yearly plan replaces `model.quit_rate`
    cached = model._consts.get("leave_p")
    if cached is None or cached[0] is not model.quit_rate:
        p_sec = 1 - (1 - model.quit_rate) ** (1 / 12)
        cached = model._consts["leave_p"] = (model.quit_rate, p_sec, p_sec * 0.8)
    _, p_sec, p_dir = cached
    retire = sc["county.retire_age"]
    aged = v.sec_present & (v.sec_age >= retire)
    quit_ = v.sec_present & ~aged & (u[0] < p_sec)
    leaving = aged | quit_
    if np.count_nonzero(leaving):
        model.ledger.add("quits", np.count_nonzero(quit_))
        model.ledger.add("retirements", np.count_nonzero(aged))
        model.vacate_secretary(leaving)
    d_aged = v.dir_present & (v.dir_age >= retire)
    d_quit = v.dir_present & (u[1] < p_dir)
    d_leave = (d_aged | d_quit) & ~v.one_shoulder
    v.dir_present &= ~d_leave
    # one-shoulder villages: the director post follows the secretary
    np.copyto(v.dir_present, v.sec_present, where=v.one_shoulder)

"""Stationed cadres (驻村) sent by the county and townships.

Rules: C7 (a village with collective income ≥ 30,000 yuan gets one cadre, a poorer or
flagged village a team of three; cadres rotate each `stationed.rotation_years`, their local
knowledge resetting), C8 (acceptance after 3 years: villages that pass leave the programme,
those that fail keep their team until they pass; off: the programme ends on schedule),
D7 (300 yuan/month allowance; without it the cadres are less motivated, F10).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._kernels import stationed_month

if TYPE_CHECKING:
    from ..sim import CadreModel


def month_stationed(model: CadreModel) -> None:
    """C7: teams in place gain a month and local knowledge, ``k += (1 - k) / knowledge_months``."""
    v = model.v
    stationed_month(v.st_team, v.st_months, v.st_knowledge, model.sc["stationed.knowledge_months"])


def year_stationed(model: CadreModel) -> None:
    """C7: size and rotate the teams for the coming year; C8: accept; D7: book the allowance."""
    v, sc = model.v, model.sc
    if not sc["stationed.enabled"]:
        v.st_team[:] = 0
        return
    years_done = model.year + 1 if model.started else 0
    acc = sc["acceptance.years"]
    # C8 acceptance (seed 004 §四(五)): a village passes when it meets the five-good standard and
    # is neither flagged nor reported weak; 达不到要求、问题没有解决、群众不满意 → keep the team
    passed = v.five_good & ~v.flagged & ~model.reported_weak
    if years_done >= acc:  # from the first acceptance on, checked yearly
        if sc["acceptance.enabled"]:
            v.st_program &= ~passed  # pass → leave; fail → keep the team until passing
        elif years_done == acc:
            v.st_program[:] = False  # programme ends on schedule
    poor = v.income < sc["stationed.income_line_yuan"]
    size = np.where(poor | v.flagged, sc["stationed.team_large"], sc["stationed.team_small"])
    wanted = np.where(v.st_program | v.flagged, size, 0)
    rotate = (v.st_months >= 12 * sc["stationed.rotation_years"]) | (v.st_team == 0)
    v.st_months = np.where(rotate, 0, v.st_months)
    v.st_knowledge = np.where(rotate, 0.0, v.st_knowledge)
    v.st_team = wanted.astype(np.int64)
    if sc["stationed_pay.enabled"]:
        model.ledger.cost("stationed", v.st_team.sum() * sc["stationed_pay.allowance_yuan"] * 12)

"""Stationed cadres (驻村) sent by the county and townships.

Rules: C7 (a village with collective income ≥ `stationed.income_line_yuan` gets
`team_small` cadres, a poorer or flagged village `team_large`; cadres rotate every
`stationed.rotation_years`, their local knowledge resetting), C8 (acceptance after
`acceptance.years`: villages that pass leave the programme, those that fail keep their team
until they pass; off: the programme ends on schedule), D7 (`stationed_pay.allowance_yuan` a
month; without it the cadres are less motivated, F10: `model.rules.dynamics`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..state import MONTHS
from ._kernels import stationed_month
from ._plan import accept_year

if TYPE_CHECKING:
    from ..sim import CadreModel


def month_stationed(model: CadreModel) -> None:
    """C7: teams in place gain a month and local knowledge, ``k += (1 − k) / knowledge_months``."""
    v = model.v
    stationed_month(v.st_team, v.st_months, v.st_knowledge, float(model.sc["stationed.knowledge_months"]))


def accept(model: CadreModel) -> None:
    """C8 (seed 004 §四(五)): from `acceptance.years` on, yearly: a village that is five-good and
    neither flagged nor reported weak passes and leaves the programme; one that fails keeps
    its team. With the rule off the whole programme ends at `acceptance.years`. Then C7's
    renewal: at acceptance and every `stationed.renew_years` after (0: never), a new round
    enrols the villages that are poor (income below `stationed.income_line_yuan`, in this
    year's yuan: `model.yuan`) or flagged,
    each with `stationed.coverage` (F6: continuous, targeted programmes). Draws a uniform a
    village (stream C8) in a renewal year, the only year they are read."""
    v, sc = model.v, model.sc
    years_done = model.year + 1 if model.started else 0
    acc, renew = sc["acceptance.years"], sc["stationed.renew_years"]
    renewal = years_done >= acc and renew > 0 and (years_done - acc) % renew == 0
    # the uniforms are read only in a renewal round: drawn only then (keyed: the same numbers),
    # whatever the state, so the stream is drawn in a fixed shape
    u = model.draws("C8").uniforms() if renewal else np.empty(0)
    if years_done < acc or not sc["stationed.enabled"]:
        return
    # passing villages leave (acceptance on) or all do at the end (off); then in a renewal
    # round the needy join where u < coverage — in place, in one compiled pass
    accept_year((v.st_program, v.five_good, v.flagged, v.reported_weak, np.asarray(v.income, dtype=np.float64)),
                bool(sc["acceptance.enabled"]), years_done == acc, renewal,
                float(model.yuan("stationed.income_line_yuan")), u, float(sc["stationed.coverage"]))


def teams(model: CadreModel) -> None:
    """C7: size and rotate the teams for the coming year: villages in the programme or flagged
    get a team (of `stationed.team_large` where poor — income below `stationed.income_line_yuan`
    in this year's yuan — or flagged, else `stationed.team_small`); a team that has served its tour (or a new one) starts with no knowledge."""
    v, sc = model.v, model.sc
    if not sc["stationed.enabled"]:
        v.st_team[:] = 0
        return
    poor = v.income < model.yuan("stationed.income_line_yuan")
    size = np.where(poor | v.flagged, sc["stationed.team_large"], sc["stationed.team_small"])
    wanted = np.where(v.st_program | v.flagged, size, 0)
    rotate = (v.st_months >= MONTHS * sc["stationed.rotation_years"]) | (v.st_team == 0)
    v.st_months = np.where(rotate, 0, v.st_months)
    v.st_knowledge = np.where(rotate, 0.0, v.st_knowledge)
    v.st_team = wanted.astype(np.int64)


def allowance(model: CadreModel) -> None:
    """D7: each stationed cadre's monthly allowance, booked for the coming year."""
    sc = model.sc
    if sc["stationed_pay.enabled"]:
        model.ledger.cost("stationed", model.per_block(model.v.st_team) * model.yuan("stationed_pay.allowance_yuan") * MONTHS)

"""Village cadres month by month: ageing, the lame-duck year, leaving.

Rules: C4 (the last year of every village term: '一年选、二年干、三年等着换' — secretaries and
directors lose `election.lame_duck_drop` of their effort; a 3-year term spends a third of its
time there, a 5-year term a fifth), D10 (pay relative to the outside option drives quitting;
the yearly rates are set in `model.rules.pay.effort_and_quitting`). Bookkeeping: departures
for reasons outside the pay rules (`month_depart`, F2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import compute, fpmath
from ..state import MONTHS
from ._kernels import (
    age_month,
    block_sums,
    depart_month,
    depart_month_parallel,
    leave_month,
    leave_month_parallel,
)
from .posts import post_state, record_vacated

_NO_U = np.empty((2, 0))

if TYPE_CHECKING:
    from ..sim import CadreModel


def month_ageing(model: CadreModel) -> None:
    """Cadres a month older; tenure and service grow; a secretary's knowledge of the post grows,
    ``k += (1 − k) / cadre.knowledge_months`` (compiled: `_kernels.age_month`)."""
    v = model.v
    age_month((v.sec_present, v.sec_age, v.sec_tenure, v.sec_service, v.sec_knowledge),
              (v.dir_present, v.dir_age, v.dir_tenure), float(model.sc["cadre.knowledge_months"]))


def in_lame_duck_year(model: CadreModel) -> bool:
    """C4: the last 12 months of a village term, elections being county-wide."""
    term = model.sc["election.term_years"]
    return model.year % term == term - 1


def month_lame_duck(model: CadreModel) -> None:
    """C4: this month's effort of secretaries and directors is their yearly effort, less
    `election.lame_duck_drop` in the last year of a term (every term length, when the rule is
    on). The month's mean effort of the secretaries in post is summed for `effort_realised`."""
    v, sc = model.v, model.sc
    keep = 1 - sc["election.lame_duck_drop"] if sc["election.lame_duck"] and in_lame_duck_year(model) else 1.0
    np.multiply(v.sec_effort_year, keep, out=v.sec_effort)
    np.multiply(v.dir_effort_year, keep, out=v.dir_effort)
    present = v.sec_present
    if present.any():  # per replicate: its own secretaries' mean (none in post: nothing added)
        sums, n = block_sums(v.sec_effort, present, model.nb)
        model.county.effort_month_sum += np.where(n > 0, sums / np.maximum(n, 1), 0.0)


def monthly_rate(yearly: np.ndarray) -> np.ndarray:
    """D10: the monthly probability of a yearly rate, ``1 − (1 − rate)^(1/12)``."""
    return 1 - fpmath.power(1 - yearly, 1 / MONTHS)


def month_leave(model: CadreModel) -> None:
    """D10: secretaries and directors quit at their yearly rates (monthly probability
    ``1 − (1 − rate)^(1/12)``), or age out at `county.retire_age`; posts fall vacant.
    Draws: 2 uniforms a village (stream ``leave``: secretaries, directors), inside the
    compiled loop."""
    v = model.v
    p_sec = model.derived("p_quit_sec", v.sec_quit_rate, monthly_rate)  # recomputed when the yearly rates change
    p_dir = model.derived("p_quit_dir", v.dir_quit_rate, monthly_rate)
    args = (_NO_U, model.monthly("leave").keyed(), p_sec, p_dir, float(model.sc["county.retire_age"]),
            (v.sec_present, v.sec_age), (v.dir_present, v.dir_age), v.one_shoulder, post_state(model), model.nb)
    if compute.threads_for(model.n) > 1:
        counts = leave_month_parallel(*args, compute.piece(model.n))
    else:
        counts = leave_month(*args)
    model.ledger.add("quits", counts[:, 0])
    model.ledger.add("retirements", counts[:, 1])
    record_vacated(model, counts[:, 2:])


def month_depart(model: CadreModel) -> None:
    """Departures outside the pay rules (F2): each sitting secretary leaves the post between
    elections for reasons the rules do not model — illness, death, moving away, entering the
    civil service (D5), removal for discipline — with monthly probability
    ``1 − (1 − cadre.other_leave_rate)^(1/12)``, whatever the pay. The post falls vacant
    (a 一肩挑 director's post with it) and is filled as any vacancy is (C6).
    Draws 1 uniform a village (stream ``depart``) every month, whether the rate is 0 or not
    (inside the compiled loop; a village without a secretary reads none)."""
    args = (_NO_U, model.monthly("depart").keyed(), float(monthly_rate(model.sc["cadre.other_leave_rate"])),
            post_state(model), model.nb)
    if compute.threads_for(model.n) > 1:
        counts = depart_month_parallel(*args, compute.piece(model.n))
    else:
        counts = depart_month(*args)
    model.ledger.add("departures", counts[:, 0])
    record_vacated(model, counts[:, 1:])

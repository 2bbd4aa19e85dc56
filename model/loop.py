"""The order of the simulation, as data. A month runs MONTH in order; in the last month of
each year (Q4) YEAR_END follows, the year's outputs are recorded, and PLAN sets up the next
year (pay, stationed teams, township attention). INIT runs once after the world is built.

    month:     leaders → cadres → leave → reports → fill → stationed → dims
    year end:  classify (A1, A4) → stars (A2) → review (A3) → report (E1) → flag (A7)
               → penalties (B1–B6) → rotation (C1–C3) → elections (C4, C5, A6)
               → reserves (C6, C9, C10) → economy (D9)
    record
    plan:      stationed (C7, C8, D7) → pay (D1–D6, D8, D10) → attention (A4, A5, B7, B8, C2, C3, D9)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .rules import (
    assessment,
    attention,
    cadres,
    dynamics,
    elections,
    pay,
    penalties,
    reporting,
    reserves,
    rotation,
    stationed,
)

if TYPE_CHECKING:
    from .sim import CadreModel

Hook = Callable[["CadreModel"], None]

MONTH: tuple[tuple[str, Hook], ...] = (
    ("leaders", rotation.month_leaders),
    ("cadres", cadres.month_cadres),
    ("leave", cadres.month_leave),
    ("reports", reporting.month_reports),
    ("fill", reserves.month_fill),
    ("stationed", stationed.month_stationed),
    ("dims", dynamics.month_dims),
)

YEAR_END: tuple[tuple[str, Hook], ...] = (
    ("classify", assessment.year_classify),
    ("stars", assessment.year_stars),
    ("review", assessment.year_review),
    ("report", reporting.year_report),
    ("flag", assessment.year_flag),
    ("penalties", penalties.year_penalties),
    ("rotation", rotation.year_rotation),
    ("elections", elections.year_elections),
    ("reserves", reserves.year_reserves),
    ("economy", pay.year_economy),
)

PLAN: tuple[tuple[str, Hook], ...] = (
    ("stationed", stationed.year_stationed),
    ("pay", pay.year_pay),
    ("attention", attention.year_plan),
)

INIT: tuple[tuple[str, Hook], ...] = (
    ("rotation", rotation.init_rotation),
    ("economy", pay.economy_bonuses),
    ("classify", assessment.year_classify),
    ("stars", assessment.year_stars),
    ("report", reporting.year_report),
)

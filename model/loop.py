"""The order of the simulation, as data: each hook is one rule (its ID) or one piece of
bookkeeping (a lower-case name). A month runs MONTH in order; in the last month of each year
YEAR_END follows, the year's outputs are recorded, and PLAN sets up the next year. INIT runs
once after the world is built. (`cadresim rules --loop` prints this list; a test keeps it
equal to the tuples below.)

    month:     C3 knowledge → ageing → C4 lame duck → D10 leave → departures → E2 reports → C6 fill
               → C7 stationed → A1 dims
    year end:  A4 classify → A1 five good → A2 stars → A3 review → E1 report → A7 flag
               → B1 criticise → B2 adjust → B3 leaderless → B4 ranking → B5 evaluation → B6 rating
               → sanctions → C1 rotate → A6 audit → C4 elect → C10 members → C6 reserves
               → C9 graduates → D9 economy
    plan:      C8 accept → C7 teams → D7 allowance → D2 base pay → D1 structured pay → D3 insurance
               → D4 retirement → D10 effort → A3 rectification effort → D5 support → D6 training
               → D8 step cost → E1 falsify → start plan → B8 capacity → B1 pressure → B2 threat
               → B4 tournament → B6 commendation → D8 step prospect → effort → A5 perceive
               → A5 guidance → B1 near line → C2 favour → B7 contact → C3 short term → distribute
               → A4 rectification → C9 graduate help → D9 funds
    init:      C1 stagger → D9 bonus → A4 classify → A1 five good → A2 stars → E1 report
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

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


class Hook(NamedTuple):
    """One step of the loop: the rule it implements (or a bookkeeping name), what it does, and
    the function."""

    rule: str
    what: str
    fn: Callable[[CadreModel], None]


MONTH: tuple[Hook, ...] = (
    Hook("C3", "knowledge", rotation.month_knowledge),
    Hook("", "ageing", cadres.month_ageing),
    Hook("C4", "lame duck", cadres.month_lame_duck),
    Hook("D10", "leave", cadres.month_leave),
    Hook("", "departures", cadres.month_depart),
    Hook("E2", "reports", reporting.month_reports),
    Hook("C6", "fill", reserves.month_fill),
    Hook("C7", "stationed", stationed.month_stationed),
    Hook("A1", "dims", dynamics.month_dims),
)

YEAR_END: tuple[Hook, ...] = (
    Hook("A4", "classify", assessment.classify),
    Hook("A1", "five good", assessment.five_good),
    Hook("A2", "stars", assessment.stars),
    Hook("A3", "review", assessment.review),
    Hook("E1", "report", reporting.report),
    Hook("A7", "flag", assessment.flag),
    Hook("B1", "criticise", penalties.criticise),
    Hook("B2", "adjust", penalties.adjust),
    Hook("B3", "leaderless", penalties.leaderless),
    Hook("B4", "ranking", penalties.ranking),
    Hook("B5", "evaluation", penalties.evaluation),
    Hook("B6", "rating", penalties.rating),
    Hook("", "sanctions", penalties.carry_out),
    Hook("C1", "rotate", rotation.rotate),
    Hook("A6", "audit", elections.term_end_audit),
    Hook("C4", "elect", elections.elect),
    Hook("C10", "members", reserves.members),
    Hook("C6", "reserves", reserves.reserve_pool),
    Hook("C9", "graduates", reserves.graduates),
    Hook("D9", "economy", pay.economy),
)

PLAN: tuple[Hook, ...] = (
    Hook("C8", "accept", stationed.accept),
    Hook("C7", "teams", stationed.teams),
    Hook("D7", "allowance", stationed.allowance),
    Hook("D2", "base pay", pay.base_pay),
    Hook("D1", "structured pay", pay.structured_pay),
    Hook("D3", "insurance", pay.insurance),
    Hook("D4", "retirement", pay.retirement),
    Hook("D10", "effort", pay.effort_and_quitting),
    Hook("A3", "rectification effort", pay.rectification_effort),
    Hook("D5", "support", pay.support),
    Hook("D6", "training", pay.training),
    Hook("D8", "step cost", pay.township_step),
    Hook("E1", "falsify", reporting.plan_falsify),
    Hook("", "start plan", attention.start_plan),
    Hook("B8", "capacity", attention.capacity),
    Hook("B1", "pressure", attention.push_pressure),
    Hook("B2", "threat", attention.push_threat),
    Hook("B4", "tournament", attention.push_tournament),
    Hook("B6", "commendation", attention.push_commendation),
    Hook("D8", "step prospect", attention.push_step),
    Hook("", "effort", attention.effort),
    Hook("A5", "perceive", attention.perceive),
    Hook("A5", "guidance", attention.guidance),
    Hook("B1", "near line", attention.pull_near_line),
    Hook("C2", "favour", attention.favour),
    Hook("B7", "contact", attention.contact),
    Hook("C3", "short term", attention.short_term),
    Hook("", "distribute", attention.distribute),
    Hook("A4", "rectification", attention.rectification),
    Hook("C9", "graduate help", attention.graduates_serving),
    Hook("D9", "funds", attention.funds),
)

INIT: tuple[Hook, ...] = (
    Hook("C1", "stagger", rotation.init_rotation),
    Hook("D9", "bonus", pay.development_bonus),
    Hook("A4", "classify", assessment.classify),
    Hook("A1", "five good", assessment.five_good),
    Hook("A2", "stars", assessment.stars),
    Hook("E1", "report", reporting.report),
)

PHASES: dict[str, tuple[Hook, ...]] = {"month": MONTH, "year end": YEAR_END, "plan": PLAN, "init": INIT}


def describe(width: int = 100) -> str:
    """The loop as the module docstring shows it: one line (wrapped) per phase."""
    lines = []
    for phase, hooks in PHASES.items():
        steps = [f"{h.rule} {h.what}".strip() for h in hooks]
        head = f"    {phase + ':':<11}"
        line = head
        for i, s in enumerate(steps):
            piece = s if i == 0 else f" → {s}"
            if len(line) + len(piece) > width and line.strip() != phase + ":":
                lines.append(line)
                line = " " * len(head) + piece.lstrip()
            else:
                line += piece
        lines.append(line)
    return "\n".join(lines)


if __name__ == "__main__":
    print(describe())

"""The rulebook, as the model implements it: rule ID → title, switch, scenario keys, code, test.

`cadresim rules` prints this table; `docs/rules.md` is generated from the same data
(``python -m cadresim.rulesmap > docs/rules.md``) and a test keeps the two in step.
A rule's keys are every parameter whose ``rule`` field names it (see `model.params`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .params import PARAMS
from .scenario import Scenario


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    enabled_key: str  # the key that turns the rule off
    extra: str = ""  # functions the rule's hooks call that hold part of its condition ("file.py:f, g; …")
    off_value: Any = False  # value of enabled_key that turns the rule off

    @property
    def hooks(self) -> list[str]:
        """The loop's hooks for this rule, as "phase: module.py:function"."""
        from . import loop

        return [f"{phase}: {h.fn.__module__.rsplit('.', 1)[-1]}.py:{h.fn.__name__}"
                for phase, hooks in loop.PHASES.items() for h in hooks if h.rule == self.id]

    @property
    def code(self) -> str:
        """Where the rule's whole condition is: its hooks in `model.loop`, then `extra`."""
        files: dict[str, list[str]] = {}
        for h in self.hooks:
            path, fn = h.split(": ", 1)[1].split(":")
            files.setdefault(path, []).append(fn)
        for part in filter(None, (p.strip() for p in self.extra.split(";"))):
            path, fns = part.split(":")
            files.setdefault(path, []).extend(f.strip() for f in fns.split(","))
        return "; ".join(R + f"{p}:" + ", ".join(dict.fromkeys(fs)) for p, fs in files.items())

    @property
    def test(self) -> str:
        """The tests that pin the rule's condition (hand-built states) and show its effect."""
        part = "ab" if self.id[0] in "ABE" else "cd"
        return f"tests/test_conditions_{part}.py::test_{self.id}_*; tests/test_rules.py::test_rule_effect[{self.id}]"

    def keys(self) -> list[str]:
        """Scenario keys that control the rule (its switch first)."""
        pat = re.compile(rf"(^|,){re.escape(self.id)}($|,)")
        ks = [k for k, p in PARAMS.items() if pat.search(p.rule)]
        return [self.enabled_key] + [k for k in ks if k != self.enabled_key]


R = "model/rules/"
RULES: tuple[Rule, ...] = (
    Rule("A1", "Five-good standard: five dimensions, all must pass", "five_good.enabled", "dynamics.py:dims_coef; _kernels.py:dims_month"),
    Rule("A2", "Five-star rating, re-rated yearly, performance pay by stars", "stars.enabled", "assessment.py:star_dims; pay.py:structured_pay"),
    Rule("A3", "Q4 report-and-review (述职评议) of every village secretary", "review.enabled", "assessment.py:review_performance"),
    Rule("A4", "Weak (软弱涣散) classification; townships rectify flagged villages", "weak.enabled", "assessment.py:weak_mask"),
    Rule("A5", "Classified guidance (抓两头、促中间) of township attention", "attention.policy", "attention.py:distribute", off_value="uniform"),
    Rule("A6", "Term-end and departure audits, democratic evaluation of village cadres", "audit.enabled", "assessment.py:audit; dynamics.py:dims_coef"),
    Rule("A7", "Flagging: bottom-ranking quota (倒排) and/or direct triggers", "flagging.enabled", "assessment.py:trigger_mask, satisfaction"),
    Rule("B1", "Weak share 10–20%: criticism, then warning talk", "penalties.enabled", "penalties.py:seen_weak_share, carry_out"),
    Rule("B2", "Weak share above 20%: leaders adjusted or demoted", "penalties.adjust", "penalties.py:carry_out"),
    Rule("B3", "Village leaderless over a year blocks the township's excellent grade", "leaderless.enabled", "reserves.py:fill_thresholds"),
    Rule("B4", "Comprehensive ranking of townships: merit, escalation for last place", "ranking.enabled", "penalties.py:ranking_score, carry_out"),
    Rule("B5", "Democratic evaluation of township leaders: ≥1/3 incompetent → warning", "evaluation.enabled", ""),
    Rule("B6", "Two-yearly five-good rating of townships with commendation", "rating.enabled", ""),
    Rule("B7", "Leaders' contact villages: the secretary in the most backward one", "contact.enabled", ""),
    Rule("B8", "Residence ≥22 days a month; staff 1/3 of time in villages", "residence.enabled", ""),
    Rule("C1", "Stable township leadership: two full terms, ≥3 years' experience", "rotation.policy", "rotation.py:tenure_months, new_leaders", off_value="hazard"),
    Rule("C2", "Avoidance: no leader in his home township", "avoidance.enabled", "rotation.py:new_leaders"),
    Rule("C3", "Frequent transfers: lost local knowledge, short-term work", "rotation.turnover_costs", "rotation.py:new_leaders, years_left; attention.py:capacity, perceive"),
    Rule("C4", "Village term length and the lame-duck last year", "election.lame_duck", "elections.py:is_election_year"),
    Rule("C5", "Selection of secretaries (两推一选, 公推直选), 双带, 一肩挑, cross-serving", "selection.enabled", "reserves.py:selection_noise, pick_from_pool; elections.py:elect; posts.py:appoint_at; dynamics.py:dims_coef"),
    Rule("C6", "Reserve cadres (≥2 a village) fill vacancies; migration thins the pool", "reserve.enabled", ""),
    Rule("C7", "Stationed cadres: 1 or a team of 3 by collective income, yearly rotation", "stationed.enabled", "dynamics.py:dims_coef"),
    Rule("C8", "Stationed programme acceptance after 3 years; failing villages keep the team", "acceptance.enabled", ""),
    Rule("C9", "College graduates placed as village officials", "graduates.enabled",
         "reserves.py:graduates; attention.py:graduates_serving"),
    Rule("C10", "Member development: ≥1 new party member a year", "members.enabled", ""),
    Rule("D1", "Structured pay: base + performance + reward (以奖代补 pool)", "pay.enabled", ""),
    Rule("D2", "Pay floor at last year's rural income; +50% for 一肩挑", "pay.floor_enabled", "pay.py:base_multiple"),
    Rule("D3", "Social-insurance subsidy (500 / 400 yuan a year)", "insurance.enabled", ""),
    Rule("D4", "Living subsidy for long-serving former main cadres (720 yuan)", "retirement.enabled", "posts.py:vacate_secretary"),
    Rule("D5", "Hardship fund, health checks, civil-service route, commendation", "support.enabled", ""),
    Rule("D6", "Training: 1,000 yuan per secretary a year", "training.enabled", ""),
    Rule("D7", "Stationed cadres' 300 yuan/month allowance", "stationed_pay.enabled", "dynamics.py:dims_coef"),
    Rule("D8", "Township salary-grade step after 15 years with excellent grades", "township_pay.enabled", ""),
    Rule("D9", "Collective-economy support funds; 30,000-yuan goal", "funds.enabled", "pay.py:development_bonus"),
    Rule("D10", "Low pay against migrant work lowers effort and drives cadres out", "incentive.enabled", "pay.py:outside_option, effort_from_ratio, quit_rate"),
    Rule("E1", "No false reporting; inspections (spot, unannounced) reveal the truth", "reporting.enabled", "reporting.py:pressure"),
    Rule("E2", "Quarterly written reports from townships", "reports.enabled", "reserves.py:fill_thresholds"),
)
BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


def rules_table(scenario: Scenario) -> list[dict[str, Any]]:
    """Each rule with its keys and their values in `scenario`, and whether it is on there."""
    out = []
    for r in RULES:
        out.append({
            "id": r.id,
            "title": r.title,
            "enabled_key": r.enabled_key,
            "off_value": r.off_value,
            "enabled": scenario[r.enabled_key] != r.off_value,
            "keys": {k: scenario[k] for k in r.keys()},
            "code": r.code,
            "test": r.test,
        })
    return out


def markdown() -> str:
    """docs/rules.md: rule ID → scenario keys → code → test."""
    lines = [
        "# Rules map",
        "",
        "Every rule of `../shared/rulebook.md` as the model implements it: the key that switches it",
        "off (and the value that does), the other scenario keys that set its numbers, the code, and the",
        "tests: those that pin its condition on hand-built states (threshold, boundary, who, how much)",
        "and the one that shows its effect (rule on vs off, or a parameter low vs high, with common random",
        "numbers). Generated by `python -m cadresim.rulesmap > docs/rules.md`; `cadresim rules` prints",
        "the same with the values of any scenario. Key meanings, units and sources: `model/params.py`",
        "and the comments of `scenarios/baseline.toml`.",
        "",
        "| ID | rule | switch (off value) | other keys | code | test |",
        "|---|---|---|---|---|---|",
    ]
    for r in RULES:
        keys = ", ".join(f"`{k}`" for k in r.keys()[1:]) or "—"
        off = "false" if r.off_value is False else f'"{r.off_value}"'
        lines.append(f"| {r.id} | {r.title} | `{r.enabled_key}` ({off}) | {keys} | `{r.code}` | `{r.test}` |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")

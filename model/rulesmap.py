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
    code: str  # module:function(s) implementing it
    test: str  # the test that shows its effect
    off_value: Any = False  # value of enabled_key that turns the rule off

    def keys(self) -> list[str]:
        """Scenario keys that control the rule (its switch first)."""
        pat = re.compile(rf"(^|,){re.escape(self.id)}($|,)")
        ks = [k for k, p in PARAMS.items() if pat.search(p.rule)]
        return [self.enabled_key] + [k for k in ks if k != self.enabled_key]


T = "tests/test_rules.py::"
R = "model/rules/"
RULES: tuple[Rule, ...] = (
    Rule("A1", "Five-good standard: five dimensions, all must pass", "five_good.enabled",
         R + "dynamics.py:month_dims; _kernels.py:dims_month; assessment.py:year_classify", T + "test_rule_effect[A1]"),
    Rule("A2", "Five-star rating, re-rated yearly, performance pay by stars", "stars.enabled",
         R + "assessment.py:year_stars; pay.py:year_pay", T + "test_rule_effect[A2]"),
    Rule("A3", "Q4 report-and-review (述职评议) of every village secretary", "review.enabled",
         R + "assessment.py:year_review", T + "test_rule_effect[A3]"),
    Rule("A4", "Weak (软弱涣散) classification; townships rectify flagged villages", "weak.enabled",
         R + "assessment.py:weak_mask, year_classify; attention.py:year_plan", T + "test_rule_effect[A4]"),
    Rule("A5", "Classified guidance (抓两头、促中间) of township attention", "attention.policy",
         R + "attention.py:policy_weights, year_plan", T + "test_rule_effect[A5]", off_value="uniform"),
    Rule("A6", "Term-end and departure audits, democratic evaluation of village cadres", "audit.enabled",
         R + "assessment.py:audit; dynamics.py:month_dims", T + "test_rule_effect[A6]"),
    Rule("A7", "Flagging: bottom-ranking quota (倒排) and/or direct triggers", "flagging.enabled",
         R + "assessment.py:year_flag", T + "test_rule_effect[A7]"),
    Rule("B1", "Weak share 10–20%: criticism, then warning talk", "penalties.enabled",
         R + "penalties.py:year_penalties; attention.py:year_plan", T + "test_rule_effect[B1]"),
    Rule("B2", "Weak share above 20%: leaders adjusted or demoted", "penalties.adjust",
         R + "penalties.py:year_penalties", T + "test_rule_effect[B2]"),
    Rule("B3", "Village leaderless over a year blocks the township's excellent grade", "leaderless.enabled",
         R + "penalties.py:year_penalties; reserves.py:month_fill", T + "test_rule_effect[B3]"),
    Rule("B4", "Comprehensive ranking of townships: merit, escalation for last place", "ranking.enabled",
         R + "penalties.py:year_penalties", T + "test_rule_effect[B4]"),
    Rule("B5", "Democratic evaluation of township leaders: ≥1/3 incompetent → warning", "evaluation.enabled",
         R + "penalties.py:year_penalties", T + "test_rule_effect[B5]"),
    Rule("B6", "Two-yearly five-good rating of townships with commendation", "rating.enabled",
         R + "penalties.py:year_penalties; attention.py:year_plan", T + "test_rule_effect[B6]"),
    Rule("B7", "Leaders' contact villages: the secretary in the most backward one", "contact.enabled",
         R + "attention.py:year_plan", T + "test_rule_effect[B7]"),
    Rule("B8", "Residence ≥22 days a month; staff 1/3 of time in villages", "residence.enabled",
         R + "attention.py:year_plan", T + "test_rule_effect[B8]"),
    Rule("C1", "Stable township leadership: two full terms, ≥3 years' experience", "rotation.policy",
         R + "rotation.py:tenure_months, new_leaders, year_rotation", T + "test_rule_effect[C1]", off_value="hazard"),
    Rule("C2", "Avoidance: no leader in his home township", "avoidance.enabled",
         R + "rotation.py:new_leaders; attention.py:year_plan", T + "test_rule_effect[C2]"),
    Rule("C3", "Frequent transfers: lost local knowledge, short-term work", "rotation.turnover_costs",
         R + "rotation.py:month_leaders; attention.py:year_plan", T + "test_rule_effect[C3]"),
    Rule("C4", "Village term length and the lame-duck last year", "election.lame_duck",
         R + "cadres.py:month_cadres; elections.py:year_elections", T + "test_rule_effect[C4]"),
    Rule("C5", "Selection of secretaries (两推一选, 公推直选), 双带, 一肩挑, cross-serving", "selection.enabled",
         R + "reserves.py:selection_noise; elections.py:year_elections; dynamics.py:month_dims",
         T + "test_rule_effect[C5]"),
    Rule("C6", "Reserve cadres (≥2 a village) fill vacancies; migration thins the pool", "reserve.enabled",
         R + "reserves.py:month_fill, year_reserves", T + "test_rule_effect[C6]"),
    Rule("C7", "Stationed cadres: 1 or a team of 3 by collective income, yearly rotation", "stationed.enabled",
         R + "stationed.py:year_stationed; _kernels.py:dims_month", T + "test_rule_effect[C7]"),
    Rule("C8", "Stationed programme acceptance after 3 years; failing villages keep the team", "acceptance.enabled",
         R + "stationed.py:year_stationed", T + "test_rule_effect[C8]"),
    Rule("C9", "College graduates placed as village officials", "graduates.enabled",
         R + "reserves.py:year_reserves", T + "test_rule_effect[C9]"),
    Rule("C10", "Member development: ≥1 new party member a year", "members.enabled",
         R + "reserves.py:year_reserves; pay.py:economy_bonuses", T + "test_rule_effect[C10]"),
    Rule("D1", "Structured pay: base + performance + reward (以奖代补 pool)", "pay.enabled",
         R + "pay.py:year_pay", T + "test_rule_effect[D1]"),
    Rule("D2", "Pay floor at last year's rural income; +50% for 一肩挑", "pay.floor_enabled",
         R + "pay.py:year_pay", T + "test_rule_effect[D2]"),
    Rule("D3", "Social-insurance subsidy (500 / 400 yuan a year)", "insurance.enabled",
         R + "pay.py:year_pay", T + "test_rule_effect[D3]"),
    Rule("D4", "Living subsidy for long-serving former main cadres (720 yuan)", "retirement.enabled",
         R + "pay.py:year_pay", T + "test_rule_effect[D4]"),
    Rule("D5", "Hardship fund, health checks, civil-service route, commendation", "support.enabled",
         R + "pay.py:year_pay", T + "test_rule_effect[D5]"),
    Rule("D6", "Training: 1,000 yuan per secretary a year", "training.enabled",
         R + "pay.py:year_pay", T + "test_rule_effect[D6]"),
    Rule("D7", "Stationed cadres' 300 yuan/month allowance", "stationed_pay.enabled",
         R + "stationed.py:year_stationed; dynamics.py:month_dims", T + "test_rule_effect[D7]"),
    Rule("D8", "Township salary-grade step after 15 years with excellent grades", "township_pay.enabled",
         R + "pay.py:year_pay; attention.py:year_plan", T + "test_rule_effect[D8]"),
    Rule("D9", "Collective-economy support funds; 30,000-yuan goal", "funds.enabled",
         R + "attention.py:year_plan; pay.py:year_economy", T + "test_rule_effect[D9]"),
    Rule("D10", "Low pay against migrant work lowers effort and drives cadres out", "incentive.enabled",
         R + "pay.py:year_pay; cadres.py:yearly_quit_rate, month_leave", T + "test_rule_effect[D10]"),
    Rule("E1", "No false reporting; inspections (spot, unannounced) reveal the truth", "reporting.enabled",
         R + "reporting.py:year_report", T + "test_rule_effect[E1]"),
    Rule("E2", "Quarterly written reports from townships", "reports.enabled",
         R + "reporting.py:month_reports; reserves.py:month_fill", T + "test_rule_effect[E2]"),
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
        "test that shows its effect (rule on vs off, or a parameter low vs high, with common random",
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

"""Every rule of the rulebook does something measurable (issue 3).

For each rule ID in `model.rulesmap.RULES`, `test_rule_effect[ID]` runs the rule on and off
(its `enabled_key` set to its `off_value`), or a parameter low vs high where that is the
natural test, with common random numbers: both arms use the same replicate seeds
(`model.rng.replicate_seeds`). Each check asserts the direction the seeds or the design give,
and that the mean paired difference over replicates is beyond the noise (`assert_effect`).
Where a rule has a cost item, the check also asserts that the item moves the right way.

Runs use a county ten times the seed-002 county (1,460 villages in 90 townships, the same
≈16 villages a township) over 10 years (20 where an effect builds up slowly), which cuts the noise enough for 12
replicates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pytest
from cadresim import CadreModel, Scenario
from cadresim.outputs import YEARLY_COLUMNS
from cadresim.rng import replicate_seeds
from cadresim.rulesmap import BY_ID, RULES

R = 12  # replicates per arm
YEARS = 10
SEED = 20240501
K_SE = 2.5  # an effect must exceed this many standard errors of the paired differences
COUNTY = {"county.villages": 1460, "county.townships": 90, "run.agent_handles": "none"}

UP, DOWN = +1, -1


def assert_effect(diff: np.ndarray, direction: int, k: float = K_SE, what: str = "") -> None:
    """The paired differences (arm A − arm B, one per replicate) go `direction` (+1: A higher,
    −1: A lower) by more than `k` standard errors of their mean."""
    diff = np.asarray(diff, dtype=float)
    assert diff.size >= 2 and np.isfinite(diff).all(), f"{what}: bad differences {diff}"
    mean = diff.mean()
    se = diff.std(ddof=1) / np.sqrt(diff.size)
    assert direction * mean > 0, f"{what}: wrong direction, mean difference {mean:.4g} (se {se:.2g})"
    assert direction * mean > k * se, f"{what}: within the noise, mean difference {mean:.4g}, se {se:.2g}"


def _key(d: dict[str, Any]) -> tuple:
    return tuple(sorted(d.items()))


@cache
def yearly_frames(overrides: tuple, years: int = YEARS, replicates: int = R) -> tuple[pd.DataFrame, ...]:
    """The yearly table of each replicate of one arm (cached: arms are shared between rules)."""
    sc = Scenario().with_overrides({**COUNTY, **dict(overrides)})
    return tuple(CadreModel(sc, rng=ss, replicate=k).run_years(years).yearly
                 for k, ss in enumerate(replicate_seeds(SEED, replicates)))


def yearly_means(overrides: tuple, years: int = YEARS, window: tuple[int, int] | None = None) -> pd.DataFrame:
    """One row per replicate: each yearly column averaged over the years (or years `window`)."""
    lo, hi = window or (1, years)
    rows = [df[(df["year"] >= lo) & (df["year"] <= hi)][list(YEARLY_COLUMNS)].mean(numeric_only=True)
            for df in yearly_frames(overrides, years)]
    return pd.DataFrame(rows).reset_index(drop=True)


@dataclass
class Check:
    """Arm A (`a`, default: the rule on) against arm B (`b`, default: the rule off), both on top
    of `base`; `outcomes` maps a yearly column (averaged over years) to the direction of A − B."""

    outcomes: dict[str, int]
    base: dict[str, Any] = field(default_factory=dict)
    a: dict[str, Any] | None = None
    b: dict[str, Any] | None = None
    years: int = YEARS
    window: tuple[int, int] | None = None  # average over these years (inclusive) only
    note: str = ""


def off(rule_id: str) -> dict[str, Any]:
    r = BY_ID[rule_id]
    return {r.enabled_key: r.off_value}


# Thin reserve pools, so that vacancies linger and the rules that fill them can show.
THIN_POOL = {"reserve.enabled": False}

CHECKS: dict[str, list[Check]] = {
    # A. assessment of villages
    "A1": [Check({"five_good_share": UP, "weak_share_true": DOWN, "dim_leadership": UP})],
    "A2": [Check({"effort_mean": UP, "weak_share_true": DOWN, "cost_pay_yuan": UP},
                 note="stars pay performance pay: effort up, and the pay bill with it")],
    # Removal after repeated poor reviews replaces the weakest secretaries: slow, so 20 years.
    "A3": [Check({"secretary_ability_mean": UP, "effort_mean": UP, "weak_share_true": DOWN,
                  "secretaries_removed": UP}, years=20)],
    "A4": [Check({"weak_share_true": DOWN, "five_good_share": UP})],
    "A5": [Check({"attention_weak_ratio": UP, "weak_share_true": DOWN})],
    "A6": [Check({"scandals": DOWN, "five_good_share": UP, "dim_image": UP})],
    "A7": [Check({"weak_share_true": DOWN, "cost_stationed_yuan": UP},
                 note="flagged villages get rectification help and a stationed team of three")],
    # B. townships
    "B1": [Check({"weak_share_true": DOWN, "criticised": UP}, base={"penalties.adjust": False},
                 note="B2 off isolates criticism and warning talks (their attention pressure)")],
    "B2": [
        # High weak shares (no quota: the A4 standard on reports; harder villages) put townships
        # over the 20% line. With the knowledge cost of new leaders (C3) switched off, the threat
        # and the replacement of failing teams lower the weak share.
        Check({"weak_share_true": DOWN, "adjusted": UP},
              base={"flagging.enabled": False, "village.difficulty_mean": 0.2, "rotation.turnover_costs": False}),
        # Its cost in the baseline: adjusted teams arrive without local knowledge (C3).
        Check({"adjusted": UP, "leader_knowledge_mean": DOWN}),
    ],
    "B3": [Check({"long_vacancy_share": DOWN, "secretary_vacancy_share": DOWN},
                 base={**THIN_POOL, "reports.county_fill_prob": 0.0},
                 note="long vacancies exist only when pools are empty and the county does not fill them")],
    "B4": [Check({"weak_share_true": DOWN, "five_good_share": UP, "merit": UP}, years=20)],
    "B5": [Check({"warning_talk": UP, "five_good_share": UP})],
    "B6": [Check({"five_good_share": UP, "commended": UP})],
    "B7": [Check({"weak_share_true": DOWN, "five_good_share": UP})],
    "B8": [Check({"weak_share_true": DOWN, "five_good_share": UP})],
    # C. rotation, tenure and selection
    "C1": [Check({"leader_knowledge_mean": UP, "weak_share_true": DOWN, "leader_rotations": DOWN})],
    # Avoidance keeps attention on the needy (no favoured home villages) at the price of
    # leaders who arrive without local knowledge.
    "C2": [Check({"attention_weak_ratio": UP, "leader_knowledge_mean": DOWN})],
    "C3": [
        Check({"weak_share_true": UP, "five_good_share": DOWN}),
        # Rotation every year hurts more than two full terms, because of C3.
        Check({"weak_share_true": UP, "leader_knowledge_mean": DOWN},
              a={"rotation.policy": "fixed", "rotation.every_years": 1}, b={"rotation.policy": "two_terms"}),
    ],
    "C4": [
        Check({"weak_share_true": UP, "effort_mean": DOWN}),  # the lame-duck year on vs off
        Check({"weak_share_true": DOWN}, a={"election.term_years": 5}, b={"election.term_years": 3}, years=15),
    ],
    "C5": [Check({"weak_share_true": DOWN, "secretary_ability_mean": UP, "dim_development": UP})],
    "C6": [Check({"secretary_vacancy_share": DOWN, "weak_share_true": DOWN, "reserve_mean": UP})],
    "C7": [Check({"weak_share_true": DOWN, "stationed_cadres": UP, "cost_stationed_yuan": UP})],
    # Villages that fail acceptance at the end of the 3-year programme keep their team until
    # they pass (off: the programme ends); the effect lasts the few years after acceptance.
    "C8": [Check({"stationed_cadres": UP, "cost_stationed_yuan": UP, "five_good_share": UP,
                  "weak_share_true": DOWN}, years=6, window=(4, 6))],
    "C9": [Check({"reserve_mean": UP, "secretary_ability_mean": UP, "cost_graduates_yuan": UP})],
    "C10": [Check({"new_members": UP, "weak_share_true": DOWN, "dim_team": UP})],
    # D. pay and incentives
    "D1": [Check({"effort_mean": UP, "weak_share_true": DOWN, "cost_reward_yuan": UP})],
    "D2": [Check({"effort_mean": UP, "secretary_vacancy_share": DOWN, "weak_share_true": DOWN,
                  "cost_pay_yuan": UP})],
    "D3": [Check({"effort_mean": UP, "turnover": DOWN, "cost_insurance_yuan": UP})],
    "D4": [Check({"effort_mean": UP, "cost_retirement_yuan": UP})],
    "D5": [Check({"effort_mean": UP, "weak_share_true": DOWN, "cost_support_yuan": UP})],
    "D6": [Check({"secretary_ability_mean": UP, "weak_share_true": DOWN, "cost_training_yuan": UP})],
    "D7": [Check({"weak_share_true": DOWN, "cost_stationed_yuan": UP})],
    "D8": [Check({"weak_share_true": DOWN, "cost_township_pay_yuan": UP})],
    "D9": [Check({"dim_development": UP, "funded_villages": UP, "cost_funds_yuan": UP})],
    # Low pay (0.8 × rural income): with D10 on, effort falls and cadres quit.
    "D10": [Check({"effort_mean": DOWN, "turnover": UP, "weak_share_true": UP}, base={"pay.base_multiple": 0.8})],
    # E. reporting
    # Weak inspection (5% of villages a year): with E1's hiding on, some weak villages are
    # reported fine, so the classified weak share falls below the true one.
    "E1": [Check({"hidden_share": UP, "weak_share_reported": DOWN}, base={"reporting.inspect_share": 0.05})],
    "E2": [Check({"secretary_vacancy_share": DOWN, "weak_share_true": DOWN}, base=THIN_POOL,
                 note="the county fills vacancies it hears of; visible when pools are thin")],
}


def test_every_rule_has_a_check() -> None:
    assert set(CHECKS) == {r.id for r in RULES}
    for r in RULES:
        assert r.test == f"tests/test_rules.py::test_rule_effect[{r.id}]"


@pytest.mark.parametrize("rule_id", [r.id for r in RULES], ids=[r.id for r in RULES])
def test_rule_effect(rule_id: str) -> None:
    for i, c in enumerate(CHECKS[rule_id]):
        a = {**c.base, **(c.a if c.a is not None else {})}
        b = {**c.base, **(c.b if c.b is not None else off(rule_id))}
        ya, yb = yearly_means(_key(a), c.years, c.window), yearly_means(_key(b), c.years, c.window)
        for col, direction in c.outcomes.items():
            assert col in YEARLY_COLUMNS, col
            assert_effect(ya[col].to_numpy() - yb[col].to_numpy(), direction,
                          what=f"{rule_id} check {i} {col} (A={a}, B={b})")


def test_e1_reported_below_true() -> None:
    """E1 with weak inspection: within the same runs, the classified weak share is below the true one."""
    y = yearly_means(_key({"reporting.inspect_share": 0.05}))
    assert_effect(y["weak_share_reported"].to_numpy() - y["weak_share_true"].to_numpy(), DOWN, what="E1 gap")


def test_assert_effect_helper() -> None:
    assert_effect(np.array([1.0, 1.1, 0.9, 1.0]), UP)
    with pytest.raises(AssertionError):
        assert_effect(np.array([1.0, -1.0, 0.5, -0.4]), UP)
    with pytest.raises(AssertionError):
        assert_effect(np.array([1.0, 1.1, 0.9, 1.0]), DOWN)


def test_rule_code_names_its_id() -> None:
    """Every function a rule's `code` names has the rule ID in its docstring."""
    import importlib
    import re

    for r in RULES:
        for part in r.code.split(";"):
            path, funcs = part.strip().split(":")
            mod = importlib.import_module("cadresim.rules." + path.rsplit("/", 1)[-1].removesuffix(".py"))
            for f in funcs.split(","):
                doc = getattr(mod, f.strip()).__doc__ or ""
                assert re.search(rf"\b{r.id}\b", doc), f"{r.id}: {path}:{f.strip()} docstring does not name it"

"""Every rule of the rulebook does something measurable at planner scale (issue 10, item 7).

For each rule ID in `cadresim.rulesmap.RULES`, `test_rule_effect[ID]` runs the seed-002
county (146 villages, 9 townships) with the rule on and off (its `enabled_key` set to its
`off_value`), or a parameter low vs high where that is the natural test, with common random
numbers: both arms use the same replicate seeds (`cadresim.rng.replicate_seeds`). Each
outcome's paired differences (arm A − arm B, averaged over the years) must

* go the expected way: a one-sided paired t-test (`scipy.stats.ttest_1samp`) at α = 0.01, and
* be of the expected size: the mean difference inside the outcome's band (`lo`, `hi` in the
  expected direction), so a rule that does far more or far less than it should also fails.

A check may ask for more replicates than R (`Check.replicates`) where its effect is small against
the seed-to-seed noise; α stays the same. The bands were set from measured effects with room for seed-to-seed variation; the tests run
for the seeds in ``CADRESIM_TEST_SEEDS`` (comma-separated; default one seed, CI may set three).
`python tests/test_rules.py [SEED [IDS|all [FILE.csv:ROW]]]` prints every measured effect (of the
rules IDS, on top of row ROW of a calibration's accepted sets), for resetting a band after a
deliberate model change or judging a fit.

The six mechanisms of the design brief (`test_design_brief_mechanism`) are judged as the
issue asks: 20 paired replicates, 95% interval of the mean difference excluding 0.
"""

from __future__ import annotations

import os
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
from scipy import stats

R = 20  # paired replicates per arm
YEARS = 10
ALPHA = 0.01  # one-sided, per outcome
SEEDS = [int(s) for s in os.environ.get("CADRESIM_TEST_SEEDS", "20240501").split(",")]
COUNTY = {"run.agent_handles": "none"}  # the baseline county of seed 002: 146 villages

UP, DOWN = +1, -1


@dataclass(frozen=True)
class Band:
    """An outcome's expected direction and the size of its mean paired difference."""

    direction: int
    lo: float  # smallest plausible |mean difference|
    hi: float  # largest plausible |mean difference|


def assert_effect(diff: np.ndarray, band: Band, what: str = "", alpha: float = ALPHA) -> None:
    """Paired differences go `band.direction` (one-sided t-test at `alpha`) by an amount in the band."""
    diff = np.asarray(diff, dtype=float)
    assert diff.size >= 2 and np.isfinite(diff).all(), f"{what}: bad differences {diff}"
    mean = diff.mean()
    alt = "greater" if band.direction > 0 else "less"
    p = stats.ttest_1samp(diff, 0.0, alternative=alt).pvalue if diff.std() > 0 else (0.0 if band.direction * mean > 0 else 1.0)
    assert p < alpha, f"{what}: not beyond the noise in the expected direction: mean {mean:.4g}, p = {p:.3g}"
    size = band.direction * mean
    assert band.lo <= size <= band.hi, f"{what}: effect {mean:.4g} outside its band [{band.lo:g}, {band.hi:g}]"


def _key(d: dict[str, Any]) -> tuple:
    return tuple(sorted(d.items()))


@cache
def yearly_frames(overrides: tuple, years: int, seed: int, replicates: int = R) -> tuple[pd.DataFrame, ...]:
    """The yearly table of each replicate of one arm (cached: arms are shared between rules)."""
    sc = Scenario().with_overrides({**COUNTY, **dict(overrides)})
    return tuple(CadreModel(sc, rng=ss, replicate=k).run_years(years).yearly
                 for k, ss in enumerate(replicate_seeds(seed, replicates)))


def yearly_means(overrides: tuple, years: int, seed: int, window: tuple[int, int] | None = None,
                 replicates: int = R) -> pd.DataFrame:
    """One row per replicate: each yearly column averaged over the years (or years `window`)."""
    lo, hi = window or (1, years)
    rows = [df[(df["year"] >= lo) & (df["year"] <= hi)][list(YEARLY_COLUMNS)].mean(numeric_only=True)
            for df in yearly_frames(overrides, years, seed, replicates)]
    return pd.DataFrame(rows).reset_index(drop=True)


@dataclass
class Check:
    """Arm A (`a`, default: the rule on) against arm B (`b`, default: the rule off), both on top
    of `base`; `outcomes` maps a yearly column (averaged over years) to its `Band` for A − B."""

    outcomes: dict[str, Band]
    base: dict[str, Any] = field(default_factory=dict)
    a: dict[str, Any] | None = None
    b: dict[str, Any] | None = None
    years: int = YEARS
    window: tuple[int, int] | None = None
    note: str = ""
    replicates: int = R  # paired replicates per arm, more where an effect is small against the noise


def off(rule_id: str) -> dict[str, Any]:
    r = BY_ID[rule_id]
    return {r.enabled_key: r.off_value}


def arms(rule_id: str, c: Check) -> tuple[dict[str, Any], dict[str, Any]]:
    a = {**c.base, **(c.a if c.a is not None else {})}
    b = {**c.base, **(c.b if c.b is not None else off(rule_id))}
    return a, b


def diffs(rule_id: str, c: Check, seed: int) -> pd.DataFrame:
    a, b = arms(rule_id, c)
    return (yearly_means(_key(a), c.years, seed, c.window, c.replicates)
            - yearly_means(_key(b), c.years, seed, c.window, c.replicates))


def up(lo: float, hi: float) -> Band:
    return Band(UP, lo, hi)


def down(lo: float, hi: float) -> Band:
    return Band(DOWN, lo, hi)


THIN_POOL = {"reserve.enabled": False}  # vacancies linger, so the rules that fill them can show

CHECKS: dict[str, list[Check]] = {
    # A. assessment of villages
    "A1": [Check({"five_good_share": up(0.15, 0.8), "weak_share_true": down(0.05, 0.4), "dim_leadership": up(0.03, 0.25)})],
    "A2": [Check({"effort_mean": up(0.008, 0.08), "cost_pay_yuan": up(6e4, 6e5)},
                 note="performance pay by stars: effort up, and the pay bill with it")],
    "A3": [Check({"secretary_ability_mean": up(0.002, 0.03), "secretaries_removed": up(0.3, 4)}, years=15)],
    "A4": [Check({"weak_share_true": down(0.004, 0.06), "five_good_share": up(0.005, 0.08)})],
    # A5 and B7 aim the year's help at the villages weak when it is planned: measured then
    # (attention_weak_planned_ratio), not against the villages weak a year later, most of which
    # were not weak when the help was planned (F3: 97% leave the list within a year)
    "A5": [Check({"attention_weak_planned_ratio": up(0.08, 1.0), "weak_share_true": down(0.006, 0.08)})],
    # A6's image gain (≈3.6 fewer scandals a year over 146 villages) is ≈0.0025 against a paired sd of
    # ≈0.003 per replicate: at 20 replicates seed 20240501 drew p = 0.059 (mean 0.00096); at 80 every
    # seed tried (20240501, 1–5) gives 0.0018–0.0029, p < 1e-8, the same α
    "A6": [Check({"scandals": down(1, 10), "dim_image": up(0.0005, 0.01)}, replicates=80,
                 note="80 replicates: the image gain of fewer scandals is small against the noise")],
    # A7's stationed-cost gain against a paired sd of ≈ 16,000–22,000 yuan per replicate: at 20 replicates
    # seed 20240501 drew a mean of 7,500, p = 0.011 (Threefry streams); at 40 every seed tried (20240501,
    # 1–5) gives 14,500–22,200, p < 1e-4, the same α
    "A7": [Check({"flagged_share": up(0.03, 0.08), "cost_stationed_yuan": up(5e3, 2e5)}, b={"flagging.quota": 0.0},
                 replicates=40, note="the quota flags the bottom share of each county on top of the direct triggers"),
           Check({"flagged_share": up(0.015, 0.06), "funded_villages": up(2, 15)},
                 note="the county flags by ranking and triggers, not only what the reports call weak, and flagged "
                      "shell villages get D9 funds (a stationed team too, but a third of villages hold one anyway)")],
    # B. townships
    "B1": [Check({"criticised": up(1, 8), "township_effort_mean": up(0.01, 0.1), "attention_near_line_ratio": up(0.04, 0.6)},
                 base={"penalties.adjust": False}, note="B2 off isolates criticism and warning talks")],
    "B2": [Check({"adjusted": up(0.2, 2.5), "leader_knowledge_mean": down(0.02, 0.25)})],
    "B3": [Check({"long_vacancy_share": down(0.004, 0.04), "secretary_vacancy_share": down(0.008, 0.08)},
                 base={**THIN_POOL, "reports.county_fill_prob": 0.0, "reserve.outside_fill_prob": 0.05},
                 note="long vacancies exist only when pools are empty, outsiders are hard to find and the county "
                      "does not fill them")],
    "B4": [Check({"merit": up(0.9, 1.1), "township_effort_mean": up(0.003, 0.04)})],
    "B5": [Check({"warning_talk": up(0.2, 2.5), "townships_penalised": up(0.1, 2.5)})],
    "B6": [Check({"commended": up(1, 9), "township_effort_mean": up(0.002, 0.02)})],
    "B7": [Check({"attention_weak_planned_ratio": up(0.03, 0.5)}, note="contact time is the leaders' own: a reallocation")],
    "B8": [Check({"weak_share_true": down(0.03, 0.3), "five_good_share": up(0.06, 0.6)})],
    # C. rotation, tenure and selection
    "C1": [Check({"leader_knowledge_mean": up(0.08, 0.8), "leader_rotations": down(2, 25)})],
    "C2": [Check({"leader_knowledge_mean": down(0.03, 0.35)},
                 note="avoidance: newcomers arrive without local knowledge (the favouritism it prevents is small)")],
    "C3": [Check({"weak_share_true": up(0.008, 0.1), "leader_knowledge_mean": down(0.1, 0.9)})],
    "C4": [Check({"effort_realised_mean": down(0.015, 0.12), "weak_share_true": up(0.003, 0.04)})],
    "C5": [Check({"secretary_ability_mean": up(0.008, 0.08), "dim_development": up(0.03, 0.25)})],
    "C6": [Check({"secretary_vacancy_share": down(0.005, 0.05), "reserve_mean": up(0.4, 3.5)})],
    "C7": [Check({"weak_share_true": down(0.01, 0.1), "stationed_cadres": up(50, 400), "cost_stationed_yuan": up(2e5, 1.5e6)})],
    "C8": [Check({"stationed_cadres": up(4, 60)}, base={"stationed.renew_years": 0}, years=6, window=(4, 6),
                 note="seed 004's single programme: villages failing acceptance keep their team after it")],
    "C9": [Check({"graduates_serving": up(7, 60), "dim_team": up(0.001, 0.015), "cost_graduates_yuan": up(1.4e5, 1.2e6)})],
    "C10": [Check({"new_members": up(100, 900), "dim_team": up(0.012, 0.12)})],
    # D. pay and incentives
    "D1": [Check({"effort_mean": up(0.02, 0.17), "cost_reward_yuan": up(2.3e5, 3e5)},
                 note="one county: the pool (indexed to rural income) is booked in full, whatever the replicate")],
    "D2": [Check({"effort_mean": up(0.04, 0.4), "turnover": down(0.04, 0.4), "weak_share_true": down(0.03, 0.3)})],
    "D3": [Check({"effort_mean": up(0.012, 0.12), "turnover": down(0.008, 0.08), "cost_insurance_yuan": up(3e5, 5e5)})],
    "D4": [Check({"effort_mean": up(0.003, 0.03), "cost_retirement_yuan": up(9e3, 8e4)})],
    "D5": [Check({"effort_mean": up(0.02, 0.15), "weak_share_true": down(0.005, 0.05)})],
    "D6": [Check({"secretary_ability_mean": up(0.007, 0.06), "weak_share_true": down(0.002, 0.03)})],
    "D7": [Check({"weak_share_true": down(0.002, 0.03), "cost_stationed_yuan": up(2e5, 1.5e6)})],
    "D8": [Check({"township_effort_mean": up(0.005, 0.05), "cost_township_pay_yuan": up(7e3, 6e4)})],
    "D9": [Check({"dim_development": up(0.002, 0.02), "funded_villages": up(4, 30)})],
    "D10": [Check({"effort_mean": down(0.06, 0.5), "turnover": up(0.03, 0.25), "weak_share_true": up(0.02, 0.18)},
                  base={"pay.base_multiple": 0.8}, note="low pay: with D10 on, effort falls and cadres quit")],
    # E. reporting
    "E1": [Check({"hidden_share": up(0.008, 0.07), "township_effort_mean": down(0.04, 0.25)},
                 base={"reporting.inspect_share": 0.05},
                 note="weak inspection: weak villages hidden, and covering up takes real effort")],
    # E2's effect is ≈ 0.004 (seeds 20240501, 1–5 on the Threefry streams: 0.0036–0.0042), so its band
    # starts at half that: the check is that reports shorten vacancies by a material amount, not by 0.004
    "E2": [Check({"secretary_vacancy_share": down(0.002, 0.03)}, base=THIN_POOL,
                 note="the county fills vacancies it hears of; visible when pools are thin")],
}

# The six mechanisms the design brief says the model must show (issue 10, done-when): 20 paired
# replicates at 146 villages, 95% interval of the mean difference (A − B) excluding 0, in the
# stated direction. (name, A, B, years, outcome, direction)
BRIEF: list[tuple[str, dict[str, Any], dict[str, Any], int, str, int]] = [
    ("C3 rotation yearly vs two terms", {"rotation.policy": "fixed", "rotation.every_years": 1},
     {"rotation.policy": "two_terms"}, 15, "weak_share_true", UP),
    ("C4 five-year vs three-year village terms", {"election.term_years": 5}, {"election.term_years": 3}, 15,
     "weak_share_true", DOWN),
    ("D10 low pay (0.8x vs 1.5x rural income)", {"pay.base_multiple": 0.8}, {"pay.base_multiple": 1.5}, 10,
     "weak_share_true", UP),
    ("C6 out-migration thins the pool and raises vacancies", {"reserve.migration_rate": 0.3},
     {"reserve.migration_rate": 0.02}, 10, "secretary_vacancy_share", UP),
    ("B1-B2 thresholds pull attention to villages near the line", {}, {"penalties.enabled": False}, 10,
     "attention_near_line_ratio", UP),
    ("E1 weak inspection moves reports more than reality", {"reporting.inspect_share": 0.05},
     {"reporting.inspect_share": 0.3}, 10, "weak_share_reported-weak_share_true", DOWN),
]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("case", BRIEF, ids=[b[0] for b in BRIEF])
def test_design_brief_mechanism(case: tuple, seed: int) -> None:
    name, a, b, years, outcome, direction = case
    ya, yb = yearly_means(_key(a), years, seed), yearly_means(_key(b), years, seed)
    if "-" in outcome:
        x, y = outcome.split("-")
        d = (ya[x] - ya[y]) - (yb[x] - yb[y])
    else:
        d = ya[outcome] - yb[outcome]
    d = d.to_numpy()
    lo, hi = stats.t.interval(0.95, len(d) - 1, loc=d.mean(), scale=stats.sem(d))
    assert (lo > 0) if direction > 0 else (hi < 0), f"{name}: 95% interval [{lo:.4g}, {hi:.4g}] of {outcome}"


def test_every_rule_has_a_check() -> None:
    assert set(CHECKS) == {r.id for r in RULES}
    for r in RULES:
        assert r.test.endswith(f"tests/test_rules.py::test_rule_effect[{r.id}]")


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("rule_id", [r.id for r in RULES], ids=[r.id for r in RULES])
def test_rule_effect(rule_id: str, seed: int) -> None:
    for i, c in enumerate(CHECKS[rule_id]):
        d = diffs(rule_id, c, seed)
        for col, band in c.outcomes.items():
            assert col in YEARLY_COLUMNS, col
            assert_effect(d[col].to_numpy(), band, what=f"{rule_id} check {i} {col} (A/B = {arms(rule_id, c)})")


def test_assert_effect_helper() -> None:
    assert_effect(np.array([1.0, 1.1, 0.9, 1.0, 1.05]), up(0.5, 2))
    with pytest.raises(AssertionError, match="beyond the noise"):
        assert_effect(np.array([1.0, -1.0, 0.5, -0.4]), up(0, 2))
    with pytest.raises(AssertionError, match="beyond the noise"):
        assert_effect(np.array([1.0, 1.1, 0.9, 1.0]), down(0, 2))
    with pytest.raises(AssertionError, match="outside its band"):
        assert_effect(np.array([1.0, 1.1, 0.9, 1.0, 1.05]), up(0, 0.5))


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


if __name__ == "__main__":  # measure every effect (for setting bands after a deliberate change)
    import sys

    seed = int(sys.argv[1]) if len(sys.argv) > 1 else SEEDS[0]
    only = sys.argv[2].split(",") if len(sys.argv) > 2 and sys.argv[2] != "all" else None
    if len(sys.argv) > 3:  # FILE.csv:ROW — an accepted parameter set (calibrate's accepted.csv) on top of the defaults
        path, _, row = sys.argv[3].rpartition(":")
        from cadresim.params import PARAMS

        fitted = pd.read_csv(path).iloc[int(row)]
        COUNTY.update({k: float(x) for k, x in fitted.items() if k in PARAMS and pd.notna(x)})
    for name, a, b, years, outcome, _ in BRIEF if only is None else []:
        ya, yb = yearly_means(_key(a), years, seed), yearly_means(_key(b), years, seed)
        x, _, y = outcome.partition("-")
        d = (ya[x] - (ya[y] if y else 0)) - (yb[x] - (yb[y] if y else 0))
        lo, hi = stats.t.interval(0.95, len(d) - 1, loc=d.mean(), scale=stats.sem(d))
        print(f"BRIEF {name}: mean {d.mean():+.4g} 95% [{lo:+.4g}, {hi:+.4g}]", flush=True)
    for rid, checks in CHECKS.items():
        if only and rid not in only:
            continue
        for i, c in enumerate(checks):
            d = diffs(rid, c, seed)
            for col, band in c.outcomes.items():
                x = d[col].to_numpy()
                t = stats.ttest_1samp(x, 0.0)
                print(f"{rid:4s} {i} {col:28s} mean {x.mean():+.4g}  se {x.std(ddof=1) / np.sqrt(len(x)):.3g}  "
                      f"t {t.statistic:+.1f}  band {band.direction:+d} [{band.lo:g}, {band.hi:g}]", flush=True)


# ---- the other done-when conditions, at planner scale -----------------------------
@pytest.mark.parametrize("seed", SEEDS)
def test_weak_inspection_moves_the_reported_share(seed: int) -> None:
    """E1: `weak_share_reported` under weak inspection (5%) is below the baseline's (30%) beyond
    the noise, while the flagged share stays at the quota plus the direct triggers."""
    # 60 replicates: at the fitted values (issue 13) the effect, ≈0.3 points, is small against the
    # seed-to-seed noise at 20 (p ≈ 0.04); α stays 0.01
    weak = yearly_means(_key({"reporting.inspect_share": 0.05}), YEARS, seed, replicates=60)
    base = yearly_means(_key({}), YEARS, seed, replicates=60)
    assert_effect((weak["weak_share_reported"] - base["weak_share_reported"]).to_numpy(), down(0.002, 0.05),
                  what="reported weak share, weak vs baseline inspection")
    quota = Scenario()["flagging.quota"]
    for y in (weak, base):
        assert (y["flagged_share"] >= round(quota * 146) / 146 - 1e-12).all()
        assert (y["flagged_share"] <= quota + 0.03).all()


@pytest.mark.parametrize("seed", SEEDS)
def test_triggers_alone_flag_like_f4(seed: int) -> None:
    """A7 without a quota: the direct triggers flag between 0.3% and 2% of villages a year (F4: 0.7%)."""
    y = yearly_means(_key({"flagging.quota": 0.0}), YEARS, seed)
    share = y["flagged_share"].mean()
    assert 0.003 <= share <= 0.02, share


@pytest.mark.parametrize("seed", SEEDS)
def test_no_team_adjusted_in_consecutive_years(seed: int) -> None:
    """B1/B2/B4: over 25 years of the baseline, no township's team is adjusted more than two years
    running (the record starts afresh after an adjustment; a new team has its grace year)."""
    for ss in replicate_seeds(seed, 5):
        m = CadreModel(Scenario().with_overrides(COUNTY), rng=ss)
        run = np.zeros(m.m, dtype=int)
        longest = 0
        for _ in range(25):
            m.run_years(1)
            adjusted = m.t.years_since_adjust == 0
            run = np.where(adjusted, run + 1, 0)
            longest = max(longest, int(run.max()))
        assert longest <= 2, f"a township's team was adjusted {longest} years running"

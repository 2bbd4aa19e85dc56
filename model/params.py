"""Every scenario key, its default, unit, valid range, rule ID and source, in one place.

A scenario is these defaults overlaid by a TOML file and by overrides. The baseline scenario
(`scenarios/baseline.toml`) is the seed-002 county under the seeds' policies and states
these same values; a test keeps the two equal. `src` says where a number comes from:
a seed paragraph, a calibration fact (F1…F10 of the rulebook), or ``"assumption"``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Param:
    """One scenario key: default, type, bounds, unit, rule ID, source and meaning."""

    key: str  # "section.name"
    default: Any
    kind: type  # int, float, bool or str
    lo: float | None = None
    hi: float | None = None
    unit: str = ""
    rule: str = ""  # rulebook ID(s), e.g. "C4" or "A7,F3"
    src: str = "assumption"
    doc: str = ""
    choices: tuple[str, ...] | None = None
    # Where an assumed number plausibly lies (a judgement, narrower than the validity
    # bounds lo/hi); None: the default ± PLAUSIBLE_SPREAD, clipped to lo/hi.
    plausible: tuple[float, float] | None = None
    # Set on the keys the issue-13 calibration fitted: the hand-set value the fit replaced
    # (`default` is then the fitted value; docs/calibration.md has the fit).
    was: float | None = None

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.key.split(".", 1)[1]

    @property
    def is_assumption(self) -> bool:
        return self.src.startswith("assumption")


A = "assumption"
_P: list[Param] = []


def _p(key: str, default: Any, lo: float | None = None, hi: float | None = None, *,
       unit: str = "", rule: str = "", src: str = A, doc: str = "",
       choices: tuple[str, ...] | None = None, kind: type | None = None,
       plausible: tuple[float, float] | None = None, was: float | None = None) -> None:
    _P.append(Param(key, default, kind or type(default), lo, hi, unit, rule, src, doc, choices, plausible, was))


# fmt: off
# ---- run -------------------------------------------------------------------------------
_p("run.years",      25, 1, 200,        src="setting", unit="years",  doc="simulated horizon (5 village terms of 5 years, or 8 of 3)")
_p("run.seed",       20121, 0, 2**63 - 1, src="setting", unit="",     doc="root of the SeedSequence; replicate seeds are spawned from it")
_p("run.replicates", 1, 1, 100_000,     src="setting", unit="runs",   doc="replicates (independent seeds) per scenario")
_p("run.agent_handles", "auto", src="setting", unit="", choices=("auto", "all", "none"),
   doc="create Mesa agent handles for every village/cadre ('auto': only up to run.auto_handles_max villages)")
_p("run.auto_handles_max", 20_000, 0, 10**9, src="setting", unit="villages", doc="with run.agent_handles = 'auto', create Mesa handles up to this many villages")
_p("run.snapshot_years", 0, 0, 200,     src="setting", unit="years",  doc="every N years store a per-village snapshot (0: never); aggregates are always kept")

# ---- county: the world the scenario builds ---------------------------------------------
_p("county.townships",        9, 1, 100_000,  unit="townships", src="seed 002 §一: 7 乡 + 2 镇", doc="number of townships")
_p("county.villages",       146, 1, 2_000_000, unit="villages", src="seed 002 §一(五)四: 146 行政村", doc="number of administrative villages")
_p("county.township_size_cv", 0.35, 0.0, 3.0, unit="", src=A, doc="coefficient of variation of villages per township (uneven sizes)")
_p("county.counties",        1, 1, 100_000,  unit="counties", src="setting", doc="counties the townships are grouped into (consecutive townships, as even as possible); the county-level rules (A7 quota and triggers, B4 ranking, D1 reward pool) act within each county")
_p("county.remoteness_mean",  0.4, 0.0, 1.0,  unit="0-1", src=A, doc="mean remoteness of villages (raises out-migration, lowers support)")
_p("county.shell_share",      0.80, 0.0, 1.0, unit="share", rule="D9", src="seed 002 §二(三): 80% 空壳村", doc="share of villages whose collective income is below county.shell_income_yuan")
_p("county.shell_income_yuan", 30_000, 0, 10**7, unit="yuan/yr", rule="D9,C7", src="seed 004 §二(三): 3 万元 target; we call villages below it shells", doc="collective-income line between a shell and a viable collective economy")
_p("county.rural_income_yuan", 6_000, 100, 10**6, unit="yuan/person/yr", rule="D2", src="assumption (county rural per-capita net income of the seeds' years)", doc="last year's county rural per-capita net income")
_p("county.rural_income_growth", 0.06, -0.5, 1.0, unit="1/yr", rule="D9", src="seed 002 §四(三): farmer income +6%/yr", doc="yearly growth of rural per-capita income and of the migrant wage")
_p("county.index_nominal", True, unit="switch", rule="D1,D3,D4,D5,D6,D7,D9", src="seed 002 §一(四): pay rises yearly, the living subsidy was raised (360 → 720 yuan); assumption that every nominal amount follows rural income", doc="nominal yuan amounts (reward pool, subsidies, funds, allowances, steps, costs, and C7's income line for a stationed team) grow with rural income; off: they stay at their values while incomes grow")
_p("county.migrant_wage_yuan", 15_000, 0, 10**7, unit="yuan/yr", rule="D10,C6", src=A, doc="what a prime-age villager earns as a migrant worker (the outside option)")
_p("county.members_mean",     35, 1, 10_000,  unit="members/village", rule="C10", src=A, doc="mean number of party members per village", plausible=(20, 60))
_p("county.reserve_mean",     2.0, 0.0, 8.0,  unit="cadres/village", rule="C6", src="seed 004 §二(一): ≥2 per village", doc="mean reserve cadres per village at the start")
_p("county.secretary_age_mean", 44.0, 18, 80, unit="years", rule="C5", src="seed 002 §一: average age 44", doc="mean age of village secretaries at the start")
_p("county.director_age_mean",  45.0, 18, 80, unit="years", rule="C5", src="seed 002 §一: average age 45", doc="mean age of village directors at the start")
_p("county.retire_age",       60, 30, 90,     unit="years", src=A, doc="age at which village cadres leave their post", plausible=(55, 65))  # plausible: village cadres leave around 60 (F8: mean age 45–50)
_p("county.init_dims_mean",   0.7447, 0.0, 1.0, unit="0-1", rule="A1", src="assumption calibrated to seed 002: 84% five-good", doc="mean of the five dimensions at the start", plausible=(0.50, 0.75), was=0.68)  # plausible: the county starts mostly five-good (seed 002)
_p("county.init_village_sd", 0.08, 0.0, 0.5, unit="0-1", rule="A1", src="assumption (the spread of village means the dynamics hold, ≈0.08 by year 2: the county starts in its observed state)", doc="spread of the villages' mean level at the start")
_p("county.init_dim_sd",    0.04, 0.0, 0.5, unit="0-1", rule="A1", src="assumption (the spread of a village's five dimensions around its mean the dynamics hold, ≈0.04; was 0.10, which started the county at 34% five-good)", doc="spread of each dimension around its village's level at the start")
_p("county.init_vacancy_share", 0.012, 0.0, 1.0, unit="share", rule="C6", src="F2: ≈1.2% of villages without a secretary", doc="share of secretary posts vacant at the start")

# ---- village dynamics: the five five-good dimensions (A1) and weak classification (A4) ----
_p("village.adjust_rate",   0.04793, 0.0, 1.0,  unit="1/month", rule="A1", doc="share of the gap to the target closed each month", plausible=(0.02, 0.10), was=0.05)  # plausible: half the gap closed in 7–35 months
_p("village.noise_sd",      0.015, 0.0, 1.0, unit="0-1/month", rule="A1", doc="monthly random drift of each dimension", plausible=(0.005, 0.03))
_p("village.shock_rate",    0.005393, 0.0, 1.0, unit="1/month", rule="A4", doc="monthly chance of a conflict, scandal or members leaving", plausible=(0.003, 0.02), was=0.008)  # plausible: a shock every 4–28 years per village
_p("village.shock_size",    0.15, 0.0, 1.0,  unit="0-1", rule="A4", doc="loss on the struck dimensions", plausible=(0.05, 0.30))
_p("village.base_target",   0.253, 0.0, 1.0,  unit="0-1", rule="A1", doc="target of a village with no secretary and no help", plausible=(0.25, 0.50), was=0.38)  # plausible: a leaderless village sinks, not to 0
_p("village.capacity_gain", 0.9717, 0.0, 2.0,  unit="0-1", rule="A1", doc="target raised by a secretary of ability × effort × knowledge = 1", plausible=(0.50, 1.10), was=0.80)
_p("village.difficulty_mean", 0.1944, 0.0, 1.0, unit="0-1", rule="A4", src="assumption (seed 002 §一(二): villages with tense two-committee relations)", doc="mean of the exponential handicap some villages carry on every dimension's target", plausible=(0.05, 0.25), was=0.14)
_p("village.help_gain",     0.4874, 0.0, 2.0,  unit="0-1", rule="A5,C7", doc="target raised by one unit of outside help (township attention, stationed team, funds)", plausible=(0.10, 0.50), was=0.25)
_p("village.econ_gain",     0.10, 0.0, 1.0,  unit="0-1", rule="D9", doc="target of the development dimension raised by a viable collective economy")
_p("village.director_weight", 0.25, 0.0, 2.0, unit="×", rule="A1", doc="capacity of a village director relative to a secretary of the same ability and effort")
_p("village.one_shoulder_extra", 0.15, 0.0, 2.0, unit="×", rule="A1,C5", doc="capacity a 一肩挑 secretary adds for holding the director's post too (share of his own)")
_p("village.knowledge_floor", 0.4, 0.0, 1.0, unit="share", rule="A1", doc="share of a secretary's capacity available with no local knowledge (capacity × (floor + (1 − floor) · knowledge))")
_p("village.scandal_factor", 2.0, 0.0, 20.0, unit="×", rule="A6", doc="monthly scandal rate of a secretary of integrity 0, relative to village.shock_rate")
_p("village.scandal_dev_share", 0.5, 0.0, 1.0, unit="share", rule="A6", doc="loss of the development dimension in a scandal, relative to the image dimension's")

_p("five_good.enabled",     True, unit="switch", rule="A1", src="seed 001 §二(二)", doc="the county sets the five-good standard: secretaries spread effort over the weakest dimensions")
_p("five_good.threshold",   0.6113, 0.0, 1.0,  unit="0-1", rule="A1", src="assumption calibrated to seed 002: 84% of villages five-good", doc="a dimension passes at or above this; five-good when all five pass", plausible=(0.45, 0.65), was=0.55)
_p("five_good.gap_margin",  0.10, 0.0, 1.0, unit="0-1", rule="A1", doc="a secretary aims this far above the standard when spreading effort over the dimensions below it")
_p("five_good.min_weight",  0.02, 0.0, 1.0, unit="0-1", rule="A1", doc="smallest weight a dimension at or above the aim still gets")
_p("five_good.off_development_share", 0.45, 0.0, 1.0, unit="share", rule="A1", doc="with the standard off, share of a secretary's effort that goes to development (the rest evenly to the other four)")

_p("weak.enabled",          True, unit="switch", rule="A4", src="seed 000 §23,25", doc="the county classifies weak villages yearly and townships rectify them")
_p("weak.threshold",        0.5128, 0.0, 1.0,  unit="0-1", rule="A4", src="assumption calibrated to F1: ≈10% weak", doc="a dimension below this counts against the village", plausible=(0.35, 0.55), was=0.47)  # plausible: below the five-good line, F1: ≈10% weak
_p("weak.min_dims",         2, 1, 5,         unit="dims", rule="A4", doc="a village is weak when this many dimensions are below the threshold, or its leadership dimension is")
_p("weak.vacancy_months",   6, 1, 120,       unit="months", rule="A4", src="assumption (A4: absent secretary)", doc="a secretary post vacant longer than this makes the village weak", plausible=(3, 12))  # plausible: A4 names an absent secretary; F4's trigger is 3 months
_p("weak.rectify_help",     0.9137, 0.0, 5.0,   unit="help units", rule="A4", doc="extra help a flagged village gets for the year of rectification", plausible=(0.20, 1.00), was=0.5)

# ---- A2 star rating --------------------------------------------------------------------
_p("stars.enabled",         True, unit="switch", rule="A2", src="seed 002 §一(五)四", doc="yearly five-star rating with performance pay by stars")
_p("stars.threshold",       0.6396, 0.0, 1.0, unit="0-1", rule="A2", src="assumption calibrated to seed 002: 55/69/22 five/four/three-star", doc="a star dimension (party building, social development, harmony, satisfaction) at or above this earns its star", plausible=(0.45, 0.75), was=0.59)
_p("stars.dev_threshold",   0.8598, 0.0, 1.0, unit="0-1", rule="A2,D9", src="assumption calibrated to seed 002: 55/69/22 five/four/three-star (the economic star is the hard one where 80% of collective economies are shells, seed 002 §二(三))", doc="the development dimension at or above this earns the economic-development star (seed 002 §一(五)四 sets a separate standard per star)", plausible=(0.55, 0.95), was=0.79)
_p("stars.weak_below_three", True, unit="switch", rule="A2,A4", src="seed 002 §一(五)四: all 146 villages rated 3–5 stars; facts 1.1d: below three stars → rectification", doc="the rating's bottom is the weak line: a village that is not weak (A4) is rated at least three stars, a weak one at most two (off: stars counted only)")
_p("stars.pay_per_star",    0.06, 0.0, 1.0, unit="share of base pay", rule="A2,D1", doc="performance pay per star, as a share of base pay")

# ---- A3 述职评议 --------------------------------------------------------------------------
_p("review.enabled",        True, unit="switch", rule="A3", src="seed 003 §二–四", doc="Q4 report-and-review of every village secretary")
_p("review.participants",   80, 1, 10_000, unit="people", rule="A3", src="seed 003 §二: ≥80 participants", doc="reviewers; the score's noise falls with their number")
_p("review.poor_threshold", 0.45, 0.0, 1.0, unit="0-1", rule="A3", doc="score below which the secretary is ordered to rectify", plausible=(0.35, 0.55))
_p("review.remove_after",   2, 1, 10, unit="years", rule="A3", doc="consecutive poor reviews that lead to removal")
_p("review.pressure_effort", 0.10, 0.0, 1.0, unit="effort", rule="A3", doc="effort added for a year by a rectification order")
_p("review.village_weight", 0.4, 0.0, 1.0, unit="share", rule="A3", doc="weight of the village's mean dimension in what reviewers judge (the rest: the secretary's own work, ability × (effort_offset + effort))")
_p("review.effort_offset", 0.5, 0.0, 2.0, unit="effort", rule="A3", doc="in the reviewers' judgement of a secretary's own work, ability × (offset + effort)")
_p("review.noise_sd",       0.6, 0.0, 5.0, unit="0-1", rule="A3", doc="noise of one reviewer's judgement; the score's noise is noise_sd / √participants")

# ---- A5 classified guidance / township attention ---------------------------------------
_p("attention.policy",      "classified", unit="", rule="A5,B1", src="seed 000 §23,34; 004 §三(四)", choices=("classified", "uniform", "worst_first", "threshold"),
   doc="how township leaders split attention: 抓两头促中间 (classified), evenly, worst first, or toward villages near the weak line")
_p("attention.budget",      1.50, 0.0, 10.0, unit="help units/village", rule="A5,B8", doc="help per village per month a township gives with leaders present every day, of full knowledge and reference ability, at full effort (× residence days / month_days × knowledge × ability × effort)")
_p("attention.near_line_band", 0.08, 0.0, 1.0, unit="0-1", rule="B1", doc="width of the band above the weak line that the 'threshold' policy targets")
_p("attention.near_line_below", 0.04, 0.0, 1.0, unit="0-1", rule="B1", doc="villages this far below the weak line still count as near it (the 'threshold' policy and penalty pull)")
_p("attention.near_weight",  3.0, 0.0, 100.0, unit="×", rule="B1", doc="attention weight of a village near the weak line under the 'threshold' policy")
_p("attention.far_weight",   0.5, 0.0, 100.0, unit="×", rule="B1", doc="attention weight of a village away from the line under the 'threshold' policy")
_p("attention.worst_power",  3.0, 0.0, 20.0, unit="", rule="A5", doc="'worst_first' weight: (1 − percentile rank)^power + worst_floor")
_p("attention.worst_floor",  0.05, 0.0, 10.0, unit="", rule="A5", doc="'worst_first' weight of the best village")
_p("attention.knowledge_floor", 0.3, 0.0, 1.0, unit="share", rule="C3", doc="share of a township's capacity with leaders of no local knowledge (floor + (1 − floor) · knowledge)")
_p("attention.ability_offset", 0.5, 0.0, 5.0, unit="", rule="B8", doc="township capacity ∝ (offset + leaders' mean ability) / (offset + ability_ref)")
_p("attention.ability_ref",  0.6, 0.0, 1.0, unit="0-1", rule="B8", doc="leaders' ability at which capacity is 1")
_p("attention.perception_sd", 0.06, 0.0, 1.0, unit="0-1", rule="A5,C3", doc="error in a township's view of a village's state when its leaders have no local knowledge (× (1 − knowledge))")
_p("township.effort_base",   0.70, 0.0, 1.0, unit="share of time", rule="B1,B4,B6,D8", doc="share of their working time township leaders put into village work with no incentive pushing them", plausible=(0.40, 0.90))
_p("township.effort_max",    1.00, 0.0, 1.0, unit="share of time", rule="B1,B4,B6,D8", doc="ceiling of that share: incentives push effort toward it, never past it")
_p("guidance.weight_backward", 1.6, 0.0, 100.0, unit="×", rule="A5", src="seed 000 §23: 狠抓后进村", doc="attention weight of a township's backward third of villages under classified guidance")
_p("guidance.weight_middle", 1.0, 0.0, 100.0, unit="×", rule="A5", src="seed 000 §23: 加大帮促力度", doc="attention weight of the middle third")
_p("guidance.weight_advanced", 0.4, 0.0, 100.0, unit="×", rule="A5", src="seed 000 §23", doc="attention weight of the advanced third")
_p("guidance.advanced_effort", 0.05, 0.0, 1.0, unit="effort", rule="A5", src="seed 000 §23: 高标准、严要求", doc="effort a higher standard adds to the secretary of an advanced village")

# ---- A6 audits ---------------------------------------------------------------------------
_p("audit.enabled",         True, unit="switch", rule="A6", src="seed 002 §一(五)", doc="term-end and departure audits and democratic evaluation of village cadres")
_p("audit.detect_prob",     0.6, 0.0, 1.0, unit="prob", rule="A6", doc="chance an audit finds a low-integrity cadre's misconduct")
_p("audit.deterrence",      0.5, 0.0, 1.0, unit="share", rule="A6", doc="share of misconduct (scandal shocks) deterred by the prospect of audits")
_p("audit.integrity_line",  0.5, 0.0, 1.0, unit="0-1", rule="A6", doc="cadres below this integrity commit misconduct an audit can find")

# ---- A7 flagging -------------------------------------------------------------------------
_p("flagging.enabled",      True, unit="switch", rule="A7", src="F3, F4", doc="the county flags villages for concentrated rectification each year")
_p("flagging.quota",        0.06, 0.0, 1.0, unit="share", rule="A7", src="F3: 倒排 5%–10%", doc="bottom share of villages (by reported score) flagged each year; 0 = no quota")
_p("flagging.triggers",     True, unit="switch", rule="A7", src="F4", doc="also flag villages that meet a direct trigger (vacancy, last in ranking, no new member)")
_p("flagging.trigger_vacancy_months", 3, 1, 120, unit="months", rule="A7", src="F4: vacant > 3 months", doc="vacancy that triggers a flag")
_p("flagging.trigger_no_member_years", 2, 1, 20, unit="years", rule="A7,C10", src="F4: no new member ≥ 2 years", doc="years without a new member that trigger a flag")
_p("flagging.trigger_last",  True, unit="switch", rule="A7", src="F4: last in the yearly ranking", doc="flag the village ranked last in its county (by reported score)")
_p("flagging.trigger_satisfaction", 0.60, 0.0, 1.0, unit="share", rule="A7", src="F4: satisfaction < 60%", doc="public satisfaction below which a village is flagged")
_p("flagging.satisfaction_offset", 0.478, -1.0, 1.0, unit="share", rule="A7", doc="a village's satisfaction survey result = its image dimension + this (clipped to 0–1)", plausible=(0.25, 0.50), was=0.38)  # plausible: F4's 60% line flags a few villages, not half
_p("flagging.trigger_incidents", 3, 1, 100, unit="incidents/yr", rule="A7", src="F4: mass incidents", doc="conflict incidents in a year that count as a mass incident and flag the village")
_p("flagging.quota_skips_tracked", True, unit="switch", rule="A7", src="F3 (facts 1.1d: 5%–10% a year are taken for rectification, 97.1% transformed; 1.2c: few flagged twice)", doc="the bottom-ranking quota passes over villages still in rectification or tracking (flagging.track_years), so each year's quota takes the next villages; direct triggers still flag them (off: the same bottom villages can be taken every year)")
_p("flagging.track_years",  1, 0, 10, unit="years", rule="A7", src="F3", doc="years a rectified village stays tracked (keeps extra help)")

# ---- township assessment and penalties (B1–B8) -------------------------------------------
_p("penalties.enabled",     True, unit="switch", rule="B1,B2", src="seed 000 §25", doc="weak-share thresholds: criticism, warning talk, adjustment")
_p("penalties.criticise_share", 0.10, 0.0, 1.0, unit="share", rule="B1", src="seed 000 §25: 10%", doc="reported weak share at which the township is criticised")
_p("penalties.adjust_share", 0.20, 0.0, 1.0, unit="share", rule="B2", src="seed 000 §25: 20%", doc="reported weak share above which leaders are adjusted")
_p("penalties.adjust",      True, unit="switch", rule="B2", src="seed 000 §25", doc="above the adjust share, and after a warning without improvement, leaders are adjusted")
_p("penalties.pressure_attention", 0.5, 0.0, 1.0, unit="share of gap", rule="B1", doc="a township under criticism or warning closes this share of the gap between its leaders' effort and the ceiling (township.effort_max)")
_p("penalties.adjust_threat", 0.3, 0.0, 1.0, unit="share of gap", rule="B2", doc="further share of the effort gap a penalised township closes when adjustment (demotion) is the next step")
_p("penalties.pull_share",  0.5, 0.0, 1.0, unit="share", rule="B1", doc="share of a penalised township's allocation weight that follows the near-line ('threshold') rule")
_p("penalties.grace_years", 1, 0, 10, unit="years", rule="B1,B2,B4", doc="years a newly adjusted team is spared another adjustment (it is judged on its own work)")
_p("leaderless.enabled",    True, unit="switch", rule="B3", src="seed 000 §25", doc="a village leaderless > 12 months blocks the township's excellent grade")
_p("leaderless.months",     12, 1, 120, unit="months", rule="B3", src="seed 000 §25: over a year", doc="vacancy that blocks the grade")
_p("leaderless.fill_push",  0.444, 0.0, 1.0, unit="prob/month", rule="B3", doc="monthly chance a township appoints from outside to a long vacancy when B3 is on", plausible=(0.10, 0.50), was=0.25)
_p("leaderless.lead_months", 6, 0, 120, unit="months", rule="B3", doc="the township starts pushing this many months before a vacancy reaches leaderless.months")
_p("ranking.enabled",       True, unit="switch", rule="B4", src="seed 000 §26", doc="yearly comprehensive ranking of townships with merit and escalation")
_p("ranking.merit_top",     1, 0, 1000, unit="townships", rule="B4", src="seed 000 §26", doc="top-ranked townships whose secretary and mayor get a merit")
_p("ranking.competition_effort", 0.05, 0.0, 1.0, unit="share", rule="B4", doc="share of the effort gap every township competing in the yearly ranking closes (tournament incentive)")
_p("ranking.promote_prob",  0.7702, 0.0, 1.0, unit="prob", rule="B4,D8", doc="chance a leader with a merit is promoted out that year", plausible=(0.20, 0.80), was=0.5)  # plausible: F7 / facts 3.1h: promotion hazard 11–15% a year
_p("ranking.target_by_base", True, unit="switch", rule="B4", src="seed 000 §26: targets by each township's base conditions", doc="rank townships by progress on their own last-year level (off: by the raw level)")
_p("evaluation.enabled",    True, unit="switch", rule="B5", src="seed 000 §27", doc="yearly democratic evaluation of township leaders")
_p("evaluation.incompetent_share", 1 / 3, 0.0, 1.0, unit="share", rule="B5", src="seed 000 §27: ≥1/3", doc="'incompetent' vote share that triggers a warning talk")
_p("evaluation.voters",     60, 1, 10_000, unit="people", rule="B5", doc="voters in the evaluation")
_p("evaluation.incompetent_base", 0.55, 0.0, 1.0, unit="share", rule="B5", doc="'incompetent' vote share for leaders of ability × knowledge term 0")
_p("evaluation.incompetent_slope", 0.6, 0.0, 5.0, unit="share", rule="B5", doc="fall of that share per unit of leaders' ability × (1 − kw + kw · knowledge)")
_p("evaluation.knowledge_weight", 0.5, 0.0, 1.0, unit="share", rule="B5", doc="weight of local knowledge in how voters judge leaders")
_p("evaluation.p_min",      0.02, 0.0, 1.0, unit="prob", rule="B5", doc="least 'incompetent' vote probability")
_p("evaluation.p_max",      0.95, 0.0, 1.0, unit="prob", rule="B5", doc="largest 'incompetent' vote probability", plausible=(0.80, 1.00))
_p("rating.enabled",        True, unit="switch", rule="B6", src="seed 000 §5; 001 §二(一)", doc="two-yearly five-good rating of townships with commendation")
_p("rating.every_years",    2, 1, 10, unit="years", rule="B6", src="seed 000 §5", doc="years between township ratings")
_p("rating.five_good_share", 0.80, 0.0, 1.0, unit="share", rule="B6", doc="share of five-good villages a township needs")
_p("rating.morale_effort",  0.05, 0.0, 1.0, unit="share of gap", rule="B6", doc="share of the effort gap a commended township's leaders close until the next rating")
_p("contact.enabled",       True, unit="switch", rule="B7", src="seed 000 §15,33; 004 §三(一)", doc="leaders link villages: the secretary spends ≥1 month/yr of his own time in the most backward one, the other leaders a share of theirs in one each")
_p("contact.months",        1, 0, 12, unit="months/yr", rule="B7", src="seed 000 §15: ≥1 month", doc="months the township secretary stays in the linked village")
_p("contact.secretary_share", 1 / 3, 0.0, 1.0, unit="share", rule="B7", doc="the township secretary's share of the leaders' village time (three main leaders)")
_p("contact.other_share",   0.10, 0.0, 1.0, unit="share", rule="B7", src="seed 000 §15: other leaders each link a village", doc="share of the other leaders' village time spent in their linked village")
_p("residence.enabled",     True, unit="switch", rule="B8", src="seed 000 §14,15", doc="leaders live in the township ≥22 days/month, staff spend 1/3 of time in villages")
_p("residence.days",        22, 0, 31, unit="days/month", rule="B8", src="seed 000 §14: 22 days", doc="days in the township; attention scales with days / residence.month_days")
_p("residence.days_off",    12, 0, 31, unit="days/month", rule="B8", doc="days in the township when the rule is off")
_p("residence.month_days",  30, 1, 31, unit="days/month", rule="B8", src="setting", doc="days of a month: attention scales with residence days / month_days")

# ---- township leaders: rotation and tenure (C1–C3) ----------------------------------------
_p("rotation.policy",       "two_terms", unit="", rule="C1,C3", src="seed 000 §7", choices=("two_terms", "fixed", "hazard"),
   doc="two full terms (C1), rotate every rotation.every_years, or a yearly hazard")
_p("rotation.term_years",   5, 1, 20, unit="years", rule="C1", src="assumption (F7: formal 5-year term)", doc="township leadership term", plausible=(3, 5))  # plausible: F7: formal term 5 years
_p("rotation.every_years",  3, 1, 20, unit="years", rule="C3", src="F7: actual tenure ≈3 years", doc="tenure under the 'fixed' policy")
_p("rotation.hazard",       0.34, 0.0, 1.0, unit="1/yr", rule="C3", src="F7: 34% a year", doc="yearly chance of transfer under the 'hazard' policy")
_p("rotation.turnover_costs", True, unit="switch", rule="C3", src="seed 002 §二(一)三", doc="a new leader lacks local knowledge and a leader near rotation favours short-term work (off: neither)")
_p("rotation.knowledge_months", 24, 1, 600, unit="months", rule="C3", doc="time constant of local knowledge growth")
_p("rotation.horizon_years", 1, 0, 10, unit="years", rule="C3", doc="leaders this close to rotation favour visible short-term work")
_p("rotation.short_term_share", 0.6, 0.0, 1.0, unit="share", rule="C3", doc="share of attention moved to visible dimensions by a leader near rotation")
_p("rotation.min_experience", True, unit="switch", rule="C1", src="seed 000 §7: ≥3 years in townships", doc="new main leaders must have ≥3 years of township experience")
_p("rotation.experience_years", 3, 0, 40, unit="years", rule="C1", src="seed 000 §7: ≥3 years", doc="least township experience of a new main leader when the rule is on")
_p("rotation.experience_max_years", 12, 0, 40, unit="years", rule="C1", doc="most township experience of a new leader")
_p("rotation.ability_experienced", 0.60, 0.0, 1.0, unit="0-1", rule="C1", doc="mean ability of new leaders with the experience rule on")
_p("rotation.ability_novice", 0.52, 0.0, 1.0, unit="0-1", rule="C1", doc="mean ability of new leaders with it off")
_p("rotation.ability_sd",   0.10, 0.0, 1.0, unit="0-1", rule="C1", doc="spread of new leaders' ability")
_p("avoidance.enabled",     True, unit="switch", rule="C2", src="seed 000 §8", doc="new leaders never serve in their home township")
_p("avoidance.home_share",  0.5, 0.0, 1.0, unit="share", rule="C2", doc="share of new leaders that would be local without avoidance")
_p("avoidance.home_favour", 0.15, 0.0, 1.0, unit="share", rule="C2", doc="share of a local leader's attention bent toward favoured villages")
_p("avoidance.local_knowledge", 0.6, 0.0, 1.0, unit="0-1", rule="C2", doc="local knowledge a leader serving in his home township starts with")
_p("avoidance.favoured_share", 0.2, 0.0, 1.0, unit="share", rule="C2", doc="share of a township's villages a local leader favours")
_p("avoidance.favour_weight", 5.0, 0.0, 100.0, unit="×", rule="C2", doc="attention weight of a favoured village in the favoured part of a local leader's attention")

# ---- village terms and selection (C4, C5) -------------------------------------------------
_p("election.term_years",   3, 1, 10, unit="years", rule="C4", src="seed 002 §二(二)一: 3 years", doc="village committee term")
_p("election.lame_duck",    True, unit="switch", rule="C4", src="seed 002 §二(二)一", doc="'一年选、二年干、三年等着换': last-year effort drop")
_p("election.lame_duck_drop", 0.25, 0.0, 1.0, unit="share", rule="C4", doc="effort of secretaries and directors lost in the last year of every village term (a 3-year term spends a third of its time there, a 5-year term a fifth)")
_p("election.incumbent_bias", 0.7, 0.0, 1.0, unit="prob", rule="C5", doc="chance a not-poorly-reviewed secretary is re-elected", plausible=(0.40, 0.90))
_p("election.retire_margin_years", 3, 0, 20, unit="years", rule="C5", doc="a secretary this close to the retirement age does not stand again")
_p("selection.enabled",     True, unit="switch", rule="C5", src="seed 002 §一(一),(二)", doc="two-recommendation and open direct election of secretaries")
_p("selection.direct_share", 0.40, 0.0, 1.0, unit="share", rule="C5", src="seed 002 §一(一): 40% 公推直选", doc="share of villages electing by 公推直选")
_p("selection.noise_direct", 0.10, 0.0, 1.0, unit="sd", rule="C5", doc="noise in judging candidates under 公推直选")
_p("selection.noise_two_rec", 0.20, 0.0, 1.0, unit="sd", rule="C5", doc="noise in judging candidates under 两推一选")
_p("selection.noise_off",   0.5, 0.0, 2.0, unit="sd", rule="C5", doc="noise when the rule is off (appointment with little information)")
_p("selection.shuangdai_share", 0.76, 0.0, 1.0, unit="share", rule="C5", src="seed 002 §一(一): 76% 双带", doc="share of secretaries who are 双带 (get rich and lead others)")
_p("selection.shuangdai_off_factor", 0.7, 0.0, 1.0, unit="×", rule="C5", doc="with the rule off, the 双带 share of new secretaries is this × selection.shuangdai_share")
_p("selection.shuangdai_gain", 0.15, 0.0, 1.0, unit="0-1", rule="C5", doc="development target raised by a 双带 secretary")
_p("selection.one_shoulder_share", 0.062, 0.0, 1.0, unit="share", rule="C5,D2", src="seed 002 §一(二): 9 of 146", doc="share of villages where secretary = director (一肩挑)")
_p("selection.cross_serving_share", 0.20, 0.0, 1.0, unit="share", rule="C5", src="seed 002 §一(二): 20%", doc="share of two-committee members serving on both")
_p("selection.conflict_factor", 2.0, 1.0, 10.0, unit="×", rule="C5", doc="two-committee conflict shock rate multiplier without 一肩挑 or cross-serving")

# ---- reserves, graduates, members (C6, C9, C10) ------------------------------------------
_p("reserve.enabled",       True, unit="switch", rule="C6", src="seed 004 §二(一)", doc="every village keeps reserve cadres; vacancies are filled from them")
_p("reserve.minimum",       2, 0, 20, unit="cadres", rule="C6", src="seed 004 §二(一): ≥2", doc="reserves a township tops up each year")
_p("reserve.capacity",      6, 1, 20, unit="cadres", rule="C6", doc="most reserves a village can hold")
_p("reserve.fill_delay_months", 1, 0, 24, unit="months", rule="C6", doc="months a vacant secretary post stays vacant before it can be filled (the month it falls vacant counts: 1 = from the next month on); selecting a successor (两推一选, 公推直选) takes weeks", plausible=(0, 2))
_p("reserve.fill_prob",     0.79, 0.0, 1.0, unit="prob/month", rule="C6", src="F2: 79% filled within a month", doc="monthly chance a vacancy is filled from a non-empty pool")
_p("reserve.outside_fill_prob", 0.131, 0.0, 1.0, unit="prob/month", rule="C6", doc="monthly chance an empty-pool vacancy is filled from outside", plausible=(0.01, 0.20), was=0.05)
_p("reserve.migration_rate", 0.04379, 0.0, 1.0, unit="1/yr", rule="C6", src="assumption (seed 002 §二(一)三 names the drain, not its rate)", doc="yearly chance a reserve leaves for migrant work at the base wage ratio", plausible=(0.03, 0.20), was=0.08)
_p("reserve.wage_ref",      2.5, 0.1, 20.0, unit="×", rule="C6", doc="migrant wage / rural income at which reserves leave at the base migration rate")
_p("reserve.remote_factor", 0.5, 0.0, 1.0, unit="share", rule="C6", doc="how much remoteness thins the pool: migration × (1 − f + remoteness); top-up found × (1 − f · remoteness)")
_p("reserve.recruit_ability", 0.48, 0.0, 1.0, unit="0-1", rule="C6,C10", doc="mean ability of a new member joining the pool")
_p("reserve.topup_ability", 0.45, 0.0, 1.0, unit="0-1", rule="C6", doc="mean ability of a reserve found to top up the pool")
_p("reserve.ability_sd",    0.12, 0.0, 1.0, unit="0-1", rule="C6", doc="spread of reserves' ability")
_p("reserve.join_without_rule", 0.5, 0.0, 1.0, unit="share", rule="C6", doc="with the rule off, share of would-be reserves who still join an unkept pool")
_p("graduates.enabled",     True, unit="switch", rule="C9", src="seed 002 §一(一)三", doc="college graduates placed as village officials")
_p("graduates.per_year",    0.05, 0.0, 5.0, unit="per village/yr", rule="C9", src="assumption (seed 002 §一(一)三: 55 placed in 146 villages; over ≈7 years is ours)", doc="graduates placed per village per year (they serve graduates.contract_years in the village and join its reserve pool)")
_p("graduates.ability",     0.65, 0.0, 1.0, unit="0-1", rule="C9", doc="mean ability of a placed graduate")
_p("graduates.ability_sd",  0.08, 0.0, 1.0, unit="0-1", rule="C9", doc="spread of placed graduates' ability")
_p("graduates.contract_years", 3, 1, 10, unit="years", rule="C9", src="assumption (village-official contracts of about three years)", doc="years a placed graduate serves in the village")
_p("graduates.help",        0.15, 0.0, 5.0, unit="help units", rule="C9", doc="help a serving graduate gives the team and mechanism dimensions")
_p("members.enabled",       True, unit="switch", rule="C10", src="seed 001 §二(二)2; 004 §二(二)", doc="each village is required to recruit ≥1 new member a year: recruitment is pushed up (members.requirement_push), though a village with no one suitable can still miss")
_p("members.recruit_rate",  0.9335, 0.0, 20.0, unit="members/yr", rule="C10", doc="mean new members a year a village recruits on its own (× (team_offset + team dimension) × (1 − remote_factor · remoteness))", plausible=(0.30, 1.50), was=0.8)  # plausible: C10 asks ≥1 a year; many villages miss it
_p("members.reserve_share", 0.5, 0.0, 1.0, unit="share", rule="C10,C6", doc="share of new members who join the reserve pool")
_p("members.team_gain",     0.04, 0.0, 1.0, unit="0-1", rule="C10", doc="member-team target raised per new member this year")
_p("members.requirement_push", 2.5, 0.0, 20.0, unit="members/yr", rule="C10", src="assumption (seed 001 §三(二): ≥1 a year is the requirement; whether a village meets it depends on who is there)", doc="recruitment rate added by the ≥1-a-year requirement")
_p("members.loss_rate",     0.02, 0.0, 1.0, unit="1/yr", rule="C10", doc="members lost a year (death, moving away)")
_p("members.remote_factor", 0.5, 0.0, 1.0, unit="share", rule="C10", doc="recruitment × (1 − f · remoteness)")
_p("members.team_offset",   0.5, 0.0, 5.0, unit="", rule="C10", doc="recruitment × (offset + team dimension)")
_p("members.gain_cap",      3, 0, 100, unit="members", rule="C10", doc="new members beyond this add nothing more to the team target")

# ---- stationed cadres (C7, C8) ------------------------------------------------------------
_p("stationed.enabled",     True, unit="switch", rule="C7", src="seed 004 §三(二)", doc="county and township send cadres to live in villages")
_p("stationed.rotation_years", 1, 1, 10, unit="years", rule="C7", src="seed 004 §三(二): 1 year (F6: ≥2 nationally)", doc="a stationed cadre's tour")
_p("stationed.income_line_yuan", 30_000, 0, 10**7, unit="yuan/yr", rule="C7", src="seed 004 §三(二): 3 万元", doc="collective income at or above which a village gets one cadre, not a team")
_p("stationed.team_small",  1, 0, 10, unit="cadres", rule="C7", src="seed 004 §三(二)", doc="cadres sent to a viable village")
_p("stationed.team_large",  3, 0, 10, unit="cadres", rule="C7", src="seed 004 §三(二)", doc="cadres sent to a poor or flagged village")
_p("stationed.help_per_cadre", 0.1404, 0.0, 5.0, unit="help units", rule="C7", src="assumption (F10: the help is real; its size is ours)", doc="help from one stationed cadre with full local knowledge", plausible=(0.05, 0.30), was=0.15)  # plausible: F10: real but modest
_p("stationed.knowledge_months", 8, 1, 120, unit="months", rule="C7", doc="time constant of a stationed cadre's local knowledge")
_p("stationed.coverage",    1.0, 0.0, 1.0, unit="share", rule="C7", src="seed 004: all villages in the programme", doc="share of villages in the programme")
_p("acceptance.enabled",    True, unit="switch", rule="C8", src="seed 004 §四(五)", doc="programme accepted after 3 years; villages that fail keep their team")
_p("stationed.renew_years", 3, 0, 50, unit="years", rule="C7,C8", src="F6: continuous national programmes since 2015 (seed 004: one three-year programme)", doc="from acceptance on, every this many years a new round of the programme enrols the poor or flagged villages (0: one programme, as seed 004)")
_p("acceptance.years",      3, 1, 20, unit="years", rule="C8", src="seed 004 §四(五): 3 years", doc="programme length before acceptance")
_p("stationed.knowledge_floor", 0.3, 0.0, 1.0, unit="share", rule="C7", doc="share of a stationed cadre's help with no local knowledge")

# ---- pay and other incentives (D1–D10) ----------------------------------------------------
_p("pay.enabled",           True, unit="switch", rule="D1", src="seed 002 §一(四)一", doc="structured pay: base + performance + reward (以奖代补 pool)")
_p("pay.base_multiple",     1.0, 0.0, 20.0, unit="× rural income", rule="D2", src="seed 002 §一(四)一: ≥ last year's rural income", doc="base pay of a main village cadre")
_p("pay.one_shoulder_bonus", 0.5, 0.0, 5.0, unit="share", rule="D2", src="seed 002 §一(四)一: +50%", doc="extra base pay for a secretary who is also director")
_p("pay.floor_enabled",     True, unit="switch", rule="D2", src="seed 002 §一(四)一", doc="pay floor at last year's rural income (off: pay is pay.off_multiple × rural income)")
_p("pay.off_multiple",      0.5, 0.0, 20.0, unit="× rural income", rule="D2", src="assumption (pay before the reform)", doc="base pay when the floor rule is off")
_p("pay.reward_pool_yuan",  200_000, 0, 10**10, unit="yuan/yr", rule="D1", src="seed 002 §一(四)一: 20 万元", doc="以奖代补 reward pool shared by the best villages' cadres")
_p("pay.reward_share",      0.3, 0.0, 1.0, unit="share", rule="D1", doc="share of villages (best reviewed) that share the reward pool")
_p("pay.director_multiple", 1.0, 0.0, 20.0, unit="× base pay", rule="D2,D10", doc="a director's pay relative to a secretary's base pay")
_p("insurance.enabled",     True, unit="switch", rule="D3", src="seed 002 §一(四)二", doc="social-insurance subsidy for village cadres")
_p("insurance.main_yuan",   500, 0, 10**6, unit="yuan/yr", rule="D3", src="seed 002: 500 元", doc="subsidy for secretary and director")
_p("insurance.other_yuan",  400, 0, 10**6, unit="yuan/yr", rule="D3", src="seed 002: 400 元", doc="subsidy for other two-committee members")
_p("insurance.value_factor", 3.0, 0.0, 50.0, unit="×", rule="D3,D10", doc="how much a yuan of security is worth to a cadre relative to a yuan of pay")
_p("retirement.enabled",    True, unit="switch", rule="D4", src="seed 002 §一(四)三", doc="living subsidy for former main cadres aged ≥55 with long service")
_p("retirement.subsidy_yuan", 720, 0, 10**6, unit="yuan/yr", rule="D4", src="seed 002: 720 元 (from 360)", doc="yearly living subsidy")
_p("retirement.min_years",  10, 0, 60, unit="years", rule="D4", src="seed 002: ≥10 consecutive years", doc="service that earns the subsidy")
_p("retirement.value_years", 15, 0, 60, unit="years", rule="D4", doc="years of subsidy a cadre counts on when weighing to stay")
_p("retirement.min_age",    55, 30, 90, unit="years", rule="D4", src="seed 002 §一(四)三: aged ≥55", doc="age from which a former main cadre draws the subsidy")
_p("retirement.on_track_years", 5, 0, 60, unit="years", rule="D4", doc="a secretary within this many years of qualifying counts the subsidy when weighing to stay")
_p("retirement.on_track_age", 45, 18, 90, unit="years", rule="D4", doc="…and at least this old", plausible=(40, 50))  # plausible: D4 counts from 55; the horizon is a decade
_p("retirement.initial_per_village", 0.3, 0.0, 10.0, unit="pensioners/village", rule="D4", doc="former main cadres drawing the subsidy at the start, per village")
_p("support.enabled",       True, unit="switch", rule="D5", src="seed 002 §一(四)三", doc="hardship fund, health checks, civil-service route, commendation")
_p("support.hardship_fund_yuan", 100_000, 0, 10**9, unit="yuan/yr", rule="D5", src="seed 002: 10 万元", doc="hardship fund for secretaries")
_p("support.health_check_yuan", 300, 0, 10**6, unit="yuan/cadre/yr", rule="D5", src=A, doc="cost of a yearly health check")
_p("support.career_effort", 0.05, 0.0, 1.0, unit="effort", rule="D5", doc="effort added by the civil-service route and commendation")
_p("training.enabled",      True, unit="switch", rule="D6", src="seed 002 §一(五)二", doc="yearly training of secretaries")
_p("training.yuan",         1_000, 0, 10**6, unit="yuan/secretary/yr", rule="D6", src="seed 002: 1,000 元", doc="training spend per secretary")
_p("training.ability_gain", 0.02, 0.0, 1.0, unit="ability/yr", rule="D6", doc="ability a secretary gains from a year's training (falls as ability rises)")
_p("stationed_pay.allowance_yuan", 300, 0, 10**6, unit="yuan/month", rule="D7", src="seed 004 §四(三): 300 元/month", doc="allowance of a stationed cadre")
_p("stationed_pay.enabled", True, unit="switch", rule="D7", src="seed 004 §四(三)", doc="stationed cadres get the allowance (off: motivation falls)")
_p("stationed_pay.motivation_off", 0.6, 0.0, 1.0, unit="×", rule="D7,F10", doc="help multiplier of stationed cadres without the allowance")
_p("township_pay.enabled",  True, unit="switch", rule="D8", src="seed 000 §28", doc="salary grade step after 15 years in townships with excellent grades")
_p("township_pay.years",    15, 1, 60, unit="years", rule="D8", src="seed 000 §28: 15 years", doc="years in townships for the step")
_p("township_pay.step_yuan", 3_000, 0, 10**7, unit="yuan/yr", rule="D8", src=A, doc="value of one salary grade")
_p("township_pay.effort",   0.08, 0.0, 1.0, unit="share of gap", rule="D8", doc="share of the effort gap leaders close for the prospect of the step (not where B3 blocks the excellent grade)")
_p("funds.enabled",         True, unit="switch", rule="D9", src="seed 002 §二(三); 004 §二(三)", doc="collective-economy support funds for poor and flagged villages")
_p("funds.per_village_yuan", 20_000, 0, 10**8, unit="yuan/yr", rule="D9", src=A, doc="support a funded village gets a year")
_p("funds.help",            0.3, 0.0, 5.0, unit="help units", rule="D9", doc="help from a year of funds (development dimension)")
_p("funds.income_growth",   0.25, 0.0, 5.0, unit="1/yr", rule="D9", doc="growth of a funded village's collective income", plausible=(0.10, 0.40))  # plausible: D9: poor villages to 30,000 yuan within ~3 years
_p("economy.growth_base",   0.03879, -1.0, 1.0, unit="1/yr", rule="D9", doc="yearly collective-income growth of a village at development = dev_ref", plausible=(-0.02, 0.05), was=0.02)  # plausible: collective income can stagnate; rural income +6%
_p("economy.dev_slope",     0.05166, 0.0, 5.0, unit="1/yr", rule="D9", doc="growth gained per unit of development above dev_ref", plausible=(0.05, 0.40), was=0.2)  # plausible: vacancy and turnover (F2)
_p("economy.dev_ref",       0.5, 0.0, 1.0, unit="0-1", rule="D9", doc="development level of zero extra growth")
_p("economy.noise_sd",      0.1, 0.0, 5.0, unit="1/yr", rule="D9", doc="spread of yearly collective-income growth")
_p("economy.max_log_growth", 1.0, 0.0, 10.0, unit="log/yr", rule="D9", doc="yearly log growth is clipped to ± this")
_p("incentive.enabled",     True, unit="switch", rule="D10", src="seed 002 §二(二)二", doc="pay relative to the outside option drives effort and quitting")
_p("incentive.effort_base", 0.55, 0.0, 1.0, unit="effort", rule="D10", doc="effort of an average cadre at a pay ratio of 1")
_p("incentive.effort_pay",  0.25, 0.0, 5.0, unit="effort/log-ratio", rule="D10", doc="effort gained per unit log of pay / outside option")
_p("incentive.quit_base",   0.03, 0.0, 1.0, unit="1/yr", rule="D10", doc="yearly quit rate of a cadre paid as much as the outside option", plausible=(0.01, 0.10))
_p("incentive.quit_pay",    1.5, 0.0, 10.0, unit="1/log-ratio", rule="D10", doc="how strongly a low pay ratio raises quitting", plausible=(0.75, 2.25))  # plausible: the default ± 50%, stated: what the fits searched
_p("incentive.effort_min",  0.05, 0.0, 1.0, unit="effort", rule="D10", doc="least yearly effort")
_p("incentive.effort_max",  1.0, 0.0, 1.0, unit="effort", rule="D10", doc="most yearly effort")
_p("incentive.quit_max",    0.9, 0.0, 1.0, unit="1/yr", rule="D10", doc="highest yearly quit rate")
_p("incentive.director_quit_factor", 0.8, 0.0, 5.0, unit="×", rule="D10", doc="a director's quit rate relative to a secretary's at the same pay ratio (the product at most 1 a year)")
_p("outside.age_ref",       30, 16, 80, unit="years", rule="D10", doc="age at which the outside option is at its peak factor", plausible=(25, 40))  # plausible: flagging, review, reporting (F1, F3, F4)
_p("outside.peak_factor",   1.3, 0.0, 5.0, unit="×", rule="D10", doc="outside option at age_ref, relative to the migrant wage")
_p("outside.age_slope",     0.015, 0.0, 1.0, unit="1/yr", rule="D10", doc="fall of that factor per year of age above age_ref")
_p("outside.floor_factor",  0.5, 0.0, 5.0, unit="×", rule="D10", doc="least outside option, relative to the migrant wage")
_p("cadre.other_leave_rate", 0.04678, 0.0, 1.0, unit="1/yr", rule="F2", doc="yearly chance a secretary leaves the post for reasons outside the pay rules (illness, death, moving away, the civil service, removal); with the month's filling (C6) it sets the vacancy share", plausible=(0.02, 0.15), was=0.08)  # plausible: F2's 1.2% vacant with 79% filled within a month needs ≈ 10% of posts falling vacant a year; seed 002 §一(四)三's ten-year benefit presumes stays of a decade are common
_p("cadre.knowledge_months", 24, 1, 600, unit="months", rule="A1", doc="time constant of a village secretary's knowledge of the post (locals: about two years)")
_p("cadre.new_age_mean",    40, 18, 80, unit="years", rule="C5", doc="mean age of a new secretary or director", plausible=(32, 48))  # plausible: F8: secretaries' mean age 45–50 → 45.4
_p("cadre.new_age_sd",      6.0, 0.0, 30.0, unit="years", rule="C5", doc="spread of that age")
_p("cadre.min_age",         25, 18, 80, unit="years", rule="C5", doc="youngest new secretary or director", plausible=(20, 30))
_p("cadre.new_integrity_mean", 0.75, 0.0, 1.0, unit="0-1", rule="A6", doc="mean integrity of a new secretary", plausible=(0.50, 0.90))
_p("cadre.new_integrity_sd", 0.15, 0.0, 1.0, unit="0-1", rule="A6", doc="spread of that integrity")
_p("cadre.knowledge_from_pool", 0.5, 0.0, 1.0, unit="0-1", rule="C6", doc="knowledge of the post a secretary from the village's reserve pool starts with")
_p("cadre.knowledge_from_outside", 0.2, 0.0, 1.0, unit="0-1", rule="C6,E2", doc="knowledge a secretary appointed from outside starts with")
_p("cadre.outside_ability", 0.5, 0.0, 1.0, unit="0-1", rule="C6,E2,C4", doc="mean ability of a secretary appointed from outside, and of a newly elected director")
_p("cadre.ability_sd",      0.12, 0.0, 1.0, unit="0-1", rule="C6,E2,C4", doc="spread of that ability")
_p("cadre.min_ability",     0.05, 0.0, 1.0, unit="0-1", rule="C5", doc="least ability of any cadre")

# ---- reporting and inspection (E1, E2) ----------------------------------------------------
_p("reporting.enabled",     True, unit="switch", rule="E1", src="seed 000 §12,25", doc="townships under penalty pressure may hide weak villages; inspections catch it")
_p("reporting.hide_prob",   0.5363, 0.0, 1.0, unit="prob", rule="E1,F9", doc="hiding tendency of a township under full pressure with no inspection: the chance it reports a weak village as fine", plausible=(0.20, 0.80), was=0.5)  # plausible: F9: gaming is common, not universal
_p("reporting.inspect_share", 0.3, 0.0, 1.0, unit="share", rule="E1", src="assumption (seed 000 §12 gives no share)", doc="share of villages the county inspects each year")
_p("reporting.deterrence",  1.0, 0.0, 5.0, unit="×", rule="E1", doc="how strongly the inspection share deters hiding")
_p("reporting.falsify_cost", 0.5, 0.0, 1.0, unit="share", rule="E1", doc="share of a township's village time that covering up takes, per unit of its hiding tendency (falsifying is paid in real effort)")
_p("reports.enabled",       True, unit="switch", rule="E2", src="seed 004 §四(六)", doc="quarterly written reports from townships (off: yearly only)")
_p("reports.every_months",  3, 1, 12, unit="months", rule="E2", src="seed 004 §四(六): quarterly", doc="months between reports; the county acts on vacancies it has heard of")
_p("reports.county_fill_prob", 0.1476, 0.0, 1.0, unit="prob/month", rule="E2", doc="monthly chance the county fills a reported vacancy from outside", plausible=(0.10, 0.60), was=0.3)

# ---- costs -------------------------------------------------------------------------------
_p("cost.other_members",    3, 0, 20, unit="cadres/village", rule="D3", src=A, doc="two-committee members besides secretary and director (for subsidies)")
_p("cost.training_members_yuan", 50, 0, 10**5, unit="yuan/member/yr", rule="D6", src=A, doc="yearly training of each party member")
_p("cost.graduate_yuan",    20_000, 0, 10**7, unit="yuan/yr", rule="C9", src=A, doc="yearly cost of a placed graduate")
# fmt: on

PARAMS: dict[str, Param] = {p.key: p for p in _P}
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(p.section for p in _P))
DEFAULTS: dict[str, Any] = {p.key: p.default for p in _P}

PLAUSIBLE_SPREAD = 0.5  # a number key without a stated plausible range: its value ± 50%


def plausible_range(key: str, value: float | None = None) -> tuple[float, float]:
    """Where the number `key` plausibly lies: its stated ``plausible`` range, else `value`
    (default: the key's default) ± PLAUSIBLE_SPREAD, clipped to the validity bounds.

    Calibration searches within it and the uncertainty analyses draw from it; the validity
    bounds lo/hi only say what input is accepted.
    """
    p = PARAMS[key]
    if p.kind not in (int, float):
        raise ValueError(f"{key}: not a number key")
    if p.plausible is not None:
        lo, hi = (float(x) for x in p.plausible)
    else:
        v = float(p.default if value is None else value)
        lo, hi = sorted((v * (1 - PLAUSIBLE_SPREAD), v * (1 + PLAUSIBLE_SPREAD)))
    if p.kind is int:  # outward to whole numbers, so a small count still varies
        lo, hi = float(math.floor(lo)), float(math.ceil(hi))
    if p.lo is not None:
        lo = max(lo, float(p.lo))
    if p.hi is not None:
        hi = min(hi, float(p.hi))
    return lo, hi


def _check_plausible() -> None:
    for p in _P:
        if p.plausible is None:
            continue
        lo, hi = p.plausible
        if not (lo < hi and (p.lo is None or lo >= p.lo) and (p.hi is None or hi <= p.hi)
                and lo <= p.default <= hi):
            raise AssertionError(f"{p.key}: plausible range {p.plausible} must hold its default within lo/hi")


_check_plausible()

__all__ = ["Param", "PARAMS", "SECTIONS", "DEFAULTS", "PLAUSIBLE_SPREAD", "plausible_range"]

"""Every scenario key, its default, unit, valid range, rule ID and source, in one place.

A scenario is these defaults overlaid by a TOML file and by overrides. The baseline scenario
(`scenarios/baseline.toml`) is the seed-002 county under the seeds' policies and states
these same values; a test keeps the two equal. `src` says where a number comes from:
a seed paragraph, a calibration fact (F1…F10 of the rulebook), or ``"assumption"``.
"""

from __future__ import annotations

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
       choices: tuple[str, ...] | None = None, kind: type | None = None) -> None:
    _P.append(Param(key, default, kind or type(default), lo, hi, unit, rule, src, doc, choices))


# fmt: off
# ---- run -------------------------------------------------------------------------------
_p("run.years",      25, 1, 200,        src="setting", unit="years",  doc="simulated horizon (5 village terms of 5 years, or 8 of 3)")
_p("run.seed",       20121, 0, 2**63 - 1, src="setting", unit="",     doc="root of the SeedSequence; replicate seeds are spawned from it")
_p("run.replicates", 1, 1, 100_000,     src="setting", unit="runs",   doc="replicates (independent seeds) per scenario")
_p("run.agent_handles", "auto", src="setting", unit="", choices=("auto", "all", "none"),
   doc="create Mesa agent handles for every village/cadre ('auto': only up to 20,000 villages)")
_p("run.snapshot_years", 0, 0, 200,     src="setting", unit="years",  doc="every N years store a per-village snapshot (0: never); aggregates are always kept")

# ---- county: the world the scenario builds ---------------------------------------------
_p("county.townships",        9, 1, 100_000,  unit="townships", src="seed 002 §一: 7 乡 + 2 镇", doc="number of townships")
_p("county.villages",       146, 1, 2_000_000, unit="villages", src="seed 002 §一(五)四: 146 行政村", doc="number of administrative villages")
_p("county.township_size_cv", 0.35, 0.0, 3.0, unit="", src=A, doc="coefficient of variation of villages per township (uneven sizes)")
_p("county.remoteness_mean",  0.4, 0.0, 1.0,  unit="0-1", src=A, doc="mean remoteness of villages (raises out-migration, lowers support)")
_p("county.shell_share",      0.80, 0.0, 1.0, unit="share", rule="D9", src="seed 002 §二(三): 80% 空壳村", doc="share of villages whose collective income is below county.shell_income_yuan")
_p("county.shell_income_yuan", 30_000, 0, 10**7, unit="yuan/yr", rule="D9,C7", src="seed 004 §二(三): 3 万元 target; we call villages below it shells", doc="collective-income line between a shell and a viable collective economy")
_p("county.rural_income_yuan", 6_000, 100, 10**6, unit="yuan/person/yr", rule="D2", src="assumption (county rural per-capita net income of the seeds' years)", doc="last year's county rural per-capita net income")
_p("county.rural_income_growth", 0.06, -0.5, 1.0, unit="1/yr", rule="D9", src="seed 002 §四(三): farmer income +6%/yr", doc="yearly growth of rural per-capita income and of the migrant wage")
_p("county.migrant_wage_yuan", 15_000, 0, 10**7, unit="yuan/yr", rule="D10,C6", src=A, doc="what a prime-age villager earns as a migrant worker (the outside option)")
_p("county.members_mean",     35, 1, 10_000,  unit="members/village", rule="C10", src=A, doc="mean number of party members per village")
_p("county.reserve_mean",     2.0, 0.0, 8.0,  unit="cadres/village", rule="C6", src="seed 004 §二(一): ≥2 per village", doc="mean reserve cadres per village at the start")
_p("county.secretary_age_mean", 44.0, 18, 80, unit="years", rule="C5", src="seed 002 §一: average age 44", doc="mean age of village secretaries at the start")
_p("county.director_age_mean",  45.0, 18, 80, unit="years", rule="C5", src="seed 002 §一: average age 45", doc="mean age of village directors at the start")
_p("county.retire_age",       60, 30, 90,     unit="years", src=A, doc="age at which village cadres leave their post")
_p("county.init_dims_mean",   0.62, 0.0, 1.0, unit="0-1", rule="A1", src="assumption calibrated to seed 002: 84% five-good", doc="mean of the five dimensions at the start")

# ---- village dynamics: the five five-good dimensions (A1) and weak classification (A4) ----
_p("village.adjust_rate",   0.05, 0.0, 1.0,  unit="1/month", rule="A1", doc="share of the gap to the target closed each month")
_p("village.noise_sd",      0.015, 0.0, 1.0, unit="0-1/month", rule="A1", doc="monthly random drift of each dimension")
_p("village.shock_rate",    0.008, 0.0, 1.0, unit="1/month", rule="A4", doc="monthly chance of a conflict, scandal or members leaving")
_p("village.shock_size",    0.15, 0.0, 1.0,  unit="0-1", rule="A4", doc="loss on the struck dimensions")
_p("village.base_target",   0.38, 0.0, 1.0,  unit="0-1", rule="A1", doc="target of a village with no secretary and no help")
_p("village.capacity_gain", 0.80, 0.0, 2.0,  unit="0-1", rule="A1", doc="target raised by a secretary of ability × effort × knowledge = 1")
_p("village.difficulty_mean", 0.14, 0.0, 1.0, unit="0-1", rule="A4", src="assumption (seed 002 §一(二): villages with tense two-committee relations)", doc="mean of the exponential handicap some villages carry on every dimension's target")
_p("village.help_gain",     0.25, 0.0, 2.0,  unit="0-1", rule="A5,C7", doc="target raised by one unit of outside help (township attention, stationed team, funds)")
_p("village.econ_gain",     0.10, 0.0, 1.0,  unit="0-1", rule="D9", doc="target of the development dimension raised by a viable collective economy")

_p("five_good.enabled",     True, unit="switch", rule="A1", src="seed 001 §二(二)", doc="the county sets the five-good standard: secretaries spread effort over the weakest dimensions")
_p("five_good.threshold",   0.55, 0.0, 1.0,  unit="0-1", rule="A1", src="assumption calibrated to seed 002: 84% of villages five-good", doc="a dimension passes at or above this; five-good when all five pass")

_p("weak.enabled",          True, unit="switch", rule="A4", src="seed 000 §23,25", doc="the county classifies weak villages yearly and townships rectify them")
_p("weak.threshold",        0.47, 0.0, 1.0,  unit="0-1", rule="A4", src="assumption calibrated to F1: ≈10% weak", doc="a dimension below this counts against the village")
_p("weak.min_dims",         2, 1, 5,         unit="dims", rule="A4", doc="a village is weak when this many dimensions are below the threshold, or its leadership dimension is")
_p("weak.vacancy_months",   6, 1, 120,       unit="months", rule="A4", src="assumption (A4: absent secretary)", doc="a secretary post vacant longer than this makes the village weak")
_p("weak.rectify_help",     0.5, 0.0, 5.0,   unit="help units", rule="A4", doc="extra help a flagged village gets for the year of rectification")

# ---- A2 star rating --------------------------------------------------------------------
_p("stars.enabled",         True, unit="switch", rule="A2", src="seed 002 §一(五)四", doc="yearly five-star rating with performance pay by stars")
_p("stars.threshold",       0.66, 0.0, 1.0, unit="0-1", rule="A2", src="assumption calibrated to seed 002: 55/69/22 five/four/three-star", doc="a star dimension at or above this earns its star")
_p("stars.pay_per_star",    0.06, 0.0, 1.0, unit="share of base pay", rule="A2,D1", doc="performance pay per star, as a share of base pay")

# ---- A3 述职评议 --------------------------------------------------------------------------
_p("review.enabled",        True, unit="switch", rule="A3", src="seed 003 §二–四", doc="Q4 report-and-review of every village secretary")
_p("review.participants",   80, 1, 10_000, unit="people", rule="A3", src="seed 003 §二: ≥80 participants", doc="reviewers; the score's noise falls with their number")
_p("review.poor_threshold", 0.45, 0.0, 1.0, unit="0-1", rule="A3", doc="score below which the secretary is ordered to rectify")
_p("review.remove_after",   2, 1, 10, unit="years", rule="A3", doc="consecutive poor reviews that lead to removal")
_p("review.pressure_effort", 0.10, 0.0, 1.0, unit="effort", rule="A3", doc="effort added for a year by a rectification order")

# ---- A5 classified guidance / township attention ---------------------------------------
_p("attention.policy",      "classified", unit="", rule="A5,B1", src="seed 000 §23,34; 004 §三(四)", choices=("classified", "uniform", "worst_first", "threshold"),
   doc="how township leaders split attention: 抓两头促中间 (classified), evenly, worst first, or toward villages near the weak line")
_p("attention.budget",      0.35, 0.0, 10.0, unit="help units/village", rule="A5,B8", doc="township attention per village per month, before B8 and leader knowledge")
_p("attention.near_line_band", 0.08, 0.0, 1.0, unit="0-1", rule="B1", doc="width of the band above the weak line that the 'threshold' policy targets")

# ---- A6 audits ---------------------------------------------------------------------------
_p("audit.enabled",         True, unit="switch", rule="A6", src="seed 002 §一(五)", doc="term-end and departure audits and democratic evaluation of village cadres")
_p("audit.detect_prob",     0.6, 0.0, 1.0, unit="prob", rule="A6", doc="chance an audit finds a low-integrity cadre's misconduct")
_p("audit.deterrence",      0.5, 0.0, 1.0, unit="share", rule="A6", doc="share of misconduct (scandal shocks) deterred by the prospect of audits")

# ---- A7 flagging -------------------------------------------------------------------------
_p("flagging.enabled",      True, unit="switch", rule="A7", src="F3, F4", doc="the county flags villages for concentrated rectification each year")
_p("flagging.quota",        0.06, 0.0, 1.0, unit="share", rule="A7", src="F3: 倒排 5%–10%", doc="bottom share of villages (by reported score) flagged each year; 0 = no quota")
_p("flagging.triggers",     True, unit="switch", rule="A7", src="F4", doc="also flag villages that meet a direct trigger (vacancy, last in ranking, no new member)")
_p("flagging.trigger_vacancy_months", 3, 1, 120, unit="months", rule="A7", src="F4: vacant > 3 months", doc="vacancy that triggers a flag")
_p("flagging.trigger_no_member_years", 2, 1, 20, unit="years", rule="A7,C10", src="F4: no new member ≥ 2 years", doc="years without a new member that trigger a flag")
_p("flagging.track_years",  1, 0, 10, unit="years", rule="A7", src="F3", doc="years a rectified village stays tracked (keeps extra help)")

# ---- township assessment and penalties (B1–B8) -------------------------------------------
_p("penalties.enabled",     True, unit="switch", rule="B1,B2", src="seed 000 §25", doc="weak-share thresholds: criticism, warning talk, adjustment")
_p("penalties.criticise_share", 0.10, 0.0, 1.0, unit="share", rule="B1", src="seed 000 §25: 10%", doc="reported weak share at which the township is criticised")
_p("penalties.adjust_share", 0.20, 0.0, 1.0, unit="share", rule="B2", src="seed 000 §25: 20%", doc="reported weak share above which leaders are adjusted")
_p("penalties.adjust",      True, unit="switch", rule="B2", src="seed 000 §25", doc="above the adjust share, and after a warning without improvement, leaders are adjusted")
_p("penalties.pressure_attention", 0.5, 0.0, 5.0, unit="share", rule="B1", doc="extra attention budget of a township under criticism or warning")
_p("penalties.adjust_threat", 0.3, 0.0, 5.0, unit="share", rule="B2", doc="further extra attention budget of a penalised township when adjustment (demotion) is the next step")
_p("leaderless.enabled",    True, unit="switch", rule="B3", src="seed 000 §25", doc="a village leaderless > 12 months blocks the township's excellent grade")
_p("leaderless.months",     12, 1, 120, unit="months", rule="B3", src="seed 000 §25: over a year", doc="vacancy that blocks the grade")
_p("leaderless.fill_push",  0.25, 0.0, 1.0, unit="prob/month", rule="B3", doc="monthly chance a township appoints from outside to a long vacancy when B3 is on")
_p("ranking.enabled",       True, unit="switch", rule="B4", src="seed 000 §26", doc="yearly comprehensive ranking of townships with merit and escalation")
_p("ranking.merit_top",     1, 0, 1000, unit="townships", rule="B4", src="seed 000 §26", doc="top-ranked townships whose secretary and mayor get a merit")
_p("ranking.competition_effort", 0.05, 0.0, 1.0, unit="share", rule="B4", doc="extra attention budget of every township competing in the yearly ranking (tournament incentive)")
_p("ranking.promote_prob",  0.5, 0.0, 1.0, unit="prob", rule="B4,D8", doc="chance a leader with a merit is promoted out that year")
_p("evaluation.enabled",    True, unit="switch", rule="B5", src="seed 000 §27", doc="yearly democratic evaluation of township leaders")
_p("evaluation.incompetent_share", 1 / 3, 0.0, 1.0, unit="share", rule="B5", src="seed 000 §27: ≥1/3", doc="'incompetent' vote share that triggers a warning talk")
_p("evaluation.voters",     60, 1, 10_000, unit="people", rule="B5", doc="voters in the evaluation")
_p("rating.enabled",        True, unit="switch", rule="B6", src="seed 000 §5; 001 §二(一)", doc="two-yearly five-good rating of townships with commendation")
_p("rating.every_years",    2, 1, 10, unit="years", rule="B6", src="seed 000 §5", doc="years between township ratings")
_p("rating.five_good_share", 0.80, 0.0, 1.0, unit="share", rule="B6", doc="share of five-good villages a township needs")
_p("rating.morale_effort",  0.05, 0.0, 1.0, unit="effort", rule="B6", doc="effort added to a commended township's leaders until the next rating")
_p("contact.enabled",       True, unit="switch", rule="B7", src="seed 000 §15,33; 004 §三(一)", doc="leaders link villages: the secretary spends ≥1 month/yr in the most backward one")
_p("contact.help",          1.5, 0.0, 10.0, unit="help units", rule="B7", doc="help a linked village gets (the secretary's village gets it over its months)")
_p("contact.months",        1, 0, 12, unit="months/yr", rule="B7", src="seed 000 §15: ≥1 month", doc="months the township secretary stays in the linked village")
_p("residence.enabled",     True, unit="switch", rule="B8", src="seed 000 §14,15", doc="leaders live in the township ≥22 days/month, staff spend 1/3 of time in villages")
_p("residence.days",        22, 0, 31, unit="days/month", rule="B8", src="seed 000 §14: 22 days", doc="days in the township; attention scales with days/30")
_p("residence.days_off",    12, 0, 31, unit="days/month", rule="B8", doc="days in the township when the rule is off")

# ---- township leaders: rotation and tenure (C1–C3) ----------------------------------------
_p("rotation.policy",       "two_terms", unit="", rule="C1,C3", src="seed 000 §7", choices=("two_terms", "fixed", "hazard"),
   doc="two full terms (C1), rotate every rotation.every_years, or a yearly hazard")
_p("rotation.term_years",   5, 1, 20, unit="years", rule="C1", src="assumption (F7: formal 5-year term)", doc="township leadership term")
_p("rotation.every_years",  3, 1, 20, unit="years", rule="C3", src="F7: actual tenure ≈3 years", doc="tenure under the 'fixed' policy")
_p("rotation.hazard",       0.34, 0.0, 1.0, unit="1/yr", rule="C3", src="F7: 34% a year", doc="yearly chance of transfer under the 'hazard' policy")
_p("rotation.turnover_costs", True, unit="switch", rule="C3", src="seed 002 §二(一)三", doc="a new leader lacks local knowledge and a leader near rotation favours short-term work (off: neither)")
_p("rotation.knowledge_months", 24, 1, 600, unit="months", rule="C3", doc="time constant of local knowledge growth")
_p("rotation.horizon_years", 1, 0, 10, unit="years", rule="C3", doc="leaders this close to rotation favour visible short-term work")
_p("rotation.short_term_share", 0.6, 0.0, 1.0, unit="share", rule="C3", doc="share of attention moved to visible dimensions by a leader near rotation")
_p("rotation.min_experience", True, unit="switch", rule="C1", src="seed 000 §7: ≥3 years in townships", doc="new main leaders must have ≥3 years of township experience")
_p("avoidance.enabled",     True, unit="switch", rule="C2", src="seed 000 §8", doc="new leaders never serve in their home township")
_p("avoidance.home_share",  0.5, 0.0, 1.0, unit="share", rule="C2", doc="share of new leaders that would be local without avoidance")
_p("avoidance.home_favour", 0.15, 0.0, 1.0, unit="share", rule="C2", doc="share of a local leader's attention bent toward favoured villages")

# ---- village terms and selection (C4, C5) -------------------------------------------------
_p("election.term_years",   3, 1, 10, unit="years", rule="C4", src="seed 002 §二(二)一: 3 years", doc="village committee term")
_p("election.lame_duck",    True, unit="switch", rule="C4", src="seed 002 §二(二)一", doc="'一年选、二年干、三年等着换': last-year effort drop")
_p("election.lame_duck_drop", 0.25, 0.0, 1.0, unit="share", rule="C4", doc="effort lost in the last year of a term shorter than 5 years")
_p("election.incumbent_bias", 0.7, 0.0, 1.0, unit="prob", rule="C5", doc="chance a not-poorly-reviewed secretary is re-elected")
_p("selection.enabled",     True, unit="switch", rule="C5", src="seed 002 §一(一),(二)", doc="two-recommendation and open direct election of secretaries")
_p("selection.direct_share", 0.40, 0.0, 1.0, unit="share", rule="C5", src="seed 002 §一(一): 40% 公推直选", doc="share of villages electing by 公推直选")
_p("selection.noise_direct", 0.10, 0.0, 1.0, unit="sd", rule="C5", doc="noise in judging candidates under 公推直选")
_p("selection.noise_two_rec", 0.20, 0.0, 1.0, unit="sd", rule="C5", doc="noise in judging candidates under 两推一选")
_p("selection.noise_off",   0.5, 0.0, 2.0, unit="sd", rule="C5", doc="noise when the rule is off (appointment with little information)")
_p("selection.shuangdai_share", 0.76, 0.0, 1.0, unit="share", rule="C5", src="seed 002 §一(一): 76% 双带", doc="share of secretaries who are 双带 (get rich and lead others)")
_p("selection.shuangdai_gain", 0.15, 0.0, 1.0, unit="0-1", rule="C5", doc="development target raised by a 双带 secretary")
_p("selection.one_shoulder_share", 0.062, 0.0, 1.0, unit="share", rule="C5,D2", src="seed 002 §一(二): 9 of 146", doc="share of villages where secretary = director (一肩挑)")
_p("selection.cross_serving_share", 0.20, 0.0, 1.0, unit="share", rule="C5", src="seed 002 §一(二): 20%", doc="share of two-committee members serving on both")
_p("selection.conflict_factor", 2.0, 1.0, 10.0, unit="×", rule="C5", doc="two-committee conflict shock rate multiplier without 一肩挑 or cross-serving")

# ---- reserves, graduates, members (C6, C9, C10) ------------------------------------------
_p("reserve.enabled",       True, unit="switch", rule="C6", src="seed 004 §二(一)", doc="every village keeps reserve cadres; vacancies are filled from them")
_p("reserve.minimum",       2, 0, 20, unit="cadres", rule="C6", src="seed 004 §二(一): ≥2", doc="reserves a township tops up each year")
_p("reserve.capacity",      6, 1, 20, unit="cadres", rule="C6", doc="most reserves a village can hold")
_p("reserve.fill_prob",     0.79, 0.0, 1.0, unit="prob/month", rule="C6", src="F2: 79% filled within a month", doc="monthly chance a vacancy is filled from a non-empty pool")
_p("reserve.outside_fill_prob", 0.05, 0.0, 1.0, unit="prob/month", rule="C6", doc="monthly chance an empty-pool vacancy is filled from outside")
_p("reserve.migration_rate", 0.08, 0.0, 1.0, unit="1/yr", rule="C6", src="assumption (seed 002 §二(一)三 names the drain, not its rate)", doc="yearly chance a reserve leaves for migrant work at the base wage ratio")
_p("graduates.enabled",     True, unit="switch", rule="C9", src="seed 002 §一(一)三", doc="college graduates placed as village officials")
_p("graduates.per_year",    0.05, 0.0, 5.0, unit="per village/yr", rule="C9", src="assumption (seed 002 §一(一)三: 55 placed in 146 villages; over ≈7 years is ours)", doc="graduates placed per village per year")
_p("graduates.ability",     0.65, 0.0, 1.0, unit="0-1", rule="C9", doc="mean ability of a placed graduate")
_p("members.enabled",       True, unit="switch", rule="C10", src="seed 001 §二(二)2; 004 §二(二)", doc="each village recruits ≥1 new member a year")
_p("members.recruit_rate",  0.8, 0.0, 20.0, unit="members/yr", rule="C10", doc="mean new members a year a village recruits on its own")
_p("members.reserve_share", 0.5, 0.0, 1.0, unit="share", rule="C10,C6", doc="share of new members who join the reserve pool")
_p("members.team_gain",     0.04, 0.0, 1.0, unit="0-1", rule="C10", doc="member-team target raised per new member this year")

# ---- stationed cadres (C7, C8) ------------------------------------------------------------
_p("stationed.enabled",     True, unit="switch", rule="C7", src="seed 004 §三(二)", doc="county and township send cadres to live in villages")
_p("stationed.rotation_years", 1, 1, 10, unit="years", rule="C7", src="seed 004 §三(二): 1 year (F6: ≥2 nationally)", doc="a stationed cadre's tour")
_p("stationed.income_line_yuan", 30_000, 0, 10**7, unit="yuan/yr", rule="C7", src="seed 004 §三(二): 3 万元", doc="collective income at or above which a village gets one cadre, not a team")
_p("stationed.team_small",  1, 0, 10, unit="cadres", rule="C7", src="seed 004 §三(二)", doc="cadres sent to a viable village")
_p("stationed.team_large",  3, 0, 10, unit="cadres", rule="C7", src="seed 004 §三(二)", doc="cadres sent to a poor or flagged village")
_p("stationed.help_per_cadre", 0.15, 0.0, 5.0, unit="help units", rule="C7", src="assumption (F10: the help is real; its size is ours)", doc="help from one stationed cadre with full local knowledge")
_p("stationed.knowledge_months", 8, 1, 120, unit="months", rule="C7", doc="time constant of a stationed cadre's local knowledge")
_p("stationed.coverage",    1.0, 0.0, 1.0, unit="share", rule="C7", src="seed 004: all villages in the programme", doc="share of villages in the programme")
_p("acceptance.enabled",    True, unit="switch", rule="C8", src="seed 004 §四(五)", doc="programme accepted after 3 years; villages that fail keep their team")
_p("acceptance.years",      3, 1, 20, unit="years", rule="C8", src="seed 004 §四(五): 3 years", doc="programme length before acceptance")

# ---- pay and other incentives (D1–D10) ----------------------------------------------------
_p("pay.enabled",           True, unit="switch", rule="D1", src="seed 002 §一(四)一", doc="structured pay: base + performance + reward (以奖代补 pool)")
_p("pay.base_multiple",     1.0, 0.0, 20.0, unit="× rural income", rule="D2", src="seed 002 §一(四)一: ≥ last year's rural income", doc="base pay of a main village cadre")
_p("pay.one_shoulder_bonus", 0.5, 0.0, 5.0, unit="share", rule="D2", src="seed 002 §一(四)一: +50%", doc="extra base pay for a secretary who is also director")
_p("pay.floor_enabled",     True, unit="switch", rule="D2", src="seed 002 §一(四)一", doc="pay floor at last year's rural income (off: pay is pay.off_multiple × rural income)")
_p("pay.off_multiple",      0.5, 0.0, 20.0, unit="× rural income", rule="D2", src="assumption (pay before the reform)", doc="base pay when the floor rule is off")
_p("pay.reward_pool_yuan",  200_000, 0, 10**10, unit="yuan/yr", rule="D1", src="seed 002 §一(四)一: 20 万元", doc="以奖代补 reward pool shared by the best villages' cadres")
_p("pay.reward_share",      0.3, 0.0, 1.0, unit="share", rule="D1", doc="share of villages (best reviewed) that share the reward pool")
_p("insurance.enabled",     True, unit="switch", rule="D3", src="seed 002 §一(四)二", doc="social-insurance subsidy for village cadres")
_p("insurance.main_yuan",   500, 0, 10**6, unit="yuan/yr", rule="D3", src="seed 002: 500 元", doc="subsidy for secretary and director")
_p("insurance.other_yuan",  400, 0, 10**6, unit="yuan/yr", rule="D3", src="seed 002: 400 元", doc="subsidy for other two-committee members")
_p("insurance.value_factor", 3.0, 0.0, 50.0, unit="×", rule="D3,D10", doc="how much a yuan of security is worth to a cadre relative to a yuan of pay")
_p("retirement.enabled",    True, unit="switch", rule="D4", src="seed 002 §一(四)三", doc="living subsidy for former main cadres aged ≥55 with long service")
_p("retirement.subsidy_yuan", 720, 0, 10**6, unit="yuan/yr", rule="D4", src="seed 002: 720 元 (from 360)", doc="yearly living subsidy")
_p("retirement.min_years",  10, 0, 60, unit="years", rule="D4", src="seed 002: ≥10 consecutive years", doc="service that earns the subsidy")
_p("retirement.value_years", 15, 0, 60, unit="years", rule="D4", doc="years of subsidy a cadre counts on when weighing to stay")
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
_p("township_pay.effort",   0.08, 0.0, 1.0, unit="effort", rule="D8", doc="leader effort added by the prospect of the step")
_p("funds.enabled",         True, unit="switch", rule="D9", src="seed 002 §二(三); 004 §二(三)", doc="collective-economy support funds for poor and flagged villages")
_p("funds.per_village_yuan", 20_000, 0, 10**8, unit="yuan/yr", rule="D9", src=A, doc="support a funded village gets a year")
_p("funds.help",            0.3, 0.0, 5.0, unit="help units", rule="D9", doc="help from a year of funds (development dimension)")
_p("funds.income_growth",   0.25, 0.0, 5.0, unit="1/yr", rule="D9", doc="growth of a funded village's collective income")
_p("incentive.enabled",     True, unit="switch", rule="D10", src="seed 002 §二(二)二", doc="pay relative to the outside option drives effort and quitting")
_p("incentive.effort_base", 0.55, 0.0, 1.0, unit="effort", rule="D10", doc="effort of an average cadre at a pay ratio of 1")
_p("incentive.effort_pay",  0.25, 0.0, 5.0, unit="effort/log-ratio", rule="D10", doc="effort gained per unit log of pay / outside option")
_p("incentive.quit_base",   0.03, 0.0, 1.0, unit="1/yr", rule="D10", doc="yearly quit rate of a cadre paid as much as the outside option")
_p("incentive.quit_pay",    1.5, 0.0, 10.0, unit="1/log-ratio", rule="D10", doc="how strongly a low pay ratio raises quitting")

# ---- reporting and inspection (E1, E2) ----------------------------------------------------
_p("reporting.enabled",     True, unit="switch", rule="E1", src="seed 000 §12,25", doc="townships under penalty pressure may hide weak villages; inspections catch it")
_p("reporting.hide_prob",   0.5, 0.0, 1.0, unit="prob", rule="E1,F9", doc="chance a township under pressure reports a weak village as fine")
_p("reporting.inspect_share", 0.3, 0.0, 1.0, unit="share", rule="E1", src="assumption (seed 000 §12 gives no share)", doc="share of villages the county inspects each year")
_p("reporting.deterrence",  1.0, 0.0, 5.0, unit="×", rule="E1", doc="how strongly the inspection share deters hiding")
_p("reports.enabled",       True, unit="switch", rule="E2", src="seed 004 §四(六)", doc="quarterly written reports from townships (off: yearly only)")
_p("reports.every_months",  3, 1, 12, unit="months", rule="E2", src="seed 004 §四(六): quarterly", doc="months between reports; the county acts on vacancies it has heard of")
_p("reports.county_fill_prob", 0.3, 0.0, 1.0, unit="prob/month", rule="E2", doc="monthly chance the county fills a reported vacancy from outside")

# ---- costs -------------------------------------------------------------------------------
_p("cost.other_members",    3, 0, 20, unit="cadres/village", rule="D3", src=A, doc="two-committee members besides secretary and director (for subsidies)")
_p("cost.training_members_yuan", 50, 0, 10**5, unit="yuan/member/yr", rule="D6", src=A, doc="yearly training of each party member")
_p("cost.graduate_yuan",    20_000, 0, 10**7, unit="yuan/yr", rule="C9", src=A, doc="yearly cost of a placed graduate")
# fmt: on

PARAMS: dict[str, Param] = {p.key: p for p in _P}
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(p.section for p in _P))
DEFAULTS: dict[str, Any] = {p.key: p.default for p in _P}

__all__ = ["Param", "PARAMS", "SECTIONS", "DEFAULTS"]

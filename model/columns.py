"""What every column of a run's yearly table means: unit, rule and definition, in one place.

    from cadresim.columns import COLUMNS, markdown
    COLUMNS["flagged_share"]        # Column(unit='share', rule='A7', meaning='…')
    python -m cadresim.columns > docs/outputs.md

`tests/test_columns.py` checks that every column of `cadresim.outputs.YEARLY_COLUMNS` is
described here and that docs/outputs.md is this module's output.
"""

from __future__ import annotations

from dataclasses import dataclass

from .state import COST_ITEMS, COUNT_KEYS, DIMS


@dataclass(frozen=True)
class Column:
    """One yearly column: its unit, the rulebook rule(s) behind it and what it measures."""

    unit: str
    rule: str
    meaning: str


SHARE = "share of villages"
_C: dict[str, Column] = {
    "year": Column("year", "", "simulated year, 1-based; values are taken at the end of the year, after the Q4 assessment"),
    "weak_share_true": Column(SHARE, "A4", "villages that are weak (软弱涣散) by the model's own test of their state: "
                              "at least weak.min_dims of the five dimensions below weak.threshold, or a long secretary vacancy"),
    "weak_share_reported": Column(SHARE, "A4,E1", "villages classified weak on what townships report: A4 applied after "
                                  "townships under pressure hid some weak villages and the county's inspections caught some"),
    "flagged_share": Column(SHARE, "A7", "villages on the county's rectification list this year: in each county the bottom quota "
                            "(flagging.quota) and/or direct triggers (vacancy, last in ranking, satisfaction, no new "
                            "member, incidents)"),
    "five_good_share": Column(SHARE, "A1", "villages whose five dimensions all pass five_good.threshold (“五好”)"),
    "secretary_vacancy_share": Column(SHARE, "C6", "villages without a party secretary at year end"),
    "cost_total_yuan": Column("yuan/yr", "D1–D9", "fiscal cost of the year: the sum of the cost_*_yuan items"),
    "hidden_share": Column(SHARE, "E1", "weak villages a township reported as fine this year and the county did not catch"),
    "turnover": Column("changes/village/yr", "C4–C6", "secretary changes this year over the number of villages"),
    "effort_mean": Column("0–1", "D10", "mean yearly effort level of the secretaries in post (set by pay, stars, "
                          "rectification, career support and the A5 higher standard)"),
    "effort_realised_mean": Column("0–1", "C4,D10", "effort the secretaries in post actually gave, averaged over the "
                                   "year's months: the lame-duck drop of a term's last year shows here"),
    "director_effort_mean": Column("0–1", "D10", "mean yearly effort level of the village directors in post (not 一肩挑)"),
    "pay_ratio_mean": Column("ratio", "D2,D10", "mean ratio of a secretary's pay (and valued security) to the migrant wage"),
    "secretary_ability_mean": Column("0–1", "C5,D6", "mean ability of the secretaries in post"),
    "reserve_mean": Column("cadres/village", "C6", "reserve cadres per village"),
    "long_vacancy_share": Column(SHARE, "B3", "villages whose secretary post has been vacant longer than leaderless.months"),
    "stationed_cadres": Column("cadres", "C7", "stationed cadres living in villages at year end"),
    "funded_villages": Column("villages", "D9", "villages receiving collective-economy support funds"),
    "leader_knowledge_mean": Column("0–1", "C3", "township leaders' mean local knowledge (falls after a rotation)"),
    "one_shoulder_share": Column(SHARE, "C5,D2", "villages where the secretary is also the committee director (一肩挑)"),
    "townships_penalised": Column("townships", "B1,B2,B5", "townships under criticism, warning or adjustment at year end"),
    "townships_over_adjust": Column("townships", "B2", "townships whose share of villages the county holds weak (flagged "
                                    "or reported weak) is above penalties.adjust_share this year"),
    "attention_weak_ratio": Column("ratio", "A5,C2", "attention a truly weak village gets relative to its township's "
                                   "average village (empty when no village is weak)"),
    "attention_weak_planned_ratio": Column("ratio", "A5,B7", "help planned for this year for the villages truly weak "
                                           "when it is planned, relative to their township's average village (empty "
                                           "when none is weak)"),
    "stars_mean": Column("stars", "A2", "mean star rating (empty when stars.enabled is false)"),
    "attention_near_line_ratio": Column("ratio", "B1", "help planned for this year for villages near the weak line (A4 "
                                        "margin within the band), relative to their township's average village"),
    "township_effort_mean": Column("share of time", "B1,B2,B4,B6,D8,E1", "township leaders' share of their village "
                                   "time in real work: pushed toward township.effort_max by incentives, less covering up"),
    "graduates_serving": Column("graduates", "C9", "college graduates serving as village officials at year end"),
}
_DIM_ZH = {"leadership": "leadership team", "team": "member and cadre team", "mechanism": "work mechanism",
           "development": "development", "image": "public image"}
for _d in DIMS:
    _C[f"dim_{_d}"] = Column("0–1", "A1", f"mean over villages of the {_DIM_ZH.get(_d, _d)} dimension")
for _k in range(6):
    _C[f"stars_{_k}"] = Column(SHARE, "A2", f"villages rated {_k} star{'s' if _k != 1 else ''} (empty when stars.enabled is false)")
_COUNTS = {
    "criticised": ("B1,B4", "townships criticised in a circular"),
    "warning_talk": ("B1,B5,E1", "warning talks with township leaders"),
    "adjusted": ("B2", "township leaders adjusted or demoted"),
    "merit": ("B4", "merits given to top-ranked township leaders"),
    "excellent_blocked": ("B3", "townships denied the excellent grade for a long-leaderless village"),
    "misreport_caught": ("E1", "hidden weak villages the county's inspections caught"),
    "rectification_orders": ("A3", "secretaries ordered to rectify after a poor review"),
    "secretaries_removed": ("A3", "secretaries removed after consecutive poor reviews"),
    "audit_removed": ("A6", "cadres removed after an audit found misconduct"),
    "secretary_changes": ("C4–C6", "secretaries replaced for any reason"),
    "quits": ("D10", "village cadres who quit"),
    "retirements": ("D4", "village cadres who reached the leaving age"),
    "reserves_left": ("C6", "reserve cadres who left for migrant work"),
    "new_members": ("C10", "new party members recruited"),
    "commended": ("B6", "townships commended as five-good"),
    "leader_rotations": ("C1,C3", "township leaders rotated out"),
    "appointments": ("C6,E2", "secretary vacancies filled"),
    "departures": ("F2", "secretaries who left for reasons outside the pay rules (illness, death, moving away, …)"),
    "election_replaced": ("C4", "secretaries replaced at a village election"),
    "promotions": ("B4", "top-ranked township secretaries and mayors promoted out"),
    "graduates_placed": ("C9", "college graduates placed in villages"),
    "conflicts": ("C5", "two-committee conflict shocks"),
    "scandals": ("A6", "misconduct shocks (scandals)"),
}
for _k in COUNT_KEYS:
    _rule, _what = _COUNTS.get(_k, ("", _k.replace("_", " ")))
    _C[_k] = Column("count/yr", _rule, _what + " this year (all townships and villages)")
_COSTS = {
    "pay": ("D1,D2", "base and performance pay of main village cadres"),
    "reward": ("D1", "以奖代补 reward pool paid out"),
    "insurance": ("D3", "social-insurance subsidies"),
    "retirement": ("D4", "living subsidies of former cadres"),
    "support": ("D5", "hardship fund and health checks"),
    "training": ("D6", "training of secretaries and members"),
    "stationed": ("D7", "stationed cadres' allowances"),
    "township_pay": ("D8", "salary steps of long-serving township cadres"),
    "funds": ("D9", "collective-economy support funds"),
    "graduates": ("C9", "college-graduate village officials"),
}
for _c in COST_ITEMS:
    _rule, _what = _COSTS.get(_c, ("", _c))
    _C[f"cost_{_c}_yuan"] = Column("yuan/yr", _rule, f"fiscal cost of {_what} this year")

COLUMNS: dict[str, Column] = _C


def markdown() -> str:
    """docs/outputs.md: one row per yearly column, in the order of `YEARLY_COLUMNS`."""
    from .outputs import YEARLY_COLUMNS

    lines = [
        "# Outputs: the yearly table",
        "",
        "<!-- generated by `python -m cadresim.columns > docs/outputs.md`; a test keeps it in step -->",
        "",
        "`cadresim run` writes `yearly.csv` (one row per replicate and year); `run()` returns it as",
        "`RunResult.yearly`, and sweeps write it as `yearly.parquet`/`yearly.csv` with the lever columns.",
        "Shares are fractions of all villages (0.05 = 5%); rule IDs refer to the rulebook (`cadresim rules`).",
        "",
        "Per-village snapshots (`cadresim run --snapshots N`, `run(..., snapshots=N)`) are written to",
        "`snapshots.csv`/`snapshots.parquet`: replicate, year, village, township, the five dimensions,",
        "weak_true, flagged, five_good, stars, secretary_present, secretary_ability, income_yuan, stationed_team.",
        "",
        "Comparisons (`cadresim compare --out`) write `comparison.csv` (the paired difference in every year),",
        "`windows.csv` (its mean over the whole run and each village term) and `cost_effect.csv`, each with",
        "95% paired bootstrap intervals.",
        "",
        f"{len(YEARLY_COLUMNS)} columns:",
        "",
        "| column | unit | rule | meaning |",
        "|---|---|---|---|",
    ]
    for c in YEARLY_COLUMNS:
        col = COLUMNS[c]
        lines.append(f"| `{c}` | {col.unit} | {col.rule} | {col.meaning} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")

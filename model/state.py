"""The model's state: plain numpy arrays indexed by village or township.

Everything that changes month by month lives here and is updated by whole-array operations
in the rule modules. Mesa agents (`model.agents`) are views onto rows of these arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

# The five five-good dimensions (A1), in column order of `VillageState.dims`.
DIMS: tuple[str, ...] = ("leadership", "team", "mechanism", "development", "image")
NDIMS = len(DIMS)
LEAD, TEAM, MECH, DEV, IMAGE = range(NDIMS)
MONTHS = 12  # months in a year: the step is a month
# Township leader posts.
POSTS: tuple[str, ...] = ("secretary", "mayor", "org_member")
T_SEC, T_MAYOR, T_ORG = range(3)


@dataclass
class VillageState:
    """Per-village arrays (length n). Secretary (`sec_*`) and director (`dir_*`) are posts."""

    township: np.ndarray  # int, township index
    county: np.ndarray  # int, county index (county-level rules: A7, B4, D1)
    remoteness: np.ndarray  # 0-1
    households: np.ndarray  # int, size of the village
    difficulty: np.ndarray  # 0-1 handicap on every target (clan conflict, poor location)
    dims: np.ndarray  # (n, 5) float, the five five-good dimensions (A1)
    income: np.ndarray  # collective income, yuan/yr (D9)
    members: np.ndarray  # party members (C10)
    months_no_member: np.ndarray  # months since the last new member (A7 trigger)
    new_members: np.ndarray  # recruited this year
    to_pool: np.ndarray  # new members joining the reserve pool this year (C10 → C6)
    direct_election: np.ndarray  # bool, 公推直选 (else 两推一选) (C5)
    one_shoulder: np.ndarray  # bool, secretary is also director (C5, D2)
    cross_serving: np.ndarray  # bool, two committees cross-serve (C5)
    # secretary post
    sec_present: np.ndarray
    sec_person: np.ndarray  # int id of the holder (-1 vacant)
    sec_ability: np.ndarray
    sec_age: np.ndarray  # years
    sec_tenure: np.ndarray  # months in post
    sec_service: np.ndarray  # months as a main cadre, all posts (D4)
    sec_knowledge: np.ndarray  # 0-1 local knowledge
    sec_integrity: np.ndarray  # 0-1
    sec_shuangdai: np.ndarray  # bool (C5)
    sec_effort: np.ndarray  # 0-1, this month
    sec_effort_year: np.ndarray  # 0-1, set yearly from incentives
    sec_vacant_months: np.ndarray  # int
    sec_pay: np.ndarray  # yuan/yr, this year
    sec_base_pay: np.ndarray  # yuan/yr, base pay this year (D2)
    sec_comp: np.ndarray  # pay + the value of subsidies, yuan/yr (D1–D4)
    sec_pay_ratio: np.ndarray  # compensation / outside option
    sec_quit_rate: np.ndarray  # yearly quit rate, set yearly (D10)
    poor_reviews: np.ndarray  # consecutive poor 述职评议 results (A3)
    rectify_order: np.ndarray  # bool, under a rectification order this year (A3)
    # director post (when one_shoulder the secretary holds it)
    dir_present: np.ndarray
    dir_ability: np.ndarray
    dir_age: np.ndarray
    dir_tenure: np.ndarray
    dir_effort: np.ndarray  # 0-1, this month (C4 lame duck applied)
    dir_effort_year: np.ndarray  # 0-1, set yearly from pay (D10)
    dir_pay_ratio: np.ndarray  # director's pay / outside option (D10)
    dir_comp: np.ndarray  # director's pay + the value of subsidies, yuan/yr (D2, D3)
    dir_quit_rate: np.ndarray  # yearly quit rate (D10)
    # reserve pool (C6): ability, NaN where the slot is empty
    reserves: np.ndarray  # (n, capacity)
    # assessment results
    stars: np.ndarray  # int 0-5 (A2)
    weak_true: np.ndarray  # bool (A4)
    five_good: np.ndarray  # bool (A1)
    reported_score: np.ndarray  # what the township reports (E1)
    reported_weak: np.ndarray  # bool, A4 applied to what the township reports (E1)
    perceived_score: np.ndarray  # the township's own view of the village (A5, C3: noisier with less knowledge)
    perceived_margin: np.ndarray  # the township's view of the village's A4 margin (B1 near-line pull)
    review_score: np.ndarray  # this year's 述职评议 score (A3), NaN where no secretary
    conflicts_year: np.ndarray  # int, two-committee conflict incidents this year (A7 mass-incident trigger)
    hidden: np.ndarray  # bool, weak but reported fine this year (E1)
    flagged: np.ndarray  # bool, flagged this year (A7)
    tracked_years: np.ndarray  # int, years of post-rectification tracking left (A7)
    reported_vacant: np.ndarray  # bool, the county has heard of this vacancy (E2)
    # help from outside (help units), set yearly, used monthly
    attention: np.ndarray  # (n, 5) township attention by dimension (A5, B1, C3)
    help_fixed: np.ndarray  # (n, 5) contact points, rectification, funds (A4, B7, D9)
    favoured: np.ndarray  # bool, favoured by a local leader (C2)
    weights: np.ndarray  # the township's allocation weight of each village this year (A5, B1, C2)
    dim_split: np.ndarray  # (n, 5) split of a village's help over the dimensions, mean 1 (A5, C3)
    contact_help: np.ndarray  # help from a leader's contact time, help units/month (B7)
    # stationed cadres (C7, C8)
    st_program: np.ndarray  # bool, in the programme
    st_team: np.ndarray  # int cadres in place
    st_months: np.ndarray  # months the current team has been in place
    st_knowledge: np.ndarray  # 0-1
    funded: np.ndarray  # bool, collective-economy support this year (D9)
    dev_bonus: np.ndarray  # development target raised by a viable economy and a 双带 secretary (D9, C5)
    team_bonus: np.ndarray  # member-team target raised by this year's new members (C10)
    grad_cohorts: np.ndarray  # (n, contract years) graduates serving, by years left (C9)


@dataclass
class TownshipState:
    """Per-township arrays (length m); leader arrays are (m, 3) by post."""

    n_villages: np.ndarray  # int
    county: np.ndarray  # int, county index
    leader_tenure: np.ndarray  # (m, 3) months in this township
    leader_knowledge: np.ndarray  # (m, 3) 0-1
    leader_ability: np.ndarray  # (m, 3) 0-1
    leader_years_township: np.ndarray  # (m, 3) years working in townships (D8)
    leader_local: np.ndarray  # (m, 3) bool, serving in home township (C2)
    leader_term_left: np.ndarray  # (m, 3) months until scheduled rotation
    penalty_level: np.ndarray  # int: 0 none, 1 criticised, 2 warning talk (B1, B4, B5)
    criticised_last: np.ndarray  # bool
    prev_flag_share: np.ndarray  # float, last year's reported weak share
    last_streak: np.ndarray  # int, years running in last place (B4)
    merits: np.ndarray  # int, merits earned (B4)
    excellent_blocked: np.ndarray  # bool this year (B3)
    commended_years: np.ndarray  # int years of commendation left (B6)
    pressure: np.ndarray  # float 0-1, penalty exposure this year
    caught: np.ndarray  # bool, a misreport was caught this year (E1)
    falsify: np.ndarray  # float 0-1, hiding tendency for the coming year (E1)
    push: np.ndarray  # float 0-1, share of the gap to the effort ceiling the incentives close (B1, B2, B4, B6, D8)
    effort: np.ndarray  # float, leaders' share of time in real village work (bounded by township.effort_max)
    capacity: np.ndarray  # float, help per village per month at full effort (B8, C3)
    budget: np.ndarray  # float, help units per village per month for the coming year
    pool_share: np.ndarray  # float, share of the township's help left after contact time (B7)
    years_since_adjust: np.ndarray  # int, years since the team was last adjusted (grace)
    prev_score: np.ndarray  # float, last year's mean reported score (B4 targets by base conditions)
    sanction: np.ndarray  # int, this year's penalty level being decided (B1, B4, B5, E1)
    adjust_now: np.ndarray  # bool, (m, 3) posts to be adjusted this year (B1, B2, B4)


@dataclass
class CountyState:
    """County-level quantities. The rural income and migrant wage follow the scenario alone
    (one value for every replicate); the others are one value per block of the world (one
    entry per replicate held in it, `cadresim.batch`)."""

    rural_income: float  # yuan/person/yr (D2)
    migrant_wage: float  # yuan/yr (D10, C6)
    next_person: np.ndarray  # (blocks,) id of the next new secretary
    pensioner_exits: list[np.ndarray]  # D4: yearly counts of leavers drawing the subsidy, last value_years years
    exits_this_year: np.ndarray  # (blocks,) D4: leavers eligible this year
    effort_month_sum: np.ndarray  # (blocks,) C4: sum over this year's months of secretaries' mean monthly effort
    near_line_ratio: np.ndarray  # (blocks,) B1: help to villages near the weak line / township average, at planning
    weak_planned_ratio: np.ndarray  # (blocks,) A5, B7: help to villages truly weak / township average, at planning

    def pensioners(self) -> np.ndarray | float:
        """D4: former main cadres currently drawing the living subsidy (per block)."""
        return sum(self.pensioner_exits)


class Ledger:
    """Yearly counters (reset each year): events and cost by item (yuan), one value per block
    of the world (`add`/`cost` take a value per block, or one value that holds for every
    block)."""

    def __init__(self, blocks: int = 1) -> None:
        self.blocks = blocks
        self.counts: dict[str, np.ndarray] = {}
        self.costs: dict[str, np.ndarray] = {}

    def _put(self, book: dict[str, np.ndarray], key: str, value: Any) -> None:
        if getattr(value, "ndim", 0) and value.shape != (self.blocks,):
            raise ValueError(f"ledger {key}: {value.shape} values for {self.blocks} blocks")
        old = book.get(key)
        if old is None:
            book[key] = old = np.zeros(self.blocks)
        np.add(old, value, out=old)  # float64: the value's per-block counts or yuan, added in place

    def add(self, key: str, value: Any) -> None:
        self._put(self.counts, key, value)

    def cost(self, item: str, yuan: Any) -> None:
        self._put(self.costs, item, yuan)

    def reset(self) -> None:
        self.counts = {}
        self.costs = {}


COST_ITEMS: tuple[str, ...] = (
    "pay", "reward", "insurance", "retirement", "support", "training",
    "stationed", "township_pay", "funds", "graduates",
)
COUNT_KEYS: tuple[str, ...] = (
    "criticised", "warning_talk", "adjusted", "merit", "excellent_blocked", "misreport_caught",
    "rectification_orders", "secretaries_removed", "audit_removed",
    "secretary_changes", "quits", "retirements", "departures", "reserves_left", "new_members", "commended",
    "leader_rotations", "promotions", "appointments", "election_replaced", "conflicts", "scandals",
    "graduates_placed",
)

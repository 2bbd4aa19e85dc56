"""The model's state: plain numpy arrays indexed by village or township.

Everything that changes month by month lives here and is updated by whole-array operations
in the rule modules. Mesa agents (`model.agents`) are views onto rows of these arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# The five five-good dimensions (A1), in column order of `VillageState.dims`.
DIMS: tuple[str, ...] = ("leadership", "team", "mechanism", "development", "image")
LEAD, TEAM, MECH, DEV, IMAGE = range(5)
# Township leader posts.
POSTS: tuple[str, ...] = ("secretary", "mayor", "org_member")
T_SEC, T_MAYOR, T_ORG = range(3)


@dataclass
class VillageState:
    """Per-village arrays (length n). Secretary (`sec_*`) and director (`dir_*`) are posts."""

    township: np.ndarray  # int, township index
    remoteness: np.ndarray  # 0-1
    households: np.ndarray  # int, size of the village
    difficulty: np.ndarray  # 0-1 handicap on every target (clan conflict, poor location)
    dims: np.ndarray  # (n, 5) float, the five five-good dimensions (A1)
    income: np.ndarray  # collective income, yuan/yr (D9)
    members: np.ndarray  # party members (C10)
    months_no_member: np.ndarray  # months since the last new member (A7 trigger)
    new_members: np.ndarray  # recruited this year
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
    sec_pay_ratio: np.ndarray  # compensation / outside option
    poor_reviews: np.ndarray  # consecutive poor 述职评议 results (A3)
    rectify_order: np.ndarray  # bool, under a rectification order this year (A3)
    # director post (when one_shoulder the secretary holds it)
    dir_present: np.ndarray
    dir_ability: np.ndarray
    dir_age: np.ndarray
    dir_tenure: np.ndarray
    # reserve pool (C6): ability, NaN where the slot is empty
    reserves: np.ndarray  # (n, capacity)
    # assessment results
    stars: np.ndarray  # int 0-5 (A2)
    weak_true: np.ndarray  # bool (A4)
    five_good: np.ndarray  # bool (A1)
    reported_score: np.ndarray  # what the township reports (E1)
    hidden: np.ndarray  # bool, weak but reported fine this year (E1)
    flagged: np.ndarray  # bool, flagged this year (A7)
    tracked_years: np.ndarray  # int, years of post-rectification tracking left (A7)
    reported_vacant: np.ndarray  # bool, the county has heard of this vacancy (E2)
    # help from outside (help units), set yearly, used monthly
    attention: np.ndarray  # (n, 5) township attention by dimension (A5, B1, C3)
    help_fixed: np.ndarray  # (n, 5) contact points, rectification, funds (A4, B7, D9)
    favoured: np.ndarray  # bool, favoured by a local leader (C2)
    # stationed cadres (C7, C8)
    st_program: np.ndarray  # bool, in the programme
    st_team: np.ndarray  # int cadres in place
    st_months: np.ndarray  # months the current team has been in place
    st_knowledge: np.ndarray  # 0-1
    funded: np.ndarray  # bool, collective-economy support this year (D9)


@dataclass
class TownshipState:
    """Per-township arrays (length m); leader arrays are (m, 3) by post."""

    n_villages: np.ndarray  # int
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


@dataclass
class Ledger:
    """Yearly counters (reset each year): events and cost by item (yuan)."""

    counts: dict[str, float] = field(default_factory=dict)
    costs: dict[str, float] = field(default_factory=dict)

    def add(self, key: str, value: float) -> None:
        self.counts[key] = self.counts.get(key, 0.0) + float(value)

    def cost(self, item: str, yuan: float) -> None:
        self.costs[item] = self.costs.get(item, 0.0) + float(yuan)

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
    "secretary_changes", "quits", "retirements", "reserves_left", "new_members", "commended",
    "leader_rotations", "appointments", "election_replaced", "conflicts", "scandals",
)

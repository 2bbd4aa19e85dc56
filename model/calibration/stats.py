"""Statistics to compare with observed figures, computed from a `CadreModel` run.

Most targets are yearly columns of the model's table (`model.outputs.YEARLY_COLUMNS`). The
rest need more than one year's aggregate (a vacancy's next month, a flagged village's next
year, a leader's whole tenure) or an attribute the table does not report (ages, 双带,
cross-serving, empty collective economies). `Observer` steps the model one month at a time,
exactly as `run_years` does (same bits), and keeps the few arrays these statistics need, so
no rule code changes. Each statistic returns one number per run for a window of years.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..outputs import YEARLY_COLUMNS

if TYPE_CHECKING:
    from ..sim import CadreModel


@dataclass(frozen=True)
class Statistic:
    """A per-run statistic: what it measures, its unit, and whether it needs the year after
    the window (a flagged village's next year, a vacancy's next month)."""

    name: str
    doc: str
    unit: str = "share"
    next_year: bool = False


class Observer:
    """Runs a model month by month and keeps what the statistics need.

    Per month (after the month's rules): whether each secretary post is vacant. Per year end
    (after the Q4 assessment and the year's plan): flagged villages, secretary and director
    holders, ages, 双带, cross-serving, collective income below the shell line, and township
    leaders' months in post."""

    def __init__(self, model: CadreModel) -> None:
        self.model = model
        self.monthly_vacant: list[np.ndarray] = []
        self.yearly: list[dict[str, np.ndarray]] = []
        self.initial_leader_tenure = model.t.leader_tenure.copy()
        self._initial_five_good = model.v.five_good.copy()
        self.initial_five_good = float(model.v.five_good.mean()) if len(model.v.five_good) else float("nan")

    def blocks(self) -> list[BlockObservation]:
        """What each replicate of a model of several blocks (`cadresim.batch`) observed, as an
        `Observer` of that replicate run alone would have it (its rows; its yearly records)."""
        return [BlockObservation(self, b) for b in range(self.model.blocks)]

    def run(self, years: int) -> Observer:
        m = self.model
        for _ in range(12 * int(years)):
            m.run_for(1)  # one month, as run_years(…) does; identical records (tests/test_calibrate.py)
            v = m.v
            self.monthly_vacant.append(~v.sec_present)
            if m.month % 12 == 0:
                self.yearly.append(self._year(m))
        return self

    @staticmethod
    def _year(m: CadreModel) -> dict[str, np.ndarray]:
        v, t, sc = m.v, m.t, m.sc
        return {
            "flagged": v.flagged.copy(),
            "sec_present": v.sec_present.copy(),
            "sec_person": v.sec_person.copy(),
            "sec_age": v.sec_age.copy(),
            "sec_shuangdai": v.sec_shuangdai.copy(),
            "dir_present": v.dir_present.copy(),
            "dir_age": v.dir_age.copy(),
            "dir_tenure": v.dir_tenure.copy(),
            "cross_serving": v.cross_serving.copy(),
            "shell": v.income < sc["county.shell_income_yuan"],
            "leader_tenure": t.leader_tenure.copy(),
        }

    @property
    def records(self) -> list[dict[str, Any]]:
        return self.model.records


class BlockObservation:
    """Block b of an `Observer` of a model of several blocks: the same attributes the statistics
    read, cut to that replicate's villages and townships (views: the same values, and a mean of
    a block's rows is the mean the replicate alone takes)."""

    def __init__(self, obs: Observer, b: int) -> None:
        m = obs.model
        rows, towns = slice(b * m.nb, (b + 1) * m.nb), slice(b * m.mb, (b + 1) * m.mb)
        self.monthly_vacant = [x[rows] for x in obs.monthly_vacant]
        self.yearly = [{k: a[towns] if k == "leader_tenure" else a[rows] for k, a in y.items()} for y in obs.yearly]
        self.initial_leader_tenure = obs.initial_leader_tenure[towns]
        first = obs._initial_five_good[rows]
        self.initial_five_good = float(first.mean()) if len(first) else float("nan")
        self.records = m.block_records[b]


# ---- the statistics -----------------------------------------------------------------------
# each: f(observer, first_year, last_year) -> float (years 1-based, inclusive)

Func = Callable[[Observer, int, int], float]
STATISTICS: dict[str, tuple[Statistic, Func]] = {}


def _stat(name: str, doc: str, unit: str = "share", next_year: bool = False) -> Callable[[Func], Func]:
    def deco(f: Func) -> Func:
        STATISTICS[name] = (Statistic(name, doc, unit, next_year), f)
        return f

    return deco


def _years(obs: Observer, y0: int, y1: int) -> list[int]:
    return [y for y in range(y0, y1 + 1) if y <= len(obs.yearly)]


def _ratio(num: float, den: float) -> float:
    return num / den if den else float("nan")


def _mean_over_years(obs: Observer, y0: int, y1: int, f: Callable[[dict[str, np.ndarray]], float]) -> float:
    vals = [f(obs.yearly[y - 1]) for y in _years(obs, y0, y1)]
    vals = [x for x in vals if x == x]
    return float(np.mean(vals)) if vals else float("nan")


@_stat("five_good_start", "share of five-good villages when the run starts (t = 0, before any month; A1); "
      "the years are ignored")
def _five_good_start(obs: Observer, y0: int, y1: int) -> float:
    return obs.initial_five_good


@_stat("stars_0_2", "share of villages with 0, 1 or 2 stars (A2)")
def _stars_low(obs: Observer, y0: int, y1: int) -> float:
    return float(np.mean([sum(obs.records[y - 1][f"stars_{k}"] for k in range(3)) for y in _years(obs, y0, y1)]))


@_stat("secretary_age_mean", "mean age of sitting village secretaries (C5)", "years")
def _sec_age(obs: Observer, y0: int, y1: int) -> float:
    return _mean_over_years(obs, y0, y1, lambda s: float(s["sec_age"][s["sec_present"]].mean())
                            if s["sec_present"].any() else float("nan"))


@_stat("director_age_mean", "mean age of sitting village directors (C5)", "years")
def _dir_age(obs: Observer, y0: int, y1: int) -> float:
    return _mean_over_years(obs, y0, y1, lambda s: float(s["dir_age"][s["dir_present"]].mean())
                            if s["dir_present"].any() else float("nan"))


@_stat("shuangdai_share", "share of sitting secretaries who are 双带 (C5)")
def _shuangdai(obs: Observer, y0: int, y1: int) -> float:
    return _mean_over_years(obs, y0, y1, lambda s: float(s["sec_shuangdai"][s["sec_present"]].mean())
                            if s["sec_present"].any() else float("nan"))


@_stat("cross_serving_share", "share of villages whose two committees cross-serve (C5)")
def _cross(obs: Observer, y0: int, y1: int) -> float:
    return _mean_over_years(obs, y0, y1, lambda s: float(s["cross_serving"].mean()))


@_stat("shell_share", "share of villages with collective income below county.shell_income_yuan (D9)")
def _shell(obs: Observer, y0: int, y1: int) -> float:
    return _mean_over_years(obs, y0, y1, lambda s: float(s["shell"].mean()))


def _months(y0: int, y1: int, n_months: int) -> range:
    return range(12 * (y0 - 1), min(12 * y1, n_months))


@_stat("vacancy_share_monthly", "share of secretary posts vacant at a month's end, averaged over the months (F2)")
def _vacancy(obs: Observer, y0: int, y1: int) -> float:
    ms = _months(y0, y1, len(obs.monthly_vacant))
    return float(np.mean([obs.monthly_vacant[t].mean() for t in ms])) if len(ms) else float("nan")


@_stat("vacancy_filled_1m_share", "of the secretary posts vacant at a month's end, the share filled by the "
       "next month's end (F2: 79% filled within about a month)", next_year=True)
def _filled(obs: Observer, y0: int, y1: int) -> float:
    vac = filled = 0
    for t in _months(y0, y1, len(obs.monthly_vacant) - 1):
        now, nxt = obs.monthly_vacant[t], obs.monthly_vacant[t + 1]
        vac += int(now.sum())
        filled += int((now & ~nxt).sum())
    return _ratio(filled, vac)


def _flag_pairs(obs: Observer, y0: int, y1: int) -> list[tuple[dict[str, np.ndarray], dict[str, np.ndarray]]]:
    return [(obs.yearly[y - 1], obs.yearly[y]) for y in range(y0, y1 + 1) if y < len(obs.yearly)]


@_stat("flag_exit_share", "of the villages flagged in a year, the share not flagged the next year "
       "(F3: 97.1% 'transformed')", next_year=True)
def _flag_exit(obs: Observer, y0: int, y1: int) -> float:
    num = den = 0
    for a, b in _flag_pairs(obs, y0, y1):
        den += int(a["flagged"].sum())
        num += int((a["flagged"] & ~b["flagged"]).sum())
    return _ratio(num, den)


@_stat("flag_member_replaced_share", "of the villages flagged in a year, the share whose secretary or director "
       "changed during the rectification year that follows (F3: ≈28%)", next_year=True)
def _flag_replaced(obs: Observer, y0: int, y1: int) -> float:
    num = den = 0
    for a, b in _flag_pairs(obs, y0, y1):
        f = a["flagged"]
        sec_changed = b["sec_person"] != a["sec_person"]
        dir_new = b["dir_present"] & (b["dir_tenure"] < 12)
        den += int(f.sum())
        num += int((f & (sec_changed | dir_new)).sum())
    return _ratio(num, den)


@_stat("flag_recurrence_share", "share of villages flagged in two or more years of the window "
       "(F4: 14 of 917 twice within five years)")
def _recurrence(obs: Observer, y0: int, y1: int) -> float:
    ys = _years(obs, y0, y1)
    if not ys:
        return float("nan")
    times = np.sum([obs.yearly[y - 1]["flagged"] for y in ys], axis=0)
    return float((times >= 2).mean())


@_stat("township_tenure_years", "mean time in post of township secretaries and mayors: post-years over "
       "changes of holder in the window (F7: ≈3 years)", "years")
def _tenure(obs: Observer, y0: int, y1: int) -> float:
    changes = 0
    post_years = 0
    for y in _years(obs, y0, y1):
        prev = obs.initial_leader_tenure if y == 1 else obs.yearly[y - 2]["leader_tenure"]
        now = obs.yearly[y - 1]["leader_tenure"]
        changes += int((now[:, :2] != prev[:, :2] + 12).sum())
        post_years += now[:, :2].size
    return _ratio(post_years, changes)


def statistic_names() -> list[str]:
    """Every output a target may name: yearly columns and the statistics above."""
    return [c for c in YEARLY_COLUMNS if c != "year"] + list(STATISTICS)


def needs_next_year(output: str) -> bool:
    s = STATISTICS.get(output)
    return bool(s and s[0].next_year)


def describe(output: str) -> str:
    if output in STATISTICS:
        return STATISTICS[output][0].doc
    return f"yearly column {output} (model/outputs.py)"


def compute(obs: Observer, output: str, years: Sequence[int], relative_to: Sequence[int] | None = None) -> float:
    """`output` over the years window (inclusive), for one run; divided by the same over
    `relative_to` when given (a trend: 1.0 means steady)."""
    y0, y1 = int(years[0]), int(years[1])
    if output in STATISTICS:
        val = STATISTICS[output][1](obs, y0, y1)
    else:
        ys = _years(obs, y0, y1)
        vals = [obs.records[y - 1][output] for y in ys]
        vals = [x for x in vals if x == x]
        val = float(np.mean(vals)) if vals else float("nan")
    if relative_to is not None:
        base = compute(obs, output, relative_to)
        val = _ratio(val, base) if base == base else float("nan")
    return float(val)

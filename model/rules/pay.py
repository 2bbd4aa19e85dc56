"""Pay, subsidies and other incentives for the coming year, and what they cost.

Rules: D1 (structured pay: base + performance by stars + reward from the 以奖代补 pool),
D2 (base pay at least last year's rural per-capita income; +50% for 一肩挑), D3 (social-
insurance subsidy), D4 (living subsidy for long-serving former main cadres), D5 (hardship
fund, health checks, civil-service route), D6 (training raises ability), D8 (township
salary-grade step), D9 (collective incomes grow; support funds), D10 (effort and quitting
follow pay relative to the outside option; see `model.rules.cadres`). Also A3 (a
rectification order adds effort for a year) and C5 (双带 secretaries lift development).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..state import DEV
from ._fast import clip as _clip
from .cadres import yearly_quit_rate

if TYPE_CHECKING:
    from ..sim import CadreModel


def outside_option(model: CadreModel) -> np.ndarray:
    """What a secretary could earn away, falling with age (migrant work favours the young)."""
    age_factor = _clip(1.3 - 0.015 * (model.v.sec_age - 30), 0.5, 1.3)
    return model.migrant_wage * age_factor


def _nan_to(x: np.ndarray, nan: float) -> np.ndarray:
    """``np.nan_to_num(x, nan=nan)`` for a float array, without its Python overhead."""
    out = x.copy()
    out[np.isnan(out)] = nan
    big = np.finfo(out.dtype).max
    out[out == np.inf] = big
    out[out == -np.inf] = -big
    return out


def year_pay(model: CadreModel) -> None:
    """D1, D2, D3, D4, D5, D6, D8, D10 (and A2 star pay, A3 rectification effort): set next year's
    pay, pay ratio, effort and quit rate; book pay and subsidy costs."""
    v, sc, t = model.v, model.sc, model.t
    n = model.n
    inc = model.rural_income
    mult = sc["pay.base_multiple"] if sc["pay.floor_enabled"] else sc["pay.off_multiple"]
    base = mult * inc * (1 + sc["pay.one_shoulder_bonus"] * v.one_shoulder)  # D2
    pay = base.copy()
    reward_each = np.zeros(n)
    if sc["pay.enabled"]:  # D1
        if sc["stars.enabled"]:
            pay += base * sc["stars.pay_per_star"] * v.stars
        k = int(round(sc["pay.reward_share"] * n))
        if k > 0 and sc["pay.reward_pool_yuan"] > 0:
            score = _nan_to(model.review_score, -1.0) if sc["review.enabled"] else v.reported_score
            best = np.argsort(-score, kind="stable")[:k]
            reward_each[best] = sc["pay.reward_pool_yuan"] / k
            pay += reward_each
            model.ledger.cost("reward", sc["pay.reward_pool_yuan"])
    v.sec_pay = pay
    comp = pay.copy()
    if sc["insurance.enabled"]:  # D3
        comp += sc["insurance.main_yuan"] * sc["insurance.value_factor"]
    if sc["retirement.enabled"]:  # D4: counts for those on track to qualify
        on_track = (v.sec_service >= 12 * (sc["retirement.min_years"] - 5)) & (v.sec_age >= 45)
        comp += on_track * sc["retirement.subsidy_yuan"] * sc["retirement.value_years"] / np.maximum(5, sc["county.retire_age"] - v.sec_age)
    v.sec_pay_ratio = comp / outside_option(model)
    effort = np.full(n, sc["incentive.effort_base"])
    if sc["incentive.enabled"]:  # D10
        effort += sc["incentive.effort_pay"] * np.log(v.sec_pay_ratio)
    effort += sc["review.pressure_effort"] * v.rectify_order  # A3
    if sc["support.enabled"]:  # D5
        effort += sc["support.career_effort"]
    v.sec_effort_year = _clip(effort, 0.05, 1.0)
    model.quit_rate = yearly_quit_rate(model, v.sec_pay_ratio)
    # costs of the coming year (D1–D6, D8)
    secs = v.sec_present.sum()
    dirs = (v.dir_present & ~v.one_shoulder).sum()
    model.ledger.cost("pay", (pay - reward_each)[v.sec_present].sum() + dirs * mult * inc)
    if sc["insurance.enabled"]:
        model.ledger.cost("insurance", (secs + dirs) * sc["insurance.main_yuan"]
                          + n * sc["cost.other_members"] * sc["insurance.other_yuan"])
    if sc["retirement.enabled"]:
        model.ledger.cost("retirement", model.pensioners() * sc["retirement.subsidy_yuan"])
    if sc["support.enabled"]:
        model.ledger.cost("support", sc["support.hardship_fund_yuan"] + (secs + dirs) * sc["support.health_check_yuan"])
    if sc["training.enabled"]:  # D6
        v.sec_ability = np.where(v.sec_present, v.sec_ability + sc["training.ability_gain"] * (1 - v.sec_ability), v.sec_ability)
        model.ledger.cost("training", secs * sc["training.yuan"] + v.members.sum() * sc["cost.training_members_yuan"])
    if sc["township_pay.enabled"]:  # D8
        stepped = (t.leader_years_township >= sc["township_pay.years"]) & ~t.excellent_blocked[:, None]
        model.ledger.cost("township_pay", stepped.sum() * sc["township_pay.step_yuan"])


def year_economy(model: CadreModel) -> None:
    """D9: rural income and wages grow; collective incomes follow development and support funds."""
    v, sc = model.v, model.sc
    g = sc["county.rural_income_growth"]
    model.rural_income *= 1 + g
    model.migrant_wage *= 1 + g
    z = model.streams["economy"].standard_normal(model.n)
    growth = 0.02 + 0.2 * (v.dims[:, DEV] - 0.5) + 0.1 * z
    growth = growth + sc["funds.income_growth"] * v.funded
    v.income = np.maximum(v.income * np.exp(_clip(growth, -1, 1)), 0)
    economy_bonuses(model)


def economy_bonuses(model: CadreModel) -> None:
    """Development target raised by a viable collective economy (D9) and a 双带 secretary (C5);
    member-team target raised by this year's new members (C10)."""
    v, sc = model.v, model.sc
    viable = v.income >= sc["county.shell_income_yuan"]
    model.dev_bonus = sc["village.econ_gain"] * viable
    if sc["selection.enabled"]:  # C5: 双带 secretaries
        model.dev_bonus = model.dev_bonus + sc["selection.shuangdai_gain"] * (v.sec_shuangdai & v.sec_present)
    model.team_bonus = sc["members.team_gain"] * np.minimum(v.new_members, 3)

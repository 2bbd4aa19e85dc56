"""Pay, subsidies and other incentives for the coming year, and what they cost.

Each hook below is one rule; together they set the secretary's pay (`v.sec_pay`), what his
post is worth to him (`v.sec_comp`: pay plus the value of subsidies), the same for the
director, and from these the year's effort and quit rates (D10).

Rules: D2 (base pay at least last year's rural income, +50% for 一肩挑), D1 (structured pay:
performance pay by stars, and each county's 以奖代补 reward pool shared by its best-reviewed
villages), D3 (social-insurance subsidy), D4 (living subsidy for long-serving former main
cadres, counted by those on track to earn it), D5 (hardship fund, health checks, the
civil-service route), D10 (effort and quitting follow compensation over the outside option,
for secretaries and directors alike), D6 (training raises ability), D8 (township salary-grade
step), D9 (collective incomes grow; the development bonus of a viable economy and a 双带
secretary).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import compute, fpmath
from ..state import DEV, MONTHS
from . import _plan
from ._plan import EffortCoef, PayCoef, effort_and_quit, pay_ratios, quit_rates, structured_pay_year

if TYPE_CHECKING:
    from ..sim import CadreModel


def base_multiple(model: CadreModel) -> float:
    """D2: base pay of a main village cadre in multiples of last year's rural income
    (`pay.base_multiple` with the floor rule on, `pay.off_multiple` without)."""
    sc = model.sc
    return sc["pay.base_multiple"] if sc["pay.floor_enabled"] else sc["pay.off_multiple"]


def base_pay(model: CadreModel) -> None:
    """D2: base pay = multiple × rural income × (1 + one_shoulder_bonus if 一肩挑); a director
    gets `pay.director_multiple` × the multiple × rural income. Books the base pay bill."""
    v, sc = model.v, model.sc
    each = base_multiple(model) * model.county.rural_income
    v.sec_base_pay = each * (1 + sc["pay.one_shoulder_bonus"] * v.one_shoulder)
    v.sec_pay = v.sec_base_pay.copy()
    v.sec_comp = v.sec_pay.copy()
    dir_pay = sc["pay.director_multiple"] * each
    v.dir_comp = np.full(model.n, dir_pay)
    dirs = model.per_block(v.dir_present & ~v.one_shoulder)
    model.ledger.cost("pay", model.per_block(v.sec_base_pay, v.sec_present) + dirs * dir_pay)


def structured_pay(model: CadreModel) -> None:
    """D1: performance pay of `stars.pay_per_star` of base pay per star (A2), and in each
    county the reward pool `pay.reward_pool_yuan` shared equally by the best-reviewed
    `pay.reward_share` of its villages (by the A3 score; by reported score without A3)."""
    v, sc = model.v, model.sc
    if not sc["pay.enabled"]:
        return
    # star_pay = base pay · pay_per_star · stars; the k = round(reward_share · county size)
    # lowest positions of −score in their county (ties by index; score = A3's with NaN → −inf,
    # or reported) get pool / max(k, 1); sec_pay += star_pay, += reward — in one compiled pass
    pool = model.yuan("pay.reward_pool_yuan")
    coef = PayCoef(stars=bool(sc["stars.enabled"]), pay_per_star=float(sc["stars.pay_per_star"]),
                   reward=bool(pool > 0 and sc["pay.reward_share"] > 0), pool=float(pool),
                   share=float(sc["pay.reward_share"]), review=bool(sc["review.enabled"]))
    n = model.n
    star_pay, reward, sec_comp = np.empty(n), np.empty(n), np.empty(n)
    score = v.review_score if coef.review else v.reported_score
    args = ((v.sec_base_pay, np.asarray(v.stars, dtype=np.int64), np.asarray(score, dtype=np.float64),
             np.asarray(v.county, dtype=np.int64), v.sec_pay), coef, (star_pay, reward, sec_comp))
    if compute.threads_for(n) > 1:  # the same bits on any number of threads
        _plan.structured_pay_year_parallel(*args, compute.piece(n))
    else:
        structured_pay_year(*args)
    if coef.stars:
        model.ledger.cost("pay", model.per_block(star_pay, v.sec_present))
    if coef.reward:
        model.ledger.cost("reward", model.per_block(reward))
    v.sec_comp = sec_comp


def insurance(model: CadreModel) -> None:
    """D3: social-insurance subsidy for secretary and director (`insurance.main_yuan`) and other
    two-committee members (`insurance.other_yuan`); a yuan of security is worth
    `insurance.value_factor` yuan of pay to a cadre."""
    v, sc = model.v, model.sc
    if not sc["insurance.enabled"]:
        return
    worth = model.yuan("insurance.main_yuan") * sc["insurance.value_factor"]
    v.sec_comp += worth
    v.dir_comp += worth
    main = model.per_block(v.sec_present) + model.per_block(v.dir_present & ~v.one_shoulder)
    model.ledger.cost("insurance", main * model.yuan("insurance.main_yuan")
                      + model.nb * sc["cost.other_members"] * model.yuan("insurance.other_yuan"))


def retirement(model: CadreModel) -> None:
    """D4: a secretary within `retirement.on_track_years` of the service that earns the living
    subsidy and at least `retirement.on_track_age` counts on it: subsidy × value_years spread
    over his years left to retirement (at least on_track_years). Books the subsidies paid."""
    v, sc = model.v, model.sc
    if not sc["retirement.enabled"]:
        return
    on_track = (v.sec_service >= MONTHS * (sc["retirement.min_years"] - sc["retirement.on_track_years"])) & (
        v.sec_age >= sc["retirement.on_track_age"])
    years_to_go = np.maximum(sc["retirement.on_track_years"], sc["county.retire_age"] - v.sec_age)
    v.sec_comp += on_track * model.yuan("retirement.subsidy_yuan") * sc["retirement.value_years"] / years_to_go
    model.ledger.cost("retirement", model.county.pensioners() * model.yuan("retirement.subsidy_yuan"))


def outside_option(model: CadreModel, age: np.ndarray) -> np.ndarray:
    """D10: what a cadre of this age could earn away: the migrant wage × clip(peak_factor −
    age_slope · (age − age_ref), floor_factor, peak_factor) (migrant work favours the young)."""
    sc = model.sc
    factor = np.clip(sc["outside.peak_factor"] - sc["outside.age_slope"] * (age - sc["outside.age_ref"]),
                     sc["outside.floor_factor"], sc["outside.peak_factor"])
    return model.county.migrant_wage * factor


def effort_from_ratio(model: CadreModel, ratio: np.ndarray) -> np.ndarray:
    """D10: yearly effort = effort_base + effort_pay · log(ratio), clipped to [effort_min,
    effort_max] (effort_base alone with the rule off)."""
    sc = model.sc
    effort = np.full(ratio.shape, sc["incentive.effort_base"])
    if sc["incentive.enabled"]:
        effort = effort + sc["incentive.effort_pay"] * fpmath.log(ratio)
    return np.clip(effort, sc["incentive.effort_min"], sc["incentive.effort_max"])


def quit_rate(model: CadreModel, ratio: np.ndarray) -> np.ndarray:
    """D10: yearly quit rate = quit_base · ratio^(−quit_pay), at most quit_max (quit_base alone
    with the rule off)."""
    sc = model.sc
    if not sc["incentive.enabled"]:
        return np.full(ratio.shape, sc["incentive.quit_base"])
    return np.clip(sc["incentive.quit_base"] * fpmath.exp(-sc["incentive.quit_pay"] * fpmath.log(ratio)), 0.0,
                   sc["incentive.quit_max"])


def effort_and_quitting(model: CadreModel) -> None:
    """D10: pay ratio = what the post is worth over the outside option, for secretaries and
    directors; from it the year's effort and quit rates (directors' × director_quit_factor, at
    most 1: a factor above 1 with a rate near quit_max would otherwise give a yearly chance above
    1, whose monthly chance 1 − (1 − rate)^(1/12) is NaN, so those directors never left)."""
    v, sc = model.v, model.sc
    # ratio = comp / max(outside_option(age), TINY); with the rule on effort = clip(effort_base
    # + effort_pay · log ratio, …) and quit = clip(quit_base · exp(−quit_pay · log ratio), 0,
    # quit_max): compiled passes (`_plan.pay_ratios`, …) around the model's own log and exp
    # (`cadresim.fpmath`: numpy's and the C library's differ by CPU)
    coef = EffortCoef(wage=float(model.county.migrant_wage), peak=sc["outside.peak_factor"],
                      slope=sc["outside.age_slope"], age_ref=sc["outside.age_ref"], floor=sc["outside.floor_factor"],
                      effort_base=sc["incentive.effort_base"], effort_pay=sc["incentive.effort_pay"],
                      effort_min=sc["incentive.effort_min"], effort_max=sc["incentive.effort_max"],
                      quit_base=sc["incentive.quit_base"], quit_pay=sc["incentive.quit_pay"],
                      quit_max=sc["incentive.quit_max"])
    factor = sc["incentive.director_quit_factor"]
    ratios = []
    for comp, age in ((v.sec_comp, v.sec_age), (v.dir_comp, v.dir_age)):
        ratio = np.empty(model.n)
        pay_ratios(np.asarray(comp, dtype=np.float64), np.asarray(age, dtype=np.float64), coef, ratio)
        ratios.append(ratio)
    v.sec_pay_ratio, v.dir_pay_ratio = ratios
    if not sc["incentive.enabled"]:
        v.sec_effort_year = effort_from_ratio(model, v.sec_pay_ratio)
        v.dir_effort_year = effort_from_ratio(model, v.dir_pay_ratio)
        v.sec_quit_rate = quit_rate(model, v.sec_pay_ratio)
        v.dir_quit_rate = np.minimum(quit_rate(model, v.dir_pay_ratio) * factor, 1.0)  # a yearly chance
        return
    out = []
    for ratio, scaled in ((v.sec_pay_ratio, False), (v.dir_pay_ratio, True)):
        effort, power, rate = np.empty(model.n), np.empty(model.n), np.empty(model.n)
        effort_and_quit(fpmath.log(ratio), coef, effort, power)
        fpmath.exp(power, out=power)
        quit_rates(power, coef, factor, scaled, rate)
        out.append((effort, rate))
    (v.sec_effort_year, v.sec_quit_rate), (v.dir_effort_year, v.dir_quit_rate) = out


def add_effort(model: CadreModel, extra: np.ndarray | float) -> None:
    """Add to the secretaries' yearly effort (A3, A5, D5), within [effort_min, effort_max]."""
    sc = model.sc
    model.v.sec_effort_year = np.clip(model.v.sec_effort_year + extra, sc["incentive.effort_min"],
                                      sc["incentive.effort_max"])


def rectification_effort(model: CadreModel) -> None:
    """A3: a secretary under a rectification order works `review.pressure_effort` harder."""
    add_effort(model, model.sc["review.pressure_effort"] * model.v.rectify_order)


def support(model: CadreModel) -> None:
    """D5: the civil-service route and commendation add `support.career_effort`; books the
    hardship fund and health checks."""
    v, sc = model.v, model.sc
    if not sc["support.enabled"]:
        return
    add_effort(model, sc["support.career_effort"])
    main = model.per_block(v.sec_present) + model.per_block(v.dir_present & ~v.one_shoulder)
    model.ledger.cost("support", model.yuan("support.hardship_fund_yuan") + main * model.yuan("support.health_check_yuan"))


def training(model: CadreModel) -> None:
    """D6: a secretary in post gains `training.ability_gain` × (1 − ability) a year; books
    secretaries' and members' training."""
    v, sc = model.v, model.sc
    if not sc["training.enabled"]:
        return
    v.sec_ability = np.where(v.sec_present, v.sec_ability + sc["training.ability_gain"] * (1 - v.sec_ability),
                             v.sec_ability)
    model.ledger.cost("training", model.per_block(v.sec_present) * model.yuan("training.yuan")
                      + model.per_block(v.members) * model.yuan("cost.training_members_yuan"))


def township_step(model: CadreModel) -> None:
    """D8: township leaders with `township_pay.years` in townships, not blocked from the
    'excellent' grade (B3), move up a salary grade (booked); the prospect's effect on effort
    is in `model.rules.attention.incentives`."""
    t, sc = model.t, model.sc
    if sc["township_pay.enabled"]:
        stepped = (t.leader_years_township >= sc["township_pay.years"]) & ~t.excellent_blocked[:, None]
        model.ledger.cost("township_pay", model.per_block(stepped) * model.yuan("township_pay.step_yuan"))


def economy(model: CadreModel) -> None:
    """D9 (Q4): rural income and the migrant wage grow by `county.rural_income_growth`; a
    village's collective income grows by exp(clip(growth_base + dev_slope · (development −
    dev_ref) + noise_sd · z + funds.income_growth if funded, ± max_log_growth)).
    Draws a normal a village (stream D9)."""
    v, sc = model.v, model.sc
    z = model.draws("D9").normals()
    g = sc["county.rural_income_growth"]
    model.county.rural_income *= 1 + g
    model.county.migrant_wage *= 1 + g
    growth = (sc["economy.growth_base"] + sc["economy.dev_slope"] * (v.dims[:, DEV] - sc["economy.dev_ref"])
              + sc["economy.noise_sd"] * z + sc["funds.income_growth"] * v.funded)
    lim = sc["economy.max_log_growth"]
    v.income = np.maximum(v.income * fpmath.exp(np.clip(growth, -lim, lim)), 0.0)
    development_bonus(model)


def development_bonus(model: CadreModel) -> None:
    """D9/C5: the development target is raised `village.econ_gain` by a viable collective
    economy (income ≥ `county.shell_income_yuan`) and `selection.shuangdai_gain` by a 双带
    secretary in post (with C5 on)."""
    v, sc = model.v, model.sc
    bonus = sc["village.econ_gain"] * (v.income >= sc["county.shell_income_yuan"])
    if sc["selection.enabled"]:
        bonus = bonus + sc["selection.shuangdai_gain"] * (v.sec_shuangdai & v.sec_present)
    v.dev_bonus = bonus

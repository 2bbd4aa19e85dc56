"""The compiled plan loops (`model/rules/_plan.py`) compute what the rules' formulas say: each
is recomputed here as the plain whole-array numpy it replaced, on small hand-built arrays
covering each branch, and compared bit for bit; and each hook, run on a small batched world,
leaves the same state and ledger as the numpy hook it replaced."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from cadresim import CadreModel, load_scenario
from cadresim.rules import _plan, attention, pay, stationed
from cadresim.rules.assessment import weak_margin
from cadresim.rules.groups import TINY, rank_in_group
from cadresim.state import LEAD, MECH, TEAM

ROOT = Path(__file__).resolve().parents[1]
NAN, INF = np.nan, np.inf


def _same(got: Any, want: Any) -> None:
    """Equal bit for bit (so −0.0 ≠ 0.0 and NaN = NaN of the same bits), same dtype and shape."""
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype and got.shape == want.shape
    assert got.tobytes() == want.tobytes(), (got, want)


# ---- the hooks as the numpy they replaced ---------------------------------------------------

def structured_pay_numpy(model: CadreModel) -> None:
    """D1 as it was: whole-array numpy with a full rank of −score in each county."""
    v, sc = model.v, model.sc
    if not sc["pay.enabled"]:
        return
    if sc["stars.enabled"]:
        star_pay = v.sec_base_pay * sc["stars.pay_per_star"] * v.stars
        v.sec_pay += star_pay
        model.ledger.cost("pay", model.per_block(star_pay, v.sec_present))
    pool = model.yuan("pay.reward_pool_yuan")
    if pool > 0 and sc["pay.reward_share"] > 0:
        score = np.nan_to_num(v.review_score, nan=-np.inf) if sc["review.enabled"] else v.reported_score
        pos, size = rank_in_group(-score, v.county)
        k = np.round(sc["pay.reward_share"] * size)
        winners = pos < k
        reward = np.where(winners, pool / np.maximum(k, 1), 0.0)
        v.sec_pay += reward
        model.ledger.cost("reward", model.per_block(reward))
    v.sec_comp = v.sec_pay.copy()


def distribute_numpy(model: CadreModel) -> None:
    """A5's distribution and its observables as they were: whole-array numpy."""
    v, t, sc = model.v, model.t, model.sc
    wsum = np.bincount(v.township, weights=v.weights, minlength=model.m)
    pool = t.budget * t.n_villages * t.pool_share
    per_village = pool[v.township] * v.weights / wsum[v.township] + v.contact_help
    v.attention = per_village[:, None] * v.dim_split
    line = sc["weak.threshold"]
    margin = weak_margin(sc, v.dims)
    near = (margin >= line - sc["attention.near_line_below"]) & (margin < line + sc["attention.near_line_band"])
    model.county.near_line_ratio = attention.relative_help(model, per_village, near)
    model.county.weak_planned_ratio = attention.relative_help(model, per_village, v.weak_true)


def rectification_numpy(model: CadreModel) -> None:
    """A4's rectification help as it was."""
    v, sc = model.v, model.sc
    if sc["weak.enabled"]:
        v.help_fixed[:, attention.HIDDEN_DIMS] += sc["weak.rectify_help"] * (v.tracked_years > 0)[:, None]


def graduates_serving_numpy(model: CadreModel) -> None:
    """C9's serving graduates' help as it was."""
    h = np.zeros((model.n, 5))  # C9 as the whole-array numpy it replaced
    h[:, TEAM] = h[:, MECH] = model.v.grad_cohorts.sum(axis=1) * model.sc["graduates.help"]
    model.v.help_fixed += h


def contact_numpy(model: CadreModel) -> None:
    """B7's contact time as it was: a full rank of perceived scores in each township."""
    v, t, sc = model.v, model.t, model.sc
    if not sc["contact.enabled"]:
        return
    total = t.budget * t.n_villages
    sec = sc["contact.secretary_share"] * sc["contact.months"] / 12
    other = (1 - sc["contact.secretary_share"]) / 2 * sc["contact.other_share"]
    pos, size = rank_in_group(v.perceived_score, v.township)
    v.contact_help = np.where(pos == 0, sec, np.where((pos == 1) | (pos == 2), other, 0.0)) * total[v.township]
    t.pool_share = 1 - np.bincount(v.township, weights=v.contact_help, minlength=model.m) / np.maximum(total, TINY)


def effort_and_quitting_numpy(model: CadreModel) -> None:
    """D10 as it was: whole-array numpy through the rule's helpers."""
    v, sc = model.v, model.sc
    v.sec_pay_ratio = v.sec_comp / np.maximum(pay.outside_option(model, v.sec_age), TINY)
    v.dir_pay_ratio = v.dir_comp / np.maximum(pay.outside_option(model, v.dir_age), TINY)
    v.sec_effort_year = pay.effort_from_ratio(model, v.sec_pay_ratio)
    v.dir_effort_year = pay.effort_from_ratio(model, v.dir_pay_ratio)
    v.sec_quit_rate = pay.quit_rate(model, v.sec_pay_ratio)
    v.dir_quit_rate = np.minimum(pay.quit_rate(model, v.dir_pay_ratio) * sc["incentive.director_quit_factor"], 1.0)


def accept_numpy(model: CadreModel) -> None:
    """C8 as it was: every village's uniform drawn, whole-array numpy."""
    v, sc = model.v, model.sc
    u = model.draws("C8").uniforms()
    years_done = model.year + 1 if model.started else 0
    acc = sc["acceptance.years"]
    if years_done < acc or not sc["stationed.enabled"]:
        return
    if sc["acceptance.enabled"]:
        v.st_program &= ~(v.five_good & ~v.flagged & ~v.reported_weak)
    elif years_done == acc:
        v.st_program[:] = False
    renew = sc["stationed.renew_years"]
    if renew > 0 and (years_done - acc) % renew == 0:
        needy = (v.income < model.yuan("stationed.income_line_yuan")) | v.flagged
        v.st_program |= needy & (u < sc["stationed.coverage"])


# ---- worlds ---------------------------------------------------------------------------------

_WORLDS: dict[tuple, CadreModel] = {}


def _world(years: int = 2, **overrides: Any) -> CadreModel:
    """Three replicate counties as blocks of one world, after `years` years (kept per overrides)."""
    key = (years, *sorted(overrides.items()))
    if key not in _WORLDS:
        sc = load_scenario(ROOT / "scenarios" / "baseline.toml").with_overrides(overrides)
        blocks = [(s, k) for k, s in enumerate(np.random.SeedSequence(11).spawn(3))]
        _WORLDS[key] = CadreModel(sc, blocks=blocks).run_years(years)
    return _WORLDS[key]


def _hook_same(model: CadreModel, old: Callable[[CadreModel], None], new: Callable[[CadreModel], None],
               village: tuple[str, ...] = (), township: tuple[str, ...] = (), county: tuple[str, ...] = ()) -> None:
    """`new` on a copy of `model` leaves the named state and the ledger as `old` on another."""
    a, b = copy.deepcopy(model), copy.deepcopy(model)
    assert a.v.sec_pay is not model.v.sec_pay  # copies, not views
    old(a)
    new(b)
    for names, sa, sb in ((village, a.v, b.v), (township, a.t, b.t), (county, a.county, b.county)):
        for name in names:
            _same(getattr(sb, name), getattr(sa, name))
    for book in ("costs", "counts"):
        want, got = getattr(a.ledger, book), getattr(b.ledger, book)
        assert list(got) == list(want)
        for k in want:
            _same(got[k], want[k])


# ---- D1 structured pay ----------------------------------------------------------------------

def _pay_numpy(state: tuple, coef: _plan.PayCoef) -> tuple[np.ndarray, ...]:
    base, stars, score, county, sec_pay = state
    sec_pay = sec_pay.copy()
    star_pay = np.zeros(len(base))
    reward = np.zeros(len(base))
    if coef.stars:
        star_pay = base * coef.pay_per_star * stars
        sec_pay += star_pay
    if coef.reward:
        s = np.nan_to_num(score, nan=-np.inf) if coef.review else score
        pos, size = rank_in_group(-s, county)
        k = np.round(coef.share * size)
        reward = np.where(pos < k, coef.pool / np.maximum(k, 1), 0.0)
        sec_pay += reward
    return star_pay, reward, sec_pay


def _pay_state(county: np.ndarray, score: np.ndarray) -> tuple:
    n = len(county)
    base = np.linspace(9000.0, 31000.0, n)
    stars = np.arange(n, dtype=np.int64) % 6
    return base, stars, score, county, base * 1.25


# counties of 5 (k = round(2.5) = 2, half to even), 3 (round(1.5) = 2), 1 (round(0.5) = 0) and
# 4 (2): ties, ±0.0, NaN (→ −inf under A3, last in the rank without), ±inf (→ ±max)
_SCORES = np.array([0.5, 0.7, 0.7, NAN, 0.1,
                    -0.0, 0.0, 0.0,
                    0.3,
                    INF, -INF, NAN, NAN])
_COUNTY_RUNS = np.array([0] * 5 + [1] * 3 + [2] + [3] * 4, dtype=np.int64)


@pytest.mark.parametrize("review", [True, False])
@pytest.mark.parametrize("share", [0.5, 0.3, 1.0, 0.05])
@pytest.mark.parametrize("shuffled", [False, True])
def test_structured_pay_year_matches_numpy(review: bool, share: float, shuffled: bool) -> None:
    county, score = _COUNTY_RUNS, _SCORES
    if shuffled:  # counties not in runs: visited through a counting sort, ties still by index
        perm = np.random.default_rng(3).permutation(len(county))
        county, score = county[perm], score[perm]
    for stars in (True, False):
        coef = _plan.PayCoef(stars=stars, pay_per_star=0.06, reward=True, pool=200000.0, share=share, review=review)
        state = _pay_state(county, score)
        want_star, want_reward, want_pay = _pay_numpy(state, coef)
        out = (np.zeros(len(county)), np.zeros(len(county)), np.empty(len(county)))
        _plan.structured_pay_year(state, coef, out)
        if stars:
            _same(out[0], want_star)
        _same(out[1], want_reward)
        _same(state[4], want_pay)  # sec_pay, in place
        _same(out[2], want_pay)  # sec_comp


def test_kth_smallest_is_the_sorted_kth() -> None:
    rng = np.random.default_rng(9)
    for trial in range(400):
        n = int(rng.integers(1, 200))
        x = rng.integers(0, int(rng.integers(1, 20)), n).astype(float) if trial % 2 else rng.normal(size=n)
        if trial % 7 == 0:
            x = np.sort(x)[::-1].copy()  # descending: the median of three still splits
        k = int(rng.integers(0, n))
        assert _plan._kth_smallest(x.copy(), n, k) == np.sort(x)[k]


def test_reward_shares_selection_on_many_ties() -> None:
    """Larger counties with few distinct scores (the selection's equal-to-pivot paths)."""
    rng = np.random.default_rng(5)
    county = np.repeat(np.arange(40), rng.integers(1, 60, 40))
    for score in (rng.integers(0, 4, len(county)).astype(float), rng.normal(size=len(county)),
                  np.where(rng.random(len(county)) < 0.3, NAN, rng.integers(0, 3, len(county)).astype(float))):
        for share in (0.1, 0.3, 0.5, 0.9):
            coef = _plan.PayCoef(stars=False, pay_per_star=0.0, reward=True, pool=1000.0, share=share, review=False)
            state = _pay_state(county, score)
            reward = np.empty(len(county))
            _plan.reward_shares(score, county, coef, reward)
            _same(reward, _pay_numpy(state, coef)[1])


@pytest.mark.parametrize("overrides", [{}, {"review.enabled": False}, {"stars.enabled": False},
                                       {"pay.reward_pool_yuan": 0}, {"county.index_nominal": False}])
def test_structured_pay_hook_equals_numpy(overrides: dict) -> None:
    _hook_same(_world(**overrides), structured_pay_numpy, pay.structured_pay, village=("sec_pay", "sec_comp"))


# ---- A5 distribute ---------------------------------------------------------------------------

def test_kth_of_five_is_the_sorted_rows_kth() -> None:
    """The sorting network sorts every 0/1 row (so every row, the 0-1 principle), and on rows
    with ties and ±0.0 gives a value equal to np.sort's k-th."""
    bits = ((np.arange(32)[:, None] >> np.arange(5)) & 1).astype(float)
    rng = np.random.default_rng(2)
    rows = np.vstack([bits, rng.integers(0, 3, (200, 5)).astype(float), rng.random((200, 5)),
                      [[0.0, -0.0, 0.0, -0.0, 0.5]]])
    for k in range(5):
        want = np.sort(rows, axis=1)[:, k]
        got = np.array([_plan._kth_of_row(rows, i, k) for i in range(len(rows))])
        assert (got == want).all()
    six = rng.integers(0, 4, (100, 6)).astype(float)  # another width: the counting form
    for k in range(6):
        got = np.array([_plan._kth_of_row(six, i, k) for i in range(len(six))])
        assert (got == np.sort(six, axis=1)[:, k]).all()


def _distribute_numpy(village: tuple, township_state: tuple, coef: _plan.DistributeCoef,
                      per_block: int) -> tuple[np.ndarray, ...]:
    weights, contact_help, dim_split, dims, weak_true, township = village
    budget, n_villages, pool_share = township_state
    m, blocks = len(budget), len(weights) // per_block
    wsum = np.bincount(township, weights=weights, minlength=m)
    pool = budget * n_villages * pool_share
    per_village = pool[township] * weights / wsum[township] + contact_help
    mean = np.bincount(township, weights=per_village, minlength=m) / n_villages
    rel = per_village / np.maximum(mean[township], TINY)
    margin = np.minimum(dims[:, coef.lead], np.sort(dims, axis=1)[:, coef.kth])
    near = (margin >= coef.near_lo) & (margin < coef.near_hi)
    ratios = []
    for which in (near, weak_true):
        sums = np.array([rel[b * per_block:(b + 1) * per_block][which[b * per_block:(b + 1) * per_block]].sum()
                         for b in range(blocks)])
        n = which.reshape(blocks, -1).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratios.append(np.where(n > 0, sums / n, np.nan))
    return per_village[:, None] * dim_split, ratios[0], ratios[1]


def test_distribute_year_matches_numpy() -> None:
    """Two blocks of two townships; margins on both edges of the near band; block 1 with no
    village truly weak (NaN); a township with contact help."""
    rng = np.random.default_rng(4)
    township = np.array([0, 0, 0, 1, 1, 2, 2, 2, 3, 3], dtype=np.int64)
    n = len(township)
    dims = rng.random((n, 5))
    dims[0] = [0.40, 0.9, 0.9, 0.9, 0.9]  # margin = leadership 0.40: the band's lower edge, near
    dims[1] = [0.9, 0.55, 0.2, 0.9, 0.9]  # margin = 2nd lowest 0.55: the upper edge, not near
    dims[2] = [0.5, 0.5, 0.5, 0.5, 0.5]
    dims[5] = [0.39, 0.9, 0.9, 0.9, 0.9]  # just under the band
    weights = rng.random(n) + 0.1
    contact_help = np.where(township == 1, rng.random(n), 0.0)
    dim_split = rng.random((n, 5)) * 2
    weak_true = np.array([1, 0, 1, 1, 0, 0, 0, 0, 0, 0], dtype=bool)
    township_state = (np.array([3.1, 2.7, 4.4, 0.9]), np.array([3, 2, 3, 2], dtype=np.int64),
                      np.array([1.0, 0.8, 1.0, 0.95]))
    coef = _plan.DistributeCoef(near_lo=0.40, near_hi=0.55, kth=1, lead=LEAD)
    village = (weights, contact_help, dim_split, dims, weak_true, township)
    want = _distribute_numpy(village, township_state, coef, 5)
    out = (np.empty((n, 5)), np.empty(2), np.empty(2))
    _plan.distribute_year(village, township_state, coef, 5, out)
    for got, w in zip(out, want, strict=True):
        _same(got, w)
    assert np.isnan(out[2][1]) and not np.isnan(out[1]).any()


@pytest.mark.parametrize("overrides", [{}, {"contact.enabled": False}, {"weak.min_dims": 3}])
def test_distribute_hook_equals_numpy(overrides: dict) -> None:
    _hook_same(_world(**overrides), distribute_numpy, attention.distribute, village=("attention",),
               county=("near_line_ratio", "weak_planned_ratio"))


# ---- A4 rectification, C9 graduate help ---------------------------------------------------------

def _help_fixed() -> np.ndarray:
    """Six villages' fixed help with ±0.0 (adding 0.0 to −0.0 gives 0.0, as numpy's += did)."""
    h = np.arange(30, dtype=float).reshape(6, 5) / 7
    h[0] = [-0.0, 0.0, -0.0, -0.0, 0.0]
    h[3, 1:4] = -0.0
    return h


@pytest.mark.parametrize("amount", [0.3, -0.2, 2.0])
def test_add_column_help_matches_numpy(amount: float) -> None:
    hidden = list(attention.HIDDEN_DIMS)
    on = np.isin(np.arange(5), hidden)
    years = np.array([0, 1, 3, 0, 2, 0], dtype=np.int64)
    want, got = _help_fixed(), _help_fixed()
    want[:, hidden] += amount * (years > 0)[:, None]
    _plan.add_column_help(got, amount, on, years)
    _same(got, want)


@pytest.mark.parametrize("each", [0.25, -0.5])
def test_add_graduate_help_matches_numpy(each: float) -> None:
    cohorts = np.array([[0, 0, 0], [1, 0, 2], [0, 3, 0], [0, 0, 0], [2, 2, 2], [0, 0, 1]], dtype=np.int64)
    want, got = _help_fixed(), _help_fixed()
    h = np.zeros((6, 5))
    serving = cohorts.sum(axis=1) * each
    h[:, TEAM] = serving
    h[:, MECH] = serving
    want += h
    _plan.add_graduate_help(got, cohorts, each, np.isin(np.arange(5), (TEAM, MECH)))
    _same(got, want)


@pytest.mark.parametrize("overrides", [{}, {"weak.enabled": False}])
def test_rectification_hook_equals_numpy(overrides: dict) -> None:
    _hook_same(_world(**overrides), rectification_numpy, attention.rectification, village=("help_fixed",))


@pytest.mark.parametrize("overrides", [{}, {"graduates.enabled": False}])
def test_graduates_serving_hook_equals_numpy(overrides: dict) -> None:
    world = _world(**overrides)
    assert world.v.grad_cohorts.any() != bool(overrides)  # graduates serving where placed
    _hook_same(world, graduates_serving_numpy, attention.graduates_serving, village=("help_fixed",))


# ---- B7 contact ----------------------------------------------------------------------------------

def _contact_numpy(score: np.ndarray, township: np.ndarray, total: np.ndarray,
                   shares: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    pos, _ = rank_in_group(score, township)
    help_ = np.where(pos == 0, shares[0], np.where((pos == 1) | (pos == 2), shares[1], 0.0)) * total[township]
    return help_, 1 - np.bincount(township, weights=help_, minlength=len(total)) / np.maximum(total, TINY)


@pytest.mark.parametrize("shuffled", [False, True])
@pytest.mark.parametrize("with_nan", [False, True])
def test_contact_year_matches_numpy(shuffled: bool, with_nan: bool) -> None:
    """Townships of 1, 2, 3, 4 and 7 villages (one with no budget: 0 / TINY), ties (the first by
    index goes first), NaN last (then the rank is numpy's lexsort), villages not in runs."""
    township = np.array([0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4], dtype=np.int64)
    score = np.array([0.5, 0.3, 0.3, 0.9, 0.1, 0.5, 0.2, 0.2, 0.2, 0.1, 0.6, 0.4, 0.4, 0.8, 0.4, -0.0, 0.0])
    if with_nan:
        score[[3, 4, 11]] = NAN
    if shuffled:
        perm = np.random.default_rng(6).permutation(len(township))
        township, score = township[perm], score[perm]
    total = np.array([5.0, 0.0, 3.3, 7.1, 12.9])
    want = _contact_numpy(score, township, total, (0.125, 0.05))
    out = (np.empty(len(score)), np.empty(len(total)))
    _plan.contact_year(score, township, total, (0.125, 0.05), out)
    for got, w in zip(out, want, strict=True):
        _same(got, w)


@pytest.mark.parametrize("overrides", [{}, {"contact.enabled": False}])
def test_contact_hook_equals_numpy(overrides: dict) -> None:
    _hook_same(_world(**overrides), contact_numpy, attention.contact, village=("contact_help",),
               township=("pool_share",))


# ---- D10 effort and quitting -------------------------------------------------------------------

_EFFORT = _plan.EffortCoef(wage=15000.0, peak=1.2, slope=0.02, age_ref=30.0, floor=0.4, effort_base=0.5,
                           effort_pay=0.3, effort_min=0.1, effort_max=1.0, quit_base=0.08, quit_pay=1.5,
                           quit_max=0.5)


def test_d10_kernels_match_numpy() -> None:
    """Ages on both clip edges and between, NaN ages, nothing to lose (comp 0: log −inf, effort
    at its floor, quit 0), a pay ratio far above and below 1 (effort and quit at both bounds)."""
    c = _EFFORT
    age = np.array([18.0, 20.0, 30.0, 45.5, 70.0, 90.0, NAN, 41.0, 33.0, 64.0])
    comp = np.array([9000.0, 0.0, 15000.0, 21000.0, 3.0e5, 100.0, 12000.0, -0.0, 1.0e7, 14000.0])
    factor = np.clip(c.peak - c.slope * (age - c.age_ref), c.floor, c.peak)
    want_ratio = comp / np.maximum(c.wage * factor, TINY)
    ratio = np.empty(len(age))
    _plan.pay_ratios(comp, age, c, ratio)
    _same(ratio, want_ratio)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log = np.log(ratio)
        want_effort = np.clip(c.effort_base + c.effort_pay * log, c.effort_min, c.effort_max)
        want_quit = np.clip(c.quit_base * np.exp(-c.quit_pay * log), 0.0, c.quit_max)
        effort, power, quit = np.empty(len(age)), np.empty(len(age)), np.empty(len(age))
        _plan.effort_and_quit(log, c, effort, power)
        np.exp(power, out=power)
    _same(effort, want_effort)
    _plan.quit_rates(power, c, 1.5, False, quit)
    _same(quit, want_quit)
    _plan.quit_rates(power, c, 1.5, True, quit)
    _same(quit, want_quit * 1.5)


@pytest.mark.parametrize("overrides", [{}, {"incentive.enabled": False}])
def test_effort_and_quitting_hook_equals_numpy(overrides: dict) -> None:
    _hook_same(_world(**overrides), effort_and_quitting_numpy, pay.effort_and_quitting,
               village=("sec_pay_ratio", "dir_pay_ratio", "sec_effort_year", "dir_effort_year", "sec_quit_rate",
                        "dir_quit_rate"))


# ---- C8 accept -----------------------------------------------------------------------------------

@pytest.mark.parametrize("accept,end_all,renew", [(True, False, True), (True, True, False), (False, True, True),
                                                  (False, False, True), (False, False, False)])
def test_accept_year_matches_numpy(accept: bool, end_all: bool, renew: bool) -> None:
    rng = np.random.default_rng(8)
    n = 64
    state = (rng.random(n) < 0.6, rng.random(n) < 0.5, rng.random(n) < 0.2, rng.random(n) < 0.2,
             rng.random(n) * 8000)
    state[4][:3] = 4000.0  # income on the line: not poor
    u = rng.random(n)
    u[3] = 0.5  # on the coverage: does not join
    program, five_good, flagged, reported_weak, income = (x.copy() for x in state)
    if accept:
        program &= ~(five_good & ~flagged & ~reported_weak)
    elif end_all:
        program[:] = False
    if renew:
        program |= ((income < 4000.0) | flagged) & (u < 0.5)
    _plan.accept_year(state, accept, end_all, renew, 4000.0, u, 0.5)
    _same(state[0], program)


@pytest.mark.parametrize("years,overrides", [
    (2, {}), (2, {"stationed.coverage": 0.5}),  # acceptance and renewal: the uniforms are read
    (2, {"stationed.coverage": 0.5, "stationed.income_line_yuan": 15000}),  # fewer needy: drawn alone
    (3, {"stationed.coverage": 0.5}), (1, {}),  # a year without renewal; before acceptance
    (2, {"acceptance.enabled": False, "stationed.coverage": 0.5}),  # all end: most needy draw
    (2, {"stationed.enabled": False})])
def test_accept_hook_equals_numpy(years: int, overrides: dict) -> None:
    _hook_same(_world(years, **overrides), accept_numpy, stationed.accept, village=("st_program",))


"""The compiled monthly loops (`model/rules/_kernels.py`) compute exactly what the rules'
formulas say, written as plain whole-array numpy: same draws, bit-identical results."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from cadresim import CadreModel
from cadresim.rules import _kernels, cadres, dynamics, reserves
from cadresim.rules.dynamics import PREFERENCE
from cadresim.state import DEV, IMAGE, LEAD, MECH, TEAM

SPECIALS = np.array([np.nan, -np.inf, np.inf, -0.0, 0.0, 1.0, -1e-300, 0.02, 0.5, 1 + 1e-16, 2.0, -3.0])


@pytest.mark.parametrize("x", SPECIALS)
@pytest.mark.parametrize("y", SPECIALS)
def test_maximum_is_numpy_maximum(x: float, y: float) -> None:
    assert np.float64(_kernels.maximum(x, y)).tobytes() == np.maximum(x, y).tobytes()


@pytest.mark.parametrize("x", SPECIALS)
def test_clip_is_numpy_clip(x: float) -> None:
    for lo, hi in ((0.0, 1.0), (-0.0, 0.0), (0.05, 1.0), (25.0, 59.0)):
        expected = np.clip(np.array([x]), lo, hi)[0]
        assert np.float64(_kernels.clip(x, lo, hi)).tobytes() == expected.tobytes(), (x, lo, hi)


def _model(**overrides: object) -> CadreModel:
    m = CadreModel(None, rng=2024, **overrides)
    m.run_years(3)  # a state with vacancies, teams, shocks and varied knowledge
    for _ in range(5):
        m.step()
    return m


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def dims_numpy(model: CadreModel, noise: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, int, int]:
    """`month_dims` as whole-array expressions (the formulas of its docstring)."""
    v, sc = model.v, model.sc
    cap = v.sec_present * v.sec_ability * v.sec_effort * (0.4 + 0.6 * v.sec_knowledge)
    director = np.where(v.one_shoulder, 0.15 * cap, 0.25 * v.dir_present * v.dir_ability * sc["incentive.effort_base"])
    cap5 = (cap + director) * 5
    if sc["five_good.enabled"]:
        gap = np.maximum(sc["five_good.threshold"] + 0.1 - v.dims, 0.02)
        cap_k = gap / gap.sum(axis=1, keepdims=True) * cap5[:, None] * sc["village.capacity_gain"]
    else:
        cap_k = cap5[:, None] * PREFERENCE[None, :] * sc["village.capacity_gain"]
    motivation = 1.0 if sc["stationed_pay.enabled"] else sc["stationed_pay.motivation_off"]
    team = v.st_team * (sc["stationed.help_per_cadre"] * motivation) * (0.3 + 0.7 * v.st_knowledge)
    target = cap_k + (sc["village.base_target"] - v.difficulty)[:, None]
    target = target + (v.attention + v.help_fixed + team[:, None]) * sc["village.help_gain"]
    target[:, DEV] += model.dev_bonus
    target[:, TEAM] += model.team_bonus
    target = np.clip(target, 0, 1)
    dims = v.dims + ((target - v.dims) * sc["village.adjust_rate"] + noise * sc["village.noise_sd"])
    rate = sc["village.shock_rate"]
    p_conflict = np.where(v.one_shoulder | v.cross_serving, rate * 1.0, rate * sc["selection.conflict_factor"])
    deterred = sc["audit.deterrence"] if sc["audit.enabled"] else 0.0
    p_scandal = (1 - v.sec_integrity) * (rate * 2) * (1 - deterred) * v.sec_present
    conflict, scandal = u[0] < p_conflict, u[1] < p_scandal
    dims[conflict, LEAD] -= sc["village.shock_size"]
    dims[conflict, MECH] -= sc["village.shock_size"]
    dims[scandal, IMAGE] -= sc["village.shock_size"]
    dims[scandal, DEV] -= sc["village.shock_size"] / 2
    return np.clip(dims, 0, 1), int(conflict.sum()), int(scandal.sum())


@pytest.mark.parametrize("overrides", [{}, {"five_good__enabled": False}, {"stationed_pay__enabled": False,
                                                                             "audit__enabled": False,
                                                                             "village__shock_rate": 0.05}])
def test_month_dims_matches_numpy_formula(overrides: dict) -> None:
    m = _model(**overrides)
    m.v.st_team[::3] = 3  # some teams in place, whatever the year
    g = copy.deepcopy(m.streams["dims"])
    noise, u = g.standard_normal((m.n, 5)), g.random((2, m.n))  # the draws month_dims will make
    expected, conflicts, scandals = dims_numpy(m, noise, u)
    m.ledger.reset()
    dynamics.month_dims(m)
    assert _same(m.v.dims, expected)
    assert m.ledger.counts.get("conflicts", 0) == conflicts
    assert m.ledger.counts.get("scandals", 0) == scandals
    if "village__shock_rate" in overrides:
        assert conflicts > 0 and scandals > 0  # the shock paths are exercised


def test_month_cadres_and_leave_match_numpy_formula() -> None:
    m = _model()
    v = m.v
    m.quit_rate = np.full(m.n, 0.3)  # enough leavers in one month to matter
    v.sec_age[:10] = 70.0  # and some past retirement
    before = copy.deepcopy(v)
    # month_cadres
    age, know = v.sec_age + 1 / 12, v.sec_knowledge + (1 - v.sec_knowledge) * v.sec_present / cadres.KNOWLEDGE_MONTHS
    tenure = v.sec_tenure + v.sec_present
    cadres.month_cadres(m)
    assert _same(v.sec_age, age) and _same(v.sec_knowledge, know) and _same(v.sec_tenure, tenure)
    # month_leave
    u = copy.deepcopy(m.streams["leave"]).random((2, m.n))
    p_sec = 1 - (1 - m.quit_rate) ** (1 / 12)
    retire = m.sc["county.retire_age"]
    aged = v.sec_present & (v.sec_age >= retire)
    leaving = aged | (v.sec_present & ~aged & (u[0] < p_sec))
    d_leave = v.dir_present & ((v.dir_age >= retire) | (u[1] < 0.8 * p_sec)) & ~v.one_shoulder
    sec_after = v.sec_present & ~leaving
    dir_after = np.where(v.one_shoulder, sec_after, v.dir_present & ~d_leave)
    assert leaving.sum() >= 10
    m.ledger.reset()
    cadres.month_leave(m)
    assert _same(v.sec_present, sec_after) and _same(v.dir_present, dir_after)
    assert (v.sec_person[leaving] == -1).all() and (v.sec_vacant_months[leaving] == 0).all()
    assert m.ledger.counts["retirements"] == aged.sum()
    assert m.ledger.counts["secretary_changes"] == leaving.sum()
    assert (before.sec_present & ~v.sec_present).sum() == leaving.sum()


def test_month_fill_decisions_match_numpy_formula() -> None:
    m = _model()
    v = m.v
    vacate = np.zeros(m.n, bool)
    vacate[::4] = True
    m.vacate_secretary(vacate)
    v.reserves[::8] = np.nan  # some empty pools
    k = reserves._FillRun(m)
    vac = ~v.sec_present
    months = v.sec_vacant_months + vac
    u = copy.deepcopy(m.streams["fill"]).random((2, m.n))
    pool = vac & ~np.isnan(v.reserves).all(axis=1) & (u[0] < k.fill_prob)
    case = v.reported_vacant * 2 + (months >= k.near_months)
    out = vac & ~pool & (u[1] < k.out_threshold[case])
    assert pool.sum() > 0 and out.sum() > 0
    reserves.month_fill(m)
    assert _same(v.sec_vacant_months[~vac], months[~vac])
    assert v.sec_present[pool | out].all() and not v.sec_present[vac & ~pool & ~out].any()
    assert (v.sec_knowledge[pool] == 0.5).all() and (v.sec_knowledge[out] == 0.2).all()

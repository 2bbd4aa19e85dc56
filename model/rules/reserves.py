"""Vacancies, reserve cadres, placed graduates and member development.

Rules: C6 (≥2 reserve cadres per village, vacancies filled from the pool; the young leave
for migrant work, thinning it), C9 (college graduates placed in villages), C10 (≥1 new
party member a year), B3 (a township pushes to fill a vacancy before it passes 12 months),
E2 (the county hears of vacancies through the townships' reports and fills them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from scipy.special import ndtri

from ..state import TEAM
from ._fast import clip as _clip
from ._kernels import count_vacancies, fill_decide, pick_best

if TYPE_CHECKING:
    from ..sim import CadreModel


def pool_size(reserves: np.ndarray) -> np.ndarray:
    return (~np.isnan(reserves)).sum(axis=1)


def add_reserves(reserves: np.ndarray, counts: np.ndarray,
                 ability: np.ndarray | Callable[[int], np.ndarray]) -> np.ndarray:
    """Put up to `counts[i]` new reserves into empty slots of row i.

    `ability` is an (n, capacity) array (row i's slots) or a function drawing k abilities,
    called once with the number of slots filled (in row-major order of the slots)."""
    put_any = counts > 0
    if not np.count_nonzero(put_any):
        return np.zeros(len(counts), dtype=np.int64)
    rows = put_any.nonzero()[0]
    sub = reserves[rows]
    empty = np.isnan(sub)
    rank = np.cumsum(empty, axis=1)
    put = empty & (rank <= counts[rows, None])
    sub[put] = ability(int(put.sum())) if callable(ability) else ability[rows][put]
    reserves[rows] = sub
    out = np.zeros(len(counts), dtype=np.int64)
    out[rows] = put.sum(axis=1)
    return out


def selection_noise(model: CadreModel) -> np.ndarray:
    """C5: sd of the error in judging a candidate, by each village's selection method."""
    sc = model.sc
    if not sc["selection.enabled"]:
        return np.full(model.n, sc["selection.noise_off"])
    return np.where(model.v.direct_election, sc["selection.noise_direct"], sc["selection.noise_two_rec"])


def _selection_noise_at(model: CadreModel, idx: np.ndarray) -> np.ndarray:
    """`selection_noise(model)[idx]`, computed for the villages in `idx` only."""
    sc = model.sc
    if not sc["selection.enabled"]:
        return np.full(len(idx), sc["selection.noise_off"])
    return np.where(model.v.direct_election[idx], sc["selection.noise_direct"], sc["selection.noise_two_rec"])


def pick_from_pool(model: CadreModel, mask: np.ndarray, stream: str) -> tuple[np.ndarray, np.ndarray]:
    """For villages in `mask`, the pool slot judged best (ability + selection noise) and its ability.

    Selection noise is drawn only for the villages in `mask` (k × capacity normals, in village
    order), not for every village: the draws of stream `stream` depend on how many choose."""
    v = model.v
    idx = mask.nonzero()[0]
    z = model.streams[stream].standard_normal((len(idx), v.reserves.shape[1]))
    slot = np.zeros(model.n, dtype=np.intp)
    ability = np.full(model.n, np.nan)
    pick_best(idx, v.reserves, z, _selection_noise_at(model, idx), slot, ability)
    return slot, ability


class _FillRun:
    """Per-run constants of `month_fill` (the scenario does not change during a run)."""

    def __init__(self, model: CadreModel) -> None:
        sc = model.sc
        self.gen = model.streams["fill"]
        self.reserve = bool(sc["reserve.enabled"])
        self.fill_prob = sc["reserve.fill_prob"]
        self.leaderless = bool(sc["leaderless.enabled"])
        self.near_months = max(sc["leaderless.months"] - 6, 1)
        # p_none = (1 - outside_fill_prob) · (near ? 1 - fill_push : 1) · (reported ? 1 - county_fill_prob : 1),
        # multiplied in that order; an outside fill when u1 < 1 - p_none. Indexed by near + 2 · reported.
        p0 = np.full(1, 1 - sc["reserve.outside_fill_prob"])
        near_f = 1 - sc["leaderless.fill_push"]
        rep_f = 1 - sc["reports.county_fill_prob"]
        p = []
        for near, rep in ((False, False), (True, False), (False, True), (True, True)):
            x = p0.copy()
            if self.leaderless:
                x *= near_f if near else 1.0
            x *= rep_f if rep else 1.0
            p.append((1 - x)[0])
        self.out_threshold = np.array(p)


def month_fill(model: CadreModel) -> None:
    """Fill vacant secretary posts from the reserve pool (C6) or from outside (B3, E2).

    Draws (only in a month with a vacancy): (2, n) uniforms of stream ``fill``; the pool
    choice draws from ``fill_select``, the appointees from ``appoint``."""
    k = model._consts.get("fill")
    if k is None:
        k = model._consts["fill"] = _FillRun(model)
    v = model.v
    if not count_vacancies(v.sec_present, v.sec_vacant_months):
        return
    u = k.gen.random((2, model.n))
    pool_fill = model.buffer("pool_fill", (model.n,), bool)
    out_fill = model.buffer("out_fill", (model.n,), bool)
    n_pool, n_out = fill_decide(u, v.sec_present, v.reserves, v.reported_vacant, v.sec_vacant_months, k.reserve,
                                k.fill_prob, k.leaderless, k.near_months, k.out_threshold, pool_fill, out_fill)
    if n_pool:
        idx = pool_fill.nonzero()[0]
        slot, ability = pick_from_pool(model, pool_fill, "fill_select")
        v.reserves[idx, slot[idx]] = np.nan
        model.appoint_secretary(pool_fill, ability, knowledge=0.5)
    if n_out:
        idx = out_fill.nonzero()[0]
        ability = np.full(model.n, np.nan)
        ability[idx] = _clip(0.5 + 0.12 * ndtri(_clip(u[1, idx], 1e-9, 1 - 1e-9)), 0.05, 1)
        model.appoint_secretary(out_fill, ability, knowledge=0.2)


def year_reserves(model: CadreModel) -> None:
    """C10 members recruited (≥1 when the rule is on), C6 pool drained by migration and topped
    up to the minimum, C9 graduates placed."""
    v, sc = model.v, model.sc
    g = model.streams["reserves"]
    n, cap = v.reserves.shape
    # C10 member development
    lam = sc["members.recruit_rate"] * (0.5 + v.dims[:, TEAM]) * (1 - 0.5 * v.remoteness)
    recruits = g.poisson(lam)
    if sc["members.enabled"]:
        recruits = np.maximum(recruits, 1)
    lost = g.binomial(v.members, 0.02)
    v.members += recruits - lost
    v.new_members = recruits
    v.months_no_member = np.where(recruits > 0, 0, v.months_no_member + 12)
    model.ledger.add("new_members", recruits.sum())
    to_pool = g.binomial(recruits, sc["members.reserve_share"])

    def abil(k: int) -> np.ndarray:  # abilities are drawn only for the slots filled
        return _clip(g.normal(0.48, 0.12, k), 0.05, 1)

    # C6 out-migration of the young thins the pool (one draw per occupied slot, row-major)
    wage_ratio = model.migrant_wage / model.rural_income / 2.5
    p_leave = _clip(sc["reserve.migration_rate"] * (0.5 + v.remoteness) * wage_ratio, 0, 1)
    rows, cols = np.nonzero(~np.isnan(v.reserves))
    left = g.random(len(rows)) < p_leave[rows]
    v.reserves[rows[left], cols[left]] = np.nan
    model.ledger.add("reserves_left", left.sum())
    if sc["reserve.enabled"]:
        add_reserves(v.reserves, to_pool, abil)
        short = np.maximum(sc["reserve.minimum"] - pool_size(v.reserves), 0)
        found = g.binomial(short, 1 - 0.5 * v.remoteness)  # fewer young people to pick from far away
        add_reserves(v.reserves, found, lambda k: _clip(g.normal(0.45, 0.12, k), 0.05, 1))
    else:
        add_reserves(v.reserves, g.binomial(to_pool, 0.5), abil)  # no one keeps the pool: half join
    # C9 graduates
    placed = g.poisson(sc["graduates.per_year"], n) * bool(sc["graduates.enabled"])
    add_reserves(v.reserves, placed, lambda k: _clip(g.normal(sc["graduates.ability"], 0.08, k), 0.05, 1))
    model.graduates_serving = model.graduates_serving[-2:] + [int(placed.sum())]
    model.ledger.cost("graduates", sum(model.graduates_serving) * sc["cost.graduate_yuan"])

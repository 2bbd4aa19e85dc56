"""The compiled year-end and plan loops (`model/rules/_yearly.py`) compute what the rules'
formulas say: each is recomputed here as plain whole-array numpy on small hand-built arrays,
with the same keyed draws taken through `cadresim.rng.Draws`, and compared bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
from cadresim.rng import Keys, replicate_seeds
from cadresim.rules import _kernels, _yearly

NAN = np.nan


def _keys(blocks: int, per_block: int) -> Keys:
    return Keys(replicate_seeds(7, blocks), per_block, 2)


def _coef(enabled: bool = True, minimum: int | float = 2) -> _yearly.ReserveCoef:
    return _yearly.ReserveCoef(enabled=enabled, minimum=minimum, remote_factor=0.5, join_without_rule=0.5,
                               recruit_ability=0.48, topup_ability=0.45, ability_sd=0.12, min_ability=0.05,
                               migration_rate=0.3, wage_ratio=1.7)


def reserve_numpy(reserves: np.ndarray, to_pool: np.ndarray, remoteness: np.ndarray, g, coef: _yearly.ReserveCoef,
                  per_block: int) -> np.ndarray:
    """C6 as the whole-array numpy it replaced: draw every stream in full, add, top up, migrate."""
    cap = reserves.shape[1]
    u_leave = g.uniforms_per(cap)
    z_new = g.normals_per(cap)
    z_top = g.normals_per(cap)
    u_found = g.uniforms()
    lo, sd, rf = coef.min_ability, coef.ability_sd, coef.remote_factor
    if coef.enabled:
        _kernels.add_reserves(reserves, to_pool, np.clip(coef.recruit_ability + sd * z_new, lo, 1.0))
        short = np.maximum(coef.minimum - (~np.isnan(reserves)).sum(axis=1), 0)
        found = _kernels.binom_quantile(u_found, short, 1 - rf * remoteness)
        _kernels.add_reserves(reserves, found, np.clip(coef.topup_ability + sd * z_top, lo, 1.0))
    else:
        joining = _kernels.binom_quantile(u_found, to_pool, np.full(len(to_pool), coef.join_without_rule))
        _kernels.add_reserves(reserves, joining, np.clip(coef.recruit_ability + sd * z_new, lo, 1.0))
    p_leave = np.clip(coef.migration_rate * (1 - rf + remoteness) * coef.wage_ratio, 0.0, 1.0)
    return _kernels.migrate_reserves(reserves, u_leave, p_leave, per_block)


def reserve_compiled(reserves: np.ndarray, to_pool: np.ndarray, remoteness: np.ndarray, g,
                     coef: _yearly.ReserveCoef, per_block: int) -> np.ndarray:
    cap = reserves.shape[1]
    slots = (g.slot, g.slot + cap, g.slot + 2 * cap, g.slot + 3 * cap)  # one slot a number
    return _yearly.reserve_year(reserves, (to_pool, remoteness), g.keyed(), slots, coef, per_block)


def _pools(cap: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Three villages a block, repeated for two blocks: an empty pool taking members, a full
    pool, a pool with holes (the new ones must go into the holes in slot order)."""
    one = np.full((3, cap), NAN)
    one[1, :] = np.linspace(0.3, 0.7, cap)
    one[2, 0], one[2, 2] = 0.5, 0.5  # equal abilities
    reserves = np.vstack([one, one])
    to_pool = np.array([2, 1, 3, 0, 4, 1], dtype=np.int64)
    remoteness = np.array([0.0, 0.4, 1.0, 0.9, 0.2, 0.5])
    return reserves, to_pool, remoteness


@pytest.mark.parametrize("cap", [5, 6])
@pytest.mark.parametrize("enabled,minimum", [(True, 2), (True, 4), (True, 4.0), (False, 2)])
def test_reserve_year_matches_numpy(cap: int, enabled: bool, minimum: int | float) -> None:
    keys = _keys(2, 3)
    coef = _coef(enabled, minimum)
    for period in range(1, 6):  # several years: different numbers, some reserves leave, some stay
        reserves, to_pool, remoteness = _pools(cap)
        want_res = reserves.copy()
        want = reserve_numpy(want_res, to_pool, remoteness, keys.draws("C6", period), coef, 3)
        got = reserve_compiled(reserves, to_pool, remoteness, keys.draws("C6", period), coef, 3)
        np.testing.assert_array_equal(got, want)
        np.testing.assert_array_equal(reserves, want_res)  # bit for bit, NaN where empty


def test_reserve_year_block_alone_equals_block_in_batch() -> None:
    """Block 1 of a two-block batch is that replicate run alone (keys by element within block)."""
    coef = _coef()
    reserves, to_pool, remoteness = _pools(6)
    batch = reserves.copy()
    left = reserve_compiled(batch, to_pool, remoteness, _keys(2, 3).draws("C6", 3), coef, 3)
    alone_keys = Keys(replicate_seeds(7, 2)[1:], 3, 2)
    alone = reserves[3:].copy()
    left1 = reserve_compiled(alone, to_pool[3:], remoteness[3:], alone_keys.draws("C6", 3), coef, 3)
    np.testing.assert_array_equal(alone, batch[3:])
    assert left1.tolist() == left[1:].tolist()
    assert left.sum() > 0 and (~np.isnan(batch)).sum() > 0  # the case exercises leaving and staying


def test_rank_runs_is_a_stable_sort_per_run() -> None:
    """Ties keep index order; runs of 1, small runs (insertion) and a long run (mergesort)."""
    rng = np.random.default_rng(3)
    score = np.concatenate([[0.5], [0.2, 0.2, 0.1, 0.2, -0.0, 0.0], rng.integers(0, 4, 40).astype(float),
                            rng.random(9)])
    starts = np.array([0, 1, 7, 47, 56], dtype=np.int64)
    group = np.repeat(np.arange(4), np.diff(starts))
    order = np.lexsort((score, group))  # the global stable sort it replaces
    want = np.empty(len(score), dtype=np.int64)
    want[order] = np.arange(len(score)) - np.repeat(starts[:-1], np.diff(starts))
    np.testing.assert_array_equal(_yearly.rank_runs(score, starts), want)
    assert _yearly.rank_runs(score, starts)[1:7].tolist() == [3, 4, 2, 5, 0, 1]  # -0.0 == 0.0: index order


def _guidance_coef() -> _yearly.GuidanceCoef:
    return _yearly.GuidanceCoef(weight_backward=1.6, weight_middle=1.1, weight_advanced=0.5, aim=0.65,
                                min_weight=0.05, advanced_effort=0.07)


def guidance_numpy(pos, size, dims, sec_present, dim_split, coef):
    """A5 'classified' as the whole-array numpy it replaced."""
    pct = pos / np.maximum(size - 1, 1)
    backward, advanced = pct < 1 / 3, pct >= 2 / 3
    middle = ~backward & ~advanced
    weights = np.where(backward, coef.weight_backward, np.where(middle, coef.weight_middle, coef.weight_advanced))
    gap = np.maximum(coef.aim - dims, coef.min_weight)
    split = np.where(middle[:, None], 5 * gap / gap.sum(axis=1, keepdims=True), dim_split)
    return weights, split, coef.advanced_effort * advanced * sec_present


def test_guidance_classified_matches_numpy() -> None:
    """Two blocks of two townships (sizes 4, 1 | 7, 3) with tied scores at the thirds."""
    rng = np.random.default_rng(5)
    score = np.array([0.3, 0.3, 0.1, 0.3, 0.9, 0.2, 0.2, 0.5, 0.2, 0.6, 0.6, 0.4, 0.4, 0.1, 0.4])
    township = np.repeat(np.arange(4), [4, 1, 7, 3])
    from cadresim.rules.groups import rank_in_group
    pos, size = rank_in_group(score, township)
    dims = rng.random((15, 5))
    dims[3] = 0.65  # every gap at the floor
    sec_present = rng.random(15) < 0.7
    split0 = rng.random((15, 5)) + 0.5
    coef = _guidance_coef()
    weights, split, extra = np.empty(15), split0.copy(), np.empty(15)
    _yearly.guidance_classified(pos, size, (dims, sec_present, weights, split), coef, extra)
    w_np, s_np, e_np = guidance_numpy(pos, size, dims, sec_present, split0, coef)
    np.testing.assert_array_equal(weights, w_np)
    np.testing.assert_array_equal(split, s_np)
    np.testing.assert_array_equal(extra, e_np)
    assert len(set(weights.tolist())) == 3  # all three classes occur


def test_perceive_views_matches_numpy() -> None:
    """Two blocks of townships; rows with tied dimensions (the k-th smallest among equals)."""
    rng = np.random.default_rng(8)
    dims = rng.random((12, 5))
    dims[2] = [0.4, 0.4, 0.4, 0.4, 0.4]
    dims[5] = [0.3, 0.6, 0.3, 0.2, 0.6]
    township = np.repeat(np.arange(4), 3)
    sd_t = 0.2 * (1 - rng.random(4))
    z = rng.standard_normal(12)
    for kth in range(5):
        score, margin = np.empty(12), np.empty(12)
        _yearly.perceive_views(dims, township, sd_t, z, kth, 0, (score, margin))
        error = sd_t[township] * z
        np.testing.assert_array_equal(score, dims.mean(axis=1) + error)
        np.testing.assert_array_equal(margin, np.minimum(dims[:, 0], np.sort(dims, axis=1)[:, kth]) + error)


@pytest.mark.parametrize("cap", [5, 6])
def test_add_keyed_matches_numpy(cap: int) -> None:
    """C9's graduates into the empty slots, abilities from the stream's normals at slot 1 on."""
    keys = _keys(2, 3)
    reserves, _, _ = _pools(cap)
    counts = np.array([1, 2, 0, 3, 0, 1], dtype=np.int64)
    g = keys.draws("C9", 4)
    g.uniforms()
    z = g.normals_per(cap)
    want = reserves.copy()
    _kernels.add_reserves(want, counts, np.clip(0.55 + 0.1 * z, 0.05, 1.0))
    _yearly.add_keyed(reserves, counts, g.keyed(), 1, (0.55, 0.1, 0.05))
    np.testing.assert_array_equal(reserves, want)
    assert (~np.isnan(reserves)).sum() > (~np.isnan(_pools(cap)[0])).sum()


@pytest.mark.parametrize("pushed", [True, False])
def test_members_year_matches_numpy(pushed: bool) -> None:
    """C10 against its whole-array form, with u at 0 and near 1 (no recruit; many)."""
    rng = np.random.default_rng(9)
    n = 10
    u = rng.random((3, n))
    u[0, 0], u[0, 1] = 0.0, 0.999999
    team, remoteness = rng.random(n), rng.random(n)
    members = rng.integers(0, 60, n).astype(np.int64)
    members[2] = 0
    months = rng.integers(0, 30, n).astype(np.int64)
    coef = _yearly.MembersCoef(recruit_rate=0.93, team_offset=0.5, remote_factor=0.5, push=2.5, pushed=pushed,
                               loss_rate=0.02, team_gain=0.04, gain_cap=3, reserve_share=0.5, months=12)
    out = (np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64), np.empty(n),
           np.empty(n, dtype=np.int64))
    _yearly.members_year(u, (team, remoteness, members, months), coef, out)
    lam = coef.recruit_rate * (coef.team_offset + team) * (1 - coef.remote_factor * remoteness)
    if pushed:
        lam = lam + coef.push
    recruits = np.array([_kernels.place_graduates(u[0, i:i + 1], lam[i], True, np.zeros((1, 1), np.int64))[0]
                         for i in range(n)])  # C9's Poisson quantile, checked against scipy in test_kernels
    lost = _kernels.binom_quantile(u[1], members, np.full(n, coef.loss_rate))
    want = (np.maximum(members + recruits - lost, 0), recruits, np.where(recruits > 0, 0, months + 12),
            coef.team_gain * np.minimum(recruits, coef.gain_cap),
            _kernels.binom_quantile(u[2], recruits, np.full(n, coef.reserve_share)))
    for got, exp in zip(out, want, strict=True):
        np.testing.assert_array_equal(got, exp)
    assert out[1][0] == 0 and out[1][1] > 0 and out[2][0] == months[0] + 12


def test_short_term_split_matches_numpy() -> None:
    """Two blocks of two townships; s = 0 in one township (the split only rescaled)."""
    rng = np.random.default_rng(10)
    split = rng.random((8, 5)) + 0.3
    township = np.repeat(np.arange(4), 2)
    s_t = np.array([0.0, 0.2, 0.35, 0.05])
    kind = np.array([1, 1, 2, 1, 2], dtype=np.int64)  # interleaved: the kernel follows `kind`
    out = np.empty((8, 5))
    _yearly.short_term_split(split, township, s_t, kind, (3, 2), out)
    s = s_t[township]
    shift = np.ones((8, 5))
    shift[:, [0, 1, 3]] = (1 - s)[:, None]
    shift[:, [2, 4]] = (1 + s * 3 / 2)[:, None]
    want = split * shift
    want *= 5 / want.sum(axis=1, keepdims=True)
    np.testing.assert_array_equal(out, want)

"""The year end's and the plan's threaded loops (issue 14, item 4): each ``*_parallel`` variant,
run in many small pieces (`CHUNK`) over numba's threads, gives the same bits as its serial
loop on a world of two blocks, and does something there (the outputs are not trivial). The
whole-run check on one against two threads is `tests/test_threads.py`'s."""

from __future__ import annotations

import numpy as np
import pytest
from cadresim.rng import Keys, replicate_seeds
from cadresim.rules import _plan, _yearend, _yearly

CHUNK = 16
BLOCKS, PER_BLOCK = 2, 300
N = BLOCKS * PER_BLOCK


def _keys() -> Keys:
    return Keys(replicate_seeds(11, BLOCKS), PER_BLOCK, 2)


def _reserves(cap: int = 6) -> np.ndarray:
    """Pools of every fill: empty, full, with holes."""
    rng = np.random.default_rng(1)
    res = rng.uniform(0.1, 0.9, (N, cap))
    res[rng.random((N, cap)) < 0.5] = np.nan
    res[::7] = np.nan
    return res


@pytest.mark.parametrize("enabled", [True, False])
def test_reserve_year_parallel_equals_serial(enabled: bool) -> None:
    rng = np.random.default_rng(2)
    coef = _yearly.ReserveCoef(enabled=enabled, minimum=3, remote_factor=0.5, join_without_rule=0.5,
                               recruit_ability=0.48, topup_ability=0.45, ability_sd=0.12, min_ability=0.05,
                               migration_rate=0.3, wage_ratio=1.7)
    state = (rng.integers(0, 4, N).astype(np.int64), rng.random(N))
    a, b = _reserves(), _reserves()
    g = _keys().draws("C6", 3)
    keyed, slots = g.keyed(), (0, 6, 12, 18)
    left_a = _yearly.reserve_year(a, state, keyed, slots, coef, PER_BLOCK)
    left_b = _yearly.reserve_year_parallel(b, state, keyed, slots, coef, PER_BLOCK, CHUNK)
    assert left_a.tolist() == left_b.tolist() and (left_a > 0).all()
    assert a.tobytes() == b.tobytes()
    assert not np.array_equal(a, _reserves(), equal_nan=True)  # reserves came and went


def test_members_year_parallel_equals_serial() -> None:
    rng = np.random.default_rng(3)
    u = rng.random((3, N))
    state = (rng.random(N), rng.random(N), rng.integers(0, 60, N).astype(np.int64),
             rng.integers(0, 30, N).astype(np.int64))
    coef = _yearly.MembersCoef(recruit_rate=0.93, team_offset=0.5, remote_factor=0.5, push=2.5, pushed=True,
                               loss_rate=0.02, team_gain=0.04, gain_cap=3, reserve_share=0.5, months=12)

    def out() -> tuple:
        return (np.full(N, -1, dtype=np.int64), np.full(N, -1, dtype=np.int64), np.full(N, -1, dtype=np.int64),
                np.full(N, np.nan), np.full(N, -1, dtype=np.int64))

    a, b = out(), out()
    _yearly.members_year(u, state, coef, a)
    _yearly.members_year_parallel(u, state, coef, b, CHUNK)
    for x, y in zip(a, b, strict=True):
        assert x.tobytes() == y.tobytes()
    assert (a[0] >= 0).all() and a[1].sum() > 0 and (a[4] > 0).any()  # every village written; recruits


def test_add_keyed_parallel_equals_serial() -> None:
    rng = np.random.default_rng(4)
    counts = rng.integers(0, 3, N).astype(np.int64)
    keyed = _keys().draws("C9", 2).keyed()
    a, b = _reserves(), _reserves()
    _yearly.add_keyed(a, counts, keyed, 1, (0.55, 0.1, 0.05))
    _yearly.add_keyed_parallel(b, counts, keyed, 1, (0.55, 0.1, 0.05), CHUNK)
    assert a.tobytes() == b.tobytes()
    assert (~np.isnan(a)).sum() > (~np.isnan(_reserves())).sum()


@pytest.mark.parametrize("chunk", [16, 64])
def test_rank_runs_parallel_equals_serial(chunk: int) -> None:
    """Runs of 0 (inside and at the end), 1, a dozen (insertion) and hundreds (mergesort), with
    ties; a run crossing many pieces."""
    rng = np.random.default_rng(5)
    sizes = np.concatenate([[3, 0, 1, 12, 250, 7, 0, 40, 180], rng.integers(1, 20, 30), [0, 0]])
    starts = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=starts[1:])
    score = np.round(rng.random(starts[-1]), 2)  # many ties
    want = _yearly.rank_runs(score, starts)
    got = _yearly.rank_runs_parallel(score, starts, chunk)
    assert want.tolist() == got.tolist()
    assert want[starts[4]:starts[5]].tolist() != list(range(250))  # the long run was sorted
    assert sorted(want[starts[4]:starts[5]].tolist()) == list(range(250))


def test_perceive_views_parallel_equals_serial() -> None:
    rng = np.random.default_rng(6)
    dims = rng.random((N, 5))
    township = np.repeat(np.arange(N // 10), 10)
    factor, z = rng.random(N // 10), rng.standard_normal(N)
    a = (np.full(N, np.nan), np.full(N, np.nan))
    b = (np.full(N, np.nan), np.full(N, np.nan))
    _yearly.perceive_views(dims, township, factor, z, 2, 0, a)
    _yearly.perceive_views_parallel(dims, township, factor, z, 2, 0, b, CHUNK)
    assert a[0].tobytes() == b[0].tobytes() and a[1].tobytes() == b[1].tobytes()
    assert np.isfinite(a[0]).all() and np.isfinite(a[1]).all()


def test_guidance_classified_parallel_equals_serial() -> None:
    rng = np.random.default_rng(7)
    township = np.repeat(np.arange(N // 12), 12)
    from cadresim.rules.groups import rank_in_group
    pos, size = rank_in_group(rng.random(N), township)
    dims, sec_present = rng.random((N, 5)), rng.random(N) < 0.7
    coef = _yearly.GuidanceCoef(weight_backward=1.6, weight_middle=1.1, weight_advanced=0.5, aim=0.65,
                                min_weight=0.05, advanced_effort=0.07)
    split0 = rng.random((N, 5)) + 0.5
    out_a = (np.full(N, np.nan), split0.copy(), np.full(N, np.nan))
    out_b = (np.full(N, np.nan), split0.copy(), np.full(N, np.nan))
    _yearly.guidance_classified(pos, size, (dims, sec_present, out_a[0], out_a[1]), coef, out_a[2])
    _yearly.guidance_classified_parallel(pos, size, (dims, sec_present, out_b[0], out_b[1]), coef, out_b[2], CHUNK)
    for x, y in zip(out_a, out_b, strict=True):
        assert x.tobytes() == y.tobytes()
    assert len(set(out_a[0].tolist())) == 3 and (out_a[2] > 0).any() and not np.array_equal(out_a[1], split0)


def test_median_runs_parallel_equals_serial() -> None:
    """Odd, even, empty (inside and at the end) and NaN-holding runs, one crossing many pieces."""
    rng = np.random.default_rng(8)
    sizes = np.array([5, 0, 4, 250, 1, 33, 2, 0, 0])
    starts = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=starts[1:])
    x = np.round(rng.random(starts[-1]), 2)
    x[starts[5] + 3] = np.nan
    want = _yearly.median_runs(x, starts)
    got = _yearly.median_runs_parallel(x, starts, CHUNK)
    assert want.tobytes() == got.tobytes()
    assert np.isfinite(want[[0, 2, 3, 4, 6]]).all() and np.isnan(want[[1, 5, 7, 8]]).all()


def test_short_term_split_parallel_equals_serial() -> None:
    rng = np.random.default_rng(9)
    split, township = rng.random((N, 5)) + 0.3, np.repeat(np.arange(N // 10), 10)
    s_t, kind = rng.random(N // 10) * 0.4, np.array([1, 1, 2, 1, 2], dtype=np.int64)
    a, b = np.full((N, 5), np.nan), np.full((N, 5), np.nan)
    _yearly.short_term_split(split, township, s_t, kind, (3, 2), a)
    _yearly.short_term_split_parallel(split, township, s_t, kind, (3, 2), b, CHUNK)
    assert a.tobytes() == b.tobytes() and np.isfinite(a).all() and not np.allclose(a, split)


@pytest.mark.parametrize("enabled", [False, True])
def test_review_rows_parallel_equals_serial(enabled: bool) -> None:
    rng = np.random.default_rng(10)
    dims = rng.random((N, 5))
    state = (rng.random(N) > 0.1, rng.random(N), rng.random(N), rng.standard_normal(N), rng.integers(0, 3, N))
    coef = (0.4, 0.2, 0.05, 0.35, 2.0)

    def out() -> tuple:
        return (np.empty(N), np.full(N, -1), np.zeros(N, dtype=bool), np.zeros(N, dtype=bool), np.full(BLOCKS, 7),
                np.full(BLOCKS, 7))

    a, b = out(), out()
    _yearend.review_rows(dims, state, coef, enabled, PER_BLOCK, a)
    _yearend.review_rows_parallel(dims, state, coef, enabled, PER_BLOCK, b, CHUNK)
    for x, y in zip(a, b, strict=True):
        assert x.tobytes() == y.tobytes()
    assert np.isnan(a[0]).any() and np.isfinite(a[0]).any()
    if enabled:
        assert (a[4] > 0).all() and (a[5] > 0).all()


def test_report_hide_parallel_equals_serial() -> None:
    rng = np.random.default_rng(11)
    dims, weak = rng.random((N, 5)), rng.random(N) < 0.5
    township = np.repeat(np.arange(N // 12), 12)
    falsify = rng.random(N // 12)
    keyed = _keys().draws("E1", 4).keyed()

    def out() -> tuple:
        return np.empty(N), np.empty(N, dtype=bool), np.ones(N // 12, dtype=bool), np.full(BLOCKS, 9)

    a, b = out(), out()
    _yearend.report_hide(dims, weak, township, falsify, keyed, 0, 0.3, a)
    _yearend.report_hide_parallel(dims, weak, township, falsify, keyed, 0, 0.3, b, CHUNK)
    for x, y in zip(a, b, strict=True):
        assert x.tobytes() == y.tobytes()
    assert a[1].any() and a[2].any() and not a[2].all() and (a[3] > 0).all()


@pytest.mark.parametrize("shuffled", [False, True])
@pytest.mark.parametrize("review", [True, False])
def test_structured_pay_year_parallel_equals_serial(shuffled: bool, review: bool) -> None:
    """Counties of 1 to 120 villages (in runs, or shuffled: visited through a counting sort),
    scores with ties and NaN."""
    rng = np.random.default_rng(12)
    county = np.repeat(np.arange(12), [1, 5, 120, 3, 40, 2, 90, 7, 60, 33, 80, 159]).astype(np.int64)
    n = len(county)
    score = np.round(rng.random(n), 1)
    score[::17] = np.nan
    if shuffled:
        county = county[rng.permutation(n)]
    coef = _plan.PayCoef(stars=True, pay_per_star=0.06, reward=True, pool=2e5, share=0.3, review=review)

    def args() -> tuple:
        base = np.linspace(9000.0, 31000.0, n)
        return ((base, np.arange(n, dtype=np.int64) % 6, score, county, base * 1.25),
                (np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)))

    sa, oa = args()
    sb, ob = args()
    _plan.structured_pay_year(sa, coef, oa)
    _plan.structured_pay_year_parallel(sb, coef, ob, CHUNK)
    for x, y in zip((*oa, sa[4]), (*ob, sb[4]), strict=True):
        assert x.tobytes() == y.tobytes()
    assert (oa[1] > 0).sum() > 100 and (oa[1] == 0).sum() > 100


@pytest.mark.parametrize("in_runs", [True, False])
def test_distribute_year_parallel_equals_serial(in_runs: bool) -> None:
    """Two blocks of townships of 1 to 20 villages (in runs: threaded; shuffled: the serial pass)."""
    rng = np.random.default_rng(13)
    sizes = rng.integers(1, 21, 200)
    sizes = sizes[np.cumsum(sizes) <= N]
    sizes = np.append(sizes, N - sizes.sum())
    township = np.repeat(np.arange(len(sizes)), sizes).astype(np.int64)
    if not in_runs:
        township = township[rng.permutation(N)]
    m = len(sizes)
    village = (rng.random(N) + 0.1, np.where(rng.random(N) < 0.1, rng.random(N), 0.0), rng.random((N, 5)) * 2,
               rng.random((N, 5)), rng.random(N) < 0.2, township)
    township_state = (rng.random(m) * 4, sizes.astype(np.int64), rng.uniform(0.8, 1.0, m))
    coef = _plan.DistributeCoef(near_lo=0.40, near_hi=0.55, kth=1, lead=0)
    a = (np.full((N, 5), np.nan), np.full(BLOCKS, -1.0), np.full(BLOCKS, -1.0))
    b = (np.full((N, 5), np.nan), np.full(BLOCKS, -1.0), np.full(BLOCKS, -1.0))
    _plan.distribute_year(village, township_state, coef, PER_BLOCK, a)
    _plan.distribute_year_parallel(village, township_state, coef, PER_BLOCK, b, CHUNK)
    for x, y in zip(a, b, strict=True):
        assert x.tobytes() == y.tobytes()
    assert np.isfinite(a[0]).all() and (a[1] > 0).all() and (a[2] > 0).all()

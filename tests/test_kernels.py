"""The compiled monthly loops (`model/rules/_kernels.py`) compute what the rules' formulas
say: each is recomputed here as plain whole-array numpy from the same draws."""

from __future__ import annotations

import numpy as np
import pytest
from cadresim import CadreModel
from cadresim.fpmath import exp_
from cadresim.rules import _kernels, _yearly, cadres, dynamics, reserves
from cadresim.rules.posts import vacate_secretary
from cadresim.state import DEV, IMAGE, LEAD, MECH, TEAM
from scipy.stats import binom, poisson


def _model(**overrides: object) -> CadreModel:
    m = CadreModel(None, rng=2024, **overrides)
    m.run_years(3)  # a state with vacancies, teams, shocks and varied knowledge
    for _ in range(5):
        m.step()
    return m


def close(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-12, atol=1e-15)


def dims_numpy(model: CadreModel, noise: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, int, int]:
    """`month_dims` as whole-array expressions (the formulas of `model.rules.dynamics`)."""
    v, sc = model.v, model.sc
    kf = sc["village.knowledge_floor"]
    cap = v.sec_present * v.sec_ability * v.sec_effort * (kf + (1 - kf) * v.sec_knowledge)
    director = np.where(v.one_shoulder, sc["village.one_shoulder_extra"] * cap,
                        sc["village.director_weight"] * v.dir_present * v.dir_ability * v.dir_effort)
    capacity = (cap + director) * 5 * sc["village.capacity_gain"]
    if sc["five_good.enabled"]:
        gap = np.maximum(sc["five_good.threshold"] + sc["five_good.gap_margin"] - v.dims, sc["five_good.min_weight"])
        cap_k = capacity[:, None] * gap / gap.sum(axis=1, keepdims=True)
    else:
        cap_k = capacity[:, None] * dynamics.preference(sc)[None, :]
    motivation = 1.0 if sc["stationed_pay.enabled"] else sc["stationed_pay.motivation_off"]
    sf = sc["stationed.knowledge_floor"]
    team = v.st_team * sc["stationed.help_per_cadre"] * motivation * (sf + (1 - sf) * v.st_knowledge)
    target = (sc["village.base_target"] - v.difficulty)[:, None] + cap_k
    target = target + sc["village.help_gain"] * (v.attention + v.help_fixed + team[:, None])
    target[:, DEV] += v.dev_bonus
    target[:, TEAM] += v.team_bonus
    target = np.clip(target, 0, 1)
    dims = v.dims + sc["village.adjust_rate"] * (target - v.dims) + sc["village.noise_sd"] * noise
    rate = sc["village.shock_rate"]
    p_conflict = np.where(v.one_shoulder | v.cross_serving, rate, rate * sc["selection.conflict_factor"])
    deterred = sc["audit.deterrence"] if sc["audit.enabled"] else 0.0
    p_scandal = (1 - v.sec_integrity) * rate * sc["village.scandal_factor"] * (1 - deterred)
    conflict, scandal = u[0] < p_conflict, v.sec_present & (u[1] < p_scandal)
    dims[conflict, LEAD] -= sc["village.shock_size"]
    dims[conflict, MECH] -= sc["village.shock_size"]
    dims[scandal, IMAGE] -= sc["village.shock_size"]
    dims[scandal, DEV] -= sc["village.shock_size"] * sc["village.scandal_dev_share"]
    return np.clip(dims, 0, 1), int(conflict.sum()), int(scandal.sum())


@pytest.mark.parametrize("overrides", [{}, {"five_good__enabled": False}, {"stationed_pay__enabled": False,
                                                                             "audit__enabled": False,
                                                                             "village__shock_rate": 0.05}])
def test_month_dims_matches_numpy_formula(overrides: dict) -> None:
    m = _model(**overrides)
    m.v.st_team[::3] = 3  # some teams in place, whatever the year
    g = m.monthly("dims")
    noise, u = g.normals_per(5), g.uniforms(2)  # the draws month_dims will make (keyed: the same numbers)
    expected, conflicts, scandals = dims_numpy(m, noise, u)
    before = m.v.conflicts_year.copy()
    m.ledger.reset()
    dynamics.month_dims(m)
    assert close(m.v.dims, expected)
    assert m.ledger.counts.get("conflicts", 0) == conflicts
    assert m.ledger.counts.get("scandals", 0) == scandals
    assert (m.v.conflicts_year - before).sum() == conflicts  # A7's incident count
    if "village__shock_rate" in overrides:
        assert conflicts > 0 and scandals > 0  # the shock paths are exercised


def test_month_ageing_and_leave_match_numpy_formula() -> None:
    m = _model()
    v = m.v
    v.sec_quit_rate[:] = 0.3  # enough leavers in one month to matter
    v.dir_quit_rate[:] = 0.2
    v.sec_age[:10] = 70.0  # and some past retirement
    age = v.sec_age + 1 / 12
    know = np.where(v.sec_present, v.sec_knowledge + (1 - v.sec_knowledge) / m.sc["cadre.knowledge_months"],
                    v.sec_knowledge)
    tenure = v.sec_tenure + v.sec_present
    cadres.month_ageing(m)
    assert close(v.sec_age, age) and close(v.sec_knowledge, know) and (v.sec_tenure == tenure).all()
    u = m.monthly("leave").uniforms(2)
    p_sec, p_dir = 1 - (1 - 0.3) ** (1 / 12), 1 - (1 - 0.2) ** (1 / 12)
    retire = m.sc["county.retire_age"]
    aged = v.sec_present & (v.sec_age >= retire)
    leaving = aged | (v.sec_present & ~aged & (u[0] < p_sec))
    d_leave = v.dir_present & ((v.dir_age >= retire) | (u[1] < p_dir)) & ~v.one_shoulder
    sec_after = v.sec_present & ~leaving
    dir_after = np.where(v.one_shoulder, sec_after, v.dir_present & ~d_leave)
    assert leaving.sum() >= 10
    m.ledger.reset()
    cadres.month_leave(m)
    assert (v.sec_present == sec_after).all() and (v.dir_present == dir_after).all()
    assert (v.sec_person[leaving] == -1).all() and (v.sec_vacant_months[leaving] == 0).all()
    assert m.ledger.counts["retirements"] == aged.sum()
    assert m.ledger.counts["secretary_changes"] == leaving.sum()


def test_month_fill_decisions_match_numpy_formula() -> None:
    m = _model(**{"reserve.outside_fill_prob": 0.5})  # both paths taken in the month tested
    v, sc = m.v, m.sc
    vacate = np.zeros(m.n, bool)
    vacate[::4] = True
    vacate_secretary(m, vacate)
    v.reserves[::8] = np.nan  # some empty pools
    vac = ~v.sec_present
    u = m.monthly("fill").uniforms(2)
    v.sec_vacant_months[vac & (np.arange(m.n) % 3 != 0)] = 4  # most vacant for longer
    months = v.sec_vacant_months + vac
    ready = vac & (months > sc["reserve.fill_delay_months"])  # C6: not in the month it falls vacant
    assert (vac & ~ready).any()
    pool = ready & ~np.isnan(v.reserves).all(axis=1) & (u[0] < sc["reserve.fill_prob"])
    near = months >= sc["leaderless.months"] - sc["leaderless.lead_months"]
    case = v.reported_vacant * 2 + near
    out = ready & ~pool & (u[1] < reserves.fill_thresholds(m)[case])
    assert pool.sum() > 0 and out.sum() > 0
    reserves.month_fill(m)
    assert (v.sec_vacant_months[~vac] == months[~vac]).all()
    assert v.sec_present[pool | out].all() and not v.sec_present[vac & ~pool & ~out].any()
    assert (v.sec_knowledge[pool] == sc["cadre.knowledge_from_pool"]).all()
    assert (v.sec_knowledge[out] == sc["cadre.knowledge_from_outside"]).all()


def test_quantile_kernels_match_scipy() -> None:
    """The inverse-CDF draws (C6, C9, C10, B5) are scipy's quantiles."""
    rng = np.random.default_rng(0)
    u = rng.random(5000)
    for lam in (0.0, 0.05, 1.0, 7.5):
        cohorts = np.arange(15000).reshape(5000, 3)
        placed = _kernels.place_graduates(u, lam, True, cohorts)
        assert (placed == poisson.ppf(u, lam)).all() and (cohorts[:, 0] == placed).all()
        assert (cohorts[:, 1:] == np.arange(15000).reshape(5000, 3)[:, :2]).all()  # a year on
        assert not _kernels.place_graduates(u, lam, False, cohorts).any()
    q = _kernels.poisson_q  # one rate a call (C10's members), P(X = 0) given as the loops give it
    assert (q(0.999, 3.0, exp_(-3.0)), q(0.5, 0.0, exp_(0.0))) == (poisson.ppf(0.999, 3.0), 0)
    n, p = rng.integers(0, 120, 5000), rng.uniform(0, 1, 5000)
    assert (_kernels.binom_quantile(u, n, p) == binom.ppf(u, n, p)).all()
    # the edges: p = 0 or 1, n = 0
    assert (_kernels.binom_quantile(np.array([0.5, 0.5, 0.5]), np.array([0, 10, 10]), np.array([0.5, 0.0, 1.0]))
            == [0, 0, 10]).all()


def test_rank_in_runs_equals_the_global_lexsort() -> None:
    """`groups.rank_in_group` ranks per run of a sorted group (compiled) — the same positions as
    the global lexsort it replaces, ties (by index) included; unsorted groups or NaN scores take
    the lexsort."""
    from cadresim.rules.groups import rank_in_group

    rng = np.random.default_rng(3)
    group = np.sort(rng.integers(0, 40, 2000))
    score = rng.integers(0, 6, 2000).astype(float)  # many ties
    score[::7] = -np.inf
    order = np.lexsort((score, group))
    sizes = np.bincount(group)
    start = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    want = np.empty(len(score), dtype=np.int64)
    want[order] = np.arange(len(score)) - np.repeat(start, sizes)
    pos, size = rank_in_group(score, group)
    assert (pos == want).all() and (size == sizes[group]).all()
    starts = np.concatenate([[0], np.cumsum(sizes)])
    assert (_yearly.rank_runs(score, starts) == want).all()
    # every run length up to 300 (insertion runs of 16, merged in passes), ties and distinct scores
    sizes = np.arange(301)
    starts = np.concatenate([[0], np.cumsum(sizes)])
    for score in (rng.integers(0, 9, starts[-1]).astype(float), rng.standard_normal(starts[-1])):
        want = np.concatenate([np.argsort(np.argsort(score[a:b], kind="stable"), kind="stable")
                               for a, b in zip(starts[:-1], starts[1:], strict=True)])
        assert (_yearly.rank_runs(score, starts) == want).all()


def test_kth_smallest_rows_equals_sorting() -> None:
    rng = np.random.default_rng(4)
    x = np.round(rng.random((500, 5)), 1)  # ties
    for k in range(5):
        assert (_kernels.kth_smallest_rows(x, k) == np.sort(x, axis=1)[:, k]).all()


def test_stationed_month_matches_numpy_formula() -> None:
    rng = np.random.default_rng(6)
    team = rng.integers(0, 3, 400)
    months, know = rng.integers(0, 30, 400), rng.random(400)
    want_m = months + (team > 0)
    want_k = know + (team > 0) * (1 - know) / 8.0
    _kernels.stationed_month(team, months, know, 8.0)
    assert (months == want_m).all() and know.tobytes() == want_k.tobytes()
    assert (team == 0).any() and (team > 0).any()


def test_migrate_reserves_matches_numpy_formula() -> None:
    rng = np.random.default_rng(7)
    res = rng.random((300, 6))
    res[rng.random((300, 6)) < 0.3] = np.nan
    u, p = rng.random((300, 6)), rng.random(300) * 0.5
    want = res.copy()
    left = ~np.isnan(want) & (u < p[:, None])
    want[left] = np.nan
    got = res.copy()
    per_block = _kernels.migrate_reserves(got, u, p, 100)  # three blocks of 100 villages
    assert per_block.tolist() == left.reshape(3, -1).sum(axis=1).tolist() and per_block.sum() > 0
    assert got.tobytes() == want.tobytes()


def test_median_in_group_is_each_groups_median() -> None:
    """E1's county median (`groups.median_in_group`): one median per county, in runs of one
    size, of different sizes, or unordered."""
    from cadresim.rules.groups import median_in_group

    rng = np.random.default_rng(3)
    x = rng.random(60)
    for group in (np.repeat(np.arange(3), 20), np.repeat(np.arange(4), [5, 20, 1, 34]), rng.integers(0, 5, 60)):
        k = int(group.max()) + 1
        want = [np.median(x[group == g]) for g in range(k)]
        assert median_in_group(x, group, k).tolist() == want
    assert np.isnan(median_in_group(x, np.zeros(60, dtype=np.int64), 2)[1])
    group = np.repeat(np.arange(4), [5, 20, 1, 34])
    y = np.round(x, 1)  # ties
    y[30] = np.nan  # in the fourth county
    want = np.array([np.median(y[group == g]) for g in range(4)])
    assert median_in_group(y, group, 4).tobytes() == want.tobytes() and np.isnan(want[3])


def test_block_sums_are_numpys_sums_bit_for_bit() -> None:
    """`block_sums` (the per-replicate sums of a block world) is numpy's pairwise summation:
    every length up to 300 and some larger ones (the halves above 128), masked or not, in
    blocks."""
    rng = np.random.default_rng(0)
    none = np.empty(0, dtype=bool)
    for n in [*range(1, 300), 511, 1000, 4097, 10_000]:
        x = rng.random(n) * 10 ** rng.uniform(-3, 6, n)
        mask = rng.random(n) < 0.7
        assert _kernels.block_sums(x, none, n)[0][0] == x.sum()
        sums, counts = _kernels.block_sums(x, mask, n)
        assert sums[0] == x[mask].sum() and counts[0] == mask.sum()
    x, mask = rng.random(146 * 7), rng.random(146 * 7) < 0.9
    sums, _ = _kernels.block_sums(x, mask, 146)
    assert sums.tolist() == [x[b * 146:(b + 1) * 146][mask[b * 146:(b + 1) * 146]].sum() for b in range(7)]


def test_yearly_row_tallies_are_the_numpy_forms_bit_for_bit() -> None:
    """The yearly row's compiled tallies (`outputs.yearly_records`) give what the numpy forms
    they replace give, bit for bit, per block: the dims' column sums (rows added in order),
    each village's attention over its township's mean (0 and empty townships → 1), the
    reserves held, villages by stars and townships over the B2 adjustment line."""
    rng = np.random.default_rng(7)
    r, n, mb = 3, 4000, 40
    m = r * mb
    dims = rng.random((r * n, 5)) * 10 ** rng.uniform(-2, 3, (r * n, 1))
    assert _kernels.column_sums(dims, n).tolist() == np.add.reduce(dims.reshape(r, n, -1), axis=1).tolist()
    township = np.sort(rng.integers(0, m, r * n))
    township[township == 5] = 6  # township 5 has no villages
    n_villages = np.bincount(township, minlength=m)
    att = rng.random((r * n, 5)) * (rng.random((r * n, 1)) < 0.8)
    att[township == 7] = 0.0  # township 7's villages get none
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_att = np.add.reduce(att, axis=1) / 5
        t_mean = (np.bincount(township, weights=mean_att, minlength=m) / n_villages)[township]
        t_mean[~(t_mean > 0)] = 1.0
        assert _kernels.relative_attention(att, township, n_villages).tolist() == (mean_att / t_mean).tolist()
    reserves = np.where(rng.random((r * n, 6)) < 0.4, rng.random((r * n, 6)), np.nan)
    stars = rng.integers(0, 6, r * n)
    stars[[3, n + 4]] = (7, -1)  # outside A2's 0–5: not counted, and nothing written outside the table
    flagged, reported = rng.random(r * n) < 0.05, rng.random(r * n) < 0.1
    held, by_stars, over = _kernels.year_counts(reserves, stars, township, flagged, reported, n_villages, 0.15, n, mb)
    assert held.tolist() == np.count_nonzero((reserves == reserves).reshape(r, -1), axis=1).tolist()
    blocks = np.arange(r * n) // n
    ok = (stars >= 0) & (stars <= 5)
    assert by_stars.tolist() == np.bincount((stars + 6 * blocks)[ok], minlength=6 * r).reshape(r, 6).tolist()
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.bincount(township, weights=flagged | reported, minlength=m) / n_villages
    assert over.tolist() == np.count_nonzero((share > 0.15).reshape(r, -1), axis=1).tolist()
    assert 0 < over.sum() < m  # the line splits the townships: the count is not vacuous


def test_tick_vacant_counts_the_vacant_posts_months_and_lists_them() -> None:
    """C6's month count: vacant posts + 1 month, posts held unchanged; the vacant, in order."""
    present = np.array([True, False, False, True, False])
    months = np.array([0, 0, 3, 7, 1])
    idx = _kernels.tick_vacant(present, months)
    assert idx.tolist() == [1, 2, 4] and months.tolist() == [0, 1, 4, 7, 2]
    assert _kernels.tick_vacant(np.ones(3, bool), np.zeros(3, np.int64)).tolist() == []
    rng = np.random.default_rng(5)  # eight posts read at a time: every length's tail, and a strided view
    for n in (8, 9, 15, 16, 17, 1001):
        present = rng.random(n) < 0.9
        present[[0, n - 1]] = False
        months = rng.integers(0, 5, n)
        before = months.copy()
        assert _kernels.tick_vacant(present, months).tolist() == np.flatnonzero(~present).tolist()
        assert (months == before + ~present).all()
    present = rng.random(2000) < 0.9
    assert _kernels.tick_vacant(present[::2], np.zeros(1000, np.int64)).tolist() == np.flatnonzero(~present[::2]).tolist()


def test_same_values_is_numpys_array_equal() -> None:
    """`model.derived`'s check: equal values, NaN never equal, any difference (first, last)."""
    a = np.array([0.1, 0.2, 0.3])
    assert _kernels.same_values(a, a.copy())
    for i in (0, 2):
        b = a.copy()
        b[i] += 1e-17 if i else 1e-9
        assert _kernels.same_values(a, b) == np.array_equal(a, b)
    nan = np.array([np.nan, 1.0])
    assert not _kernels.same_values(nan, nan.copy()) and not np.array_equal(nan, nan.copy())
    assert not _kernels.same_values(a, a[:2])
    long = np.random.default_rng(3).random(5000)  # runs of 512 compared at a time: a difference anywhere
    for i in (0, 511, 512, 2047, 4999):
        b = long.copy()
        b[i] = np.nan if i % 2 else b[i] + 1e-12
        assert not _kernels.same_values(long, b) and not _kernels.same_values_parallel(long, b, 1000)
    assert _kernels.same_values(long, long.copy()) and _kernels.same_values_parallel(long, long.copy(), 1000)


def test_fill_decide_takes_the_pool_then_outside_by_case_after_the_delay() -> None:
    """C6/B3/E2: a vacant post is filled from a non-empty pool when u0 < fill_prob; otherwise from
    outside when u1 < the threshold of its case (2 · reported + near the leaderless line); not
    before it has been vacant more than `delay` months. Positions in the vacant list come back."""
    vacant = np.array([1, 3, 4, 6, 7, 9], dtype=np.int64)
    reserves = np.full((10, 2), np.nan)
    reserves[[1, 3, 9], 1] = 0.5  # villages 1, 3, 9 have someone in the pool
    reported = np.zeros(10, dtype=bool)
    reported[[6, 7]] = True
    months = np.array([0, 3, 0, 2, 5, 0, 9, 1, 0, 4], dtype=np.int64)
    thresholds = np.array([0.1, 0.2, 0.3, 0.4])
    u = np.array([[0.49, 0.50, 0.9, 0.9, 0.9, 0.1],  # u0 vs fill_prob 0.5: 1 from the pool, 3 not (0.50)
                  [0.0, 0.05, 0.15, 0.39, 0.05, 0.9]])  # u1 vs the case's threshold
    pool, out = _kernels.fill_decide(u, vacant, reserves, reported, months, True, 0.5, True, 5, thresholds, 1)
    # r0 village 1: pool. r1 village 3: u0 = 0.5 not < 0.5 → outside case 0 (0.1): u1 0.05 → out.
    # r2 village 4: 5 months ≥ near 5 → case 1 (0.2): 0.15 → out. r3 village 6: reported, near → case 3
    # (0.4): 0.39 → out. r4 village 7: 1 month ≤ delay 1 → nothing. r5 village 9: pool (0.1 < 0.5).
    assert pool.tolist() == [0, 5] and out.tolist() == [1, 2, 3]
    pool, out = _kernels.fill_decide(u, vacant, reserves, reported, months, False, 0.5, False, 5, thresholds, 0)
    # without the pool rule and B3: u1 against case 0 / 2 only: r0 0.0 < 0.1, r1 0.05 < 0.1, r2 0.15 ≥ 0.1,
    # r3 case 2 (0.3): 0.39 no; r4 case 2: 0.05 yes (delay 0: one month counts); r5 0.9 no
    assert pool.tolist() == [] and out.tolist() == [0, 1, 4]

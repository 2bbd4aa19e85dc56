"""The compiled year-end passes (`model/rules/_yearend.py`) compute what the rules' formulas say:
each is recomputed here as the plain whole-array numpy it replaced, on small hand-built arrays
(every branch and boundary) with the same keyed draws taken through `cadresim.rng.Draws`, and
compared bit for bit; and each hook, run on a small world, leaves exactly the state, ledger and
costs that the numpy hook left."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from cadresim import CadreModel, load_scenario
from cadresim.rng import Keys, replicate_seeds
from cadresim.rules import _yearend, assessment, elections, reporting, rotation
from cadresim.rules.groups import median_in_group, rank_in_group
from cadresim.rules.posts import appoint_secretary, vacate_secretary
from cadresim.rules.reserves import pick_from_pool, selection_noise
from cadresim.state import DEV, IMAGE, LEAD, MECH, MONTHS, TEAM

ROOT = Path(__file__).resolve().parents[1]
NAN = np.nan


def _keys(blocks: int, per_block: int, per_township: int = 2) -> Keys:
    return Keys(replicate_seeds(11, blocks), per_block, per_township)


def _dims(n: int, seed: int = 3) -> np.ndarray:
    """Dimensions spanning magnitudes, so a different order of summing would show."""
    r = np.random.default_rng(seed)
    return r.random((n, 5)) * r.choice([1e-9, 0.3, 1.0, 1e9], size=(n, 5))


def test_row_mean_is_numpys_mean() -> None:
    """numpy's ``dims.mean(axis=1)`` of 5 columns is ((((0 + d₀) + d₁) + …) + d₄) / 5, C or F order."""
    d = _dims(20000)
    want = ((((0.0 + d[:, 0]) + d[:, 1]) + d[:, 2]) + d[:, 3]) + d[:, 4]
    np.testing.assert_array_equal(d.mean(axis=1), want / 5)
    np.testing.assert_array_equal(np.asfortranarray(d).mean(axis=1), want / 5)


# ---- E1 report ----------------------------------------------------------------------------


def report_numpy(model) -> None:
    """E1 as the whole-array numpy it replaced."""
    v, t, sc = model.v, model.t, model.sc
    u = model.draws("E1").uniforms(2)
    true_score = v.dims.mean(axis=1)
    hidden = v.weak_true & (u[0] < t.falsify[v.township])
    caught = hidden & (u[1] < sc["reporting.inspect_share"])
    t.caught = np.bincount(v.township[caught], minlength=model.m) > 0
    t.sanction = np.where(t.caught, np.maximum(t.sanction, 2), t.sanction)
    model.ledger.add("misreport_caught", model.per_block(caught))
    model.ledger.add("warning_talk", model.per_block(t.caught))
    v.hidden = hidden & ~caught
    counties = int(v.county.max()) + 1 if model.n else 0
    fine = np.maximum(median_in_group(true_score, v.county, counties), sc["five_good.threshold"])[v.county]
    v.reported_score = np.where(v.hidden, np.maximum(true_score, fine), true_score)
    v.reported_weak = v.weak_true & ~v.hidden


def test_report_hide_matches_numpy() -> None:
    """Two blocks of six villages in three townships; falsify 0, 1 and exactly a village's u₀
    (strict <), inspect_share exactly a hidden village's u₁; weak and not."""
    keys = _keys(2, 6, 3)
    u = keys.draws("E1", 4).uniforms(2)
    dims = _dims(12)
    township = np.array([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    weak = np.array([1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1], dtype=bool)
    falsify = np.array([1.0, 0.0, 1.0, 0.9, u[0, 6], 1.0])  # village 6's u₀ = its township's tendency: not hidden
    for share in (0.0, 1.0, float(u[1, 4]), float(u[1, 10])):
        hidden = weak & (u[0] < falsify[township])
        caught = hidden & (u[1] < share)
        out = (np.empty(12), np.empty(12, dtype=bool), np.ones(6, dtype=bool), np.full(2, 9))
        _yearend.report_hide(dims, weak, township, falsify, keys.draws("E1", 4).keyed(), 0, share, out)
        np.testing.assert_array_equal(out[0], dims.mean(axis=1))
        np.testing.assert_array_equal(out[1], hidden & ~caught)
        np.testing.assert_array_equal(out[2], np.bincount(township[caught], minlength=6) > 0)
        np.testing.assert_array_equal(out[3], caught.reshape(2, -1).sum(axis=1))
        assert hidden.any() and (~hidden & weak).any()


def test_report_scores_matches_numpy() -> None:
    true = np.array([0.2, 0.7, 0.5, 0.5, NAN, 0.1])
    hidden = np.array([1, 1, 1, 0, 1, 0], dtype=bool)
    weak = np.array([1, 1, 0, 1, 1, 1], dtype=bool)
    county = np.array([0, 0, 1, 1, 1, 2])
    fine = np.array([0.6, 0.5, NAN])
    out = (np.empty(6), np.empty(6, dtype=bool))
    _yearend.report_scores(true, hidden, weak, county, fine, out)
    np.testing.assert_array_equal(out[0], np.where(hidden, np.maximum(true, fine[county]), true))
    np.testing.assert_array_equal(out[1], weak & ~hidden)


# ---- A7 flag --------------------------------------------------------------------------------


def flag_numpy(model) -> None:
    """A7 as the whole-array numpy it replaced (with its trigger mask)."""
    v, sc = model.v, model.sc
    if sc["flagging.enabled"]:
        pos, size = rank_in_group(v.reported_score, v.county)
        if sc["flagging.quota_skips_tracked"]:
            free = v.tracked_years == 0
            qpos = rank_in_group(np.where(free, v.reported_score, np.inf), v.county)[0]
            flagged = free & (qpos < np.round(sc["flagging.quota"] * size))
        else:
            flagged = pos < np.round(sc["flagging.quota"] * size)
        if sc["flagging.triggers"]:
            flagged |= trigger_numpy(model, pos)
    else:
        flagged = v.reported_weak.copy()
    v.flagged = flagged
    v.tracked_years = np.where(flagged, sc["flagging.track_years"] + 1, np.maximum(v.tracked_years - 1, 0))


def trigger_numpy(model, county_rank=None) -> np.ndarray:
    v, sc = model.v, model.sc
    hit = v.sec_vacant_months > sc["flagging.trigger_vacancy_months"]
    if sc["flagging.trigger_last"]:
        pos = rank_in_group(v.reported_score, v.county)[0] if county_rank is None else county_rank
        hit |= pos == 0
    hit |= assessment.satisfaction(sc, v.dims) < sc["flagging.trigger_satisfaction"]
    hit |= v.months_no_member >= MONTHS * sc["flagging.trigger_no_member_years"]
    hit |= v.conflicts_year >= sc["flagging.trigger_incidents"]
    return hit


def _counties() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Three counties of 5, 15 and 25 villages (quota 0.1 → k = round(0.5, 1.5, 2.5) = 0, 2, 2:
    numpy's half to even), interleaved (not in runs), scores with ties, some villages tracked."""
    county = np.array([0] * 5 + [1] * 15 + [2] * 25)
    r = np.random.default_rng(8)
    order = r.permutation(45)
    county = county[order]
    score = np.round(r.random(45), 1)  # many ties
    tracked = r.integers(0, 3, 45) * (r.random(45) < 0.4)
    return county, score, tracked


@pytest.mark.parametrize("skips", [False, True])
@pytest.mark.parametrize("quota", [0.1, 0.3, 0.0, 1.0])
def test_quota_flags_matches_numpy(skips: bool, quota: float) -> None:
    county, score, tracked = _counties()
    score[np.flatnonzero(tracked)[:2]] = [np.inf, NAN]  # a tracked village's score is never read
    pos, size = rank_in_group(score, county)
    free = tracked == 0
    if skips:
        qpos = rank_in_group(np.where(free, score, np.inf), county)[0]
        want = free & (qpos < np.round(quota * size))
    else:
        want = pos < np.round(quota * size)
    got = np.empty(45, dtype=bool)
    assert _yearend.quota_flags(pos, size, county, score, tracked, quota, skips, got)
    np.testing.assert_array_equal(got, want)
    assert want.any() or quota == 0.0


@pytest.mark.parametrize("bad", [np.inf, -np.inf, NAN])
def test_quota_flags_refuses_a_free_score_not_finite(bad: float) -> None:
    county, score, tracked = _counties()
    score[np.flatnonzero(tracked == 0)[3]] = bad
    pos, size = rank_in_group(score, county)
    got = np.zeros(45, dtype=bool)
    assert not _yearend.quota_flags(pos, size, county, score, tracked, 0.3, True, got)
    assert _yearend.quota_flags(pos, size, county, score, tracked, 0.3, False, got)  # without skips: pos alone


@pytest.mark.parametrize("last", [False, True])
def test_trigger_hits_matches_numpy(last: bool) -> None:
    """Each trigger at, just under and over its line."""
    vacant = np.array([3, 4, 0, 0, 0, 0, 0, 0, 0, 0])
    image = np.array([0.5, 0.5, 0.122, 0.1219, -0.9, 0.9, NAN, 0.5, 0.5, 0.5])
    no_member = np.array([0, 0, 0, 0, 0, 0, 0, 23, 24, 0])
    conflicts = np.array([0, 0, 0, 0, 0, 0, 0, 0, 2, 3])
    pos = np.array([1, 2, 3, 0, 1, 2, 3, 4, 5, 6])
    offset, sat = 0.478, 0.6
    want = ((vacant > 3) | (last & (pos == 0)) | (np.clip(image + offset, 0.0, 1.0) < sat) | (no_member >= 24)
            | (conflicts >= 3))
    got = np.empty(10, dtype=bool)
    _yearend.trigger_hits(pos, (vacant, image, no_member, conflicts), (3.0, offset, sat, 24.0, 3.0), last, got)
    np.testing.assert_array_equal(got, want)


# ---- A4 classify, A1 five good, A2 stars ---------------------------------------------------


def classify_numpy(model) -> None:
    v, sc = model.v, model.sc
    below = v.dims < sc["weak.threshold"]
    v.weak_true = (below[:, LEAD] | (below.sum(axis=1) >= sc["weak.min_dims"])
                   | (v.sec_vacant_months > sc["weak.vacancy_months"]))


def five_good_numpy(model) -> None:
    v = model.v
    v.five_good = (v.dims >= model.sc["five_good.threshold"]).all(axis=1) & v.sec_present & ~v.weak_true


def stars_numpy(model) -> None:
    if model.sc["stars.enabled"]:
        v = model.v
        line = np.full(5, model.sc["stars.threshold"])
        line[1] = model.sc["stars.dev_threshold"]
        s = (assessment.star_dims(v.dims) >= line).sum(axis=1)
        if model.sc["stars.weak_below_three"]:
            s = np.where(v.weak_true, np.minimum(s, 2), np.maximum(s, 3))
        v.stars = s


def _grid_dims() -> np.ndarray:
    """Rows at, just under and over a line of 0.5 in each column, and NaN."""
    vals = np.array([0.5, np.nextafter(0.5, 0), 0.7, 0.1, NAN])
    r = np.random.default_rng(2)
    return vals[r.integers(0, 5, (400, 5))]


@pytest.mark.parametrize("min_dims", [1, 2, 3.0, 6])
def test_weak_rows_matches_numpy(min_dims: int | float) -> None:
    dims = _grid_dims()
    vacant = np.arange(400) % 9
    below = dims < 0.5
    want = below[:, LEAD] | (below.sum(axis=1) >= min_dims) | (vacant > 6)
    got = np.empty(400, dtype=bool)
    _yearend.weak_rows(dims, vacant, (0.5, float(min_dims), 6.0), LEAD, got)
    np.testing.assert_array_equal(got, want)
    assert want.any() and not want.all()


def test_five_good_rows_matches_numpy() -> None:
    dims = _grid_dims()
    dims[:50] = 0.5  # all five at the line
    present, weak = np.arange(400) % 5 > 0, np.arange(400) % 7 == 0
    want = (dims >= 0.5).all(axis=1) & present & ~weak
    got = np.empty(400, dtype=bool)
    _yearend.five_good_rows(dims, present, weak, 0.5, got)
    np.testing.assert_array_equal(got, want)
    assert want.any()


@pytest.mark.parametrize("below_three", [False, True])
def test_star_counts_matches_numpy(below_three: bool) -> None:
    dims = _grid_dims()
    dims[:20, LEAD], dims[:20, TEAM] = 0.4, 0.6  # a mean exactly at the line
    weak = np.arange(400) % 3 == 0
    line = np.array([0.5, 0.45, 0.5, 0.5, 0.5])
    s = (assessment.star_dims(dims) >= line).sum(axis=1)
    want = np.where(weak, np.minimum(s, 2), np.maximum(s, 3)) if below_three else s
    got = np.empty(400, dtype=np.int64)
    _yearend.star_counts(dims, line, (LEAD, TEAM, MECH, DEV, IMAGE), weak, below_three, got)
    np.testing.assert_array_equal(got, want)
    assert set(np.unique(s)) == {0, 1, 2, 3, 4, 5}


# ---- A3 review --------------------------------------------------------------------------------


def review_numpy(model) -> None:
    """A3 as the whole-array numpy it replaced."""
    v, sc = model.v, model.sc
    z = model.draws("A3").normals()
    noise = sc["review.noise_sd"] / np.sqrt(sc["review.participants"])
    v.review_score = np.where(v.sec_present, assessment.review_performance(model) + noise * z, np.nan)
    if not sc["review.enabled"]:
        v.rectify_order[:] = False
        return
    poor = v.sec_present & (v.review_score < sc["review.poor_threshold"])
    v.poor_reviews = np.where(poor, v.poor_reviews + 1, 0)
    v.rectify_order = poor & (v.poor_reviews < sc["review.remove_after"])
    remove = poor & (v.poor_reviews >= sc["review.remove_after"])
    model.ledger.add("rectification_orders", model.per_block(v.rectify_order))
    model.ledger.add("secretaries_removed", model.per_block(remove))
    if remove.any():
        vacate_secretary(model, remove)


@pytest.mark.parametrize("enabled", [False, True])
def test_review_rows_matches_numpy(enabled: bool) -> None:
    """Two blocks of 200: vacant posts, a score exactly at the poor line, poor runs of 0–3."""
    n, per_block = 400, 200
    dims = _dims(n)
    r = np.random.default_rng(4)
    present = r.random(n) > 0.1
    ability, effort, z = r.random(n), r.random(n), r.standard_normal(n)
    poor_reviews = r.integers(0, 3, n)
    w, offset, noise, remove_after = 0.4, 0.2, 0.05, 2.0
    perf = w * dims.mean(axis=1) + (1 - w) * ability * (offset + effort)
    score = np.where(present, perf + noise * z, np.nan)
    line = float(np.median(score[present]))  # a score exactly at the line is not poor
    got = (np.empty(n), np.full(n, -1), np.zeros(n, dtype=bool), np.zeros(n, dtype=bool), np.full(2, 7), np.full(2, 7))
    _yearend.review_rows(dims, (present, ability, effort, z, poor_reviews), (w, offset, noise, line, remove_after),
                         enabled, per_block, got)
    np.testing.assert_array_equal(got[0], score)
    if enabled:
        poor = present & (score < line)
        p = np.where(poor, poor_reviews + 1, 0)
        rectify, remove = poor & (p < remove_after), poor & (p >= remove_after)
        np.testing.assert_array_equal(got[1], p)
        np.testing.assert_array_equal(got[2], rectify)
        np.testing.assert_array_equal(got[3], remove)
        np.testing.assert_array_equal(got[4], rectify.reshape(2, -1).sum(axis=1))
        np.testing.assert_array_equal(got[5], remove.reshape(2, -1).sum(axis=1))
        assert rectify.any() and remove.any()
    else:
        assert (got[1] == -1).all() and (got[4] == 7).all()  # nothing else written


# ---- new township leaders (C1 rotate, B4 ranking, sanctions) --------------------------------


def new_leaders_numpy(model, mask: np.ndarray, stream: str = "leaders") -> None:
    """`rotation.new_leaders` as the whole-array numpy it replaced (a uniform for every village)."""
    t, sc = model.t, model.sc
    g = model.monthly(stream)
    shape = mask.shape
    u_local = g.uniforms_per(shape[1], unit="township")
    u_ability = g.normals_per(shape[1], unit="township")
    u_years = g.uniforms_per(shape[1], unit="township")
    u_fav = g.uniforms()
    if sc["rotation.min_experience"]:
        mean, lo = sc["rotation.ability_experienced"], sc["rotation.experience_years"]
    else:
        mean, lo = sc["rotation.ability_novice"], 0
    ability = np.clip(mean + sc["rotation.ability_sd"] * u_ability, sc["cadre.min_ability"], 1.0)
    years = lo + (sc["rotation.experience_max_years"] - lo) * u_years
    local = (u_local < sc["avoidance.home_share"]) & (not sc["avoidance.enabled"])
    if sc["rotation.turnover_costs"]:
        knowledge = np.where(local, sc["avoidance.local_knowledge"], 0.0)
    else:
        knowledge = t.leader_knowledge.copy()
    t.leader_tenure[mask] = 0
    t.leader_knowledge[mask] = knowledge[mask]
    t.leader_ability[mask] = ability[mask]
    t.leader_years_township[mask] = years[mask]
    t.leader_local[mask] = local[mask]
    t.leader_term_left[mask] = rotation.tenure_months(model, shape)[mask]
    changed = mask.any(axis=1)[model.v.township]
    model.v.favoured = np.where(changed, u_fav < sc["avoidance.favoured_share"], model.v.favoured)


def test_favour_draw_matches_numpy() -> None:
    """Two blocks of 8 villages in 4 townships; new leaders in some; a share exactly a village's u."""
    keys = _keys(2, 8, 4)
    u = keys.draws("C1 leaders", 30).uniforms(3)
    township = np.repeat(np.arange(8), 2)
    changed = np.array([1, 0, 1, 1, 0, 0, 1, 0], dtype=bool)
    for share in (0.0, 1.0, 0.5, float(u[2, 5])):
        favoured = np.arange(16) % 3 == 0
        want = np.where(changed[township], u[2] < share, favoured)
        _yearend.favour_draw(township, changed, keys.draws("C1 leaders", 30).keyed(), 2, share, favoured)
        np.testing.assert_array_equal(favoured, want)


# ---- C4 elect -------------------------------------------------------------------------------


def elect_numpy(model) -> None:
    """C4/C5 as the whole-array numpy it replaced."""
    if not elections.is_election_year(model):
        return
    v, sc = model.v, model.sc
    g = model.draws("C4")
    u = g.uniforms(5)
    g_pool = g.fork()
    g.skip(v.reserves.shape[1], normal=True)
    z = g.normals(3)
    keep = (v.sec_present & (v.poor_reviews == 0) & (u[0] < sc["election.incumbent_bias"])
            & (v.sec_age < sc["county.retire_age"] - sc["election.retire_margin_years"]))
    z_pool = g_pool.normals_at(np.flatnonzero(~keep), v.reserves.shape[1])
    slot, ability = pick_from_pool(model, ~keep, z_pool)
    has_pool = ~np.isnan(ability)
    judged = ability > v.sec_ability + selection_noise(model) * z[0]
    wins = ~keep & has_pool & (~v.sec_present | judged | (v.poor_reviews > 0))
    if wins.any():
        idx = wins.nonzero()[0]
        v.reserves[idx, slot[idx]] = np.nan
        model.ledger.add("election_replaced", model.per_block(wins))
        vacate_secretary(model, wins, count=False)
        appoint_secretary(model, wins, ability, knowledge=sc["cadre.knowledge_from_pool"], stream="C4 appoint")
    new_dir = ~v.one_shoulder & (u[1] > sc["election.incumbent_bias"])
    v.dir_present |= new_dir
    v.dir_ability = np.where(new_dir, np.clip(sc["cadre.outside_ability"] + sc["cadre.ability_sd"] * z[1],
                                              sc["cadre.min_ability"], 1.0), v.dir_ability)
    v.dir_age = np.where(new_dir, np.clip(sc["cadre.new_age_mean"] + sc["cadre.new_age_sd"] * z[2],
                                          sc["cadre.min_age"], sc["county.retire_age"] - 1), v.dir_age)
    v.dir_tenure = np.where(new_dir, 0, v.dir_tenure)
    if sc["selection.enabled"]:
        v.one_shoulder = u[2] < sc["selection.one_shoulder_share"]
        v.cross_serving = u[3] < sc["selection.cross_serving_share"]
        v.direct_election = u[4] < sc["selection.direct_share"]
    v.dir_present[v.one_shoulder] = v.sec_present[v.one_shoulder]


def test_elect_keep_matches_numpy() -> None:
    present = np.array([1, 1, 1, 1, 0, 1, 1], dtype=bool)
    poor = np.array([0, 1, 0, 0, 0, 0, 0])
    u0 = np.array([0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.5])
    age = np.array([40.0, 40, 40, 55, 40, 54.999, 30])
    want = present & (poor == 0) & (u0 < 0.5) & (age < 55.0)
    got = np.empty(7, dtype=bool)
    _yearend.elect_keep(present, poor, u0, age, 0.5, 55.0, got)
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("selection", [False, True])
def test_elect_wins_matches_numpy(selection: bool) -> None:
    """Two blocks of 40: kept or not, pools empty or not, posts vacant, poorly reviewed, both methods."""
    keys = _keys(2, 40)
    z = keys.draws("C4", 3).normals(9)[6]  # slot 6
    r = np.random.default_rng(6)
    keep, present, direct = r.random(80) < 0.3, r.random(80) < 0.8, r.random(80) < 0.5
    poor = r.integers(0, 2, 80) * (r.random(80) < 0.3)
    sec_ability = r.random(80)
    ability = np.where(r.random(80) < 0.8, r.random(80), NAN)
    sd = np.where(direct, 0.05, 0.2) if selection else np.full(80, 0.1)
    want = ~keep & ~np.isnan(ability) & (~present | (ability > sec_ability + sd * z) | (poor > 0))
    got = np.empty(80, dtype=bool)
    count = _yearend.elect_wins(keep, ability, (present, sec_ability, poor, direct), (selection, 0.1, 0.05, 0.2),
                                keys.draws("C4", 3).keyed(), 6, got)
    np.testing.assert_array_equal(got, want)
    assert count == want.sum() > 0


@pytest.mark.parametrize("selection", [False, True])
def test_elect_directors_matches_numpy(selection: bool) -> None:
    keys = _keys(2, 40)
    d = keys.draws("C4", 3)
    u = d.uniforms(5)
    d.skip(4, normal=True)
    z = d.normals(3)
    r = np.random.default_rng(9)
    one, cross, direct, sec_present = (r.random(80) < 0.4 for _ in range(4))
    dir_present = r.random(80) < 0.7
    dir_ability, dir_age, dir_tenure = r.random(80), 30 + 30 * r.random(80), r.integers(0, 90, 80)
    coef = (0.5, 0.5, 0.3, 0.35, 44.0, 12.0, 30.0, 59.0, selection, 0.3, 0.2, 0.6)  # clips that bind
    new_dir = ~one & (u[1] > 0.5)
    want_present = dir_present | new_dir
    want = [np.where(new_dir, np.clip(0.5 + 0.3 * z[1], 0.35, 1.0), dir_ability),
            np.where(new_dir, np.clip(44.0 + 12.0 * z[2], 30.0, 59.0), dir_age), np.where(new_dir, 0, dir_tenure)]
    want += [u[2] < 0.3, u[3] < 0.2, u[4] < 0.6] if selection else [one, cross, direct]
    want_present[want[3]] = sec_present[want[3]]
    out = (np.empty(80), np.empty(80), np.empty(80, dtype=np.int64), *(np.empty(80, dtype=bool) for _ in range(3)))
    _yearend.elect_directors(u, keys.draws("C4", 3).keyed(), 9, (one, cross, direct, sec_present, dir_present,
                                                                 dir_ability, dir_age, dir_tenure), coef, out)
    for g_, w_ in zip(out, want, strict=True):
        np.testing.assert_array_equal(g_, w_)
    np.testing.assert_array_equal(dir_present, want_present)
    assert (want[1] == 30.0).any() or (want[1] == 59.0).any()


# ---- the hooks on a small world ------------------------------------------------------------


def _state(model) -> dict:
    parts = {"v": model.v, "t": model.t, "county": model.county}
    out = {f"{k}.{f.name}": copy.deepcopy(getattr(obj, f.name)) for k, obj in parts.items()
           for f in dataclasses.fields(obj)}
    out["ledger"] = copy.deepcopy((model.ledger.counts, model.ledger.costs))
    return out


def _restore(model, state: dict) -> None:
    for key, value in state.items():
        if key != "ledger":
            part, name = key.split(".")
            setattr(getattr(model, part), name, copy.deepcopy(value))
    model.ledger.counts, model.ledger.costs = copy.deepcopy(state["ledger"])


def _assert_same(got, want, key: str = "state") -> None:
    """Equal bit for bit (NaN where NaN), arrays of the same dtype, in every part."""
    if isinstance(want, dict):
        assert got.keys() == want.keys(), key
        for k in want:
            _assert_same(got[k], want[k], f"{key}.{k}")
    elif isinstance(want, (list, tuple)):
        assert len(got) == len(want), key
        for j, (g, w) in enumerate(zip(got, want, strict=True)):
            _assert_same(g, w, f"{key}[{j}]")
    elif isinstance(want, np.ndarray):
        np.testing.assert_array_equal(got, want, err_msg=key)
        assert got.dtype == want.dtype, key
    else:
        np.testing.assert_equal(got, want, err_msg=key)
        assert type(got) is type(want), key


def _same_as_numpy(model, new: Callable, old: Callable) -> None:
    before = _state(model)
    old(model)
    want = _state(model)
    _restore(model, before)
    new(model)
    _assert_same(_state(model), want)


@pytest.fixture(scope="module")
def world() -> CadreModel:
    """Two replicate counties as blocks of one world, two years in (state of the year end)."""
    sc = load_scenario(ROOT / "scenarios" / "baseline.toml")
    model = CadreModel(sc, blocks=[(s, k) for k, s in enumerate(replicate_seeds(5, 2))]).run_years(2)
    model.base_sc = sc  # each test runs its hooks under this with its own overrides
    return model


@pytest.mark.parametrize("inspect", [0.0, 0.4, 1.0])
def test_report_hook_equals_numpy(world: CadreModel, inspect: float) -> None:
    m = world
    m.sc = m.base_sc.with_overrides({"reporting.inspect_share": inspect})
    m.t.falsify = np.linspace(0.0, 1.0, m.m)  # every township from never to always hiding
    m.v.weak_true = np.arange(m.n) % 3 > 0
    _same_as_numpy(m, reporting.report, report_numpy)
    assert m.v.hidden.any() or inspect == 1.0


@pytest.mark.parametrize("over", [{}, {"flagging.quota_skips_tracked": False}, {"flagging.triggers": False},
                                  {"flagging.trigger_last": False, "flagging.quota": 0.2}, {"flagging.enabled": False}])
def test_flag_hook_equals_numpy(world: CadreModel, over: dict) -> None:
    m = world
    m.sc = m.base_sc.with_overrides(over) if over else m.base_sc
    m.v.tracked_years = np.arange(m.n) % 4 * (np.arange(m.n) % 3 == 0)
    m.v.reported_score = np.round(m.v.reported_score, 2)  # ties
    m.v.conflicts_year = np.where(np.arange(m.n) % 17 == 0, 5, m.v.conflicts_year)  # some triggers
    _same_as_numpy(m, assessment.flag, flag_numpy)
    if m.sc["flagging.enabled"]:
        hit = trigger_numpy(m)
        assert hit.any() and not hit.all()
        np.testing.assert_array_equal(assessment.trigger_mask(m), hit)
        pos = rank_in_group(m.v.reported_score, m.v.county)[0]
        np.testing.assert_array_equal(assessment.trigger_mask(m, pos), trigger_numpy(m, pos))


@pytest.mark.parametrize("over", [{}, {"stars.weak_below_three": False}, {"weak.min_dims": 3, "stars.threshold": 0.6}])
def test_classify_five_good_stars_hooks_equal_numpy(world: CadreModel, over: dict) -> None:
    m = world
    m.sc = m.base_sc.with_overrides(over) if over else m.base_sc
    m.v.sec_vacant_months = np.arange(m.n) % 8
    _same_as_numpy(m, assessment.classify, classify_numpy)
    assert m.v.weak_true.any() and not m.v.weak_true.all()
    _same_as_numpy(m, assessment.five_good, five_good_numpy)
    _same_as_numpy(m, assessment.stars, stars_numpy)


@pytest.mark.parametrize("over", [{"review.poor_threshold": 0.45}, {"review.enabled": False},
                                  {"review.remove_after": 1, "review.poor_threshold": 0.4}])
def test_review_hook_equals_numpy(world: CadreModel, over: dict) -> None:
    m = world
    m.sc = m.base_sc.with_overrides(over)
    m.v.poor_reviews = np.arange(m.n) % 3
    _same_as_numpy(m, assessment.review, review_numpy)
    if m.sc["review.enabled"]:
        assert m.v.rectify_order.any() or m.ledger.counts["secretaries_removed"].sum() > 0


@pytest.mark.parametrize("over", [{}, {"avoidance.favoured_share": 0.7, "rotation.turnover_costs": False}])
def test_new_leaders_equals_numpy(world: CadreModel, over: dict) -> None:
    m = world
    m.sc = m.base_sc.with_overrides(over) if over else m.base_sc
    mask = np.zeros((m.m, 3), dtype=bool)
    mask[::2, 0] = mask[1::3, 1] = True
    m.v.favoured = np.arange(m.n) % 4 == 0
    _same_as_numpy(m, lambda mm: rotation.new_leaders(mm, mask.copy(), "B4 leaders"),
                   lambda mm: new_leaders_numpy(mm, mask.copy(), "B4 leaders"))


@pytest.mark.parametrize("over", [{}, {"selection.enabled": False}])
def test_elect_hook_equals_numpy(world: CadreModel, over: dict) -> None:
    m = world
    m.sc = m.base_sc.with_overrides({"election.term_years": 1, **over})  # every year an election
    m.v.poor_reviews = np.arange(m.n) % 5 == 0
    m.v.poor_reviews = m.v.poor_reviews.astype(np.int64)
    _same_as_numpy(m, elections.elect, elect_numpy)
    assert m.ledger.counts["election_replaced"].sum() > 0

"""Condition tests for rules C1–C10 and D1–D10 (issue 10, item 7).

Each test runs one rule's hook (the function `cadresim.loop` lists for it, or the helper the
rules map names as holding part of its condition) on a tiny county whose arrays are
overwritten by hand, and pins the condition: the threshold and which side of it counts, who
is affected (and that the others are not), how much, and that the rule's switch turns it off.
Random draws are controlled with probabilities of 0 or 1, or re-created from the same
keyed draws (`fresh`, `cadresim.rng`), so every expected value is exact.

The comment above each test names the deliberate breakages of the rule code (a comparison
inverted, a boundary moved, an effect dropped) that make it fail; each was tried.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from cadresim import CadreModel, Scenario
from cadresim.rng import Draws
from cadresim.rules import attention, cadres, elections, pay, reserves, rotation, stationed
from cadresim.rules._kernels import dims_month
from cadresim.rules.dynamics import dims_coef
from cadresim.rules.posts import appoint_secretary, vacate_secretary
from cadresim.state import DEV, IMAGE, LEAD, MECH, MONTHS, NDIMS, T_ORG, T_SEC, TEAM
from scipy.special import ndtri
from scipy.stats import binom, poisson

TINY = {"county.villages": 8, "county.townships": 2, "run.agent_handles": "none", "county.township_size_cv": 0.0}
HIDDEN, VISIBLE = [LEAD, TEAM, MECH], [DEV, IMAGE]


def make(**overrides: Any) -> CadreModel:
    """A county of 8 villages in 2 townships (5 + 3), built with the baseline and `overrides`
    (dotted keys passed as a dict: ``make(**{"rotation.policy": "fixed"})``)."""
    return CadreModel(Scenario().with_overrides({**TINY, **overrides}), rng=1)


def at_year(m: CadreModel, year: int) -> CadreModel:
    """Put the clock in the first month of simulated year `year` (0-based)."""
    m.month = MONTHS * year
    return m


def fresh(m: CadreModel, rule: str) -> Draws:
    """The draws `m.draws(rule)` gives in the model's current year (keyed: the same numbers
    the hook will get)."""
    return m.draws(rule)


# ============================================================================ C1
# Breakages caught: `term_left <= 0` → `< 0` (the post at exactly 0 stays) or `<= 1` (the post
# at 1 goes); tenure of a new leader other than 2 × term_years × 12; no rotation count.
def test_C1_rotate_when_two_full_terms_are_up() -> None:
    m = make(**{"rotation.policy": "two_terms", "rotation.term_years": 5})
    t = m.t
    t.leader_term_left[:] = [[0, 1, 7], [-2, 60, 0]]
    t.leader_tenure[:] = [[119, 118, 5], [121, 60, 120]]
    before_years = t.leader_years_township.copy()
    rotation.rotate(m)
    due = np.array([[True, False, False], [True, False, True]])
    assert (t.leader_tenure[due] == 0).all()
    assert (t.leader_term_left[due] == 2 * 5 * MONTHS).all()
    assert t.leader_term_left[~due].tolist() == [1, 7, 60]
    assert t.leader_tenure[~due].tolist() == [118, 5, 60]
    assert t.leader_years_township[~due] == pytest.approx(before_years[~due] + 1)
    assert m.ledger.counts["leader_rotations"] == 3


# Breakages caught: the 'fixed' tenure not `rotation.every_years` × 12 (e.g. two terms).
def test_C1_fixed_policy_rotates_every_few_years() -> None:
    m = make(**{"rotation.policy": "fixed", "rotation.every_years": 3})
    m.t.leader_term_left[:] = 0
    rotation.rotate(m)
    assert (m.t.leader_term_left == 3 * MONTHS).all()


# The off value 'hazard': transfers at random, no schedule. Breakages caught: the schedule
# used under 'hazard' (term_left ≤ 0 rotating with hazard 0); `u < hazard` inverted (none
# rotate with hazard 1); new leaders given a schedule.
def test_C1_hazard_policy_ignores_the_schedule() -> None:
    m = make(**{"rotation.policy": "hazard", "rotation.hazard": 0.0})
    m.t.leader_term_left[:] = 0
    tenure = m.t.leader_tenure.copy()
    rotation.rotate(m)
    assert (m.t.leader_tenure == tenure).all()
    assert m.ledger.counts["leader_rotations"] == 0
    m = make(**{"rotation.policy": "hazard", "rotation.hazard": 1.0})
    m.t.leader_term_left[:] = 10**6
    m.t.leader_tenure[:] = 50
    rotation.rotate(m)
    assert (m.t.leader_tenure == 0).all()
    assert (m.t.leader_term_left == rotation.NEVER).all()


# Breakages caught: the experience rule ignored (years from 0; novice ability), or applied
# with it off; the floor of `rotation.experience_years` moved.
@pytest.mark.parametrize("rule_on", [True, False])
def test_C1_new_main_leaders_need_three_years_experience(rule_on: bool) -> None:
    m = make(**{"rotation.min_experience": rule_on, "rotation.experience_years": 3,
                "rotation.experience_max_years": 3, "rotation.ability_sd": 0.0})
    rotation.new_leaders(m, np.ones((2, 3), dtype=bool))
    if rule_on:
        assert m.t.leader_years_township == pytest.approx(np.full((2, 3), 3.0))
        assert m.t.leader_ability == pytest.approx(np.full((2, 3), 0.60))
    else:
        assert (m.t.leader_years_township < 3).all()
        assert m.t.leader_ability == pytest.approx(np.full((2, 3), 0.52))


# Breakages caught: initial leaders not staggered over the tenure (all at the full term), the
# tenure other than two terms of `rotation.term_years`.
def test_C1_initial_leaders_staggered_over_the_tenure() -> None:
    m = make(**{"rotation.policy": "two_terms", "rotation.term_years": 5})
    m.started = False  # as during construction: the set-up year's streams, not yet drawn from
    rotation.init_rotation(m)
    got = m.t.leader_term_left
    fresh_frac = m.draws("C1").uniforms_per(3, unit="township")  # the set-up's period (not started)
    expected = np.maximum((120 * fresh_frac).astype(np.int64), 1)
    assert got.tolist() == expected.tolist()
    assert ((1 <= got) & (got <= 120)).all() and len(set(got.ravel().tolist())) > 1


# ============================================================================ C2
# Breakages caught: avoidance ignored (locals appear with it on) or its test inverted (no
# locals with it off); a local leader not starting with `avoidance.local_knowledge`.
@pytest.mark.parametrize("avoid", [True, False])
def test_C2_no_leader_in_his_home_township_under_avoidance(avoid: bool) -> None:
    m = make(**{"avoidance.enabled": avoid, "avoidance.home_share": 1.0, "avoidance.local_knowledge": 0.6})
    mask = np.array([[True, False, True], [False, False, False]])
    m.t.leader_knowledge[:] = 0.9
    rotation.new_leaders(m, mask)
    assert not m.t.leader_local[~mask].any()
    if avoid:
        assert not m.t.leader_local.any()
        assert m.t.leader_knowledge[mask] == pytest.approx([0.0, 0.0])
    else:
        assert m.t.leader_local[mask].all()
        assert m.t.leader_knowledge[mask] == pytest.approx([0.6, 0.6])
    assert m.t.leader_knowledge[~mask] == pytest.approx(np.full(4, 0.9))


# Breakages caught: `home_share` compared the wrong way (locals with a share of 0).
def test_C2_home_share_zero_means_no_locals_even_without_avoidance() -> None:
    m = make(**{"avoidance.enabled": False, "avoidance.home_share": 0.0})
    rotation.new_leaders(m, np.ones((2, 3), dtype=bool))
    assert not m.t.leader_local.any()


# Breakages caught: a local leader anywhere in the team not enough (`.any` → `.all`); the
# favour share or weight other than (1 − home_favour) · w + home_favour · favoured · weight;
# the other township touched.
def test_C2_local_leader_bends_attention_to_favoured_villages() -> None:
    m = make(**{"avoidance.home_favour": 0.15, "avoidance.favour_weight": 5.0})
    v, t = m.v, m.t
    t.leader_local[:] = False
    t.leader_local[0, T_ORG] = True  # one local leader, in township 0
    v.weights = np.full(m.n, 2.0)
    v.favoured = np.array([True, False, True, False, False, True, True, False])
    attention.favour(m)
    in0 = v.township == 0
    expected = np.where(v.favoured, 0.85 * 2 + 0.15 * 5, 0.85 * 2)
    assert v.weights[in0] == pytest.approx(expected[in0])
    assert v.weights[~in0] == pytest.approx(np.full((~in0).sum(), 2.0))


# Breakages caught: favoured villages re-drawn in townships whose leaders did not change, or
# not re-drawn where they did; `favoured_share` compared the wrong way.
def test_C2_new_local_leader_picks_favoured_villages_in_his_township() -> None:
    m = make(**{"avoidance.favoured_share": 1.0})
    m.v.favoured[:] = False
    mask = np.zeros((2, 3), dtype=bool)
    mask[0, T_SEC] = True
    rotation.new_leaders(m, mask)
    assert m.v.favoured.tolist() == (m.v.township == 0).tolist()
    m = make(**{"avoidance.favoured_share": 0.0})
    m.v.favoured[:] = True
    rotation.new_leaders(m, mask)
    assert m.v.favoured.tolist() == (m.v.township == 1).tolist()


# ============================================================================ C3
# Breakages caught: knowledge growth other than k += (1 − k) / knowledge_months; tenure or
# time left not moved by one month.
def test_C3_local_knowledge_grows_with_time_in_place() -> None:
    m = make(**{"rotation.knowledge_months": 24})
    t = m.t
    t.leader_knowledge[:] = [[0.0, 0.5, 1.0], [0.2, 0.9, 0.0]]
    t.leader_tenure[:] = 3
    t.leader_term_left[:] = 10
    k = t.leader_knowledge.copy()
    rotation.month_knowledge(m)
    assert t.leader_knowledge == pytest.approx(k + (1 - k) / 24)
    assert (t.leader_tenure == 4).all() and (t.leader_term_left == 9).all()


# C3 on: a transferred leader starts knowing nothing; off: the transfer keeps the knowledge.
# Breakages caught: the reset dropped (knowledge kept with C3 on); the off-switch inverted or
# giving full knowledge instead of carrying it over.
@pytest.mark.parametrize("costs", [True, False])
def test_C3_transfer_resets_knowledge_only_when_on(costs: bool) -> None:
    m = make(**{"rotation.turnover_costs": costs, "avoidance.enabled": True})
    t = m.t
    t.leader_knowledge[:] = [[0.7, 0.4, 0.9], [0.3, 0.8, 0.6]]
    k = t.leader_knowledge.copy()
    mask = np.array([[True, False, False], [False, True, True]])
    rotation.new_leaders(m, mask)
    assert t.leader_knowledge[~mask] == pytest.approx(k[~mask])
    assert t.leader_knowledge[mask] == pytest.approx(np.zeros(3) if costs else k[mask])


def _short_term_split(m: CadreModel) -> np.ndarray:
    attention.start_plan(m)
    attention.short_term(m)
    return m.v.dim_split.copy()


def _shifted(s: float) -> np.ndarray:
    row = np.ones(NDIMS)
    row[HIDDEN] = 1 - s
    row[VISIBLE] = 1 + s * 3 / 2
    return row


# Breakages caught: the shift not s = short_term_share · exp(−years left / horizon) (sign of
# the exponent, other posts' time left instead of the secretary's); hidden and visible
# dimensions swapped; the split not kept at mean 1; township 1 (far from rotation) touched.
def test_C3_short_term_work_near_rotation() -> None:
    m = make(**{"rotation.policy": "two_terms", "rotation.horizon_years": 1, "rotation.short_term_share": 0.6})
    m.t.leader_term_left[:] = 0
    m.t.leader_term_left[:, T_SEC] = [12, 1200]
    split = _short_term_split(m)
    in0 = m.v.township == 0
    assert split[in0] == pytest.approx(np.tile(_shifted(0.6 * np.exp(-1)), (in0.sum(), 1)))
    assert split[~in0] == pytest.approx(np.ones(((~in0).sum(), NDIMS)), abs=1e-12)
    assert split.mean(axis=1) == pytest.approx(np.ones(m.n))


# The complaint: no short-termism under 'hazard'. Years left = 1 / hazard there.
# Breakages caught: 'hazard' skipped, or years left taken as the hazard itself.
def test_C3_short_term_under_hazard_policy() -> None:
    m = make(**{"rotation.policy": "hazard", "rotation.hazard": 0.34, "rotation.horizon_years": 1,
                "rotation.short_term_share": 0.6})
    split = _short_term_split(m)
    assert split == pytest.approx(np.tile(_shifted(0.6 * np.exp(-1 / 0.34)), (m.n, 1)))


# Breakages caught: the off-switch (turnover_costs, or horizon 0) not stopping the shift.
@pytest.mark.parametrize("over", [{"rotation.turnover_costs": False}, {"rotation.horizon_years": 0}])
def test_C3_off_no_short_term_shift(over: dict) -> None:
    m = make(**{"rotation.policy": "two_terms", **over})
    m.t.leader_term_left[:] = 0  # leaving now: the strongest shift if it were on
    assert _short_term_split(m) == pytest.approx(np.ones((m.n, NDIMS)))


# Breakages caught: capacity not scaled by knowledge_floor + (1 − floor) · mean knowledge; the
# township's view of a village not sharper with knowledge (error sd · (1 − knowledge)).
def test_C3_knowledge_sets_capacity_and_perception() -> None:
    m = make(**{"attention.knowledge_floor": 0.4, "attention.perception_sd": 0.2})
    t, v = m.t, m.v
    t.leader_knowledge[0] = 1.0
    t.leader_knowledge[1] = 0.0
    t.leader_ability[:] = 0.6
    attention.capacity(m)
    assert t.capacity[1] / t.capacity[0] == pytest.approx(0.4)
    z = fresh(m, "A5").normals()
    attention.perceive(m)
    in0 = v.township == 0
    mean = v.dims.mean(axis=1)
    assert v.perceived_score[in0] == pytest.approx(mean[in0])
    assert v.perceived_score[~in0] == pytest.approx(mean[~in0] + 0.2 * z[~in0])


# ============================================================================ C4
# The lame-duck year is the last year of every term, whatever its length, and the monthly
# effort shows it. Breakages caught: the drop in the wrong year (`term − 1` → 0 or the first
# year), only for 3-year terms, not applied to directors, or of the wrong size.
@pytest.mark.parametrize("term", [3, 5])
def test_C4_lame_duck_drop_in_last_year_of_every_term(term: int) -> None:
    m = make(**{"election.term_years": term, "election.lame_duck": True, "election.lame_duck_drop": 0.25})
    v = m.v
    for year in range(2 * term + 1):
        at_year(m, year)
        v.sec_effort_year = np.full(m.n, 0.8)
        v.dir_effort_year = np.full(m.n, 0.6)
        cadres.month_lame_duck(m)
        keep = 0.75 if year % term == term - 1 else 1.0
        assert v.sec_effort == pytest.approx(np.full(m.n, 0.8 * keep)), year
        assert v.dir_effort == pytest.approx(np.full(m.n, 0.6 * keep)), year


# Breakages caught: the switch not switching the drop off.
def test_C4_off_no_lame_duck_drop() -> None:
    m = at_year(make(**{"election.term_years": 3, "election.lame_duck": False}), 2)
    m.v.sec_effort_year = np.full(m.n, 0.8)
    cadres.month_lame_duck(m)
    assert m.v.sec_effort == pytest.approx(np.full(m.n, 0.8))


# Breakages caught: the month's mean effort taken over vacant posts too, or not summed.
def test_C4_monthly_effort_of_secretaries_in_post_is_summed() -> None:
    m = at_year(make(**{"election.term_years": 3, "election.lame_duck_drop": 0.25}), 2)
    v = m.v
    v.sec_present[:] = True
    v.sec_present[[1, 2]] = False
    v.sec_effort_year = np.linspace(0.2, 0.9, m.n)
    m.county.effort_month_sum = 1.0
    cadres.month_lame_duck(m)
    assert m.county.effort_month_sum == pytest.approx(1.0 + 0.75 * v.sec_effort_year[v.sec_present].mean())


def _election_state(m: CadreModel) -> None:
    v = m.v
    v.sec_present[:] = True
    v.sec_age[:] = 45.0
    v.sec_ability[:] = 0.3
    v.poor_reviews[:] = 0
    v.reserves[:] = np.nan
    v.reserves[:, 0] = 0.9


# Elections only at the end of a term. Breakages caught: `(year + 1) % term == 0` moved a year
# (an election at year 1 of a 3-year term, or none at year 2).
@pytest.mark.parametrize("term", [3, 5])
def test_C4_elections_only_at_term_end(term: int) -> None:
    over = {"election.term_years": term, "election.incumbent_bias": 0.0, "selection.noise_two_rec": 0.0,
            "selection.noise_direct": 0.0}
    for year in range(2 * term):
        m = at_year(make(**over), year)
        _election_state(m)
        elections.elect(m)
        end = (year + 1) % term == 0
        assert m.v.sec_ability == pytest.approx(np.full(m.n, 0.9 if end else 0.3)), year


# Breakages caught: the retirement margin's boundary moved (`<` → `<=`: the 57-year-old
# stands again), the margin dropped; poorly reviewed incumbents kept; the incumbent not
# running (a worse pool candidate winning); incumbent_bias compared the wrong way.
def test_C4_who_stands_again_at_the_election() -> None:
    m = at_year(make(**{"election.term_years": 3, "election.incumbent_bias": 1.0, "county.retire_age": 60,
                        "election.retire_margin_years": 3, "selection.noise_two_rec": 0.0,
                        "selection.noise_direct": 0.0}), 2)
    _election_state(m)
    v = m.v
    v.sec_age[:] = [56.9, 57.0, 40, 40, 40, 58, 40, 40]
    v.poor_reviews[:] = [0, 0, 1, 0, 0, 0, 0, 0]
    v.sec_ability[:] = [0.3, 0.3, 0.3, 0.3, 0.95, 0.95, 0.3, 0.3]
    v.reserves[7, 0] = np.nan  # no candidate
    elections.elect(m)
    # kept: 0 (just under the margin), 3, 4, 6, 7; replaced by the pool's 0.9: 1, 2 (poor review)
    # village 5 is past the margin but better than the pool: keeps the post
    assert v.sec_ability == pytest.approx([0.3, 0.9, 0.9, 0.3, 0.95, 0.95, 0.3, 0.3])
    assert m.ledger.counts["election_replaced"] == 2
    assert np.isnan(v.reserves[[1, 2], 0]).all() and not np.isnan(v.reserves[[0, 3, 4, 5, 6], 0]).any()
    # nobody is kept with incumbent_bias 0: every incumbent the pool beats is replaced
    m = at_year(make(**{"election.term_years": 3, "election.incumbent_bias": 0.0, "selection.noise_two_rec": 0.0,
                        "selection.noise_direct": 0.0}), 2)
    _election_state(m)
    m.v.sec_ability[:] = [0.3] * 4 + [0.95] * 4
    elections.elect(m)
    assert m.v.sec_ability == pytest.approx([0.9] * 4 + [0.95] * 4)


# Breakages caught: directors replaced when incumbent_bias says keep (u > bias inverted).
@pytest.mark.parametrize("bias", [0.0, 1.0])
def test_C4_directors_reelected_by_incumbent_bias(bias: float) -> None:
    m = at_year(make(**{"election.term_years": 3, "election.incumbent_bias": bias, "selection.enabled": False}), 2)
    v = m.v
    v.one_shoulder[:] = False
    v.dir_present[:] = True
    v.dir_tenure[:] = 30
    elections.elect(m)
    assert (v.dir_tenure == (0 if bias == 0.0 else 30)).all()


# ============================================================================ C5
# Breakages caught: the noise by method swapped (公推直选 judged less precisely), the off-arm
# noise not `selection.noise_off`.
def test_C5_selection_noise_by_election_method() -> None:
    m = make(**{"selection.noise_direct": 0.1, "selection.noise_two_rec": 0.2, "selection.noise_off": 0.5})
    m.v.direct_election[:] = [True, False] * 4
    assert reserves.selection_noise(m).tolist() == [0.1, 0.2] * 4
    m = make(**{"selection.enabled": False, "selection.noise_off": 0.5})
    assert reserves.selection_noise(m).tolist() == [0.5] * m.n


# The pool candidate judged best is ability + noise · z. Breakages caught: the noise not by
# the village's method, the largest judged value not picked, an empty pool giving a candidate.
@pytest.mark.parametrize(("enabled", "direct", "slot"), [(True, True, 1), (True, False, 0), (False, True, 0)])
def test_C5_pool_candidate_judged_with_selection_noise(enabled: bool, direct: bool, slot: int) -> None:
    m = make(**{"selection.enabled": enabled, "selection.noise_direct": 0.1, "selection.noise_two_rec": 0.2,
                "selection.noise_off": 0.5})
    v = m.v
    v.direct_election[:] = direct
    v.reserves[:] = np.nan
    v.reserves[:7, :2] = [0.5, 0.6]
    z = np.zeros(v.reserves.shape)
    z[:, 0] = 0.8  # slot 0 judged 0.5 + 0.8 · sd: above 0.6 when sd > 0.125
    got_slot, ability = reserves.pick_from_pool(m, np.ones(m.n, dtype=bool), z)
    assert got_slot[:7].tolist() == [slot] * 7
    assert ability[:7] == pytest.approx([0.5 if slot == 0 else 0.6] * 7)
    assert np.isnan(ability[7])


# Breakages caught: the 一肩挑 / cross-serving / 公推直选 shares not re-drawn at the election
# (or compared the wrong way), re-drawn with the rule off; the director post not following
# the secretary in a 一肩挑 village.
@pytest.mark.parametrize("enabled", [True, False])
def test_C5_shares_redrawn_at_each_election(enabled: bool) -> None:
    m = at_year(make(**{"election.term_years": 3, "selection.enabled": enabled, "selection.one_shoulder_share": 1.0,
                        "selection.cross_serving_share": 0.0, "selection.direct_share": 1.0,
                        "election.incumbent_bias": 1.0}), 2)
    v = m.v
    pattern = np.array([True, False] * 4)
    v.reserves[:] = np.nan  # no candidates: the secretaries stay
    v.sec_present[:] = [True, True, False, True, False, True, True, True]
    v.dir_present[:] = False
    v.one_shoulder[:], v.cross_serving[:], v.direct_election[:] = pattern, pattern, ~pattern
    elections.elect(m)
    if enabled:
        assert v.one_shoulder.all() and not v.cross_serving.any() and v.direct_election.all()
        assert (v.dir_present == v.sec_present).all()
    else:
        assert (v.one_shoulder == pattern).all() and (v.cross_serving == pattern).all()
        assert (v.direct_election == ~pattern).all()


# Breakages caught: the 双带 share of appointees not `selection.shuangdai_share` with the rule on
# (u < share inverted) or not × shuangdai_off_factor with it off; villages not appointed to
# touched; the appointee's ability and knowledge not the ones given.
@pytest.mark.parametrize("enabled", [True, False])
def test_C5_shuangdai_share_of_new_secretaries(enabled: bool) -> None:
    m = make(**{"selection.enabled": enabled, "selection.shuangdai_share": 1.0, "selection.shuangdai_off_factor": 0.0})
    v = m.v
    v.sec_shuangdai[:] = [False, True] * 4
    mask = np.array([True, True, False, False, True, False, False, True])
    ability = np.linspace(0.1, 0.8, m.n)
    appoint_secretary(m, mask, ability, knowledge=0.45)
    assert v.sec_shuangdai[mask].tolist() == [enabled] * 4
    assert v.sec_shuangdai[~mask].tolist() == [False, True, True, False]
    assert v.sec_ability[mask] == pytest.approx(ability[mask])
    assert v.sec_knowledge[mask] == pytest.approx([0.45] * 4)


# Breakages caught: the 双带 development gain given with the rule off, to a vacant post, or
# not given.
@pytest.mark.parametrize("enabled", [True, False])
def test_C5_shuangdai_secretary_raises_development_target(enabled: bool) -> None:
    m = make(**{"selection.enabled": enabled, "selection.shuangdai_gain": 0.15, "village.econ_gain": 0.1})
    v = m.v
    v.income[:] = 0.0
    v.sec_shuangdai[:] = [True, True, False, False] * 2
    v.sec_present[:] = [True, False] * 4
    pay.development_bonus(m)
    assert v.dev_bonus == pytest.approx([0.15 if enabled else 0.0, 0, 0, 0] * 2)


# Breakages caught: conflicts as likely with 一肩挑 or cross-serving as without (the factor
# dropped or applied the wrong way round).
def test_C5_conflict_likelier_without_one_shoulder_or_cross_serving() -> None:
    m = make(**{"village.shock_rate": 0.01, "selection.conflict_factor": 2.0})
    coef = dims_coef(m.sc)
    assert (coef.p_conflict_low, coef.p_conflict_high) == pytest.approx((0.01, 0.02))
    v = m.v
    v.one_shoulder[:] = [True, False, False, False] * 2
    v.cross_serving[:] = [False, True, False, False] * 2
    v.conflicts_year[:] = 0
    u = np.ones((2, m.n))
    u[0] = 0.015  # between the two rates
    dims_month(v.dims, np.zeros((m.n, NDIMS)), u, m.monthly("dims").keyed(),
               (v.sec_present, v.sec_ability, v.sec_effort, v.sec_knowledge, v.sec_integrity),
               (v.dir_present, v.dir_ability, v.dir_effort),
               (v.one_shoulder, v.cross_serving, v.difficulty, v.dev_bonus, v.team_bonus, v.conflicts_year),
               (v.attention, v.help_fixed, v.st_team, v.st_knowledge), coef, m.n)
    assert v.conflicts_year.tolist() == [0, 0, 1, 1] * 2


# ============================================================================ C6
def _vacancies(m: CadreModel) -> None:
    v = m.v
    v.sec_present[:] = True
    v.sec_present[[0, 1]] = False
    v.sec_vacant_months[:] = 0
    v.sec_vacant_months[[0, 1]] = 2
    v.reported_vacant[:] = False
    v.reserves[:] = np.nan
    v.reserves[0, :2] = [0.3, 0.7]


NO_NOISE = {"selection.noise_direct": 0.0, "selection.noise_two_rec": 0.0, "reports.county_fill_prob": 0.0,
            "leaderless.fill_push": 0.0}


# Breakages caught: a vacancy with a pool not filled from it (fill_prob compared the wrong
# way), filled from an empty pool, not with the pool's best, the slot not emptied, knowledge
# not `cadre.knowledge_from_pool`; a filled post touched; the vacancy clock not advanced.
def test_C6_vacancy_filled_from_reserve_pool() -> None:
    m = make(**{"reserve.fill_prob": 1.0, "reserve.outside_fill_prob": 0.0, **NO_NOISE})
    _vacancies(m)
    v = m.v
    before = v.sec_ability.copy()
    reserves.month_fill(m)
    assert v.sec_present.tolist() == [True, False] + [True] * 6
    assert v.sec_ability[0] == pytest.approx(0.7) and v.sec_knowledge[0] == pytest.approx(0.5)
    assert v.reserves[0, 0] == pytest.approx(0.3) and np.isnan(v.reserves[0, 1])
    assert v.sec_vacant_months[:2].tolist() == [0, 3]
    assert v.sec_ability[2:] == pytest.approx(before[2:])
    assert m.ledger.counts["appointments"] == 1


# Breakages caught: pool fills with fill_prob 0 or with the rule off (the switch ignored).
@pytest.mark.parametrize("over", [{"reserve.fill_prob": 0.0}, {"reserve.enabled": False, "reserve.fill_prob": 1.0}])
def test_C6_no_pool_fill_when_off(over: dict) -> None:
    m = make(**{"reserve.outside_fill_prob": 0.0, **NO_NOISE, **over})
    _vacancies(m)
    reserves.month_fill(m)
    assert not m.v.sec_present[:2].any()
    assert m.v.reserves[0, :2] == pytest.approx([0.3, 0.7])


# An empty pool: the post is filled from outside at `reserve.outside_fill_prob`, with the
# appointee's ability from the same draw. Breakages caught: the outside fill dropped, its
# knowledge not `cadre.knowledge_from_outside`.
def test_C6_empty_pool_filled_from_outside() -> None:
    m = make(**{"reserve.fill_prob": 0.0, "reserve.outside_fill_prob": 1.0, **NO_NOISE})
    _vacancies(m)
    u = m.monthly("fill").uniforms(2)
    reserves.month_fill(m)
    assert m.v.sec_present[:2].all()
    assert m.v.sec_knowledge[:2] == pytest.approx([0.2, 0.2])
    assert m.v.sec_ability[:2] == pytest.approx(np.clip(0.5 + 0.12 * ndtri(u[1, :2]), 0.05, 1.0))


# Breakages caught: migration not rate · (1 − f + remoteness) · (wage / income) / wage_ref
# (remoteness or the wage ratio dropped or inverted); the wrong reserves leaving.
@pytest.mark.parametrize("wage", [15_000, 30_000])
def test_C6_migration_thins_the_pool(wage: float) -> None:
    m = make(**{"reserve.migration_rate": 0.3, "reserve.remote_factor": 0.5, "reserve.wage_ref": 2.5,
                "reserve.minimum": 0})
    v = m.v
    m.county.migrant_wage, m.county.rural_income = wage, 6_000
    v.remoteness[:] = np.linspace(0, 1, m.n)
    v.reserves[:] = 0.5
    v.to_pool[:] = 0
    u = fresh(m, "C6").uniforms_per(v.reserves.shape[1])
    p = np.clip(0.3 * (0.5 + v.remoteness) * (wage / 6_000) / 2.5, 0, 1)
    reserves.reserve_pool(m)
    assert np.isnan(v.reserves).tolist() == (u < p[:, None]).tolist()
    assert m.ledger.counts["reserves_left"] == (u < p[:, None]).sum() > 0


# Breakages caught: the pool not topped up to `reserve.minimum` (or topped above it), remote
# villages finding reserves as easily as near ones; with the rule off, a top-up.
@pytest.mark.parametrize("enabled", [True, False])
def test_C6_township_tops_pool_up_to_two(enabled: bool) -> None:
    m = make(**{"reserve.enabled": enabled, "reserve.migration_rate": 0.0, "reserve.minimum": 2,
                "reserve.remote_factor": 1.0, "reserve.join_without_rule": 0.0})
    v = m.v
    v.remoteness[:] = [0, 0, 0, 0, 1, 1, 0, 0]
    v.reserves[:] = np.nan
    for i, k in enumerate([0, 1, 2, 3, 0, 1, 5, 6]):
        v.reserves[i, :k] = 0.4
    v.to_pool[:] = 0
    reserves.reserve_pool(m)
    expected = [2, 2, 2, 3, 0, 1, 5, 6] if enabled else [0, 1, 2, 3, 0, 1, 5, 6]
    assert reserves.pool_size(v.reserves).tolist() == expected


# New members who join the pool (C10 → C6). Breakages caught: they do not come in with the rule
# on; with it off, `reserve.join_without_rule` not applied.
@pytest.mark.parametrize(("enabled", "join", "added"), [(True, 0.0, 2), (False, 1.0, 2), (False, 0.0, 0)])
def test_C6_new_members_join_the_pool(enabled: bool, join: float, added: int) -> None:
    m = make(**{"reserve.enabled": enabled, "reserve.migration_rate": 0.0, "reserve.minimum": 0,
                "reserve.join_without_rule": join})
    v = m.v
    v.reserves[:] = np.nan
    v.reserves[:, 0] = 0.4
    v.to_pool[:] = 2
    reserves.reserve_pool(m)
    assert reserves.pool_size(v.reserves).tolist() == [1 + added] * m.n


# ============================================================================ C7
# Breakages caught: the income line's side moved (`<` → `<=`: a village at exactly 30,000 gets
# the team), the sizes swapped, flagged villages not given the large team or not covered
# outside the programme, villages outside the programme given a team; the switch ignored.
@pytest.mark.parametrize("enabled", [True, False])
def test_C7_team_size_by_collective_income(enabled: bool) -> None:
    m = make(**{"stationed.enabled": enabled, "stationed.income_line_yuan": 30_000, "stationed.team_small": 1,
                "stationed.team_large": 3})
    v = m.v
    v.income[:] = [29_999, 30_000, 30_001, 0, 50_000, 50_000, 0, 50_000]
    v.st_program[:] = [True] * 5 + [False, False, False]
    v.flagged[:] = [False] * 4 + [True, False, False, True]
    stationed.teams(m)
    assert v.st_team.tolist() == ([3, 1, 1, 3, 3, 0, 0, 3] if enabled else [0] * 8)


# The income line is a nominal amount: with `county.index_nominal` it grows with rural income.
# Breakages caught: the line left at its scenario value (or indexed with the switch off).
@pytest.mark.parametrize("index", [True, False])
def test_C7_income_line_follows_rural_income(index: bool) -> None:
    m = make(**{"stationed.income_line_yuan": 30_000, "stationed.team_small": 1, "stationed.team_large": 3,
                "county.index_nominal": index, "county.rural_income_yuan": 6_000})
    v = m.v
    m.county.rural_income = 12_000.0  # incomes have doubled: the line is 60,000 yuan in this year's money
    v.income[:] = [29_999, 30_000, 59_999, 60_000, 0, 0, 0, 0]
    v.st_program[:] = [True] * 4 + [False] * 4
    v.flagged[:] = False
    stationed.teams(m)
    assert v.st_team[:4].tolist() == ([3, 3, 3, 1] if index else [3, 1, 1, 1])


# Breakages caught: teams not rotated after `stationed.rotation_years` (boundary `>=` moved),
# knowledge not reset on rotation or reset without one.
@pytest.mark.parametrize("years", [1, 2])
def test_C7_yearly_rotation_resets_knowledge(years: int) -> None:
    m = make(**{"stationed.rotation_years": years})
    v = m.v
    v.st_program[:] = True
    v.st_team[:] = [1, 1, 1, 1, 0, 3, 3, 3]
    tour = 12 * years
    v.st_months[:] = [tour - 1, tour, tour + 1, 0, 0, tour - 1, tour, 5]
    v.st_knowledge[:] = 0.8
    stationed.teams(m)
    rotated = np.array([False, True, True, False, True, False, True, False])
    assert v.st_knowledge.tolist() == np.where(rotated, 0.0, 0.8).tolist()
    assert (v.st_months[rotated] == 0).all() and (v.st_months[~rotated] > 0).any()


# Breakages caught: knowledge growing where no team is, or not by (1 − k) / knowledge_months.
def test_C7_stationed_knowledge_grows_monthly() -> None:
    m = make(**{"stationed.knowledge_months": 8})
    v = m.v
    v.st_team[:] = [0, 1, 3, 0, 1, 1, 3, 0]
    v.st_knowledge[:] = 0.2
    v.st_months[:] = 4
    stationed.month_stationed(m)
    here = v.st_team > 0
    assert v.st_knowledge == pytest.approx(np.where(here, 0.2 + 0.8 / 8, 0.2))
    assert v.st_months.tolist() == np.where(here, 5, 4).tolist()


# ============================================================================ C8
def _programme(m: CadreModel) -> None:
    v = m.v
    v.st_program[:] = True
    v.five_good[:] = [True, True, True, False, True, False, True, True]
    v.flagged[:] = [False, True, False, False, False, False, False, False]
    v.reported_weak[:] = [False, False, True, False, False, False, False, False]


# Breakages caught: acceptance before `acceptance.years` (boundary moved), a village that is
# not five-good, or flagged, or reported weak passing; passing villages kept in.
def test_C8_acceptance_after_three_years_failing_keep_team() -> None:
    for year, done in [(1, False), (2, True), (4, True)]:
        m = at_year(make(**{"acceptance.years": 3, "acceptance.enabled": True, "stationed.renew_years": 0}), year)
        _programme(m)
        stationed.accept(m)
        passed = np.array([True, False, False, False, True, False, True, True])
        assert m.v.st_program.tolist() == (~passed if done else np.ones(m.n, bool)).tolist(), year


# Off: the programme ends on schedule for everyone. Breakages caught: the off-arm ending it a
# year early or late, ending it again later, or keeping failing villages.
def test_C8_off_programme_ends_on_schedule() -> None:
    for year, ends in [(1, False), (2, True), (3, False)]:
        m = at_year(make(**{"acceptance.years": 3, "acceptance.enabled": False, "stationed.renew_years": 0}), year)
        _programme(m)
        stationed.accept(m)
        assert m.v.st_program.tolist() == [not ends] * m.n, year


# C7 renewal (F6): at acceptance and every `renew_years` after, the poor or flagged villages enrol
# again (with coverage 1 every one of them); not in the years between, and never with 0.
# Breakages caught: renewal in the wrong years, of the wrong villages, or with renew_years 0.
@pytest.mark.parametrize("renew", [0, 2])
def test_C7_renewal_enrols_poor_or_flagged_villages(renew: int) -> None:
    for year in (2, 3, 4, 6):  # years done: 3 (acceptance), 4, 5 (acceptance + 2), 7
        m = at_year(make(**{"acceptance.years": 3, "stationed.renew_years": renew, "stationed.coverage": 1.0,
                            "stationed.income_line_yuan": 30_000}), year)
        _programme(m)
        v = m.v
        v.income[:] = [10_000, 40_000, 40_000, 40_000, 5_000, 40_000, 40_000, 40_000]  # villages 0 and 4 poor
        stationed.accept(m)
        passed = np.array([True, False, False, False, True, False, True, True])
        needy = np.array([True, True, False, False, True, False, False, False])  # poor (0, 4) or flagged (1)
        done = year + 1
        renewed = renew > 0 and (done - 3) % renew == 0
        assert v.st_program.tolist() == (~passed | (needy if renewed else False)).tolist(), (renew, year)


# ============================================================================ C9
# Breakages caught: placements not Poisson(per_year) per village, placed with the rule off;
# graduates serving more or fewer than `graduates.contract_years`; not joining the pool; the
# cost not serving graduates × `cost.graduate_yuan`.
@pytest.mark.parametrize("enabled", [True, False])
def test_C9_graduates_placed_serve_contract_years(enabled: bool) -> None:
    m = make(**{"graduates.enabled": enabled, "graduates.per_year": 2.0, "graduates.contract_years": 3,
                "cost.graduate_yuan": 20_000})
    v = m.v
    v.grad_cohorts[:] = [[1, 2, 4]] * m.n  # placed last year, two years ago, three years ago
    v.reserves[:] = np.nan
    g = fresh(m, "C9")
    u = g.uniforms()
    ability = np.clip(0.65 + 0.08 * g.normals_per(v.reserves.shape[1]), 0.05, 1.0)
    placed = poisson.ppf(u, 2.0).astype(int) if enabled else np.zeros(m.n, int)
    reserves.graduates(m)
    assert v.grad_cohorts.tolist() == [[int(p), 1, 2] for p in placed]
    assert placed.sum() > 0 or not enabled
    assert reserves.pool_size(v.reserves).tolist() == np.minimum(placed, v.reserves.shape[1]).tolist()
    for i, p in enumerate(placed):
        assert v.reserves[i, :p] == pytest.approx(ability[i, :p])
    assert m.ledger.costs["graduates"] == pytest.approx((placed.sum() + 3 * m.n) * 20_000)


# Breakages caught: serving graduates' help not on team and mechanism, not × graduates.help.
def test_C9_serving_graduates_help_team_and_mechanism() -> None:
    m = make(**{"graduates.help": 0.15})
    v = m.v
    v.grad_cohorts[:] = 0
    v.grad_cohorts[2] = [1, 0, 1]
    v.grad_cohorts[5] = [0, 1, 0]
    attention.start_plan(m)
    attention.graduates_serving(m)
    expected = np.zeros((m.n, NDIMS))
    expected[2, [TEAM, MECH]] = 0.30
    expected[5, [TEAM, MECH]] = 0.15
    assert v.help_fixed == pytest.approx(expected)


# ============================================================================ C10
# Breakages caught: the ≥1-a-year requirement's push missing or given with the rule off; the
# recruitment rate not rate · (offset + team) · (1 − f · remoteness); the no-member clock not
# reset by a recruit or not advanced a year without one; the team gain not capped; losses or
# pool entries other than binomial quantiles of the same draws.
@pytest.mark.parametrize("enabled", [True, False])
def test_C10_requirement_pushes_member_recruitment(enabled: bool) -> None:
    m = make(**{"members.enabled": enabled, "members.recruit_rate": 0.8, "members.team_offset": 0.5,
                "members.remote_factor": 0.5, "members.requirement_push": 2.0, "members.loss_rate": 0.02,
                "members.team_gain": 0.04, "members.gain_cap": 3, "members.reserve_share": 0.5})
    v = m.v
    v.dims[:, TEAM] = np.linspace(0.1, 0.9, m.n)
    v.remoteness[:] = np.linspace(1, 0, m.n)
    v.members[:] = 30
    v.months_no_member[:] = 12
    u = fresh(m, "C10").uniforms(3)
    lam = 0.8 * (0.5 + v.dims[:, TEAM]) * (1 - 0.5 * v.remoteness) + (2.0 if enabled else 0.0)
    recruits = poisson.ppf(u[0], lam).astype(int)
    lost = binom.ppf(u[1], 30, 0.02).astype(int)
    reserves.members(m)
    assert v.new_members.tolist() == recruits.tolist()
    assert v.members.tolist() == (30 + recruits - lost).tolist()
    assert v.months_no_member.tolist() == np.where(recruits > 0, 0, 24).tolist()
    assert v.team_bonus == pytest.approx(0.04 * np.minimum(recruits, 3))
    assert v.to_pool.tolist() == binom.ppf(u[2], recruits, 0.5).astype(int).tolist()


# Off with no own recruitment: nobody joins and the clock runs. Breakages caught: the push
# given with the rule off.
def test_C10_off_no_push() -> None:
    m = make(**{"members.enabled": False, "members.recruit_rate": 0.0})
    m.v.months_no_member[:] = 12
    reserves.members(m)
    assert m.v.new_members.tolist() == [0] * m.n
    assert m.v.months_no_member.tolist() == [24] * m.n


# ============================================================================ D1
def _pay_state(m: CadreModel) -> None:
    v = m.v
    m.ledger.reset()
    v.sec_present[:] = True
    v.sec_present[7] = False
    v.sec_base_pay = np.full(m.n, 6_000.0)
    v.sec_pay = v.sec_base_pay.copy()
    v.stars[:] = [0, 1, 2, 3, 4, 5, 5, 5]
    v.review_score = np.array([0.5, 0.9, np.nan, 0.8, 0.1, 0.2, 0.3, 0.4])
    v.reported_score = np.array([0.9, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8])


# Breakages caught: star pay not stars × pay_per_star × base pay; the reward pool not shared
# equally by the round(reward_share × villages) best reviewed (ranking inverted, a NaN review
# winning, k rounded up); pay booked for a vacant post; the switch ignored.
@pytest.mark.parametrize("enabled", [True, False])
def test_D1_structured_pay_stars_and_reward_pool(enabled: bool) -> None:
    m = make(**{"pay.enabled": enabled, "stars.pay_per_star": 0.06, "pay.reward_pool_yuan": 200_000,
                "pay.reward_share": 0.3})
    _pay_state(m)
    pay.structured_pay(m)
    v = m.v
    if not enabled:
        assert v.sec_pay == pytest.approx(np.full(m.n, 6_000.0))
        assert m.ledger.costs == {}
        return
    star = 6_000 * 0.06 * v.stars
    reward = np.zeros(m.n)
    reward[[1, 3]] = 100_000  # round(0.3 × 8) = 2 winners: review scores 0.9 and 0.8
    assert v.sec_pay == pytest.approx(6_000 + star + reward)
    assert v.sec_comp == pytest.approx(v.sec_pay)
    assert m.ledger.costs["pay"] == pytest.approx(star[:7].sum())
    assert m.ledger.costs["reward"] == pytest.approx(200_000)


# Breakages caught: one pool for all counties (D1 is per county), winners ranked across
# counties; without A3 not ranked by the reported score.
@pytest.mark.parametrize("review", [True, False])
def test_D1_reward_pool_per_county(review: bool) -> None:
    m = make(**{"county.counties": 2, "review.enabled": review, "stars.enabled": False,
                "pay.reward_pool_yuan": 200_000, "pay.reward_share": 0.25})
    _pay_state(m)
    v = m.v
    assert v.county.tolist() == [0] * 5 + [1] * 3
    pay.structured_pay(m)
    reward = np.zeros(m.n)
    reward[[1, 7] if review else [0, 7]] = 200_000  # round(0.25 × 5) = round(0.25 × 3) = 1 each
    assert v.sec_pay == pytest.approx(6_000 + reward)
    assert m.ledger.costs["reward"] == pytest.approx(400_000)


# ============================================================================ D2
# Breakages caught: the floor not `pay.base_multiple` × last year's rural income (off: not
# `pay.off_multiple`); the 一肩挑 +50% missing or given to others; the pay bill counting
# vacant posts or 一肩挑 directors twice.
@pytest.mark.parametrize(("floor", "multiple"), [(True, 1.0), (False, 0.5)])
def test_D2_pay_floor_at_rural_income_plus_half_for_one_shoulder(floor: bool, multiple: float) -> None:
    m = make(**{"pay.floor_enabled": floor, "pay.base_multiple": 1.0, "pay.off_multiple": 0.5,
                "pay.one_shoulder_bonus": 0.5, "pay.director_multiple": 1.0})
    v = m.v
    m.ledger.reset()
    m.county.rural_income = 6_000.0
    v.one_shoulder[:] = [True, False] * 4
    v.sec_present[:] = [True, True, True, False, True, True, True, True]
    v.dir_present[:] = [True, True, True, False, True, True, True, False]
    pay.base_pay(m)
    each = multiple * 6_000
    assert v.sec_base_pay == pytest.approx(np.where(v.one_shoulder, 1.5 * each, each))
    assert v.sec_comp == pytest.approx(v.sec_base_pay) and v.sec_pay == pytest.approx(v.sec_base_pay)
    assert v.dir_comp == pytest.approx(np.full(m.n, each))
    directors = 2  # villages 1 and 5: present, not 一肩挑 (3 and 7 are vacant)
    assert m.ledger.costs["pay"] == pytest.approx(v.sec_base_pay[v.sec_present].sum() + directors * each)


# ============================================================================ D3
# Breakages caught: the subsidy's value to a cadre not main_yuan × value_factor, not given to
# directors; the bill not main cadres × 500 + other members × 400; the switch ignored.
@pytest.mark.parametrize("enabled", [True, False])
def test_D3_insurance_subsidy_500_and_400(enabled: bool) -> None:
    m = make(**{"insurance.enabled": enabled, "insurance.main_yuan": 500, "insurance.other_yuan": 400,
                "insurance.value_factor": 3.0, "cost.other_members": 3})
    v = m.v
    m.ledger.reset()
    v.sec_comp = np.full(m.n, 6_000.0)
    v.dir_comp = np.full(m.n, 5_000.0)
    v.sec_present[:] = [True] * 7 + [False]
    v.one_shoulder[:] = [True, True] + [False] * 6
    v.dir_present[:] = [True] * 6 + [False, True]
    pay.insurance(m)
    add = 1_500 if enabled else 0
    assert v.sec_comp == pytest.approx(np.full(m.n, 6_000.0 + add))
    assert v.dir_comp == pytest.approx(np.full(m.n, 5_000.0 + add))
    if enabled:
        assert m.ledger.costs["insurance"] == pytest.approx((7 + 5) * 500 + 8 * 3 * 400)
    else:
        assert "insurance" not in m.ledger.costs


# ============================================================================ D4
# The living subsidy: age ≥ 55 and ≥ 10 years' service at leaving. Breakages caught: the age
# boundary moved (54.99 counted, or 55 not), the service boundary moved (119 months counted or
# 120 not), leavers outside the mask or vacant posts counted.
def test_D4_subsidy_from_age_55_and_10_years() -> None:
    m = make(**{"retirement.min_age": 55, "retirement.min_years": 10})
    v = m.v
    v.sec_present[:] = [True] * 7 + [False]
    v.sec_age[:] = [55.0, 54.99, 60.0, 70.0, 56.0, 40.0, 55.0, 60.0]
    v.sec_service[:] = [120, 300, 119, 300, 120, 120, 120, 300]
    mask = np.array([True, True, True, True, True, True, False, True])
    m.county.exits_this_year = 1
    vacate_secretary(m, mask)
    assert m.county.exits_this_year == 1 + 3  # villages 0, 3, 4
    assert not v.sec_present[mask].any() and v.sec_present[6]


# A serving secretary on track for the subsidy counts it in what the post is worth.
# Breakages caught: the on-track service boundary (min_years − on_track_years) or the age
# boundary moved; the value not subsidy × value_years / max(on_track_years, years to 60); the
# bill not pensioners × 720; the switch ignored.
@pytest.mark.parametrize("enabled", [True, False])
def test_D4_on_track_secretaries_count_the_subsidy(enabled: bool) -> None:
    m = make(**{"retirement.enabled": enabled, "retirement.subsidy_yuan": 720, "retirement.value_years": 15,
                "retirement.min_years": 10, "retirement.on_track_years": 5, "retirement.on_track_age": 45,
                "county.retire_age": 60})
    v = m.v
    m.ledger.reset()
    v.sec_comp = np.full(m.n, 6_000.0)
    v.sec_service[:] = [60, 59, 60, 120, 200, 0, 300, 61]
    v.sec_age[:] = [45.0, 50.0, 44.99, 58.0, 50.0, 50.0, 30.0, 57.0]
    m.county.pensioner_exits = [1.0, 2.0, 0.5]
    pay.retirement(m)
    if not enabled:
        assert v.sec_comp == pytest.approx(np.full(m.n, 6_000.0)) and m.ledger.costs == {}
        return
    add = 720 * 15 / np.array([15, 1, 1, 5, 10, 1, 1, 5]) * np.array([1, 0, 0, 1, 1, 0, 0, 1])
    assert v.sec_comp == pytest.approx(6_000 + add)
    assert m.ledger.costs["retirement"] == pytest.approx(3.5 * 720)


# ============================================================================ D5
# Breakages caught: the career effort not added (or not clipped at effort_max); the bill not
# hardship fund + main cadres × health check; the switch ignored.
@pytest.mark.parametrize("enabled", [True, False])
def test_D5_support_adds_career_effort_and_books_fund(enabled: bool) -> None:
    m = make(**{"support.enabled": enabled, "support.career_effort": 0.05, "incentive.effort_max": 1.0,
                "support.hardship_fund_yuan": 100_000, "support.health_check_yuan": 300})
    v = m.v
    m.ledger.reset()
    v.sec_effort_year = np.array([0.5, 0.98, 0.2, 0.7, 0.5, 0.5, 0.5, 0.5])
    v.sec_present[:] = True
    v.one_shoulder[:] = [True] + [False] * 7
    v.dir_present[:] = [True] * 5 + [False] * 3
    effort = v.sec_effort_year.copy()
    pay.support(m)
    if enabled:
        assert v.sec_effort_year == pytest.approx(np.minimum(effort + 0.05, 1.0))
        assert m.ledger.costs["support"] == pytest.approx(100_000 + (8 + 4) * 300)
    else:
        assert v.sec_effort_year == pytest.approx(effort) and "support" not in m.ledger.costs


# ============================================================================ D6
# Breakages caught: training not gain × (1 − ability), given to vacant posts; the bill not
# secretaries × 1,000 + members × 50; the switch ignored.
@pytest.mark.parametrize("enabled", [True, False])
def test_D6_training_1000_yuan_raises_ability(enabled: bool) -> None:
    m = make(**{"training.enabled": enabled, "training.ability_gain": 0.02, "training.yuan": 1_000,
                "cost.training_members_yuan": 50})
    v = m.v
    m.ledger.reset()
    v.sec_present[:] = [True] * 6 + [False] * 2
    v.sec_ability[:] = np.linspace(0.2, 0.9, m.n)
    v.members[:] = 10
    a = v.sec_ability.copy()
    pay.training(m)
    if enabled:
        assert v.sec_ability == pytest.approx(np.where(v.sec_present, a + 0.02 * (1 - a), a))
        assert m.ledger.costs["training"] == pytest.approx(6 * 1_000 + 80 * 50)
    else:
        assert v.sec_ability == pytest.approx(a) and "training" not in m.ledger.costs


# ============================================================================ D7
# Breakages caught: the allowance not cadres × 300 × 12; booked with the rule off; the help of
# unpaid cadres not × motivation_off.
@pytest.mark.parametrize("enabled", [True, False])
def test_D7_stationed_allowance_300_a_month(enabled: bool) -> None:
    m = make(**{"stationed_pay.enabled": enabled, "stationed_pay.allowance_yuan": 300,
                "stationed_pay.motivation_off": 0.6, "stationed.help_per_cadre": 0.15})
    m.ledger.reset()
    m.v.st_team[:] = [3, 1, 0, 1, 3, 0, 1, 1]
    stationed.allowance(m)
    if enabled:
        assert m.ledger.costs["stationed"] == pytest.approx(10 * 300 * 12)
    else:
        assert "stationed" not in m.ledger.costs
    assert dims_coef(m.sc).stationed_help == pytest.approx(0.15 if enabled else 0.15 * 0.6)


# ============================================================================ D8
# Breakages caught: the 15-year boundary moved (14.99 stepping or 15 not), a B3-blocked
# township stepping; the step not 3,000 yuan; the prospect's push not `township_pay.effort`,
# given where blocked; the switch ignored.
@pytest.mark.parametrize("enabled", [True, False])
def test_D8_salary_step_after_15_years(enabled: bool) -> None:
    m = make(**{"township_pay.enabled": enabled, "township_pay.years": 15, "township_pay.step_yuan": 3_000,
                "township_pay.effort": 0.08})
    t = m.t
    m.ledger.reset()
    t.leader_years_township[:] = [[14.99, 15.0, 16.0], [20.0, 30.0, 0.0]]
    t.excellent_blocked[:] = [False, True]
    pay.township_step(m)
    t.push = np.zeros(m.m)
    attention.push_step(m)
    if enabled:
        assert m.ledger.costs["township_pay"] == pytest.approx(2 * 3_000)
        assert t.push == pytest.approx([0.08, 0.0])
    else:
        assert "township_pay" not in m.ledger.costs and t.push == pytest.approx([0.0, 0.0])


# ============================================================================ D9
# Breakages caught: funds for a village at or above the shell line (`<` → `<=`), for a shell
# village in no need (not flagged, tracked or reported weak); help not on development or not
# `funds.help`; the bill not funded × 20,000; the switch ignored.
@pytest.mark.parametrize("enabled", [True, False])
def test_D9_funds_for_shell_villages_in_need(enabled: bool) -> None:
    m = make(**{"funds.enabled": enabled, "county.shell_income_yuan": 30_000, "funds.per_village_yuan": 20_000,
                "funds.help": 0.3})
    v = m.v
    m.ledger.reset()
    v.income[:] = [29_999, 30_000, 10_000, 10_000, 10_000, 10_000, 50_000, 0]
    v.flagged[:] = [True, True, False, False, True, False, True, False]
    v.tracked_years[:] = [0, 0, 2, 0, 0, 0, 0, 0]
    v.reported_weak[:] = [False, False, False, True, False, False, False, False]
    attention.start_plan(m)
    attention.funds(m)
    funded = np.array([True, False, True, True, True, False, False, False]) & enabled
    assert v.funded.tolist() == funded.tolist()
    help_ = np.zeros((m.n, NDIMS))
    help_[funded, DEV] = 0.3
    assert v.help_fixed == pytest.approx(help_)
    assert m.ledger.costs.get("funds", 0.0) == pytest.approx(4 * 20_000 if enabled else 0.0)


# Breakages caught: rural income or the migrant wage not growing 6%; collective-income growth
# not base + slope · (development − ref) + noise · z + funds growth if funded, clipped; the
# development bonus of a viable economy at the wrong side of the shell line.
def test_D9_collective_income_growth_and_viable_economy_bonus() -> None:
    m = make(**{"county.rural_income_growth": 0.06, "economy.growth_base": 0.02, "economy.dev_slope": 0.2,
                "economy.dev_ref": 0.5, "economy.noise_sd": 0.1, "funds.income_growth": 0.25,
                "economy.max_log_growth": 1.0, "county.shell_income_yuan": 30_000, "village.econ_gain": 0.1,
                "selection.enabled": False})
    v = m.v
    m.county.rural_income, m.county.migrant_wage = 6_000.0, 15_000.0
    v.income[:] = [20_000, 28_000, 29_000, 40_000, 10, 1_000, 30_000, 0]
    v.dims[:, DEV] = [0.5, 0.9, 0.1, 0.5, 0.5, 0.5, 0.5, 0.5]
    v.funded = np.array([False, True, False, False, True, False, False, True])
    z = fresh(m, "D9").normals()
    z[4] = 100.0  # not drawn: only to show the clip below
    growth = 0.02 + 0.2 * (v.dims[:, DEV] - 0.5) + 0.1 * z + 0.25 * v.funded
    income = v.income * np.exp(np.clip(growth, -1, 1))
    pay.economy(m)
    assert (m.county.rural_income, m.county.migrant_wage) == pytest.approx((6_360.0, 15_900.0))
    keep = np.arange(m.n) != 4
    assert v.income[keep] == pytest.approx(income[keep])
    assert v.dev_bonus == pytest.approx(0.1 * (v.income >= 30_000))
    assert (v.income >= 30_000).any() and (v.income < 30_000).any()
    v.income[:] = [29_999, 30_000, 30_001, 0, 10**6, 0, 0, 0]  # the line itself counts as viable
    pay.development_bonus(m)
    assert v.dev_bonus == pytest.approx([0, 0.1, 0.1, 0, 0.1, 0, 0, 0])


# ============================================================================ D10
# Breakages caught: effort not effort_base + effort_pay · log(comp / outside option), clipped;
# quit rate not quit_base · ratio^(−quit_pay), capped; the outside option not falling with
# age; directors not responding to their pay; the off-arm not the base values.
@pytest.mark.parametrize("enabled", [True, False])
def test_D10_effort_and_quitting_follow_pay_over_outside_option(enabled: bool) -> None:
    m = make(**{"incentive.enabled": enabled, "incentive.effort_base": 0.55, "incentive.effort_pay": 0.25,
                "incentive.effort_min": 0.05, "incentive.effort_max": 1.0, "incentive.quit_base": 0.03,
                "incentive.quit_pay": 1.5, "incentive.quit_max": 0.9, "incentive.director_quit_factor": 0.8,
                "outside.age_ref": 30, "outside.peak_factor": 1.3, "outside.age_slope": 0.015,
                "outside.floor_factor": 0.5})
    v = m.v
    m.county.migrant_wage = 15_000.0
    v.sec_comp = np.array([6_000, 12_000, 20_000, 200_000, 500, 9_000, 9_000, 9_000], dtype=float)
    v.sec_age[:] = [45, 45, 45, 45, 45, 25, 60, 90]
    v.dir_comp = v.sec_comp[::-1].copy()
    v.dir_age[:] = 45
    pay.effort_and_quitting(m)
    out_sec = 15_000 * np.clip(1.3 - 0.015 * (v.sec_age - 30), 0.5, 1.3)
    out_dir = 15_000 * np.clip(1.3 - 0.015 * (v.dir_age - 30), 0.5, 1.3)
    for comp, out, effort, quit_, factor in ((v.sec_comp, out_sec, v.sec_effort_year, v.sec_quit_rate, 1.0),
                                             (v.dir_comp, out_dir, v.dir_effort_year, v.dir_quit_rate, 0.8)):
        r = comp / out
        if enabled:
            assert effort == pytest.approx(np.clip(0.55 + 0.25 * np.log(r), 0.05, 1.0))
            assert quit_ == pytest.approx(factor * np.clip(0.03 * r ** -1.5, 0, 0.9))
        else:
            assert effort == pytest.approx(np.full(m.n, 0.55))
            assert quit_ == pytest.approx(np.full(m.n, 0.03 * factor))
    if enabled:  # the table spans both clips and the age floor of the outside option
        assert v.sec_effort_year.max() == 1.0 and v.sec_quit_rate.max() == pytest.approx(0.9)


# Breakages caught: a director's rate × director_quit_factor left above 1 (its monthly chance
# NaN, so such directors never leave), or capped below 1, or the cap applied to secretaries.
@pytest.mark.parametrize("enabled", [True, False])
def test_D10_director_quit_rate_is_at_most_one_a_year(enabled: bool) -> None:
    m = make(**{"incentive.enabled": enabled, "incentive.quit_base": 0.5, "incentive.quit_pay": 1.5,
                "incentive.quit_max": 0.9, "incentive.director_quit_factor": 5.0})
    v = m.v
    m.county.migrant_wage = 15_000.0
    v.sec_comp = v.dir_comp = np.array([500, 2_000, 6_000, 9_000, 12_000, 20_000, 60_000, 200_000], dtype=float)
    v.sec_age[:] = v.dir_age[:] = 45
    pay.effort_and_quitting(m)
    want = np.minimum(5.0 * v.sec_quit_rate, 1.0)
    assert v.dir_quit_rate.tolist() == pytest.approx(want.tolist())
    assert (v.dir_quit_rate == 1.0).any() and v.sec_quit_rate.max() <= 0.9  # the cap binds, for directors only
    if enabled:
        assert (v.dir_quit_rate < 1.0).any()  # and only where the product passes 1
    assert not np.isnan(cadres.monthly_rate(v.dir_quit_rate)).any()


# Breakages caught: the monthly quit chance not 1 − (1 − yearly rate)^(1/12); the retirement
# age's side moved (59.99 leaving, or 60 staying); quits and retirements not counted.
def test_D10_monthly_leaving_at_yearly_rates_and_retirement_age() -> None:
    m = make(**{"county.retire_age": 60})
    v = m.v
    v.sec_present[:] = True
    v.one_shoulder[:] = False
    v.dir_present[:] = False
    v.sec_age[:] = [59.99, 60.0, 40, 40, 40, 40, 40, 40]
    v.sec_quit_rate = np.array([0.0, 0.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5])
    v.dir_quit_rate = np.zeros(m.n)
    u = m.monthly("leave").uniforms(2)
    m.ledger.reset()
    cadres.month_leave(m)
    quits = u[0] < 1 - (1 - v.sec_quit_rate) ** (1 / 12)
    quits[:2] = False
    assert v.sec_present.tolist() == (~quits & (np.arange(m.n) != 1)).tolist()
    assert m.ledger.counts["quits"] == quits.sum() and m.ledger.counts["retirements"] == 1


# Directors leave at their own rates too; a 一肩挑 director post goes with the secretary.
# Breakages caught: directors never quitting (their rate ignored), quitting at the
# secretary's rate, staying at the retirement age.
def test_D10_directors_leave_at_their_rate_and_one_shoulder_follows() -> None:
    m = make(**{"county.retire_age": 60})
    v = m.v
    v.sec_present[:] = True
    v.sec_age[:] = 40.0
    v.sec_quit_rate = np.array([1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0])
    v.one_shoulder[:] = [True, True, False, False, False, False, False, False]
    v.dir_present[:] = True
    v.dir_age[:] = [40, 40, 40, 40, 40, 60.0, 59.99, 40]
    v.dir_quit_rate = np.array([0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0])
    cadres.month_leave(m)
    assert v.sec_present.tolist() == [False, True, True, True, False, True, True, True]
    assert v.dir_present.tolist() == [False, True, False, True, True, False, True, False]

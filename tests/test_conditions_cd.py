"""Condition tests for rules C1–C10 and D1–D10 (issue 10, item 7).

Each test runs one rule's hook (the function `cadresim.loop` lists for it, or the helper the
rules map names as holding part of its condition) on a tiny county whose arrays are
overwritten by hand, and pins the condition: the threshold and which side of it counts, who
is affected (and that the others are not), how much, and that the rule's switch turns it off.
Random draws are controlled with probabilities of 0 or 1, or re-created from the same
per-(rule, year) stream (`fresh`), so every expected value is exact.

The comment above each test names the deliberate breakages of the rule code (a comparison
inverted, a boundary moved, an effect dropped) that make it fail; each was tried.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from cadresim import CadreModel, Scenario
from cadresim.rng import Streams
from cadresim.rules import attention, cadres, elections, rotation
from cadresim.state import DEV, IMAGE, LEAD, MECH, MONTHS, NDIMS, T_ORG, T_SEC, TEAM

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


def fresh(m: CadreModel, rule: str) -> np.random.Generator:
    """A new copy of the stream `m.draws(rule)` gives in the model's current year (not yet
    advanced by anything the hook draws)."""
    return Streams(m.seed_seq).year(rule, m.year)


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
    m.streams = Streams(m.seed_seq)
    rotation.init_rotation(m)
    got = m.t.leader_term_left
    fresh_frac = Streams(m.seed_seq).year("C1", -1).random((2, 3))
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
    z = fresh(m, "A5").standard_normal(m.n)
    m.streams = Streams(m.seed_seq)
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

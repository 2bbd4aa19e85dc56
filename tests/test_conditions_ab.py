"""Condition tests for rules A1–A7, B1–B8, E1–E2 (issue 10, item 7).

Each test runs one rule's hook(s) on a tiny hand-built state (8–20 villages) and pins its
condition: the threshold and which side of it counts (values at the boundary and one ulp
either side), who is affected and who is not, how much, and that the rule's switch turns it
off. The comment above each test names the mutation of the rule code it was checked to catch
(the rule edited by hand, the test run, the edit reverted).

Random draws are controlled by probabilities of 0 or 1, or read from the same per-(rule,
year) stream the hook uses (`fresh`): the model is moved to year 1 (`make`), whose yearly
streams no hook has touched yet.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from cadresim.params import DEFAULTS
from cadresim.rng import Draws
from cadresim.rules import assessment, attention, dynamics, elections, pay, penalties, reporting, reserves
from cadresim.scenario import Scenario
from cadresim.sim import CadreModel
from cadresim.state import DEV, IMAGE, LEAD, MECH, MONTHS, NDIMS, T_MAYOR, T_ORG, T_SEC, TEAM

UP = np.inf
DOWN = -np.inf


def below(x: float) -> float:
    """The float just below `x`."""
    return float(np.nextafter(x, DOWN))


def above(x: float) -> float:
    """The float just above `x`."""
    return float(np.nextafter(x, UP))


def make(per_township: int = 4, townships: int = 2, **over: Any) -> CadreModel:
    """A model of `townships` townships of `per_township` villages each, one county, in year 1
    (its yearly streams unused). `over`: scenario overrides, '__' for '.'."""
    n = per_township * townships
    sc = Scenario().with_overrides({"county.villages": n, "county.townships": townships,
                                    "run.agent_handles": "none",
                                    **{k.replace("__", "."): x for k, x in over.items()}})
    m = CadreModel(sc, rng=1)
    m.month = MONTHS  # year 1
    m.v.township[:] = np.repeat(np.arange(townships), per_township)
    m.v.county[:] = 0
    m.t.n_villages[:] = per_township
    m.t.county[:] = 0
    return m


def set_sc(m: CadreModel, **over: Any) -> None:
    """Change scenario keys of a built model ('__' for '.')."""
    m.sc = m.sc.with_overrides({k.replace("__", "."): x for k, x in over.items()})


def fresh(m: CadreModel, rule: str) -> Draws:
    """The draws `m.draws(rule)` gives this year (keyed: the same numbers the hook will get)."""
    return m.draws(rule)


def good_village(m: CadreModel) -> None:
    """Every village well above every line, secretary present, nothing vacant or flagged."""
    v = m.v
    v.dims[:] = 0.9
    v.sec_present[:] = True
    v.sec_vacant_months[:] = 0
    v.weak_true[:] = False
    v.reported_weak[:] = False
    v.flagged[:] = False
    v.months_no_member[:] = 0
    v.conflicts_year[:] = 0


# ---------------------------------------------------------------------------------------- A1

# catches: `>=` → `>` in five_good (village 0 at the line), dropping `& v.sec_present`
# (village 2), dropping `& ~v.weak_true` (village 3)
def test_A1_five_good_needs_every_dimension_at_or_above_line() -> None:
    m = make()
    good_village(m)
    thr = m.sc["five_good.threshold"]
    v = m.v
    v.dims[0] = thr  # all exactly at the line: five-good
    v.dims[1, MECH] = below(thr)  # one dimension one ulp under: not
    v.dims[2] = thr
    v.sec_present[2] = False  # no secretary: not
    v.weak_true[3] = True  # weak: not
    v.dims[4] = above(thr)
    v.dims[5, DEV] = below(thr)
    assessment.five_good(m)
    assert v.five_good.tolist() == [True, False, False, False, True, False, True, True]


def _dims_targets(m: CadreModel) -> np.ndarray:
    """Run A1's monthly dims hook with no noise and no shocks; return each dimension's target
    (recovered from the step toward it)."""
    v = m.v
    v.attention[:] = 0.0
    v.help_fixed[:] = 0.0
    v.st_team[:] = 0
    v.difficulty[:] = 0.0
    v.dev_bonus[:] = 0.0
    v.team_bonus[:] = 0.0
    v.one_shoulder[:] = False
    v.dir_present[:] = False
    v.sec_present[:] = True
    v.sec_ability[:] = 0.5
    v.sec_effort[:] = 0.5
    v.sec_knowledge[:] = 1.0
    v.dims[:] = [0.2, 0.6, 0.6, 0.6, 0.6]
    before = v.dims.copy()
    dynamics.month_dims(m)
    return before + (v.dims - before) / m.sc["village.adjust_rate"]


# catches: A1's capacity not going to the dimensions below the aim (weights swapped, `max`
# dropped), and the off-switch (five_good.enabled) not switching to the fixed preference
@pytest.mark.parametrize("on", [True, False])
def test_A1_effort_to_dimensions_below_standard_only_when_on(on: bool) -> None:
    m = make(village__noise_sd=0.0, village__shock_rate=0.0, five_good__enabled=on)
    sc = m.sc
    target = _dims_targets(m)
    cap = 0.5 * 0.5 * 1.0 * NDIMS * sc["village.capacity_gain"]  # ability · effort · knowledge
    if on:
        aim = sc["five_good.threshold"] + sc["five_good.gap_margin"]
        w = np.maximum(aim - np.array([0.2, 0.6, 0.6, 0.6, 0.6]), sc["five_good.min_weight"])
        share = w / w.sum()
    else:
        dev = sc["five_good.off_development_share"]
        share = np.full(NDIMS, (1 - dev) / 4)
        share[DEV] = dev
    expect = np.clip(sc["village.base_target"] + cap * share, 0, 1)
    np.testing.assert_allclose(target, np.tile(expect, (m.n, 1)), rtol=0, atol=1e-12)
    # on: the weakest dimension gets the most; off: development gets the most
    assert np.argmax(target[0]) == (LEAD if on else DEV)


# ---------------------------------------------------------------------------------------- A2

# catches: `>=` → `>` in stars (all-at-line village loses its stars), a wrong star dimension
# (development one ulp under loses exactly one star), party building not the mean of
# leadership and team (mutmut: `/ 2` → `* 2`), the off-switch not keeping stars
def test_A2_one_star_per_star_dimension_at_or_above_line() -> None:
    # one common line, no floor at the weak line: the counting itself (the economic star's own
    # standard and the weak floor are pinned in tests/test_calib_structure.py)
    m = make(stars__weak_below_three=False, stars__dev_threshold=DEFAULTS["stars.threshold"])
    thr = m.sc["stars.threshold"]
    v = m.v
    v.dims[:] = 0.0
    v.dims[0] = thr  # five stars
    v.dims[1] = thr
    v.dims[1, DEV] = below(thr)  # four: development's star only
    v.dims[2] = thr
    v.dims[2, MECH] = below(thr)  # four: social development (mechanism)
    v.dims[3] = thr
    v.dims[3, IMAGE] = 0.0  # loses public satisfaction and harmony (leadership + image) → 3
    v.dims[4] = above(thr)
    v.dims[5, DEV] = 1.0  # only development → 1
    v.dims[7, [LEAD, TEAM]] = thr / 2  # party building is their mean: under the line → 0
    assessment.stars(m)
    assert v.stars.tolist() == [5, 4, 4, 3, 5, 1, 0, 0]
    m2 = make(stars__enabled=False)
    m2.v.stars[:] = 2
    m2.v.dims[:] = 1.0
    assessment.stars(m2)
    assert (m2.v.stars == 2).all()


# catches: performance pay not per star (e.g. dropped `* v.stars`), pay_per_star ignored, A2 off
# still paying stars
@pytest.mark.parametrize("on", [True, False])
def test_A2_performance_pay_per_star(on: bool) -> None:
    m = make(stars__enabled=on, pay__reward_pool_yuan=0.0)
    v = m.v
    v.stars[:] = np.arange(8) % 6
    pay.base_pay(m)
    base = v.sec_pay.copy()
    pay.structured_pay(m)
    extra = base * m.sc["stars.pay_per_star"] * v.stars if on else np.zeros(m.n)
    np.testing.assert_allclose(v.sec_pay - base, extra, rtol=1e-12, atol=0)
    assert (v.sec_pay[v.stars == 0] == base[v.stars == 0]).all()


# ---------------------------------------------------------------------------------------- A3

def _review_state(m: CadreModel) -> np.ndarray:
    """Secretaries whose judged performance rises with the village index; returns it."""
    v = m.v
    v.sec_present[:] = True
    v.dims[:] = 0.5
    v.sec_effort_year[:] = 0.5
    v.sec_ability[:] = np.linspace(0.1, 0.9, m.n)
    v.poor_reviews[:] = 0
    v.rectify_order[:] = False
    return assessment.review_performance(m)


# catches: `<` → `<=` against review.poor_threshold (village 3 at the line), a vacant post
# scored (village 0: NaN), the removal count off by one (remove_after), poor_reviews not reset
# after a good review, and the off-switch not clearing orders
def test_A3_poor_review_below_threshold_orders_rectification_then_removal() -> None:
    m = make(review__noise_sd=0.0)
    perf = _review_state(m)
    assert np.all(np.diff(perf) > 0)
    set_sc(m, review__poor_threshold=float(perf[3]))
    v = m.v
    v.sec_present[0] = False
    v.poor_reviews[2] = 1  # second poor review running → removed (remove_after = 2)
    v.poor_reviews[5] = 1  # a good review resets the count
    assessment.review(m)
    assert v.rectify_order.tolist() == [False, True, False, False, False, False, False, False]
    assert v.sec_present.tolist() == [False, True, False, True, True, True, True, True]
    assert v.poor_reviews.tolist() == [0, 1, 0, 0, 0, 0, 0, 0]
    assert np.isnan(v.review_score[0]) and v.review_score[3] == perf[3]
    assert m.ledger.counts["secretaries_removed"] == 1
    assert m.ledger.counts["rectification_orders"] == 1


# catches (mutmut): the judged performance not village_weight · the village's own mean
# dimension + (1 − village_weight) · ability · (effort_offset + effort)
def test_A3_reviewers_judge_village_and_own_work() -> None:
    m = make(review__village_weight=0.4, review__effort_offset=0.5)
    v = m.v
    v.dims[:] = np.linspace(0.2, 0.9, m.n)[:, None]
    v.sec_ability[:] = 0.8
    v.sec_effort_year[:] = 0.3
    np.testing.assert_allclose(assessment.review_performance(m), 0.4 * np.linspace(0.2, 0.9, m.n) + 0.6 * 0.8 * 0.8)


# catches: the score's noise not noise_sd / √participants (e.g. `sqrt` dropped), or not from
# stream A3
def test_A3_review_noise_scales_with_reviewers() -> None:
    m = make(review__participants=100)
    perf = _review_state(m)
    z = fresh(m, "A3").normals()
    assessment.review(m)
    np.testing.assert_allclose(m.v.review_score - perf, m.sc["review.noise_sd"] / 10 * z, rtol=1e-12, atol=1e-15)


# catches: the off-switch (review.enabled) still ordering or removing
def test_A3_off_orders_and_removes_no_one() -> None:
    m = make(review__enabled=False, review__noise_sd=0.0, review__poor_threshold=1.0)
    _review_state(m)
    m.v.poor_reviews[:] = 5
    m.v.rectify_order[:] = True
    assessment.review(m)
    assert not m.v.rectify_order.any() and m.v.sec_present.all()


# catches: the rectification order's effort not exactly review.pressure_effort, or given to
# secretaries without an order
def test_A3_rectification_order_adds_pressure_effort() -> None:
    m = make()
    v = m.v
    v.sec_effort_year[:] = 0.5
    v.rectify_order[:] = [True, False] * 4
    pay.rectification_effort(m)
    np.testing.assert_allclose(v.sec_effort_year, 0.5 + m.sc["review.pressure_effort"] * v.rectify_order)


# ---------------------------------------------------------------------------------------- A4

# catches: `<` → `<=` on weak.threshold (village 0 at the line), the leadership clause dropped
# (village 1), `>=` → `>` on weak.min_dims (village 3), `>` → `>=` on weak.vacancy_months
# (village 4 at the limit)
def test_A4_weak_by_leadership_two_dimensions_or_long_vacancy() -> None:
    m = make()
    good_village(m)
    thr = m.sc["weak.threshold"]
    lim = m.sc["weak.vacancy_months"]
    v = m.v
    v.dims[0] = thr  # every dimension at the line: not weak
    v.dims[1, LEAD] = below(thr)  # leadership under: weak
    v.dims[2, DEV] = below(thr)  # one other dimension under: not weak
    v.dims[3, [DEV, IMAGE]] = below(thr)  # two under: weak
    v.sec_vacant_months[4] = lim  # vacant exactly the limit: not weak
    v.sec_vacant_months[5] = lim + 1  # over: weak
    v.dims[6, [TEAM, MECH, DEV, IMAGE]] = thr
    assessment.classify(m)
    assert v.weak_true.tolist() == [False, True, False, True, False, True, False, False]


# catches: rectification help not weak.rectify_help, going to visible dimensions or untracked
# villages, or given with weak.enabled off
@pytest.mark.parametrize("on", [True, False])
def test_A4_rectification_help_to_tracked_villages(on: bool) -> None:
    m = make(weak__enabled=on)
    attention.start_plan(m)
    m.v.tracked_years[:] = [0, 1, 2, 0, 0, 0, 0, 1]
    attention.rectification(m)
    h = m.sc["weak.rectify_help"] if on else 0.0
    expect = np.zeros((m.n, NDIMS))
    expect[np.ix_([1, 2, 7], [LEAD, TEAM, MECH])] = h
    assert (m.v.help_fixed == expect).all()


# ---------------------------------------------------------------------------------------- A5

def _seen(m: CadreModel) -> None:
    """Township villages seen in rising order (village 0 of each township the most backward)."""
    m.v.perceived_score[:] = np.tile([0.3, 0.4, 0.5, 0.6], m.m)
    m.v.dims[:] = 0.6
    m.v.sec_present[:] = True
    m.v.sec_effort_year[:] = 0.5
    attention.start_plan(m)


# catches: `<` → `<=` on the backward third (village 1, percentile 1/3, becomes backward),
# `>=` → `>` on the advanced third (village 2, percentile 2/3, becomes middle), weights swapped
# between the groups, the higher standard missing or given to others
def test_A5_classified_guidance_thirds_and_weights() -> None:
    m = make()
    _seen(m)
    sc = m.sc
    m.v.dims[1] = [0.4, 0.7, 0.5, 0.8, 0.6]
    attention.guidance(m)
    b, mid, adv = (sc[f"guidance.weight_{k}"] for k in ("backward", "middle", "advanced"))
    assert m.v.weights.tolist() == [b, mid, adv, adv] * 2
    extra = sc["guidance.advanced_effort"]
    np.testing.assert_allclose(m.v.sec_effort_year, [0.5, 0.5, 0.5 + extra, 0.5 + extra] * 2)
    # the middle village's help goes to the dimensions nearest below the aim (mean split 1)
    aim = sc["five_good.threshold"] + sc["five_good.gap_margin"]
    gap = np.maximum(aim - m.v.dims[1], sc["five_good.min_weight"])
    np.testing.assert_allclose(m.v.dim_split[1], NDIMS * gap / gap.sum())
    assert m.v.dim_split[1, LEAD] > m.v.dim_split[1, DEV]
    assert (m.v.dim_split[[0, 2, 3]] == 1).all()


# catches: inverting worst_first (best village weighted most), a wrong power or floor
def test_A5_worst_first_weights() -> None:
    m = make(attention__policy="worst_first")
    _seen(m)
    attention.guidance(m)
    pct = np.array([0, 1 / 3, 2 / 3, 1])
    expect = (1 - pct) ** m.sc["attention.worst_power"] + m.sc["attention.worst_floor"]
    np.testing.assert_allclose(m.v.weights, np.tile(expect, 2))
    assert m.v.weights[0] > m.v.weights[3]


# catches: the off value ('uniform') still weighting, splitting or adding effort
def test_A5_uniform_is_off() -> None:
    m = make(attention__policy="uniform")
    _seen(m)
    attention.guidance(m)
    assert (m.v.weights == 1).all() and (m.v.dim_split == 1).all() and (m.v.sec_effort_year == 0.5).all()


# catches: perception error not scaled by (1 − knowledge) or perception_sd, not from stream A5
def test_A5_perception_error_grows_without_knowledge() -> None:
    m = make()
    m.t.leader_knowledge[0] = 1.0
    m.t.leader_knowledge[1] = 0.0
    z = fresh(m, "A5").normals()
    attention.perceive(m)
    err = m.v.perceived_score - m.v.dims.mean(axis=1)
    assert (err[:4] == 0).all()
    np.testing.assert_allclose(err[4:], m.sc["attention.perception_sd"] * z[4:], rtol=1e-12)


# catches: distribute creating or losing help (a township's total is budget × villages ×
# pool share + contact help), or help not in proportion to the weights
def test_A5_distribute_splits_the_township_total_by_weight() -> None:
    m = make()
    attention.start_plan(m)
    m.t.budget = np.array([1.0, 2.0])
    m.v.weights = np.array([1.0, 1.0, 2.0, 4.0, 1.0, 0.0, 0.0, 3.0])
    attention.distribute(m)
    per = m.v.attention.mean(axis=1)
    np.testing.assert_allclose(per, [0.5, 0.5, 1.0, 2.0, 2.0, 0.0, 0.0, 6.0])


# ---------------------------------------------------------------------------------------- A6

def _audit_state(m: CadreModel) -> float:
    line = m.sc["audit.integrity_line"]
    m.v.sec_present[:] = True
    m.v.sec_integrity[:] = [line, below(line), 0.0, 1.0, below(line), 0.1, line, 0.2]
    m.v.sec_present[4] = False
    return line


# catches: `<` → `<=` on audit.integrity_line (village 0 at the line kept), a vacant post
# audited (counted as removed), the audit outside the term-end year (C4 election year), the off-switch
@pytest.mark.parametrize("year, on, removed", [
    (2, True, [False, True, True, False, False, True, False, True]),  # (2 + 1) % 3 == 0: term end
    (1, True, [False] * 8),  # not a term-end year
    (2, False, [False] * 8),  # audit.enabled off
])
def test_A6_term_end_audit_removes_below_integrity_line(year: int, on: bool, removed: list[bool]) -> None:
    m = make(audit__detect_prob=1.0, audit__enabled=on, election__term_years=3)
    m.month = year * MONTHS
    _audit_state(m)
    present = m.v.sec_present.copy()
    elections.term_end_audit(m)
    assert (present & ~m.v.sec_present).tolist() == removed
    assert m.ledger.counts.get("audit_removed", 0) == sum(removed)  # a vacant post is not counted


# catches: `u < detect_prob` inverted or `<=` (mutmut), the draw not from stream A6
def test_A6_audit_finds_with_detect_prob() -> None:
    m = make(audit__detect_prob=0.5)
    m.v.sec_present[:] = True
    m.v.sec_integrity[:] = 0.0
    u = fresh(m, "A6").uniforms()
    assessment.audit(m)
    assert (~m.v.sec_present == (u < 0.5)).all()
    assert 0 < (u < 0.5).sum() < m.n
    m2 = make(audit__detect_prob=float(u[3]))  # a draw equal to the chance does not find
    m2.v.sec_present[:] = True
    m2.v.sec_integrity[:] = 0.0
    assessment.audit(m2)
    assert (~m2.v.sec_present == (u < u[3])).all() and m2.v.sec_present[3]


# catches: the deterrence of audits on scandals missing, or kept with the rule off
@pytest.mark.parametrize("on", [True, False])
def test_A6_audits_deter_scandals(on: bool) -> None:
    sc = Scenario().with_overrides({"audit.enabled": on})
    base = sc["village.shock_rate"] * sc["village.scandal_factor"]
    assert dynamics.dims_coef(sc).scandal_rate == pytest.approx(base * (1 - sc["audit.deterrence"]) if on else base)


# ---------------------------------------------------------------------------------------- A7

def _flag_state(m: CadreModel) -> None:
    good_village(m)
    m.v.reported_score[:] = np.linspace(0.8, 0.1, m.n)  # village 7 lowest
    m.v.tracked_years[:] = 0


# catches: `<` → `<=` on the quota rank (3 flagged instead of 2), quota ranking the top
# instead of the bottom, k not round(quota · villages)
def test_A7_quota_flags_the_bottom_share() -> None:
    # calls flag() again on the same state: the pass over villages already in rectification
    # (pinned in tests/test_calib_structure.py) is off here
    m = make(flagging__quota=0.25, flagging__triggers=False, flagging__quota_skips_tracked=False)
    _flag_state(m)
    assessment.flag(m)
    assert m.v.flagged.nonzero()[0].tolist() == [6, 7]
    set_sc(m, flagging__quota=0.3)  # round(2.4) = 2
    assessment.flag(m)
    assert m.v.flagged.sum() == 2
    set_sc(m, flagging__quota=0.32)  # round(2.56) = 3
    assessment.flag(m)
    assert m.v.flagged.nonzero()[0].tolist() == [5, 6, 7]


# catches, each trigger: `>` → `>=` on trigger_vacancy_months (village 0 at the limit),
# `<` → `<=` on satisfaction (village 2 at 60%), `>=` → `>` on no-member years (village 5
# at exactly 2 years) and on incidents (village 7 at exactly 3), the last-in-county trigger
@pytest.mark.parametrize("last", [True, False])
def test_A7_triggers_flag_at_their_lines(last: bool) -> None:
    m = make(flagging__quota=0.0, flagging__satisfaction_offset=0.0, flagging__trigger_last=last)
    _flag_state(m)
    sc = m.sc
    v = m.v
    v.reported_score[:] = 0.8
    v.reported_score[6] = 0.7  # last in the county
    v.sec_vacant_months[0] = sc["flagging.trigger_vacancy_months"]  # at the limit: no
    v.sec_vacant_months[1] = sc["flagging.trigger_vacancy_months"] + 1  # over: yes
    v.dims[2, IMAGE] = sc["flagging.trigger_satisfaction"]  # satisfaction exactly 60%: no
    v.dims[3, IMAGE] = below(sc["flagging.trigger_satisfaction"])  # under: yes
    v.months_no_member[4] = MONTHS * sc["flagging.trigger_no_member_years"] - 1  # no
    v.months_no_member[5] = MONTHS * sc["flagging.trigger_no_member_years"]  # yes
    v.conflicts_year[7] = sc["flagging.trigger_incidents"]  # yes
    v.conflicts_year[0] = sc["flagging.trigger_incidents"] - 1  # no
    assessment.flag(m)
    assert v.flagged.tolist() == [False, True, False, True, False, True, last, True]
    assert v.tracked_years.tolist() == [sc["flagging.track_years"] + 1 if f else 0 for f in v.flagged]


# catches: the satisfaction offset not added (survey result = image + offset), not clipped at 0
def test_A7_satisfaction_is_image_plus_offset() -> None:
    sc = Scenario().with_overrides({"flagging.satisfaction_offset": 0.25})
    dims = np.zeros((3, NDIMS))
    dims[:, IMAGE] = [0.0, 0.5, 0.9]
    np.testing.assert_allclose(assessment.satisfaction(sc, dims), [0.25, 0.75, 1.0])
    low = Scenario().with_overrides({"flagging.satisfaction_offset": -0.5})
    np.testing.assert_allclose(assessment.satisfaction(low, dims), [0.0, 0.0, 0.4])


# catches (mutmut): triggers replacing the quota instead of adding to it
def test_A7_quota_and_triggers_together() -> None:
    m = make(flagging__quota=0.25, flagging__trigger_last=False)
    _flag_state(m)
    m.v.sec_vacant_months[0] = 100
    assessment.flag(m)
    assert m.v.flagged.nonzero()[0].tolist() == [0, 6, 7]


# catches: the off-switch (flagging.enabled) still using the quota/triggers instead of the
# villages weak on the reports; tracking not counting down
def test_A7_off_flags_reported_weak_and_tracking_counts_down() -> None:
    m = make(flagging__enabled=False)
    _flag_state(m)
    m.v.reported_weak[[1, 4]] = True
    m.v.sec_vacant_months[2] = 100
    m.v.tracked_years[:] = [0, 0, 3, 1, 0, 0, 0, 0]
    assessment.flag(m)
    assert m.v.flagged.nonzero()[0].tolist() == [1, 4]
    k = m.sc["flagging.track_years"] + 1
    assert m.v.tracked_years.tolist() == [0, k, 2, 0, k, 0, 0, 0]


# ---------------------------------------------------------------------------------------- B1

def _judge(m: CadreModel, weak: list[int]) -> None:
    """Township j has weak[j] of its 10 villages seen weak (flagged or weak on the reports)."""
    v, t = m.v, m.t
    good_village(m)
    for j, k in enumerate(weak):
        idx = np.flatnonzero(v.township == j)[:k]
        v.reported_weak[idx[: k // 2]] = True  # half seen through the reports (E1) …
        v.flagged[idx[k // 2:]] = True  # … half flagged (A7): both count
    t.sanction[:] = 0
    t.adjust_now[:] = False
    t.penalty_level[:] = 0
    t.criticised_last[:] = False
    t.prev_flag_share[:] = 0.0
    t.years_since_adjust[:] = 99


def make10(townships: int = 2, **over: Any) -> CadreModel:
    return make(per_township=10, townships=townships, **over)


# catches: `>=` → `>` on penalties.criticise_share (a share of exactly 10% criticised), the
# line moved up by an ulp must spare it, the share counting only flagged or only reported
# villages, the off-switch
@pytest.mark.parametrize("line, on, expect", [
    (0.10, True, [1, 0]),
    (above(0.10), True, [0, 0]),
    (0.10, False, [0, 0]),
])
def test_B1_criticised_from_10_percent(line: float, on: bool, expect: list[int]) -> None:
    m = make10(penalties__criticise_share=line, penalties__enabled=on)
    _judge(m, [1, 0])  # township 0: 1 of 10 seen weak = 10%; township 1: 0
    penalties.criticise(m)
    assert m.t.sanction.tolist() == expect
    assert m.t.criticised_last.tolist() == ([e == 1 for e in expect] if on else [False, False])
    m2 = make10()
    _judge(m2, [2, 0])
    m2.v.reported_weak[:] = False  # only the flagged one counts now: 10%
    penalties.criticise(m2)
    assert m2.t.sanction.tolist() == [1, 0]
    assert m2.t.prev_flag_share.tolist() == [0.1, 0.0]


# catches: the repeat condition `share >= prev` → `>` (not better = equal counts), a warning
# given when the share improved or to a township already warned (mutmut: `< 2` → `<= 2`,
# counted in the ledger), the warning talk (2) overwritten by a criticism (1)
@pytest.mark.parametrize("prev, expect", [(0.2, 2), (above(0.2), 1), (0.1, 2)])
def test_B1_warning_talk_when_criticised_again_and_not_better(prev: float, expect: int) -> None:
    m = make10()
    _judge(m, [2, 2])
    m.t.criticised_last[:] = [True, False]
    m.t.prev_flag_share[:] = prev
    penalties.criticise(m)
    assert m.t.sanction.tolist() == [expect, 1]
    assert not m.t.adjust_now.any()
    assert (m.ledger.counts["criticised"], m.ledger.counts["warning_talk"]) == (2, expect - 1)
    m.ledger.reset()
    m.t.penalty_level[:] = 2  # already warned: adjusted, not warned again
    m.t.criticised_last[:] = True
    penalties.criticise(m)
    assert m.ledger.counts["warning_talk"] == 0
    m.t.sanction[:] = 2  # e.g. E1 caught a misreport: criticism must not lower it
    m.t.criticised_last[:] = False
    penalties.criticise(m)
    assert m.t.sanction.tolist() == [2, 2]


# catches: adjustment after a warning not of the whole committee (secretary, mayor,
# organisation member), not only after a warning (penalty_level ≥ 2), given in the grace
# years or with penalties.adjust off
@pytest.mark.parametrize("level, since, adjust, expect", [
    (2, 99, True, True), (1, 99, True, False), (2, 0, True, False), (2, 99, False, False)])
def test_B1_adjustment_after_warning_not_better(level: int, since: int, adjust: bool, expect: bool) -> None:
    m = make10(penalties__adjust=adjust)
    _judge(m, [2, 2])
    m.t.criticised_last[:] = True
    m.t.prev_flag_share[:] = 0.2
    m.t.penalty_level[:] = [level, 0]
    m.t.years_since_adjust[:] = since
    penalties.criticise(m)
    assert m.t.adjust_now[0].tolist() == [expect] * 3
    assert not m.t.adjust_now[1].any()


# catches: penalty pressure not closing exactly pressure_attention of the effort gap, or
# pushing unpenalised townships, or with penalties off; the effort ceiling passed
@pytest.mark.parametrize("on", [True, False])
def test_B1_pressure_closes_share_of_effort_gap(on: bool) -> None:
    m = make(penalties__enabled=on, reporting__falsify_cost=0.0)
    attention.start_plan(m)
    m.t.penalty_level[:] = [1, 0]
    m.t.capacity = np.array([2.0, 2.0])
    m.t.falsify = np.zeros(2)
    attention.push_pressure(m)
    s = m.sc["penalties.pressure_attention"] if on else 0.0
    np.testing.assert_allclose(m.t.push, [s, 0.0], rtol=1e-12)
    attention.effort(m)
    base, top = m.sc["township.effort_base"], m.sc["township.effort_max"]
    np.testing.assert_allclose(m.t.effort, [base + (top - base) * s, base])
    m.t.push[:] = 1.0
    attention.effort(m)
    assert (m.t.effort == top).all()


# catches: near-line bounds `>=` → `>` at line − near_line_below, `<` → `<=` at line +
# near_line_band, near/far weights swapped
def test_B1_near_line_weights_at_the_band_edges() -> None:
    m = make()
    sc = m.sc
    line = sc["weak.threshold"]
    lo, hi = line - sc["attention.near_line_below"], line + sc["attention.near_line_band"]
    m.v.perceived_margin[:] = [below(lo), lo, line, below(hi), hi, 0.9, 0.0, line]  # the A4 margin as seen
    near, far = sc["attention.near_weight"], sc["attention.far_weight"]
    assert attention.threshold_weights(m).tolist() == [far, near, near, near, far, far, far, near]


# catches: the near-line pull given to unpenalised townships, not pull_share of the weight,
# or with penalties off
@pytest.mark.parametrize("on", [True, False])
def test_B1_penalised_township_pulls_attention_near_the_line(on: bool) -> None:
    m = make(penalties__enabled=on)
    attention.start_plan(m)
    line = m.sc["weak.threshold"]
    m.v.perceived_margin[:] = [line, 0.9, line, 0.9] * 2
    m.t.penalty_level[:] = [2, 0]
    attention.pull_near_line(m)
    mix = m.sc["penalties.pull_share"] if on else 0.0
    tw = attention.threshold_weights(m)
    assert tw[:4].tolist() == [m.sc["attention.near_weight"], m.sc["attention.far_weight"]] * 2
    np.testing.assert_allclose(m.v.weights[:4], (1 - mix) + mix * tw[:4])
    assert (m.v.weights[4:] == 1).all()


# ---------------------------------------------------------------------------------------- B2

# catches: `>` → `>=` on penalties.adjust_share (exactly 20% adjusted), adjustment not of
# all three committee posts, given in the grace years (mutmut: `>=` → `>` on grace_years),
# an earlier rule's marks overwritten (mutmut: `|=` → `=`), either off-switch ignored
@pytest.mark.parametrize("weak, since, over, expect", [
    (3, 99, {}, True),
    (2, 99, {}, False),
    (3, 0, {}, False),
    (3, 1, {}, True),  # grace_years = 1: adjusted again from the first year after
    (3, 99, {"penalties__adjust": False}, False),
    (3, 99, {"penalties__enabled": False}, False),
])
def test_B2_adjusted_above_20_percent(weak: int, since: int, over: dict[str, Any], expect: bool) -> None:
    m = make10(**over)
    _judge(m, [weak, 1])
    m.t.years_since_adjust[:] = since
    m.t.adjust_now[1, T_MAYOR] = True  # marked by an earlier rule: stays marked
    penalties.adjust(m)
    assert m.t.adjust_now[0].tolist() == [expect] * 3
    assert m.t.adjust_now[1].tolist() == [False, True, False]


# catches: the threat of adjustment not closing adjust_threat of the remaining gap, pushing
# unpenalised townships, or acting with B2 off
@pytest.mark.parametrize("adjust", [True, False])
def test_B2_threat_closes_more_of_the_gap(adjust: bool) -> None:
    m = make(penalties__adjust=adjust)
    attention.start_plan(m)
    m.t.penalty_level[:] = [1, 0]
    attention.push_pressure(m)
    attention.push_threat(m)
    a, b = m.sc["penalties.pressure_attention"], m.sc["penalties.adjust_threat"] if adjust else 0.0
    np.testing.assert_allclose(m.t.push, [1 - (1 - a) * (1 - b), 0.0])


# catches: carry_out not making this year's sanction next year's level, not replacing exactly
# the marked posts, not resetting an adjusted township's record (level, criticism, B4 streak)
def test_B2_carry_out_replaces_marked_posts_and_resets_record() -> None:
    m = make()
    t = m.t
    t.sanction[:] = [2, 1]
    t.penalty_level[:] = [0, 2]  # last year's level does not carry over
    t.adjust_now[:] = False
    t.adjust_now[0, [T_SEC, T_ORG]] = True
    t.criticised_last[:] = True
    t.last_streak[:] = 3
    t.years_since_adjust[:] = 5
    t.leader_tenure[:] = 50
    penalties.carry_out(m)
    assert t.penalty_level.tolist() == [0, 1]
    assert t.leader_tenure.tolist() == [[0, 50, 0], [50, 50, 50]]
    assert t.criticised_last.tolist() == [False, True] and t.last_streak.tolist() == [0, 3]
    assert t.years_since_adjust.tolist() == [0, 6]
    assert (m.ledger.counts["adjusted"], m.ledger.counts["leader_rotations"]) == (1, 2)


# ---------------------------------------------------------------------------------------- B3

# catches: `>` → `>=` on leaderless.months (exactly 12 months does not block), blocking the
# wrong township, the off-switch
@pytest.mark.parametrize("months, on, expect", [(13, True, [False, True]), (12, True, [False, False]),
                                                (13, False, [False, False])])
def test_B3_leaderless_over_a_year_blocks_excellent(months: int, on: bool, expect: list[bool]) -> None:
    m = make(leaderless__enabled=on)
    m.v.sec_vacant_months[:] = 0
    m.v.sec_vacant_months[1] = 12
    m.v.sec_vacant_months[6] = months
    penalties.leaderless(m)
    assert m.t.excellent_blocked.tolist() == expect and m.t.excellent_blocked.dtype == bool
    assert m.ledger.counts.get("excellent_blocked", 0) == sum(expect)


# catches: the push to fill not starting at leaderless.months − lead_months (`>=` → `>` in
# the kernel or the lead ignored), not fill_push, or acting with B3 off
@pytest.mark.parametrize("on", [True, False])
def test_B3_township_pushes_to_fill_before_the_year(on: bool) -> None:
    m = make(leaderless__enabled=on, leaderless__fill_push=1.0, reserve__enabled=False,
             reserve__outside_fill_prob=0.0, reports__county_fill_prob=0.0)
    near = m.sc["leaderless.months"] - m.sc["leaderless.lead_months"]
    v = m.v
    v.sec_present[:] = True
    v.sec_present[[1, 2, 5]] = False
    v.sec_vacant_months[:] = 0
    v.sec_vacant_months[1] = near - 1  # reaches `near` this month: pushed
    v.sec_vacant_months[2] = near - 2  # one month short
    v.sec_vacant_months[5] = 30
    reserves.month_fill(m)
    assert (~v.sec_present).nonzero()[0].tolist() == ([2] if on else [1, 2, 5])
    p = reserves.fill_thresholds(m)
    o = m.sc["reserve.outside_fill_prob"]
    assert p[1] == (1 - (1 - o) * (1 - 1.0) if on else p[0])


# catches: a blocked township still earning the B4 merit or the D8 prospect
def test_B3_blocked_township_gets_no_merit_or_step_prospect() -> None:
    m = make(ranking__promote_prob=0.0)
    m.v.reported_score[:] = [0.5] * 4 + [0.9] * 4
    m.t.prev_score[:] = 0.5
    m.t.merits[:] = 0
    m.t.excellent_blocked = np.array([False, True])
    penalties.ranking(m)
    assert m.t.merits.tolist() == [0, 0]
    attention.start_plan(m)
    attention.push_step(m)
    np.testing.assert_allclose(m.t.push, [m.sc["township_pay.effort"], 0.0], rtol=1e-12)


# ---------------------------------------------------------------------------------------- B4

def _rank_state(m: CadreModel, level: list[float], prev: list[float]) -> None:
    m.v.reported_score[:] = np.repeat(level, m.n // m.m)
    m.t.prev_score[:] = prev
    m.t.merits[:] = 0
    m.t.last_streak[:] = 0
    m.t.sanction[:] = 0
    m.t.adjust_now[:] = False
    m.t.years_since_adjust[:] = 99
    m.t.excellent_blocked = np.zeros(m.m, dtype=bool)


# catches: ranking by the raw level with target_by_base on (or by progress with it off),
# merit to the bottom instead of the top, the last not criticised, a middle township touched
@pytest.mark.parametrize("by_base", [True, False])
def test_B4_ranked_by_progress_on_own_base(by_base: bool) -> None:
    m = make(per_township=3, townships=3, ranking__promote_prob=0.0, ranking__target_by_base=by_base)
    # township 0 high but falling, 1 middling, 2 low but rising most
    _rank_state(m, [0.8, 0.6, 0.4], [0.9, 0.6, 0.2])
    penalties.ranking(m)
    top, last = (2, 0) if by_base else (0, 2)
    assert m.t.merits.tolist() == [int(j == top) for j in range(3)]
    assert m.t.sanction.tolist() == [int(j == last) for j in range(3)]
    assert m.t.last_streak.tolist() == [int(j == last) for j in range(3)]
    np.testing.assert_allclose(m.t.prev_score, [0.8, 0.6, 0.4])
    assert (m.ledger.counts["merit"], m.ledger.counts["criticised"]) == (1, 1)


# catches (mutmut): a township with no last year's score (first year) not scored 0 progress;
# merits not accumulating
def test_B4_first_year_progress_is_zero() -> None:
    m = make(ranking__promote_prob=0.0)
    _rank_state(m, [0.9, 0.5], [np.nan, 0.1])  # township 0 new: 0; township 1 rose 0.4
    m.t.merits[:] = [3, 3]
    penalties.ranking(m)
    assert m.t.merits.tolist() == [3, 4]
    assert m.t.sanction.tolist() == [1, 0]


# catches: the escalation off by a year (last two running → warning talk, three → the main
# leaders), the organisation member adjusted by B4, the streak not reset by a better place
@pytest.mark.parametrize("streak, sanction, adjusted", [(0, 1, False), (1, 2, False), (2, 2, True)])
def test_B4_last_place_escalates(streak: int, sanction: int, adjusted: bool) -> None:
    m = make(ranking__promote_prob=0.0, ranking__target_by_base=False)
    _rank_state(m, [0.3, 0.7], [0.3, 0.7])
    m.t.last_streak[:] = [streak, 4]
    penalties.ranking(m)
    assert m.t.last_streak.tolist() == [streak + 1, 0]
    assert m.t.sanction.tolist() == [sanction, 0]
    assert (m.ledger.counts["criticised"], m.ledger.counts["warning_talk"]) == (int(streak == 0), int(streak == 1))
    assert m.t.adjust_now[0].tolist() == [adjusted, adjusted, False]
    assert not m.t.adjust_now[1].any()


# catches: promotion not by ranking.promote_prob per post (`u <` inverted, `<=` or dropped:
# mutmut), the draw not from stream B4, promotions not counted, the organisation member promoted, a lone township (its county of one) ranked
def test_B4_merit_and_promotion_of_top_main_leaders() -> None:
    m = make(per_township=3, townships=3, ranking__promote_prob=0.5, ranking__target_by_base=False)
    _rank_state(m, [0.5, 0.9, 0.1], [0.0, 0.0, 0.0])
    m.t.county[:] = [0, 0, 1]  # township 2 alone in its county: not ranked
    m.t.leader_tenure[:] = 50
    u = fresh(m, "B4").uniforms(2, unit="township")
    penalties.ranking(m)
    assert m.t.merits.tolist() == [0, 1, 0]
    assert m.t.sanction.tolist() == [1, 0, 0]
    assert (m.t.leader_tenure[1, :2] == 0).tolist() == (u[:, 1] < 0.5).tolist()
    assert m.t.leader_tenure[1, T_ORG] == 50 and (m.t.leader_tenure[[0, 2]] == 50).all()
    assert m.ledger.counts.get("promotions", 0) == (u[:, 1] < 0.5).sum()
    for prob in (float(u[0, 1]), float(u[1, 1]), 1.0):  # a draw equal to the chance does not promote
        m = make(per_township=3, townships=3, ranking__promote_prob=prob, ranking__target_by_base=False)
        _rank_state(m, [0.5, 0.9, 0.1], [0.0, 0.0, 0.0])
        m.t.leader_tenure[:] = 50
        penalties.ranking(m)
        promoted = u[:, 1] < prob
        assert (m.t.leader_tenure[1, :2] == 0).tolist() == promoted.tolist()
        assert m.ledger.counts.get("promotions", 0) == m.ledger.counts.get("leader_rotations", 0) == promoted.sum()
    assert promoted.all()


# catches: the off-switch (ranking.enabled) still giving merits or sanctions; the tournament
# push given with the rule off or to a township alone in its county
@pytest.mark.parametrize("on", [True, False])
def test_B4_off_and_tournament_effort(on: bool) -> None:
    m = make(per_township=3, townships=3, ranking__enabled=on, ranking__promote_prob=0.0)
    _rank_state(m, [0.5, 0.9, 0.1], [0.5, 0.5, 0.5])
    m.t.county[:] = [0, 0, 1]
    penalties.ranking(m)
    assert (m.t.merits.sum(), m.t.sanction.sum()) == ((1, 1) if on else (0, 0))
    attention.start_plan(m)
    attention.push_tournament(m)
    c = m.sc["ranking.competition_effort"] if on else 0.0
    np.testing.assert_allclose(m.t.push, [c, c, 0.0], rtol=1e-12)


# ---------------------------------------------------------------------------------------- B5

# catches: `>=` → `>` on evaluation.incompetent_share (a unanimous vote at a line of 1 warns),
# the vote probability not falling with ability × knowledge (knowledge_weight), the off-switch
@pytest.mark.parametrize("kw, on, expect", [(1.0, True, [2, 0, 2]), (0.0, True, [2, 0, 0]),
                                            (1.0, False, [0, 0, 0])])
def test_B5_incompetent_votes_at_share_warn(kw: float, on: bool, expect: list[int]) -> None:
    m = make(per_township=3, townships=3, evaluation__enabled=on, evaluation__incompetent_base=1.0,
             evaluation__incompetent_slope=1.0, evaluation__p_min=0.0, evaluation__p_max=1.0,
             evaluation__knowledge_weight=kw, evaluation__incompetent_share=1.0)
    m.t.sanction[:] = 0
    m.t.leader_ability[:] = [[0.0] * 3, [1.0] * 3, [1.0] * 3]
    m.t.leader_knowledge[:] = [[1.0] * 3, [1.0] * 3, [0.0] * 3]
    penalties.evaluation(m)
    assert m.t.sanction.tolist() == expect


# catches (mutmut): the vote probability not clipped to [p_min, p_max]
@pytest.mark.parametrize("p, ability, expect", [(0.0, 0.0, 0), (1.0, 1.0, 2)])
def test_B5_vote_probability_clipped(p: float, ability: float, expect: int) -> None:
    m = make(evaluation__incompetent_base=1.0, evaluation__incompetent_slope=1.0, evaluation__p_min=p,
             evaluation__p_max=p, evaluation__knowledge_weight=0.0)
    m.t.sanction[:] = 0
    m.t.leader_ability[:] = ability  # unclipped p: 1 − ability, the opposite of the clipped one
    penalties.evaluation(m)
    assert m.t.sanction.tolist() == [expect] * 2
    assert m.ledger.counts["warning_talk"] == expect


# catches: the vote count not binom quantile of stream B5's uniform at p = clip(base − slope · q)
# over the voters (mutmut: `/ voters` → `* voters`),
# and with the rule off nothing is sanctioned
def test_B5_votes_drawn_from_own_stream_even_when_off() -> None:
    m = make(per_township=1, townships=40, evaluation__incompetent_share=0.5, evaluation__voters=10)
    m.t.sanction[:] = 0
    m.t.leader_ability[:] = 0.5
    m.t.leader_knowledge[:] = 1.0
    u = fresh(m, "B5").uniforms(unit="township")
    penalties.evaluation(m)
    p = m.sc["evaluation.incompetent_base"] - m.sc["evaluation.incompetent_slope"] * 0.5
    from scipy.stats import binom
    votes = binom.ppf(u, 10, p)
    assert ((votes >= 1) & (votes < 5)).any() and (votes >= 5).any()  # both sides of the line occur
    assert m.t.sanction.tolist() == [2 if x >= 5 else 0 for x in votes]
    off = make(evaluation__enabled=False)
    penalties.evaluation(off)
    assert not off.t.sanction.any()  # (keyed draws: whether a rule draws cannot move another rule's numbers)


# ---------------------------------------------------------------------------------------- B6

# catches: `>=` → `>` on rating.five_good_share (exactly 3 of 4 five-good commended), the
# rating held in the wrong years ((year + 1) % every_years), the off-switch, the countdown
@pytest.mark.parametrize("year, line, on, expect", [
    (1, 0.75, True, [2, 0]),
    (1, above(0.75), True, [0, 0]),
    (2, 0.75, True, [0, 0]),  # not a rating year
    (1, 0.75, False, [0, 0]),
    (0, 0.75, True, [0, 0]),  # year 0 of 2: (0 + 1) % 2 ≠ 0
])
def test_B6_commended_at_five_good_share_every_two_years(year: int, line: float, on: bool, expect: list[int]) -> None:
    m = make(rating__five_good_share=line, rating__enabled=on)
    m.month = year * MONTHS
    m.v.five_good[:] = [True, True, True, False, True, True, False, False]
    m.t.commended_years[:] = 0
    penalties.rating(m)
    assert m.t.commended_years.tolist() == expect
    assert m.ledger.counts.get("commended", 0) == sum(e > 0 for e in expect)
    m.t.commended_years[:] = [1, 2]
    m.month = 2 * MONTHS
    penalties.rating(m)
    assert m.t.commended_years.tolist() == [0, 1]


# catches (mutmut): the rating year not (year + 1) % every_years == 0 (e.g. year − 1, which
# every_years = 2 cannot tell apart)
def test_B6_rating_every_three_years() -> None:
    m = make(rating__every_years=3, rating__five_good_share=0.5)
    m.v.five_good[:] = True
    rated = []
    for year in range(6):
        m.month = year * MONTHS
        m.t.commended_years[:] = 0
        penalties.rating(m)
        rated.append(int(m.t.commended_years[0]))
    assert rated == [0, 0, 3, 0, 0, 3]


# catches: commendation effort not morale_effort, given to uncommended townships or with B6 off
@pytest.mark.parametrize("on", [True, False])
def test_B6_commendation_effort(on: bool) -> None:
    m = make(rating__enabled=on)
    attention.start_plan(m)
    m.t.commended_years[:] = [0, 1]
    attention.push_commendation(m)
    np.testing.assert_allclose(m.t.push, [0.0, m.sc["rating.morale_effort"] if on else 0.0], rtol=1e-12)


# ---------------------------------------------------------------------------------------- B7

# catches: the contact month not in the village seen most backward, not secretary_share ·
# months / 12 of the township's total, the other leaders' villages wrong, contact help
# created outside the township's stock (the total must not change), the off-switch
@pytest.mark.parametrize("on", [True, False])
def test_B7_secretary_month_in_most_backward_village_from_own_stock(on: bool) -> None:
    m = make(contact__enabled=on)
    attention.start_plan(m)
    sc = m.sc
    m.t.budget = np.array([1.0, 2.0])
    m.v.perceived_score[:] = [0.5, 0.2, 0.6, 0.3, 0.9, 0.8, 0.7, 0.1]
    attention.contact(m)
    attention.distribute(m)
    total = m.t.budget * m.t.n_villages
    sec = sc["contact.secretary_share"] * sc["contact.months"] / MONTHS
    other = (1 - sc["contact.secretary_share"]) / 2 * sc["contact.other_share"]
    share = np.zeros(m.n)
    if on:
        share[[1, 7]] = sec
        share[[3, 0, 6, 5]] = other
    np.testing.assert_allclose(m.v.contact_help, share * total[m.v.township])
    got = np.bincount(m.v.township, weights=m.v.attention.mean(axis=1))
    np.testing.assert_allclose(got, total)
    np.testing.assert_allclose(m.t.pool_share, 1 - (sec + 2 * other) if on else 1.0)


# ---------------------------------------------------------------------------------------- B8

# catches: capacity not budget × residence days / month_days (days_off with the rule off),
# knowledge or ability factors wrong
@pytest.mark.parametrize("on", [True, False])
def test_B8_capacity_scales_with_residence_days(on: bool) -> None:
    m = make(residence__enabled=on)
    sc = m.sc
    m.t.leader_knowledge[:] = [[1.0] * 3, [0.0] * 3]
    m.t.leader_ability[:] = sc["attention.ability_ref"]
    attention.capacity(m)
    days = sc["residence.days"] if on else sc["residence.days_off"]
    full = sc["attention.budget"] * days / sc["residence.month_days"]
    np.testing.assert_allclose(m.t.capacity, [full, full * sc["attention.knowledge_floor"]])
    m.t.leader_ability[1] = 1.0
    attention.capacity(m)
    off = sc["attention.ability_offset"]
    assert m.t.capacity[1] == pytest.approx(full * sc["attention.knowledge_floor"] * (off + 1) / (off + sc["attention.ability_ref"]))


# ---------------------------------------------------------------------------------------- E1

def _report_state(m: CadreModel) -> None:
    v = m.v
    v.dims[:] = 0.8
    v.weak_true[:] = [True, True, False, True, True, True, False, True]
    v.dims[v.weak_true] = 0.3
    m.t.sanction[:] = 0


# catches: `u0 < falsify` → `<=` (a draw equal to the hiding tendency hides), hiding by
# villages that are not weak, the hidden village's report not the better of its score and
# max(county median, five-good line), the draws not from stream E1
def test_E1_weak_village_hidden_when_draw_below_tendency() -> None:
    m = make(reporting__inspect_share=0.0)
    _report_state(m)
    u = fresh(m, "E1").uniforms(2)
    m.t.falsify = np.array([u[0, 0], above(u[0, 4])])  # village 0 at its draw: not hidden
    reporting.report(m)
    hidden = np.zeros(m.n, bool)
    hidden[1:4] = m.v.weak_true[1:4] & (u[0, 1:4] < u[0, 0])
    hidden[4:] = m.v.weak_true[4:] & (u[0, 4:] < above(u[0, 4]))
    assert hidden[4] and not hidden[0]
    assert m.v.hidden.tolist() == hidden.tolist()
    fine = max(0.3, m.sc["five_good.threshold"])  # the county median of true scores is 0.3 (6 of 8 weak)
    np.testing.assert_allclose(m.v.reported_score, np.where(hidden, fine, m.v.dims.mean(axis=1)))
    assert m.v.reported_weak.tolist() == (m.v.weak_true & ~hidden).tolist()
    assert not m.t.caught.any() and (m.t.sanction == 0).all()


# catches: inspection inverted (`u1 < inspect_share` → `>=`), a caught village staying
# hidden, the caught township not warned (level 2) or the other township warned, a township
# with one caught village not counted as caught (mutmut: `> 0` → `> 1`), the ledger counts
@pytest.mark.parametrize("inspect, caught", [(1.0, [True, False]), (0.0, [False, False])])
def test_E1_inspection_catches_hidden_village(inspect: float, caught: list[bool]) -> None:
    m = make(reporting__inspect_share=inspect)
    _report_state(m)
    m.t.falsify = np.array([1.0, 0.0])
    reporting.report(m)
    assert m.t.caught.tolist() == caught
    assert m.t.sanction.tolist() == [2 * c for c in caught]
    assert m.v.hidden[:4].tolist() == ([False] * 4 if caught[0] else [True, True, False, True])
    assert not m.v.hidden[4:].any()
    assert (m.ledger.counts["misreport_caught"], m.ledger.counts["warning_talk"]) == (3 * caught[0], caught[0])
    m = make(reporting__inspect_share=inspect)
    _report_state(m)
    m.v.weak_true[[1, 3]] = False  # one weak village in township 0
    m.t.falsify = np.array([1.0, 0.0])
    reporting.report(m)
    assert m.t.caught.tolist() == caught


# catches (mutmut): `u1 < inspect_share` → `<=` (a draw equal to the share is not inspected)
def test_E1_inspection_boundary_on_the_draw() -> None:
    m = make()
    u = fresh(m, "E1").uniforms(2)
    set_sc(m, reporting__inspect_share=float(u[1, 0]))
    _report_state(m)
    m.t.falsify = np.array([1.0, 1.0])
    reporting.report(m)
    assert m.v.hidden[0]
    assert (m.v.hidden == (m.v.weak_true & (u[1] >= u[1, 0]))).all()


# catches: the hiding tendency not hide_prob · pressure · (1 − deterrence · inspect_share),
# a caught township trying again, pressure not own true weak share / criticise_share capped
# at 1 (or 1 under penalty), the off-switch, no pressure when B1–B2 and B4 are off
@pytest.mark.parametrize("over, expect", [
    ({}, [0.25, 0.5, 0.0]),
    ({"reporting__enabled": False}, [0.0, 0.0, 0.0]),
    ({"penalties__enabled": False, "ranking__enabled": False}, [0.0, 0.0, 0.0]),
    ({"penalties__enabled": False}, [0.25, 0.5, 0.0]),  # B4 alone still judges townships
])
def test_E1_hiding_tendency_from_pressure_and_inspection(over: dict[str, Any], expect: list[float]) -> None:
    m = make(townships=3, penalties__criticise_share=0.5, penalties__adjust_share=0.5, reporting__hide_prob=0.5,
             reporting__deterrence=1.0, reporting__inspect_share=0.0, **over)
    m.v.weak_true[:] = [True, False, False, False] + [False] * 8  # 25% / 0% / 0%
    m.t.penalty_level[:] = [0, 1, 0]
    m.t.caught = np.array([False, False, True])
    m.t.penalty_level[2] = 2
    reporting.plan_falsify(m)
    np.testing.assert_allclose(m.t.falsify, expect)
    if not over:
        np.testing.assert_allclose(m.t.pressure, [0.5, 1.0, 1.0])
        m.v.weak_true[:4] = True  # 100% weak, twice the line: pressure capped at 1
        reporting.plan_falsify(m)
        np.testing.assert_allclose(m.t.pressure, [1.0, 1.0, 1.0])
        set_sc(m, reporting__inspect_share=0.4)
        reporting.plan_falsify(m)
        np.testing.assert_allclose(m.t.falsify, [0.5 * 0.6, 0.5 * 0.6, 0.0])


# catches: covering up costing no real effort (falsify_cost × falsify of the effort)
def test_E1_falsifying_costs_real_effort() -> None:
    m = make(reporting__falsify_cost=0.5)
    attention.start_plan(m)
    m.t.capacity = np.array([1.0, 1.0])
    m.t.falsify = np.array([0.4, 0.0])
    attention.effort(m)
    base = m.sc["township.effort_base"]
    np.testing.assert_allclose(m.t.effort, [base * 0.8, base])
    np.testing.assert_allclose(m.t.budget, m.t.effort)


# ---------------------------------------------------------------------------------------- E2

# catches: the report month off by one ((month + 1) % every), a refilled post still reported,
# a new vacancy reported between reports, the off-switch (yearly only)
@pytest.mark.parametrize("on, month, expect", [
    (True, 2, [False, True, True, False]),  # the third month: a report
    (True, 3, [False, False, False, False]),  # between reports: only a refill clears
    (False, 2, [False, False, False, False]),  # off: yearly
    (False, 11, [False, True, True, False]),
])
def test_E2_county_learns_vacancies_at_each_report(on: bool, month: int, expect: list[bool]) -> None:
    m = make(reports__enabled=on)
    m.month = month
    v = m.v
    v.sec_present[:] = True
    v.sec_present[[1, 2]] = False
    v.reported_vacant[:] = False
    v.reported_vacant[3] = True  # filled since the last report
    reporting.month_reports(m)
    assert v.reported_vacant[:4].tolist() == expect
    assert not v.reported_vacant[4:].any()


# catches: a reported vacancy not filled by the county with reports.county_fill_prob, or an
# unreported one filled by it
def test_E2_reported_vacancy_filled_by_county() -> None:
    m = make(reports__county_fill_prob=1.0, reserve__enabled=False, reserve__outside_fill_prob=0.0,
             leaderless__enabled=False)
    v = m.v
    v.sec_present[:] = True
    v.sec_present[[1, 2]] = False
    v.sec_vacant_months[:] = 0
    v.sec_vacant_months[[1, 2]] = 3  # vacant since before the last report (past C6's selection delay)
    v.reported_vacant[:] = False
    v.reported_vacant[1] = True
    reserves.month_fill(m)
    assert (~v.sec_present).nonzero()[0].tolist() == [2]
    assert reserves.fill_thresholds(m).tolist() == [0.0, 0.0, 1.0, 1.0]

"""The plausible range of an assumed number: stated, or its default ± 50% within the bounds."""

import dataclasses

import pytest
from cadresim import params
from cadresim.params import PARAMS, plausible_range


def test_default_range_is_value_plus_minus_half_clipped():
    p = PARAMS["incentive.effort_pay"]
    assert p.plausible is None and p.default == 0.25
    assert plausible_range(p.key) == pytest.approx((0.125, 0.375))
    assert plausible_range(p.key, value=2.0) == pytest.approx((1.0, 3.0))
    # clipped to the validity bounds: effort_max is 1.0 with hi = 1.0
    lo, hi = plausible_range("incentive.effort_max")
    assert (lo, hi) == (0.5, 1.0)


def test_int_range_is_whole_numbers():
    lo, hi = plausible_range("cadre.knowledge_months")
    assert (lo, hi) == (12.0, 36.0)
    assert plausible_range("cadre.knowledge_months", value=5) == (2.0, 8.0)  # outward
    assert plausible_range("penalties.grace_years") == (0.0, 2.0)


def test_stated_range_wins(monkeypatch):
    p = dataclasses.replace(PARAMS["incentive.quit_pay"], plausible=(1.0, 2.0))
    monkeypatch.setitem(PARAMS, p.key, p)
    assert plausible_range(p.key, value=9.0) == (1.0, 2.0)


def test_every_number_key_has_a_nonempty_range():
    for k, p in PARAMS.items():
        if p.kind in (int, float) and p.is_assumption and p.default != 0:
            lo, hi = plausible_range(k)
            assert lo < hi or p.lo == p.hi, k
            assert lo <= p.default <= hi, k


def test_non_number_key_is_refused():
    with pytest.raises(ValueError):
        plausible_range("county.index_nominal")


def test_stated_ranges_hold_their_default():
    bad = dataclasses.replace(PARAMS["incentive.quit_pay"], plausible=(3.0, 4.0))
    params._P.append(bad)
    try:
        with pytest.raises(AssertionError, match="quit_pay"):
            params._check_plausible()
    finally:
        params._P.pop()

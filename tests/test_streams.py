"""Common random numbers per rule (issue 10, item 4).

For every rule with an on/off switch (`cadresim.rulesmap.RULES`: `enabled_key`, `off_value`),
a tiny county runs 3 years with the rule as in the baseline and with it switched the other
way, recording the draws made from the model's random streams (`Streams.year` for the
per-(rule, year) streams, `Streams[name]` for the run-long ones) as the state of each stream's
bit generator whenever it is handed out and at the end of the run (the rules draw in Python
and inside compiled loops alike; the same state gives the same numbers). Every stream that
belongs to another rule must go through identical states in both arms, so that switching one
rule off leaves every other rule's numbers unchanged.

Only the run-long streams whose draw count follows the state (choosing among candidates for
however many posts are vacant: `fill_select`, `appoint`, `leaders`) are exempt; the per-year
rule streams and the fixed-shape monthly streams (`dims`, `leave`, `fill`, `world`) are all
compared.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import Any
from unittest import mock

import numpy as np
import pytest
from cadresim import CadreModel, Scenario
from cadresim.rng import Streams
from cadresim.rulesmap import RULES

YEARS = 3
COUNTY = {"county.villages": 24, "county.townships": 3, "run.agent_handles": "none"}
STATE_DEPENDENT = {"fill_select", "appoint", "leaders"}  # draw counts follow the vacancies

Log = dict[tuple[str, int | None], list[tuple[str, bytes]]]


def _state(gen: np.random.Generator) -> tuple[str, bytes]:
    return ("state", repr(gen.bit_generator.state).encode())  # the 128-bit state, increment, buffered bits


@cache
def draws(key: str | None, value: Any) -> Log:
    """The draws of every stream in a 3-year run of the tiny county with `key` set to `value`
    (None: baseline), as the state of the stream's bit generator each time the stream is handed
    out and at the end of the run. The rules draw both in Python and inside compiled loops
    (`_kernels.fill_normal`, which takes the real Generator), so the states are what can be
    recorded for both; equal states at every hand-out and at the end mean the same numbers."""
    log: Log = defaultdict(list)
    real_year, real_item = Streams.year, Streams.__getitem__
    handed: dict[tuple[str, int | None], np.random.Generator] = {}

    def record(key: tuple[str, int | None], gen: np.random.Generator) -> np.random.Generator:
        handed[key] = gen
        log[key].append(_state(gen))
        return gen

    def year(self: Streams, name: str, y: int) -> Any:
        return record((name, y), real_year(self, name, y))

    def item(self: Streams, name: str) -> Any:
        return record((name, None), real_item(self, name))

    over = dict(COUNTY) if key is None else {**COUNTY, key: value}
    with mock.patch.object(Streams, "year", year), mock.patch.object(Streams, "__getitem__", item):
        CadreModel(Scenario().with_overrides(over), rng=11).run_years(YEARS)
    for k, gen in handed.items():
        log[k].append(("end " + _state(gen)[0], _state(gen)[1]))
    return dict(log)


def _other_arm(rule: Any) -> Any:
    """The value of the rule's switch that is not the baseline's."""
    base = Scenario()[rule.enabled_key]
    if base != rule.off_value:
        return rule.off_value
    if isinstance(base, bool):
        return not base
    pytest.skip(f"{rule.id}: off in the baseline and no single 'on' value to compare")


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_switching_a_rule_leaves_other_rules_draws_unchanged(rule: Any) -> None:
    base = draws(None, None)
    arm = draws(rule.enabled_key, _other_arm(rule))
    compared = 0
    for key in sorted(set(base) | set(arm), key=str):
        name, year = key
        if name == rule.id or name in STATE_DEPENDENT:
            continue
        a, b = base.get(key, []), arm.get(key, [])
        assert len(a) == len(b), f"{rule.id} switched: stream {name} (year {year}) is used a different number of times"
        assert a == b, f"{rule.id} switched: stream {name} (year {year}) gives different numbers"
        compared += len(a)
    assert compared > 0


def test_the_log_sees_every_kind_of_stream() -> None:
    """The recorder itself: the baseline run draws from per-year streams of several rules in
    every year and from the monthly streams every month (so an empty log cannot pass)."""
    base = draws(None, None)
    years = {y for (_, y) in base if y is not None}
    assert years >= set(range(-1, YEARS))
    rules = {n for (n, y) in base if y is not None}
    assert {"C1", "C4", "C6", "C9", "C10", "D9", "A5"} <= rules
    assert len(base[("dims", None)]) == 12 * YEARS + 1  # each month, and the end
    assert len({v for _, v in base[("dims", None)]}) == 12 * YEARS + 1  # the stream advances every month
    assert all(log[0][1] != log[-1][1] for (n, y), log in base.items() if y is not None and n in rules)  # drawn from

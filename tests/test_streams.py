"""Common random numbers per rule (issue 10, item 4).

For every rule with an on/off switch (`cadresim.rulesmap.RULES`: `enabled_key`, `off_value`),
a tiny county runs 3 years with the rule as in the baseline and with it switched the other
way, recording every draw made from the model's random streams (`Streams.year` for the
per-(rule, year) streams, `Streams[name]` for the run-long ones): the stream, the year, the
method and the bytes of what it returned. Every stream that belongs to another rule must give
identical draws in both arms, so that switching one rule off leaves every other rule's
numbers unchanged.

The monthly streams drawn inside compiled loops (`dims`, `leave`, `fill`) are compared by the
state of their bit generator each month (same state, same numbers drawn from it).

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


def _state(gen: np.random.Generator) -> bytes:
    return repr(gen.bit_generator.state).encode()  # the 128-bit state, increment and any buffered bits


class _Logged:
    """A Generator whose draws are appended to `log` under `key`; `log` also gets the bit
    generator's state whenever the stream is handed out, so the draws made inside compiled
    loops (which take the real Generator: `_kernels.fill_uniform`) are covered too."""

    def __init__(self, gen: np.random.Generator, log: list[tuple[str, bytes]]) -> None:
        self._gen, self._log = gen, log

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._gen, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            out = attr(*args, **kwargs)
            arr = np.asarray(out)
            self._log.append((f"{name}{arr.shape}", arr.tobytes()))
            return out

        return call


KERNEL_STREAMS = {"dims", "leave", "fill"}  # drawn inside compiled loops: the real Generator is handed out


@cache
def draws(key: str | None, value: Any) -> Log:
    """Every draw of a 3-year run of the tiny county with `key` set to `value` (None: baseline):
    the values drawn in Python, and for the streams drawn in compiled code the state of the
    bit generator each time the stream is handed out (and at the end of the run)."""
    log: Log = defaultdict(list)
    real_year, real_item = Streams.year, Streams.__getitem__
    handed: dict[str, np.random.Generator] = {}

    def year(self: Streams, name: str, y: int) -> Any:
        return _Logged(real_year(self, name, y), log[(name, y)])

    def item(self: Streams, name: str) -> Any:
        gen = real_item(self, name)
        if name in KERNEL_STREAMS:
            handed[name] = gen
            log[(name, None)].append(("state", _state(gen)))
            return gen
        return _Logged(gen, log[(name, None)])

    over = dict(COUNTY) if key is None else {**COUNTY, key: value}
    with mock.patch.object(Streams, "year", year), mock.patch.object(Streams, "__getitem__", item):
        CadreModel(Scenario().with_overrides(over), rng=11).run_years(YEARS)
    for name, gen in handed.items():
        log[(name, None)].append(("end state", _state(gen)))
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
        assert [m for m, _ in a] == [m for m, _ in b], f"{rule.id} switched: stream {name} (year {year}) draws differ in kind or count"
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

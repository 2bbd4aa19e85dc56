"""Common random numbers per rule and keyed draws (issues 10 and 14).

Every number a rule uses is a pure function of (replicate key, stream, period, unit, element,
slot) (`cadresim.rng`). For every rule with an on/off switch (`cadresim.rulesmap.RULES`), a
tiny county runs 3 years with the rule as in the baseline and switched the other way; every
number handed to a rule is recorded by what it is for: (stream, period, unit, slot, the
village or township the caller uses it for). Wherever both arms draw the same such number it
must be the same value, and the yearly and monthly streams of fixed shape must be drawn for
the same elements and slots in both arms, so switching one rule off leaves every other rule's
numbers unchanged. Draws made only for the elements the state picks (the reserves of the
villages choosing, new reserves' abilities, the appointees, the new township leaders) are
compared where both arms make them:
a number keyed by position in a list rather than by village would differ there (checked by
planting such a draw).
"""

from __future__ import annotations

from functools import cache
from typing import Any
from unittest import mock

import numpy as np
import pytest
from cadresim import CadreModel, Scenario, loop
from cadresim.keyed import threefry4x64_20
from cadresim.rng import Draws, Keys
from cadresim.rules import cadres, dynamics
from cadresim.rulesmap import RULES
from cadresim.state import NDIMS
from scipy import stats

YEARS = 3
COUNTY = {"county.villages": 24, "county.townships": 3, "run.agent_handles": "none"}

Entry = tuple[str, int, str, int, int]  # stream, period, unit, slot, element
Log = dict[Entry, tuple[float, bool]]  # the number, and whether it was drawn for elements the state chose


def state_dependent(name: str) -> bool:
    """Streams drawn only when the state calls for them (new leaders, appointees)."""
    return name == "fill_select" or name.endswith(("appoint", "leaders"))


def _recorder(log: Log, plant_position_keyed: bool = False) -> dict[str, Any]:
    """Wrappers of the public `Draws` methods that record each value by what it is for."""
    real = {k: getattr(Draws, k) for k in ("uniforms", "normals", "uniforms_per", "normals_per", "uniforms_into",
                                           "uniforms_at", "normals_at")}

    def put(self: Draws, unit: str, slot0: int, out: np.ndarray, elements: np.ndarray, elem_major: bool,
            chosen: bool = False) -> None:
        a = out.reshape(1, -1) if out.ndim == 1 else out
        a = a if elem_major else a.T  # (elements, slots)
        for r, e in enumerate(elements.tolist()):
            for j, x in enumerate(a[r].tolist()):
                log[(self.name, self.period, unit, slot0 + j, e)] = (x, chosen)

    def rows(name: str) -> Any:
        def f(self: Draws, *args: Any, **kw: Any) -> np.ndarray:
            slot0 = self.slot
            out = real[name](self, *args, **kw)
            unit = kw.get("unit", args[1] if len(args) > 1 and isinstance(args[1], str) else "village")
            put(self, unit, slot0, out, np.arange(out.shape[-1]), False)
            return out
        return f

    def per(name: str) -> Any:
        def f(self: Draws, cols: int, unit: str = "village", out: np.ndarray | None = None) -> np.ndarray:
            slot0 = self.slot
            res = real[name](self, cols, unit, out)
            put(self, unit, slot0, res, np.arange(res.shape[0]), True)
            return res
        return f

    def into(self: Draws, out: np.ndarray, unit: str = "village") -> np.ndarray:
        slot0 = self.slot
        res = real["uniforms_into"](self, out, unit)
        put(self, unit, slot0, res, np.arange(res.shape[1]), False)
        return res

    def at(name: str, elem_major: bool) -> Any:
        def f(self: Draws, idx: np.ndarray, k: int, unit: str = "village") -> np.ndarray:
            slot0 = self.slot
            if plant_position_keyed:  # the bug this test must catch: keyed by position in idx
                res = real[name](self, np.arange(len(idx)), k, unit)
            else:
                res = real[name](self, idx, k, unit)
            put(self, unit, slot0, res, np.asarray(idx), elem_major, chosen=True)
            return res
        return f

    return {"uniforms": rows("uniforms"), "normals": rows("normals"), "uniforms_per": per("uniforms_per"),
            "normals_per": per("normals_per"), "uniforms_into": into, "uniforms_at": at("uniforms_at", False),
            "normals_at": at("normals_at", True)}


def _in_loop_draws() -> dict[Any, tuple[str, int, int]]:
    """Hooks that draw inside their compiled loop: stream, normals, then uniforms a village."""
    return {dynamics.month_dims: ("dims", NDIMS, 2), cadres.month_leave: ("leave", 0, 2),
            cadres.month_depart: ("depart", 0, 1)}


def _logging_in_loop(hook: loop.Hook) -> loop.Hook:
    """A hook that draws inside its compiled loop: its numbers logged as the stream's `Draws`
    give them (the same numbers: `tests/test_kernels.py`), then the hook runs."""
    spec = _in_loop_draws().get(hook.fn)
    if spec is None:
        return hook
    name, normals, uniforms = spec

    def fn(model: CadreModel) -> None:
        g = model.monthly(name)
        if normals:
            g.normals_per(normals)
        g.uniforms(uniforms)
        spec_fn(model)

    spec_fn = hook.fn
    return hook._replace(fn=fn)


def run_logged(key: str | None, value: Any, plant: bool = False, county: dict[str, Any] = COUNTY) -> Log:
    log: Log = {}
    over = dict(county) if key is None else {**county, key: value}
    patches = [mock.patch.object(Draws, k, f) for k, f in _recorder(log, plant).items()]
    patches.append(mock.patch.object(loop, "MONTH", tuple(_logging_in_loop(h) for h in loop.MONTH)))
    for p in patches:
        p.start()
    try:
        CadreModel(Scenario().with_overrides(over), rng=11).run_years(YEARS)
    finally:
        for p in patches:
            p.stop()
    return log


@cache
def draws(key: str | None, value: Any) -> Log:
    return run_logged(key, value)


def differences(rule_id: str, base: Log, arm: Log) -> tuple[list[str], int]:
    """Entries of other rules' streams that differ between the arms (value, or coverage for
    the fixed-shape streams), and how many entries were compared."""
    bad: list[str] = []
    compared = 0
    for entry in base.keys() | arm.keys():
        name = entry[0]
        if name.split()[0] == rule_id:
            continue
        a, b = base.get(entry), arm.get(entry)
        if a is None or b is None:
            if not (state_dependent(name) or (a or b)[1]):  # a fixed-shape draw must be in both arms
                bad.append(f"{entry}: drawn in one arm only")
            continue
        compared += 1
        if a[0] != b[0]:
            bad.append(f"{entry}: {a[0]!r} != {b[0]!r}")
    return sorted(bad), compared


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
    bad, compared = differences(rule.id, draws(None, None), draws(rule.enabled_key, _other_arm(rule)))
    assert not bad, f"{rule.id} switched: {len(bad)} numbers of other rules differ:\n" + "\n".join(bad[:10])
    assert compared > 5_000


def test_a_draw_keyed_by_position_is_caught() -> None:
    """The check above can fail: numbers for the villages choosing from their pool keyed by
    their position among this month's choosers (not by village) differ between arms whose
    vacancies differ (D10 off changes who quits; a county of 300 villages, so that the same
    village fills a post in the same month in both arms at a different position)."""
    county = {**COUNTY, "county.villages": 300, "county.townships": 10}
    base = run_logged(None, None, plant=True, county=county)
    arm = run_logged("incentive.enabled", False, plant=True, county=county)
    bad, _ = differences("D10", base, arm)
    assert any(b.startswith(("('fill_select'", "('appoint'")) for b in bad)
    honest, compared = differences("D10", run_logged(None, None, county=county),
                                   run_logged("incentive.enabled", False, county=county))
    assert not honest and compared > 0


def test_the_log_sees_every_kind_of_stream() -> None:
    """The recorder itself: the baseline draws from the yearly streams of several rules in
    every period, from the monthly streams every month, and from the state-dependent ones."""
    base = draws(None, None)
    names = {e[0] for e in base}
    periods = {p for (n, p, *_) in base if n == "C1"}
    assert periods == set(range(YEARS + 1))  # the set-up (0) and each year end
    # C6 and E1 compute their keyed numbers inside compiled passes (`_yearly.reserve_year`,
    # `_yearend.report_hide`), out of the recorder's sight; tests/test_yearly_kernels.py and
    # tests/test_yearend_kernels.py check they are the ones `Draws` gives
    assert {"C1", "C4", "C9", "C10", "D9", "A5", "B4", "B5"} <= names
    assert {"dims", "leave", "fill", "fill_select", "appoint"} <= names
    assert {p for (n, p, *_) in base if n == "dims"} == set(range(12 * YEARS))
    dims = [x for (n, p, u, s, e), (x, _) in base.items() if n == "dims" and e == 0 and s < 6]
    assert len(set(dims)) == len(dims)  # a new number every month and slot


# ------------------------------------------------------------------------------ keyed draws

ROOTS = np.random.SeedSequence(5).spawn(3)


def test_a_blocks_draws_do_not_depend_on_the_batch() -> None:
    """Block b of a 3-block world draws what the same replicate alone draws, in every layout."""
    alone = Keys([ROOTS[1]], 40, 6)
    batch = Keys(ROOTS, 40, 6)
    for method, args, axis in (("uniforms", (3,), 1), ("normals", (5,), 1), ("uniforms_per", (4,), 0),
                               ("normals_per", (3,), 0)):
        a = getattr(alone.draws("x", 7), method)(*args)
        b = getattr(batch.draws("x", 7), method)(*args)
        got = b[:, 40:80] if axis == 1 else b[40:80]
        assert got.tobytes() == a.tobytes(), method
    t_alone = alone.draws("y", 2).uniforms_per(3, unit="township")
    assert batch.draws("y", 2).uniforms_per(3, unit="township")[6:12].tobytes() == t_alone.tobytes()


def test_draws_at_chosen_elements_are_those_elements_numbers() -> None:
    keys = Keys(ROOTS, 50, 5)
    d = keys.draws("fill_select", 3)
    full = d.normals_per(6)
    idx = np.array([3, 49, 77, 149])
    e = keys.draws("fill_select", 3)
    assert e.normals_at(idx, 6).tobytes() == full[idx].tobytes()
    u = keys.draws("appoint", 3).uniforms(3)
    assert keys.draws("appoint", 3).uniforms_at(idx, 3).tobytes() == u[:, idx].tobytes()


def test_successive_calls_take_successive_slots_and_streams_differ() -> None:
    keys = Keys(ROOTS[:1], 30, 3)
    d = keys.draws("C6", 4)
    first, second = d.uniforms(2), d.uniforms(2)
    both = keys.draws("C6", 4).uniforms(4)
    assert np.array_equal(np.vstack([first, second]), both)
    assert not np.array_equal(keys.draws("C6", 4).uniforms(2), keys.draws("C9", 4).uniforms(2))
    assert not np.array_equal(keys.draws("C6", 4).uniforms(2), keys.draws("C6", 5).uniforms(2))
    assert not np.array_equal(Keys(ROOTS[1:2], 30, 3).draws("C6", 4).uniforms(2), first)
    village = keys.draws("C6", 4).uniforms(1)[0, :3]
    township = keys.draws("C6", 4).uniforms(1, unit="township")[0]
    assert not np.array_equal(village, township)


def test_keyed_uniforms_are_threefry_outputs() -> None:
    """Word w of element e is lane w % 4 of Threefry4×64-20 at counter (e, w // 4, stream,
    period) under the replicate's key (and two zero key words)."""
    keys = Keys(ROOTS[:1], 10, 2)
    d = keys.draws("dims", 9)
    u = d.uniforms(6)
    k0, k1 = keys.keys[0]
    zero = np.uint64(0)
    for e in (1, 7):
        raw = [w for blk in range(2) for w in threefry4x64_20(np.uint64(e), np.uint64(blk), np.uint64(d.sid),
                                                              np.uint64(9), k0, k1, zero, zero)]
        assert u[:, e].tolist() == [float(int(w) >> 11) * 2.0**-53 for w in raw[:6]]


def test_keyed_normals_and_uniforms_have_their_distributions() -> None:
    keys = Keys(ROOTS[:1], 20_000, 2)
    d = keys.draws("A5", 1)
    z, zz, u = d.normals(3), d.normals_per(3), d.uniforms(2)
    assert stats.kstest(z.ravel(), "norm").pvalue > 1e-3
    assert stats.kstest(zz.ravel(), "norm").pvalue > 1e-3
    assert stats.kstest(u.ravel(), "uniform").pvalue > 1e-3
    assert abs(np.corrcoef(z[0], z[1])[0, 1]) < 0.03  # cos and sin of one pair are independent
    assert abs(np.corrcoef(zz[:, 0], zz[:, 1])[0, 1]) < 0.03


def test_keyed_draws_are_the_same_with_numbas_jit_disabled(tmp_path) -> None:
    """`NUMBA_DISABLE_JIT=1` (debugging) runs the same loops as plain Python: the same numbers
    (the 128-bit products from 32-bit halves instead of the i128 intrinsic)."""
    import os
    import subprocess
    import sys

    script = ("import numpy as np, sys\nfrom cadresim.rng import Keys\n"
              "k = Keys(np.random.SeedSequence(4).spawn(2), 5, 2)\nd = k.draws('dims', 3)\n"
              "a = np.concatenate([d.uniforms(3).ravel(), d.normals_per(5).ravel(),"
              " d.normals_at(np.array([1, 7]), 3).ravel()])\nsys.stdout.write(a.tobytes().hex())\n")
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1"}
    r = subprocess.run([sys.executable, "-W", "ignore", "-c", script], capture_output=True, text=True, env=env,
                       timeout=120)
    assert r.returncode == 0, r.stderr[-1000:]
    k = Keys(np.random.SeedSequence(4).spawn(2), 5, 2)
    d = k.draws("dims", 3)
    want = np.concatenate([d.uniforms(3).ravel(), d.normals_per(5).ravel(), d.normals_at(np.array([1, 7]), 3).ravel()])
    assert bytes.fromhex(r.stdout) == want.tobytes()

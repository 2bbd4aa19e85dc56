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
from cadresim.rules import _yearend, reporting
from cadresim.rules.groups import median_in_group

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
    return CadreModel(sc, blocks=[(s, k) for k, s in enumerate(replicate_seeds(5, 2))]).run_years(2)


@pytest.mark.parametrize("inspect", [0.0, 0.4, 1.0])
def test_report_hook_equals_numpy(world: CadreModel, inspect: float) -> None:
    m = world
    m.sc = m.sc.with_overrides({"reporting.inspect_share": inspect})
    m.t.falsify = np.linspace(0.0, 1.0, m.m)  # every township from never to always hiding
    m.v.weak_true = np.arange(m.n) % 3 > 0
    _same_as_numpy(m, reporting.report, report_numpy)
    assert m.v.hidden.any() or inspect == 1.0

"""Scenario comparison: paired differences, bootstrap intervals, cost per weak village avoided."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from cadresim import compare, load_scenario, run
from cadresim.cli import main as cli
from cadresim.compare import Comparison, cost_effectiveness, load_comparison, paired_interval

REPS, YEARS = 12, 6


@pytest.fixture(scope="module")
def arms():
    base = load_scenario(None, {"election.term_years": 3})
    alt = base.with_overrides({"pay.base_multiple": 1.6})
    alt.name = "pay16"
    return base, alt


@pytest.fixture(scope="module")
def comp(arms) -> Comparison:
    base, alt = arms
    return compare(base, alt, replicates=REPS, years=YEARS, seed=7)


def test_tidy_tables_every_year_and_windows(comp: Comparison) -> None:
    d = comp.diffs
    assert set(d["outcome"]) == {"weak_share_true", "weak_share_reported", "flagged_share", "five_good_share", "cost_total_yuan"}
    assert sorted(d["year"].unique()) == list(range(1, YEARS + 1))  # every year, not only term ends
    w = comp.windows
    spans = {k: (g["start"].iloc[0], g["end"].iloc[0]) for k, g in w.groupby("window")}
    assert spans == {"all": (1, YEARS), "term1": (1, 3), "term2": (4, 6)}
    # a window's difference is the mean over replicates of each replicate's mean over the window
    b = comp.base.yearly.set_index(["replicate", "year"])["weak_share_true"]
    a = comp.alts[0].yearly.set_index(["replicate", "year"])["weak_share_true"]
    manual = (a - b).groupby(level="replicate").mean().mean()
    row = w[(w.window == "all") & (w.outcome == "weak_share_true")].iloc[0]
    assert row["diff"] == pytest.approx(manual) and row["ci_low"] <= row["diff"] <= row["ci_high"]
    assert comp.headline()["window"].eq("all").all() and len(comp.headline()) == 5
    assert set(comp.cost_effect["window"]) == {"all", "term1", "term2"}
    assert (d["alternative"] == "pay16").all() and (d["base"] == "baseline").all()
    assert d["paired"].all() and (d["replicates"] == REPS).all()
    ok = d.dropna(subset=["ci_low"])
    assert ((ok["ci_low"] <= ok["diff"] + 1e-12) & (ok["diff"] <= ok["ci_high"] + 1e-12)).all()
    # the difference is the mean of alt − base over the same replicates
    b = comp.base.yearly.set_index(["replicate", "year"])
    a = comp.alts[0].yearly.set_index(["replicate", "year"])
    manual = (a["cost_total_yuan"] - b["cost_total_yuan"]).xs(6, level="year").mean()
    row = d[(d.year == 6) & (d.outcome == "cost_total_yuan")].iloc[0]
    assert row["diff"] == pytest.approx(manual)
    assert row["ci_low"] > 0  # higher pay costs more, clearly


def test_interval_is_reproducible(comp: Comparison, arms) -> None:
    again = compare(*arms, replicates=REPS, years=YEARS, seed=7)
    pd.testing.assert_frame_equal(comp.diffs, again.diffs)
    assert all(map(math.isnan, paired_interval(np.array([1.0]))))
    assert paired_interval(np.array([2.0, 2.0, 2.0])) == (2.0, 2.0)


def test_pairing_narrows_the_interval(arms) -> None:
    base, alt = arms
    rb = run(base, replicates=REPS, years=YEARS, seed=7)
    paired = compare(rb, run(alt, replicates=REPS, years=YEARS, seed=7))
    independent = compare(rb, run(alt, replicates=REPS, years=YEARS, seed=8))
    assert paired.paired and not independent.paired

    def width(c: Comparison, outcome: str) -> float:
        d = c.diffs[c.diffs.outcome == outcome]
        return float((d["ci_high"] - d["ci_low"]).sum())

    for outcome in ("weak_share_true", "five_good_share", "cost_total_yuan"):
        assert width(paired, outcome) < width(independent, outcome), outcome
    assert width(paired, "cost_total_yuan") < 0.5 * width(independent, "cost_total_yuan")


def _frames(cost_b, cost_a, weak_b, weak_a):
    n = len(cost_b)
    mk = lambda c, w: pd.DataFrame({"replicate": range(n), "year": 5, "cost_total_yuan": c, "weak_share_true": w})  # noqa: E731
    return mk(cost_b, weak_b), mk(cost_a, weak_a)


def test_cost_per_weak_village_avoided() -> None:
    rng = np.random.default_rng(1)
    wb = 0.10 + rng.normal(0, 0.005, 20)
    b, a = _frames(np.full(20, 1e6), np.full(20, 1e6) + 146_000 + rng.normal(0, 1000, 20), wb, wb - 0.05)
    r = cost_effectiveness(b, a, [5], villages=146).iloc[0]
    assert r["weak_villages_avoided"] == pytest.approx(7.3)
    assert r["cost_per_weak_avoided_yuan"] == pytest.approx(r["extra_cost_yuan"] / 7.3)
    assert r["ci_low"] <= r["cost_per_weak_avoided_yuan"] <= r["ci_high"] and r["note"] == ""
    # no reduction: undefined, explained
    b, a = _frames(np.full(20, 1e6), np.full(20, 2e6), wb, wb)
    r = cost_effectiveness(b, a, [5], villages=146).iloc[0]
    assert math.isnan(r["cost_per_weak_avoided_yuan"]) and "unchanged" in r["note"]
    # more weak villages: undefined, explained
    b, a = _frames(np.full(20, 1e6), np.full(20, 2e6), wb, wb + 0.02)
    r = cost_effectiveness(b, a, [5], villages=146).iloc[0]
    assert math.isnan(r["cost_per_weak_avoided_yuan"]) and "more weak" in r["note"]
    # cheaper and better: negative ratio, said so
    b, a = _frames(np.full(20, 2e6), np.full(20, 1e6), wb, wb - 0.05)
    r = cost_effectiveness(b, a, [5], villages=146).iloc[0]
    assert r["cost_per_weak_avoided_yuan"] < 0 and "saves" in r["note"]


def test_write_and_read_back(comp: Comparison, tmp_path) -> None:
    paths = comp.write(tmp_path)
    names = {p.name for p in paths}
    assert {"comparison.csv", "windows.csv", "cost_effect.csv", "comparison.json", "yearly.csv"} <= names
    meta = json.loads((tmp_path / "comparison.json").read_text(encoding="utf-8"))  # strict JSON: no NaN
    assert meta["base"] == "baseline" and meta["alternatives"] == ["pay16"] and meta["seed"] == 7
    assert ["pay.base_multiple", 1.0, 1.6] in meta["changed_keys"]["pay16"]
    back = load_comparison(tmp_path)
    assert len(back["diffs"]) == len(comp.diffs) and len(back["windows"]) == len(comp.windows)
    assert meta["git_commit"] and "git_dirty" in meta and meta["windows"][0] == {"window": "all", "start": 1, "end": YEARS}
    assert set(back["yearly"]["scenario"]) == {"baseline", "pay16"}
    text = comp.table()
    assert "pay16" in text and "95% interval" in text
    assert "软弱涣散" in comp.table("zh")


def test_cli_compare(tmp_path, capsys) -> None:
    base = tmp_path / "base.toml"
    base.write_text('[meta]\nname = "base"\nquestion = "q"\n\n[election]\nterm_years = 3\n', encoding="utf-8")
    alt = tmp_path / "alt.toml"
    alt.write_text('[meta]\nname = "alt"\nbase = "base.toml"\n\n[pay]\nbase_multiple = 2.0\n', encoding="utf-8")
    out = tmp_path / "out"
    assert cli(["compare", str(base), str(alt), "--replicates", "3", "--years", "3", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "alt" in printed and (out / "comparison.csv").exists() and (out / "cost_effect.csv").exists()
    assert cli(["compare", str(base), str(alt), "--replicates", "1"]) == 2
    assert cli(["compare", str(base), str(tmp_path / "missing.toml")]) == 2
    assert "missing.toml" in capsys.readouterr().err


def test_window_label_one_year():
    """A term cut to one year by the horizon reads 'year 25', not 'years 25–25'."""
    from cadresim.compare import window_label

    assert window_label("term9", 25, 25, "en") == "year 25 (village term 9)"
    assert window_label("term9", 25, 25, "zh") == "第 25 年（第 9 届）"
    assert window_label("term2", 4, 6, "en") == "years 4–6 (village term 2)"
    assert window_label("years", 3, 3, "en") == "year 3"

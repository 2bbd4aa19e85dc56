"""Sensitivity indices: right on toy functions with known answers, consistent with a
one-at-a-time sweep of the model, resumable, and bad input refused in one line."""

import math

import numpy as np
import pandas as pd
import pytest
from cadresim import PARAMS, load_scenario, sensitivity
from cadresim.cli import main
from cadresim.paramnames import NAMES_ZH, param_label
from cadresim.sensitivity import Factor, analyze_samples, design_unit, points_from_unit, points_sweep

PI = math.pi
ISHIGAMI_A, ISHIGAMI_B = 7.0, 0.1


def ishigami(x: np.ndarray) -> np.ndarray:
    return np.sin(x[..., 0]) + ISHIGAMI_A * np.sin(x[..., 1]) ** 2 + ISHIGAMI_B * x[..., 2] ** 4 * np.sin(x[..., 0])


def ishigami_analytic() -> tuple[np.ndarray, np.ndarray]:
    a, b = ISHIGAMI_A, ISHIGAMI_B
    v1 = 0.5 * (1 + b * PI**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * PI**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def brute_force_first_order(f, m: int = 120) -> np.ndarray:
    """Var(E[Y | X_i]) / Var(Y) on a midpoint grid of [-π, π]^3 (no sampling at all)."""
    g = -PI + (np.arange(m) + 0.5) * (2 * PI / m)
    x = np.stack(np.meshgrid(g, g, g, indexing="ij"), axis=-1)
    y = f(x)
    v = y.var()
    return np.array([y.mean(axis=tuple(j for j in range(3) if j != i)).var() / v for i in range(3)])


def toy_run(method: str, f, n: int, factors: list[Factor]) -> pd.DataFrame:
    """The model's code path with the model replaced by `f`: design → values → indices."""
    u = design_unit(method, len(factors), n, seed=3)
    pts = points_from_unit(factors, u, load_scenario())
    x = np.array([[p[fc.key] for fc in factors] for p in pts], dtype=float)
    return analyze_samples(method, factors, u, {"y": f(x)}).set_index("key")


def test_sobol_matches_ishigami_analytic_and_brute_force():
    factors = [Factor(f"x{i}", "float", -PI, PI) for i in range(3)]
    t = toy_run("sobol", ishigami, 2048, factors)
    s1, st = ishigami_analytic()
    bf = brute_force_first_order(ishigami)
    np.testing.assert_allclose(bf, s1, atol=2e-3)  # the brute force itself is right
    got_s1 = t.loc[["x0", "x1", "x2"], "S1"].to_numpy()
    got_st = t.loc[["x0", "x1", "x2"], "ST"].to_numpy()
    np.testing.assert_allclose(got_s1, bf, atol=0.04)
    np.testing.assert_allclose(got_st, st, atol=0.04)
    # the 95% intervals cover the truth, and are narrow
    assert np.all(t.loc[["x0", "x1", "x2"], "ST_low"].to_numpy() - 0.01 <= st)
    assert np.all(t.loc[["x0", "x1", "x2"], "ST_high"].to_numpy() + 0.01 >= st)
    assert (t["ST_high"] - t["ST_low"]).max() < 0.15
    assert list(t.sort_values("rank").index) == ["x0", "x1", "x2"]  # ST 0.56, 0.44, 0.24


def test_sobol_and_morris_on_a_linear_model_with_integer_and_choice_inputs():
    """y = 3a + 1b + 0c: S1 = ST = a²var/Σ; Morris μ* = slope × range; discrete inputs work too."""
    factors = [Factor("a", "float", 0.0, 1.0), Factor("b", "int", 0, 9), Factor("c", "float", 0.0, 1.0)]

    def lin(x):
        return 3 * x[:, 0] + 0.1 * x[:, 1] + 0 * x[:, 2]

    va, vb = 9 / 12, 0.01 * (10**2 - 1) / 12  # variance of 3·U(0,1) and of 0.1·(uniform integer 0..9)
    t = toy_run("sobol", lin, 2048, factors)
    np.testing.assert_allclose(t.loc[["a", "b", "c"], "S1"], [va / (va + vb), vb / (va + vb), 0], atol=0.03)
    np.testing.assert_allclose(t.loc[["a", "b", "c"], "ST"], [va / (va + vb), vb / (va + vb), 0], atol=0.03)
    m = toy_run("morris", lin, 40, factors)
    assert m.loc["a", "mu_star"] == pytest.approx(3.0, rel=1e-6)  # the whole range moves y by 3
    assert m.loc["c", "mu_star"] == 0
    assert list(m.sort_values("rank").index) == ["a", "b", "c"]
    assert Factor("s", "choice", choices=("x", "y", "z")).value(0.999) == "z"
    assert Factor("t", "bool", choices=(False, True)).value(0.2) is False


KEYS = ["village.help_gain", "attention.budget", "pay.off_multiple"]


@pytest.fixture(scope="module")
def model_sobol(tmp_path_factory):
    out = tmp_path_factory.mktemp("sens") / "s"
    res = sensitivity("baseline", keys=KEYS, method="sobol", n=16, years=6, replicates=1, workers=2, out=out,
                      progress=False)
    return res, out


def test_model_indices_agree_with_a_one_at_a_time_sweep(model_sobol, tmp_path):
    """Direction and ranking: a one-at-a-time sweep (low/high end of each range, others at
    the baseline) orders the keys as ST does and moves the weak share the same way as the
    sensitivity samples' regression slope."""
    from cadresim import sweep

    res, _ = model_sobol
    base = load_scenario("baseline")
    pts = []
    for f in res.factors:
        pts += [{f.key: f.lo}, {f.key: f.hi}]
    sw = points_sweep(base, pts, name="oat", replicates=3, seed=res.seed, years=res.years,
                      levers={f.key: {"lo": f.lo, "hi": f.hi} for f in res.factors}, design="points")
    r = sweep(sw, out=tmp_path / "oat", workers=1, progress=False)
    y = r.wide
    y = y[(y["year"] >= res.window[0]) & (y["year"] <= res.window[1])].groupby("point")["weak_share_true"].mean()
    oat = {f.key: y[2 * i + 1] - y[2 * i] for i, f in enumerate(res.factors)}
    ranking = res.ranking("weak_share_true")
    assert sorted(oat, key=lambda k: -abs(oat[k])) == ranking
    # the most influential key moves the weak share the same way in both analyses
    top = ranking[0]
    slope = np.polyfit(res.samples[top], res.samples["weak_share_true"], 1)[0]
    assert np.sign(slope) == np.sign(oat[top]) != 0
    assert oat["pay.off_multiple"] == 0  # inert while the pay floor is on: ST is zero too
    t = res.table.set_index(["outcome", "key"])
    assert t.loc[("weak_share_true", "pay.off_multiple"), "ST"] == 0
    assert t.loc[("weak_share_true", top), "ST"] > 0.3


def test_outputs_written_and_resumed(model_sobol):
    res, out = model_sobol
    assert res.n_points == 16 * (3 + 2) and res.n_runs == 80
    t = pd.read_csv(out / "sensitivity.csv")
    assert set(t["outcome"]) == {"weak_share_true", "weak_share_reported", "flagged_share", "five_good_share",
                                 "cost_total_yuan"}
    assert {"S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high", "rank"} <= set(t.columns)
    for f in ("sensitivity_en.png", "sensitivity_zh.png", "sensitivity_zh.svg", "samples.csv", "sensitivity.json"):
        assert (out / f).stat().st_size > 0
    # resume: drop three run files (each holds a chunk of runs, listed in its record); the same
    # call recomputes exactly those runs and gives the same table
    import json

    runs = sorted((out / "sweep" / "runs").glob("*.parquet"))
    n = sum(len(json.loads(p.with_suffix(".json").read_text())["runs"]) for p in runs[:3])
    for p in runs[:3]:
        p.unlink()
    again = sensitivity("baseline", keys=KEYS, method="sobol", n=16, years=6, replicates=1, workers=1, out=out,
                        progress=False)
    att = json.loads((out / "sweep" / "manifest.json").read_text())["attempts"]
    assert n >= 3 and att[-1]["computed"] == n and att[-1]["reused"] == 80 - n
    pd.testing.assert_frame_equal(again.table, res.table)


def test_chinese_names_for_every_key_come_from_the_catalogue(monkeypatch):
    import re

    from cadresim import catalogue
    from cadresim.paramnames import SECTION_ZH
    from cadresim.params import SECTIONS

    missing = [k for k in PARAMS if k not in NAMES_ZH]
    assert not missing
    for k in PARAMS:  # no English in Chinese figures: rule IDs (A5, C10) aside
        assert param_label(k, "zh") == catalogue.param_label(k, "zh") == NAMES_ZH[k]
        assert param_label(k, "en") == catalogue.param_label(k, "en") != k
        zh = re.sub(r"[A-F]\d+", "", param_label(k, "zh"))
        assert not any(c.isascii() and c.isalpha() for c in zh), (k, zh)
    assert set(SECTIONS) <= set(SECTION_ZH), set(SECTIONS) - set(SECTION_ZH)
    # a key the catalogue lacks still gets Chinese (section + rule ID), never its English key
    monkeypatch.delitem(catalogue.PARAM_LABELS, "attention.budget")
    assert param_label("attention.budget", "zh") == "乡镇精力（A5）"
    assert param_label("attention.budget", "en") == "attention.budget"


def test_keys_vary_over_their_plausible_range_unless_told_otherwise(monkeypatch):
    """The default range of a key is `plausible_range` (stated, else value ± 50%), the range the
    uncertain comparison draws from too; --spread and --range override it."""
    import dataclasses

    from cadresim.params import plausible_range
    from cadresim.sensitivity import factor_ranges

    base = load_scenario("baseline")
    keys = ["attention.budget", "weak.min_dims", "cadre.knowledge_months", "village.noise_sd"]
    p = dataclasses.replace(PARAMS["village.noise_sd"], plausible=(0.005, 0.05))  # a stated range wins
    monkeypatch.setitem(PARAMS, p.key, p)
    fs = {f.key: f for f in factor_ranges(keys, base)[0]}
    for k in keys:
        assert (fs[k].lo, fs[k].hi) == plausible_range(k, base[k]), k
    assert (fs["village.noise_sd"].lo, fs["village.noise_sd"].hi) == (0.005, 0.05)
    assert fs["weak.min_dims"].kind == "int" and float(fs["weak.min_dims"].lo).is_integer()
    narrow = {f.key: f for f in factor_ranges(keys, base, spread=0.1, strict=False)[0]}
    assert narrow["attention.budget"].lo == pytest.approx(0.9 * base["attention.budget"])
    assert "weak.min_dims" not in narrow  # 2 ± 0.2 holds one integer: skipped (refused when named)
    declared = {f.key: f for f in factor_ranges(keys, base, spread="declared")[0]}
    assert (declared["attention.budget"].lo, declared["attention.budget"].hi) == (0.0, 10.0)
    given = factor_ranges(keys, base, ranges={"attention.budget": (1.0, 2.0)})[0][0]
    assert (given.lo, given.hi) == (1.0, 2.0)


@pytest.mark.parametrize("args, msg", [
    (["--keys", "attention.budgett"], "unknown scenario key 'attention.budgett' (did you mean 'attention.budget'?)"),
    (["--keys", "attention.budget", "--n", "12"], "--n: expected a power of 2"),
    (["--keys", "attention.budget", "--range", "attention.budget=0.5:0.5"],
     "attention.budget: its range [0.5, 0.5] holds a single value"),
    (["--keys", "attention.budget", "--spread", "wide"], "--spread: expected plausible, declared or a fraction"),
    (["--keys", "attention.budget", "--range", "attention.budget=0:99"], "within the declared [0, 10]"),
    (["--keys", "attention.budget", "--outcomes", "weak_shar"], "--outcomes: unknown outcome 'weak_shar'"),
    (["--group", "nosuch"], "--group: unknown section 'nosuch'"),
    (["--keys", "attention.budget", "--window", "3"], "--window: expected FIRST:LAST"),
])
def test_bad_input_one_line_exit_2(tmp_path, capsys, args, msg):
    out = tmp_path / "o"
    rc = main(["sensitivity", "baseline", *args, "--out", str(out), "--no-progress"])
    err = capsys.readouterr().err.strip()
    assert rc == 2 and msg in err and "\n" not in err and "Traceback" not in err
    assert not out.exists()


def test_used_out_refused(tmp_path, capsys):
    (tmp_path / "x.txt").write_text("mine")
    rc = main(["sensitivity", "baseline", "--keys", "attention.budget", "--out", str(tmp_path), "--no-progress"])
    assert rc == 2 and "not a sensitivity directory" in capsys.readouterr().err
    assert (tmp_path / "x.txt").read_text() == "mine"


def test_cli_morris_group(tmp_path, capsys):
    """Morris screening from the command line over a section's assumption keys (integer ones included)."""
    out = tmp_path / "m"
    rc = main(["sensitivity", "baseline", "--group", "weak", "--method", "morris", "--n", "3", "--years", "3",
               "--workers", "1", "--out", str(out), "--no-progress", "--outcomes", "weak_share_true,cost_total_yuan"])
    printed = capsys.readouterr().out
    assert rc == 0 and "morris, 4 keys, 15 runs" in printed
    t = pd.read_csv(out / "sensitivity.csv")
    assert set(t["key"]) == {"weak.threshold", "weak.min_dims", "weak.vacancy_months", "weak.rectify_help"}
    assert {"mu_star", "mu_star_low", "mu_star_high", "mu", "sigma"} <= set(t.columns)
    s = pd.read_csv(out / "samples.csv")
    assert (s["weak.min_dims"] % 1 == 0).all() and s["weak.min_dims"].between(1, 3).all()

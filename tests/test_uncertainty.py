"""Comparisons under parameter uncertainty: wider than fixed-parameter intervals, narrower
than unpaired arms, posterior samples read from files, a flip region found where it is."""

import re

import numpy as np
import pandas as pd
import pytest
from cadresim import compare
from cadresim.cli import main
from cadresim.uncertainty import compare_uncertain, flip_region

KEYS = ["attention.budget", "village.help_gain", "village.capacity_gain", "incentive.effort_pay", "incentive.quit_pay"]
R, YEARS = 24, 6  # 24 draws: the driver test needs them (rho ≈ 0.5 is p ≈ 0.06 at 16)


def width(df: pd.DataFrame, outcome: str = "weak_share_true") -> float:
    r = df[df["outcome"] == outcome].iloc[0]
    return float(r["ci_high"] - r["ci_low"])


@pytest.fixture(scope="module")
def paired():
    return compare_uncertain("baseline", "allowance_high", uncertainty="ranges", keys=KEYS, replicates=R,
                             years=YEARS, workers=2)


def test_interval_widens_with_parameter_uncertainty_and_pairing_still_narrows_it(paired):
    fixed = compare("baseline", "allowance_high", replicates=R, years=YEARS)
    fixed_d = fixed.headline()  # the same quantity: the mean over the whole run
    assert paired.window == "all" and paired.span == (1, YEARS)
    unpaired = compare_uncertain("baseline", "allowance_high", uncertainty="ranges", keys=KEYS, replicates=R,
                                 years=YEARS, paired=False, workers=2)
    for o in ("weak_share_true", "five_good_share"):
        w_fixed, w_unc, w_unp = width(fixed_d, o), width(paired.effects, o), width(unpaired.effects, o)
        assert w_unc > 1.3 * w_fixed, (o, w_fixed, w_unc)
        assert w_unp > 1.3 * w_unc, (o, w_unc, w_unp)
    # the same draws in both arms: the base arm's values are those of the base scenario under θ_k
    assert paired.draws.shape == (R, 1 + len(KEYS))
    assert 0 <= paired.effects["p_better"].min() and paired.effects["p_better"].max() <= 1
    e = paired.effects.set_index("outcome")
    assert e.loc["weak_share_true", "ci_low"] < e.loc["weak_share_true", "diff"] < e.loc["weak_share_true", "ci_high"]
    assert "parameter draws" in paired.sentence() and "参数" in paired.sentence(lang="zh")


def test_judged_over_the_windows_of_compare(paired, tmp_path):
    """The uncertain comparison reports what `compare` reports (each replicate's mean over the
    whole run and over each village term): with no parameter uncertainty left (a posterior of
    one row holding the base's own values) its numbers are exactly those of `compare`."""
    from cadresim import load_scenario

    base = load_scenario("baseline")
    p = tmp_path / "point.csv"
    pd.DataFrame({k: [base[k]] for k in KEYS}).to_csv(p, index=False)
    u = compare_uncertain("baseline", "allowance_high", uncertainty=f"posterior:{p}", replicates=4, years=YEARS)
    c = compare("baseline", "allowance_high", replicates=4, years=YEARS)
    cols = ["window", "start", "end", "outcome", "base_mean", "alt_mean", "diff", "ci_low", "ci_high"]
    pd.testing.assert_frame_equal(u.windows[cols], c.windows[cols])
    assert list(dict.fromkeys(u.windows["window"])) == ["all", "term1", "term2"]  # 6 years of 3-year terms
    pd.testing.assert_frame_equal(u.effects[cols], c.headline()[cols])
    # p(better) per window, from the same per-replicate window means
    d = u.differences[(u.differences["window"] == "term2") & (u.differences["outcome"] == "weak_share_true")]
    assert len(d) == 4
    row = u.windows[(u.windows["window"] == "term2") & (u.windows["outcome"] == "weak_share_true")].iloc[0]
    assert row["p_better"] == pytest.approx((d["diff"] < 0).mean() + 0.5 * (d["diff"] == 0).mean())
    assert d["diff"].mean() == pytest.approx(row["diff"])
    # a later window as the headline
    t2 = compare_uncertain("baseline", "allowance_high", uncertainty=f"posterior:{p}", replicates=4, years=YEARS,
                           window="term2")
    assert t2.span == (4, 6) and t2.effects["window"].eq("term2").all()


def test_identical_results_whatever_the_workers(paired):
    one = compare_uncertain("baseline", "allowance_high", uncertainty="ranges", keys=KEYS, replicates=R,
                            years=YEARS, workers=1)
    pd.testing.assert_frame_equal(one.differences, paired.differences)


def test_flip_region_names_the_planted_region():
    rng = np.random.default_rng(1)
    theta = pd.DataFrame({"a.x": rng.uniform(0, 1, 200), "a.y": rng.uniform(0, 1, 200), "a.z": rng.uniform(0, 1, 200)})
    better = ~((theta["a.x"] < 0.3) & (theta["a.y"] > 0.5))  # worse only in that corner
    f = flip_region(theta, better.to_numpy())
    import re

    assert f["conclusion"] == "better"
    conds = dict((k, (op, float(v))) for k, op, v in re.findall(r"(a\.\w) (≤|>) ([\d.]+)", f["region"]))
    assert conds["a.x"][0] == "≤" and conds["a.x"][1] == pytest.approx(0.3, abs=0.03)
    assert conds["a.y"][0] == ">" and conds["a.y"][1] == pytest.approx(0.5, abs=0.03)
    assert f["density"] > 0.9 and f["coverage"] > 0.9 and f["p_value"] <= 0.01
    # labels unrelated to θ: a candidate leaf exists but is not named (permutation test)
    noise = flip_region(theta, rng.uniform(size=200) < 0.8)
    assert noise["candidate"] and noise["region"] == "" and noise["p_value"] > 0.05
    assert flip_region(theta, np.ones(200, bool))["region"] == ""


def test_written_files(paired, tmp_path):
    paths = paired.write(tmp_path)
    names = {p.name for p in paths}
    assert {"uncertainty.csv", "uncertainty_flips.csv", "uncertainty_draws.csv", "uncertainty.json",
            "uncertainty_1_en.png", "uncertainty_1_zh.png"} <= names
    import json

    meta = json.loads((tmp_path / "uncertainty.json").read_text())
    assert meta["sentences"]["allowance_high"]["zh"].startswith("若参数也不确定")
    assert meta["window"] == "all" and meta["start"] == 1 and meta["end"] == YEARS
    assert len(pd.read_csv(tmp_path / "uncertainty.csv")) == 5


def test_posterior_file(tmp_path):
    p = tmp_path / "accepted.csv"
    pd.DataFrame({"attention.budget": [0.2, 0.5], "village.help_gain": [0.2, 0.3], "loss": [1.0, 2.0],
                  "weight": [0.0, 1.0]}).to_csv(p, index=False)
    u = compare_uncertain("baseline", "allowance_high", uncertainty=f"posterior:{p}", replicates=3, years=2)
    assert u.keys == ["attention.budget", "village.help_gain"]
    assert (u.draws["attention.budget"] == 0.5).all()  # weight 0 is never drawn


@pytest.mark.parametrize("arg, msg", [
    ("posterior", "expected posterior:FILE"),
    ("prior", "expected 'ranges' or 'posterior:FILE'"),
    ("posterior:/nonexistent/acc.csv", "file not found"),
])
def test_bad_uncertainty_one_line(tmp_path, capsys, arg, msg):
    rc = main(["compare", "baseline", "allowance_high", "--uncertainty", arg, "--replicates", "2", "--years", "1",
               "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err.strip()
    assert rc == 2 and msg in err and "\n" not in err
    assert not (tmp_path / "o").exists()


def test_drivers_name_the_key_the_effect_moves_with(paired):
    d = paired.drivers("five_good_share")
    assert list(d.columns) == ["key", "rho", "p_value"] and set(d["key"]) == set(KEYS)
    assert d["rho"].abs().is_monotonic_decreasing
    # the allowance works through effort: its effect grows with how much pay moves effort
    r = d.set_index("key").loc["incentive.effort_pay"]
    assert r["rho"] > 0.3 and r["p_value"] < 0.05


def test_sentence_names_the_flip_region_by_the_keys_names(paired, monkeypatch):
    """The brief's sentence states the region where the sign flips, keys named as a reader knows
    them (Chinese names in Chinese: no English keys)."""
    import re

    from cadresim.paramnames import param_label
    from cadresim.uncertainty import region_text

    region = "weak.threshold ≤ 0.387 and village.capacity_gain > 0.65"
    assert region_text(region, "zh") == f"{param_label('weak.threshold', 'zh')} ≤ 0.387，且" \
                                        f"{param_label('village.capacity_gain', 'zh')} > 0.65"
    flips = paired.flips.copy()
    flips["region"] = flips["region"].astype(object)
    flips.loc[flips["outcome"] == "weak_share_true", ["region", "density"]] = [region, 0.75]
    monkeypatch.setattr(paired, "flips", flips)
    en, zh = paired.sentence(), paired.sentence(lang="zh")
    assert "flips where " + region_text(region, "en") + " (75% of draws there flip)" in en
    assert param_label("weak.threshold", "zh") in zh and "75%" in zh
    assert not re.search(r"[A-Za-z]{2,}", zh.replace(param_label("weak.threshold", "zh"), ""))


def test_table_reads_like_compare(tmp_path):
    """The uncertain table formats effects as compare's table does (one interval format, the
    scenario's title), so the two read side by side."""
    from cadresim.catalogue import scenario_title
    from cadresim.numfmt import interval_text
    from cadresim.uncertainty import compare_uncertain

    u = compare_uncertain("baseline", "allowance_high", uncertainty="ranges", keys=["village.help_gain"],
                          replicates=4, years=4, workers=1)
    for lang in ("en", "zh"):
        t = u.table(lang)
        assert scenario_title("allowance_high", lang) in t and scenario_title("baseline", lang) in t
        r = u.effects[(u.effects["alternative"] == u.alt_names[0]) & (u.effects["outcome"] == "weak_share_true")].iloc[0]
        assert interval_text(r["diff"], r["ci_low"], r["ci_high"], "pp", lang) in t
        assert not re.search(r"-\d", t)  # minus signs, not hyphens, before numbers

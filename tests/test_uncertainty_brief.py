"""A comparison that carries parameter uncertainty as the reader gets it: `compare --uncertainty`
writes the fixed-parameter and the uncertain comparison side by side; the brief and the
comparison figure built from that directory show one sentence and one panel whose numbers are
the result's, in Chinese (no English beyond units and IDs) and English, nothing off the canvas;
the posterior is a sample written by `cadresim calibrate`."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from cadresim import plots
from cadresim.brief import brief_figure, load_view, uncertainty_sentence
from cadresim.cli import main
from cadresim.compare import load_comparison
from cadresim.uncertainty import read_posterior
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from test_figure_text import english_words, texts_on_canvas

pytest.importorskip("optuna")

ALT, R, YEARS = "allowance_high", 5, 6
TINY = '[meta]\nname = "tiny"\n[county]\ntownships = 2\nvillages = 60\n[run]\nyears = 3\n'
TARGETS = ('[meta]\nname = "synthetic"\nreplicates = 2\nseed = 11\n\n[target.s5]\noutput = "stars_5"\n'
           'years = [1, 3]\nobserved = 0.4\ntolerance = 0.1\nsolidity = "A"\nsource = "synthetic"\n')


@pytest.fixture(scope="module")
def accepted(tmp_path_factory):
    """The accepted parameter sets of a tiny calibration (two keys, six trials)."""
    from cadresim.calibration import calibrate

    d = tmp_path_factory.mktemp("calib")
    (d / "tiny.toml").write_text(TINY, encoding="utf-8")
    (d / "targets.toml").write_text(TARGETS, encoding="utf-8")
    calibrate(d / "tiny.toml", d / "targets.toml", keys=["stars.threshold", "village.help_gain"], budget=6, batch=3,
              workers=1, out=d / "c", figures=False)
    return d / "c" / "accepted.parquet"


@pytest.fixture(scope="module")
def cmpdir(accepted, tmp_path_factory):
    out = tmp_path_factory.mktemp("cmp") / "c"
    rc = main(["compare", "baseline", ALT, "--uncertainty", f"posterior:{accepted}", "--replicates", str(R),
               "--years", str(YEARS), "--workers", "1", "--out", str(out), "--quiet"])
    assert rc == 0
    return out


def test_compare_writes_both_comparisons_and_draws_from_the_calibration(cmpdir, accepted):
    c = load_comparison(cmpdir)
    u = c["uncertainty"]
    assert c["meta"]["alternatives"] == [ALT] and u is not None
    assert u["meta"]["keys"] == ["stars.threshold", "village.help_gain"]
    assert u["meta"]["source"].startswith("posterior:") and u["meta"]["replicates"] == R
    acc = pd.read_parquet(accepted)
    rows = set(map(tuple, acc[["stars.threshold", "village.help_gain"]].round(12).to_numpy()))
    draws = pd.read_csv(cmpdir / "uncertainty_draws.csv")
    assert set(map(tuple, draws[["stars.threshold", "village.help_gain"]].round(12).to_numpy())) <= rows
    # the same windows, the same statistic: the whole run heads both
    assert set(u["effects"]["window"]) == {"all"}
    assert list(dict.fromkeys(u["windows"]["window"])) == list(dict.fromkeys(c["windows"]["window"]))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_brief_sentence_and_panel_are_the_results(cmpdir, lang):
    view = load_view(cmpdir)
    u = view["uncertainty"]
    e = u["effects"].set_index("outcome").loc["weak_share_true"]
    s = uncertainty_sentence(view, ALT, lang)
    # effect and interval in percentage points, as printed (decimals from the interval's width)
    num = r"([−+]?\d+(?:\.\d+)?)"
    m = re.search(num + r" (?:pp|个百分点) [\[［]" + num + r"[,，] ?" + num + r"[\]］]", s)
    assert m, s
    got = [float(x.replace("−", "-")) for x in m.groups()]
    dec = len(m.group(1).partition(".")[2])
    np.testing.assert_allclose(got, [e["diff"] * 100, e["ci_low"] * 100, e["ci_high"] * 100], atol=0.5 * 10**-dec)
    assert f"{e['p_better']:.0%}" in s and f"{int(e['draws'])} " in s
    flips = u["flips"].set_index("outcome").loc["weak_share_true"]
    if int(flips["n_flips"]) == 0:
        assert ("every draw" if lang == "en" else "每组抽样中一致") in s
    fig = brief_figure(view, lang)
    texts, canvas = texts_on_canvas(fig)
    alltext = "".join(t.get_text() for t, _ in texts)
    assert re.sub(r"\s", "", s) in re.sub(r"\s", "", alltext)  # the sentence is on the page, whole
    # the panel: each draw's paired difference (whole run) as one dot in the alternative's colour
    dots = [a for a in fig.findobj() if a.get_gid() == f"uncertainty:{ALT}:draws"]
    assert len(dots) == 1
    d = u["differences"]
    d = d[(d["outcome"] == "weak_share_true") & (d["window"] == "all")].sort_values("replicate")
    np.testing.assert_allclose(dots[0].get_offsets()[:, 0], d["diff"].to_numpy())
    better = d["better"].astype(bool).to_numpy()
    face = dots[0].get_facecolors()
    assert np.allclose(face[better, :3], to_rgba(plots.COLORS[1])[:3])
    assert np.allclose(face[~better, :3], 1.0)  # hollow where the alternative is worse
    unc = [a for a in fig.findobj(Line2D) if a.get_gid() == f"uncertainty:{ALT}:uncertain" and a.get_marker() == "D"]
    fixed = [a for a in fig.findobj(Line2D) if a.get_gid() == f"uncertainty:{ALT}:fixed" and a.get_marker() == "o"]
    assert len(unc) == len(fixed) == 1
    assert unc[0].get_xdata()[0] == pytest.approx(e["diff"])
    w = view["windows"].set_index(["window", "outcome"]).loc[("all", "weak_share_true")]
    assert fixed[0].get_xdata()[0] == pytest.approx(w["diff"])
    # what the reader sees: nothing off the canvas, no English in Chinese
    out = [t.get_text() for t, bb in texts if bb.x0 < canvas.x0 - 1 or bb.y0 < canvas.y0 - 1
           or bb.x1 > canvas.x1 + 1 or bb.y1 > canvas.y1 + 1]
    assert not out, out
    if lang == "zh":
        assert not english_words(alltext), sorted(set(english_words(alltext)))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_comparison_figure_has_the_uncertain_row(cmpdir, lang):
    c = load_comparison(cmpdir)
    fig = plots.comparison(c, lang=lang)
    rows = [a for a in fig.findobj(Line2D) if a.get_gid() == f"uncertainty:{ALT}" and a.get_marker() == "D"]
    assert len(rows) == 4  # one per panel (outcome)
    e = c["uncertainty"]["effects"].set_index("outcome")
    xs = sorted(r.get_xdata()[0] for r in rows)
    assert xs == pytest.approx(sorted(e.loc[["weak_share_true", "weak_share_reported", "five_good_share",
                                              "cost_total_yuan"], "diff"]))
    texts, canvas = texts_on_canvas(fig)
    alltext = "\n".join(t.get_text() for t, _ in texts)
    assert f"{e.loc['weak_share_true', 'p_better']:.0%}" in alltext
    assert all(canvas.x0 - 1 <= bb.x0 and bb.x1 <= canvas.x1 + 1 for _, bb in texts)
    if lang == "zh":
        assert not english_words(alltext), sorted(set(english_words(alltext)))
    assert cli_ok(cmpdir, lang)


def cli_ok(d, lang: str) -> bool:
    return main(["brief", str(d), "--lang", lang]) == 0 and (d / f"brief_{lang}.pdf").stat().st_size > 20_000


def test_read_posterior_takes_what_calibrate_writes_and_leaves_out_broken_rows(accepted, tmp_path):
    df, w = read_posterior(accepted, set())
    assert list(df.columns) == ["stars.threshold", "village.help_gain"] and w is None and len(df) > 0
    csv = accepted.with_suffix(".csv")
    pd.testing.assert_frame_equal(read_posterior(csv, set())[0], df, check_dtype=False)
    p = tmp_path / "s.csv"
    pd.DataFrame({"weak.min_dims": [2.0, 3.0, np.nan, 1.0], "attention.budget": [1.0, 1.2, 1.1, 0.9],
                  "error": ["", "", "", "ValueError: x"], "loss": [0.1, 0.2, 0.3, 0.4]}).to_csv(p, index=False)
    df, _ = read_posterior(p, set())
    assert df["weak.min_dims"].tolist() == [2, 3] and df["weak.min_dims"].dtype.kind == "i"
    assert read_posterior(p, {"weak.min_dims"})[0].columns.tolist() == ["attention.budget"]


@pytest.mark.parametrize("content, msg", [
    ("loss,trial\n1,2\n", "expected rows and columns named by scenario keys"),
    ("weak.min_dims\n2.5\n", "column weak.min_dims: expected whole numbers"),
    ("attention.budget,weight\n1.0,-1\n", "column weight: expected non-negative"),
    ("attention.budgett,loss\n1.0,0.1\n", "column 'attention.budgett' is not a scenario key of this cadresim (did you mean"),
])
def test_bad_posterior_one_line(tmp_path, capsys, content, msg):
    p = tmp_path / "bad.csv"
    p.write_text(content, encoding="utf-8")
    rc = main(["compare", "baseline", ALT, "--uncertainty", f"posterior:{p}", "--replicates", "2", "--years", "1",
               "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err.strip()
    assert rc == 2 and msg in err and "\n" not in err
    assert not (tmp_path / "o").exists()


def test_replacing_a_comparison_drops_the_former_uncertainty(tmp_path):
    """compare --force without --uncertainty into a folder that held one: the brief must not show
    the former run's parameter uncertainty."""
    from cadresim import compare

    for name in ("uncertainty.json", "uncertainty.csv", "uncertainty_windows.csv", "uncertainty_1_zh.png"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    compare("baseline", ALT, replicates=2, years=1).write(tmp_path)
    assert not list(tmp_path.glob("uncertainty*")) and (tmp_path / "notes.txt").read_text() == "mine"
    assert load_comparison(tmp_path)["uncertainty"] is None

"""Briefing figures: every kind, both languages, three formats; fonts embedded, no missing glyph."""

from __future__ import annotations

import json
import logging
import re
import warnings
from pathlib import Path

import cadresim
import numpy as np
import pandas as pd
import pytest
from cadresim import compare, fonts, plots, run
from cadresim.brief import load_view, write_brief
from cadresim.cli import main as cli
from cadresim.labels import LABELS, all_text, label
from figkit import figure, grid_sweep  # tests/figkit.py

REPS, YEARS = 4, 6
QUESTION = "提高村党组织书记报酬能否减少软弱涣散村党组织？"


def _toml(path, name, body, question=QUESTION, base=None):
    head = f'[meta]\nname = "{name}"\nquestion = "{question}"\n' + (f'base = "{base}"\n' if base else "")
    path.write_text(head + "\n" + body, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def scen_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("scen")
    base = _toml(d / "base.toml", "现行政策", "[election]\nterm_years = 3\n\n[rotation]\nterm_years = 5\n")
    alt = _toml(d / "alt.toml", "报酬翻倍", "[pay]\nbase_multiple = 2.0\n", base="base.toml")
    return base, alt


@pytest.fixture(scope="module")
def comp(scen_files):
    return compare(*scen_files, replicates=REPS, years=YEARS, seed=11)


@pytest.fixture(scope="module")
def sweep_df():
    return grid_sweep(years=3)


def _figure(kind, lang, comp, sweep_df):
    if kind == "stars":
        return plots.stars(comp.base, lang=lang)  # one arm's run
    return figure(kind, lang, comp, sweep_df)


def _glyph_problems(records, caplog):
    bad = [str(w.message) for w in records if re.search(r"glyph|missing|findfont|font", str(w.message), re.I)]
    bad += [r.getMessage() for r in caplog.records if "font" in r.getMessage().lower()]
    return bad


def check_files(paths, lang):
    from PIL import Image

    by = {p.suffix: p for p in paths}
    assert set(by) == {".png", ".svg", ".pdf"}
    assert by[".png"].stat().st_size > 30_000
    assert by[".svg"].stat().st_size > 20_000
    assert by[".pdf"].stat().st_size > 8_000
    with Image.open(by[".png"]) as im:
        dpi = im.info["dpi"]
        assert dpi[0] == pytest.approx(300, abs=0.5) and dpi[1] == pytest.approx(300, abs=0.5)
        assert im.size[0] >= 1500  # 300 dpi at ≥ 5 inches
    svg = by[".svg"].read_text(encoding="utf-8")
    assert "<text" not in svg  # text as paths: no font needed to view it
    pdf = by[".pdf"].read_bytes()
    assert b"/FontFile2" in pdf and b"/Type3" not in pdf  # TrueType embedded (pdf.fonttype 42)
    assert b"CadresimSansSC" in pdf


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", plots.KINDS)
def test_every_figure_kind(kind, lang, comp, sweep_df, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="matplotlib")
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        fig = _figure(kind, lang, comp, sweep_df)
        paths = plots.save(fig, tmp_path / f"{kind}_{lang}")
    assert not _glyph_problems(rec, caplog)
    check_files(paths, lang)
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    assert any(f"cadresim {cadresim.__version__}" in t for t in texts)  # footer
    if lang == "zh":
        assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts)


NAMED = sorted(p for p in (Path(cadresim.scenario.SCENARIO_DIR)).glob("*.toml") if not p.name.startswith("sweep_"))


def _expected_marks(sc, years):
    """The policy calendar straight from the scenario's keys (C4 village terms; C1/C3 rotation)."""
    vt = sc["election.term_years"]
    rot = {"two_terms": sc["rotation.term_years"], "fixed": sc["rotation.every_years"]}.get(sc["rotation.policy"])
    return ([y for y in range(1, years + 1) if y % vt == 0],
            [y for y in range(1, years + 1) if rot and y % rot == 0])


def _drawn(ax, gid):
    return sorted(int(round(ln.get_xdata()[0])) for ln in ax.get_lines() if ln.get_gid() == gid)


def _fake_yearly(name, years=16, reps=2):
    rows = [{"scenario": name, "replicate": r, "year": y, "weak_share_true": 0.05 + 0.01 * r + 0.002 * y,
             "weak_share_reported": 0.04 + 0.001 * y} for r in range(reps) for y in range(1, years + 1)]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("path", NAMED, ids=lambda p: p.stem)
def test_each_named_scenario_draws_its_own_calendar(path):
    sc = cadresim.load_scenario(path)
    fig = plots.trajectory(_fake_yearly(sc.name), scenario=sc, lang="zh")
    ax = fig.axes[0]
    village, rotation = _expected_marks(sc, 16)
    assert _drawn(ax, "village_term") == village
    assert _drawn(ax, "township_rotation") == rotation
    # no threshold (B1/B2, township-level) line across the county share
    assert not [ln for ln in ax.get_lines() if len(set(np.round(ln.get_xdata(), 6))) > 1
                and len(set(np.round(ln.get_ydata(), 6))) == 1]


def test_all_named_arms_each_with_its_own_calendar():
    scs = [cadresim.load_scenario(p) for p in NAMED]
    df = pd.concat([_fake_yearly(s.name, 12) for s in scs], ignore_index=True)
    fig = plots.trajectory(df, scenario={s.name: s for s in scs}, lang="en")
    panels = [ax for ax in fig.axes if ax.get_visible() and ax.get_title(loc="left")]
    assert len(panels) == len(scs)  # small multiples: one panel per arm
    for ax, sc in zip(panels, scs, strict=True):
        village, rotation = _expected_marks(sc, 12)
        assert _drawn(ax, "village_term") == village, sc.name
        assert _drawn(ax, "township_rotation") == rotation, sc.name


def _legend_texts(fig):
    from matplotlib.legend import Legend

    return [t.get_text() for leg in fig.findobj(Legend) for t in leg.get_texts()]


def test_trajectory_legend_lists_only_what_is_drawn(comp):
    from cadresim.labels import LABELS

    fig = plots.trajectory(comp, lang="zh", reported=True)
    texts = _legend_texts(fig)
    assert label("band90", "zh") in texts and any("上报" in s for s in texts) and any("真实" in s for s in texts)
    assert label("village_term", "zh") in texts
    one = plots.trajectory(comp.base.yearly[comp.base.yearly["replicate"] == 0], lang="en")
    texts = _legend_texts(one)
    assert LABELS["band90"][0] not in texts and LABELS["band50"][0] not in texts  # one replicate: no bands


def test_weak_label_has_glyphs_and_missing_ones_are_caught(tmp_path):
    assert "软弱涣散" in label("weak_share_true", "zh")
    assert fonts.has_glyphs(all_text())
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        fig = plots.trajectory(run(None, replicates=2, years=3), lang="zh")
        fig.axes[0].set_title("软弱涣散村党组织")
        plots.save(fig, tmp_path / "ok", ("png",))
    assert not [w for w in rec if "missing" in str(w.message).lower()]
    # the check itself works: a character outside the font (Hangul) is reported
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        fig.axes[0].set_title("한국어")
        plots.save(fig, tmp_path / "bad", ("png",))
    assert [w for w in rec if "missing" in str(w.message).lower()]


def test_every_label_in_both_languages():
    for key, (en, zh) in LABELS.items():
        assert en.strip() and zh.strip(), key
        assert re.findall(r"{(\w+)", en) == re.findall(r"{(\w+)", zh) or set(re.findall(r"{(\w+)", en)) == set(
            re.findall(r"{(\w+)", zh)), key
    assert label("stars_3", "zh") == "3星"


def test_cli_plot_and_brief(scen_files, comp, sweep_df, tmp_path):
    cdir = tmp_path / "cmp"
    comp.write(cdir)
    assert cli(["plot", str(cdir), "--kind", "trajectory,comparison,stars", "--lang", "en,zh", "--format", "png,pdf",
                "--out", str(tmp_path / "figs")]) == 0
    assert len(list((tmp_path / "figs").glob("*.png"))) == 6 and len(list((tmp_path / "figs").glob("*.pdf"))) == 6
    # a run directory
    rdir = tmp_path / "run"
    rdir.mkdir()
    comp.base.yearly.to_csv(rdir / "yearly.csv", index=False)
    (rdir / "scenario.toml").write_text(comp.base.scenario.to_toml(), encoding="utf-8")
    (rdir / "manifest.json").write_text(json.dumps({"scenario": "现行政策", "seed": 11}), encoding="utf-8")
    assert cli(["plot", str(rdir), "--kind", "stars", "--lang", "zh", "--format", "svg"]) == 0
    assert (rdir / "figures" / "stars_zh.svg").stat().st_size > 20_000
    assert cli(["plot", str(rdir), "--kind", "heatmap"]) == 2
    assert cli(["plot", str(rdir), "--kind", "pie"]) == 2
    # a sweep directory
    sdir = tmp_path / "sweep"
    sdir.mkdir()
    sweep_df.to_parquet(sdir / "yearly.parquet")
    (sdir / "manifest.json").write_text(json.dumps({"name": "pay×terms", "seed": 3, "design": {
        "levers": {"pay.base_multiple": [1.0, 2.0], "election.term_years": [3, 5]}}}), encoding="utf-8")
    assert cli(["plot", str(sdir), "--kind", "heatmap,frontier", "--lang", "zh", "--format", "png"]) == 0
    assert (sdir / "figures" / "heatmap_zh.png").exists() and (sdir / "figures" / "frontier_zh.png").exists()
    # briefing from the directory, and straight from scenario files
    assert cli(["brief", str(cdir), "--lang", "zh"]) == 0
    pdf = (cdir / "brief_zh.pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1 and b"/FontFile2" in pdf
    assert cli(["brief", *map(str, scen_files), "--replicates", "2", "--years", "3",
                "--out", str(tmp_path / "b.pdf")]) == 0
    assert (tmp_path / "b.pdf").stat().st_size > 20_000


def test_brief_contents(comp, tmp_path, caplog):
    from cadresim.brief import assumption_rows, brief_figure, headline_rows

    caplog.set_level(logging.INFO, logger="matplotlib")
    view = load_view(comp.write(tmp_path / "c")[0].parent)
    rows = assumption_rows(view, "en")
    assert rows[0] == ["Base pay of main village cadres", "1 × rural income", "2 × rural income", "documented",
                       cadresim.PARAMS["pay.base_multiple"].src]
    # then the assumptions of the same mechanism (rule D2) the answer rests on, not only the changed key
    d2 = [k for k, p in cadresim.PARAMS.items() if "D2" in p.rule.split(",") and p.is_assumption]
    assert d2 and {r[0] for r in rows[1:]} == {cadresim.catalogue.param_label(k, "en") for k in d2}
    assert all(r[3] == "assumption" for r in rows[1:])
    assert len(headline_rows(view, "zh")) == 6  # five outcomes and cost per weak village avoided
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        fig = brief_figure(comp, "zh")
        texts = " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))
        write_brief(comp, tmp_path / "brief.pdf", "zh")
    assert not _glyph_problems(rec, caplog)
    assert QUESTION[:10] in texts.replace("\n", "") and "村主职干部基本报酬" in texts
    assert (tmp_path / "brief.pdf").stat().st_size > 20_000


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_frontier_labels_do_not_overlap(lang):
    """Twelve close points of a grid sweep: every point labelled, no two labels overlapping, all
    inside the axes (they were placed alternately above/below and piled up)."""
    rng = np.random.default_rng(3)
    rows = []
    for p, (pm, et) in enumerate([(pm, et) for pm in (1.0, 1.5, 2.0, 2.5) for et in (3, 4, 5)]):
        for rep in range(2):
            rows.append({"point": p, "replicate": rep, "year": 10, "pay.base_multiple": pm, "election.term_years": et,
                         "weak_share_true": 0.05 - 0.004 * pm - 0.001 * et + rng.normal(0, 0.0005),
                         "cost_total_yuan": 1e6 * (1 + pm) + 1e4 * et + rng.normal(0, 1e3)})
    fig = plots.frontier(pd.DataFrame(rows), lang=lang)
    from matplotlib.text import Text

    ax = fig.axes[0]
    anns = [c for c in ax.texts if c.get_text()]
    assert len(anns) == 12
    with plots._in_ctx(fig):  # the figure's own fonts, as save() draws it (text is measured in them)
        fig.draw_without_rendering()
        r = fig._get_renderer()
        boxes = [Text.get_window_extent(a, r) for a in anns]  # the text alone, not its leader line
    axbox = ax.get_window_extent(r)
    for i, a in enumerate(boxes):
        assert axbox.x0 - 1 <= a.x0 and a.x1 <= axbox.x1 + 1 and axbox.y0 - 1 <= a.y0 and a.y1 <= axbox.y1 + 1
        for b in boxes[:i]:
            assert not a.overlaps(b), (a, b)


def test_frontier_share_axis_not_below_zero():
    """Points from 0.5% to 5% weak: the frontier's margin used to run the axis to about −1%."""
    rows = [{"point": p, "replicate": 0, "year": 5, "pay.base_multiple": 1.0 + p, "weak_share_true": w,
             "cost_total_yuan": 1e6 * (5 - p)} for p, w in enumerate([0.005, 0.02, 0.035, 0.05])]
    fig = plots.frontier(pd.DataFrame(rows), lang="en")
    ax = fig.axes[0]
    assert ax.get_xlim()[0] == 0.0 and ax.get_xlim()[1] > 0.05

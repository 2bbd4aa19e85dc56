"""Briefing pages: one A4 page per alternative, every text inside the page, no matplotlib warning."""

from __future__ import annotations

import re
import warnings

import pytest
from cadresim import compare, plots
from cadresim.brief import brief_figure, brief_name, load_view, shorten, wrap, write_brief, write_briefs
from cadresim.cli import main as cli
from cadresim.scenario import load_scenario

ALTS = [
    ({"pay.base_multiple": 2.0, "pay.one_shoulder_bonus": 0.25},
     "Allowance doubled for every main village cadre, with the one-shoulder bonus halved in all townships",
     "村干部基本报酬提高到上年农村居民人均可支配收入的两倍、一肩挑补贴减半并在全县所有乡镇同步实施的方案"),
    ({"election.term_years": 5},
     "村“两委”任期由三年延长到五年并同步调整乡镇领导班子任期安排的长期方案",
     "If village terms last five years instead of three, how much lower is the weak share through fewer "
     "lame-duck years and elections, and what happens to the reported share when inspections stay as they are?"),
    ({"rotation.policy": "fixed", "rotation.every_years": 1},
     "Township leaders rotated every single year (fixed schedule, no two-term rule)",
     "If township leaders are transferred every year, how much does the weak share rise through lost local "
     "knowledge and short-term work?"),
    ({"flagging.quota": 0.1, "penalties.criticise_share": 0.05, "penalties.adjust_share": 0.1,
      "reporting.inspect_share": 0.05},
     "Strict_thresholds_with_weak_inspection_and_a_quota_of_ten_percent_flagged_villages_per_year",
     "如果乡镇软弱涣散占比超过5%即被通报批评、超过10%即调整班子，且每年按10%的比例排查整顿，而县里只抽查5%的村，"
     "真实的软弱涣散占比会下降，还是上报数字和干部调整吸收了压力？这一问题对县委组织部的年度考核设计至关重要。"),
]


@pytest.fixture(scope="module")
def comp5():
    base = load_scenario(None)
    base.name = "现行政策（基准）"
    base.question = "What happens under current policy?"
    alts = []
    for overrides, name, question in ALTS:
        sc = load_scenario(None, overrides)
        sc.name, sc.question = name, question
        alts.append(sc)
    return compare(base, *alts, replicates=3, years=6, seed=5)


def _pages(path):
    return len(re.findall(rb"/Type\s*/Page\b", path.read_bytes()))


def _texts_inside(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    with plots._in_ctx(fig):  # the page's CJK font, as plots.save draws it
        canvas.draw()
        r = canvas.get_renderer()
        page = fig.bbox
        out = []
        # texts on the page and its sub-figures, legends, and each axes with its drawn tick labels
        subs = [fig, *fig.subfigs, *[g for f in fig.subfigs for g in f.subfigs]]
        items = [(t.get_text(), t) for f in subs for t in f.texts if t.get_visible() and t.get_text().strip()]
        items += [("legend", g) for f in subs for g in f.legends]
        items += [(ax.get_title(loc="left") or "axes", ax) for ax in fig.get_axes() if ax.get_visible()]
        items += [(f._suptitle.get_text(), f._suptitle) for f in subs if f._suptitle is not None]
        for name, a in items:
            b = a.get_tightbbox(r) if hasattr(a, "get_tightbbox") else a.get_window_extent(r)
            if b.x0 < page.x0 - 1 or b.x1 > page.x1 + 1 or b.y0 < page.y0 - 1 or b.y1 > page.y1 + 1:
                out.append(name)
    return out


def test_wrap_and_shorten():
    assert wrap("决策参考" * 10, 20) == ["决策参考决策参考决策", "参考决策参考决策参考"] * 2
    assert all(len(line) <= 10 for line in wrap("a_very_long_identifier_without_spaces", 10))
    assert wrap("one two three", 7) == ["one two", "three"]
    assert shorten("短名", 10) == "短名" and shorten("很长很长很长的名字", 8) == "很长很…"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_page_per_alternative(comp5, lang, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        paths = write_briefs(comp5, tmp_path, lang)
        assert len(paths) == len(ALTS) and len(set(paths)) == len(ALTS)
        for p in paths:
            assert p.name.startswith("brief_") and p.name.endswith(f"_{lang}.pdf")
            assert _pages(p) == 1 and b"/FontFile2" in p.read_bytes()
        for alt in comp5.alt_names:
            fig = brief_figure(comp5, lang, alt=alt)
            assert not _texts_inside(fig), alt
            texts = "".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))).replace("\n", "")
            others = [a for a in comp5.alt_names if a != alt]
            assert alt[:8] in texts and not any(o[:12] in texts for o in others)


def test_pick_and_errors(comp5, tmp_path):
    with pytest.raises(ValueError, match="alt"):
        brief_figure(comp5, "en")
    with pytest.raises(ValueError, match="alt"):
        write_brief(comp5, tmp_path / "x.pdf", "en", alt="no such alternative")
    alt = comp5.alt_names[2]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = write_brief(comp5, tmp_path / "one.pdf", "zh", alt=alt)
    assert _pages(p) == 1
    assert [q.name for q in write_briefs(comp5, tmp_path / "two", "en", alts=[alt])] == [
        brief_name(alt, "en")]
    assert brief_name("thresholds_strict", "zh") == "brief_thresholds_strict_zh.pdf"
    names = [brief_name(a, "zh") for a in comp5.alt_names]
    assert len(set(names)) == len(names) and all(len(n.encode()) < 120 for n in names)


def test_cli_several_alternatives(comp5, tmp_path):
    d = tmp_path / "cmp"
    comp5.write(d)
    view = load_view(d)
    assert view["meta"]["alternatives"] == comp5.alt_names
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert cli(["brief", str(d), "--lang", "zh"]) == 0
    pdfs = sorted(d.glob("brief_*_zh.pdf"))
    assert len(pdfs) == len(ALTS) and all(_pages(p) == 1 for p in pdfs)
    assert not (d / "brief_zh.pdf").exists()
    alt = comp5.alt_names[0]
    assert cli(["brief", str(d), "--lang", "en", "--alt", alt, "--out", str(tmp_path / "a.pdf")]) == 0
    assert _pages(tmp_path / "a.pdf") == 1
    assert cli(["brief", str(d), "--alt", comp5.alt_names[1], "--alt", alt, "--out", str(tmp_path / "b.pdf")]) == 0
    assert len(list(tmp_path.glob("b_*.pdf"))) == 2
    assert cli(["brief", str(d), "--alt", "nope"]) == 2


def test_comparison_row_labels_never_overlap_on_the_page(tmp_path):
    """Nine village terms of three years in the brief's short comparison panel: the row labels
    are thinned (the whole run always kept) so that no two overlap."""
    from cadresim import compare, plots

    c = compare("baseline", "allowance_high", replicates=3, years=25, seed=5)
    from matplotlib.figure import Figure

    root = Figure(figsize=(8.27, 2.2), layout="constrained")
    plots.comparison(c, lang="en", parent=root)
    ax = root.axes[0]
    with plots._in_ctx(root):
        root.draw_without_rendering()
        r = root._get_renderer()
        shown = [t for t in ax.get_yticklabels() if t.get_text()]
        boxes = [t.get_window_extent(r) for t in shown]
    assert shown[0].get_text().startswith("years 1–25") and 1 < len(shown) < len(ax.get_yticklabels())
    for i, a in enumerate(boxes):
        for b in boxes[:i]:
            assert not a.overlaps(b)
    assert "((" not in root._suptitle.get_text() and ") (" not in root._suptitle.get_text()

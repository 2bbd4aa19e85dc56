"""What a reader sees: every figure kind and the briefing, in Chinese and English, checked on the
rendered canvas: no text outside it, no tick label repeated on an axis, and no English word in
Chinese output beyond an allow-list (units, rule IDs, the package name, the commit hash)."""

from __future__ import annotations

import re

import pytest
from cadresim import compare, plots
from cadresim.brief import brief_figure
from figkit import figure, grid_sweep  # tests/figkit.py
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

# English tokens a Chinese figure may show: the package, units, rule and fact IDs, statistics terms
ALLOWED = {"cadresim", "dirty", "BCa", "Mesa"}
RULE_ID = re.compile(r"^(?:[A-F]\d{1,2}|[0-9a-f]{7,12})$")


@pytest.fixture(scope="module")
def comp():
    # shipped scenarios: their titles and questions must come from the catalogue in Chinese
    return compare("baseline", "village_term_5y", replicates=3, years=6, seed=5,)


@pytest.fixture(scope="module")
def grid():
    return grid_sweep(years=2)


def make(kind, lang, comp, grid):
    fig = figure(kind, lang, comp, grid)
    return fig if fig is not None else brief_figure(comp, lang)


def texts_on_canvas(fig):
    """(Text, its box in pixels) for every text drawn, and the canvas box; tick labels only for the
    ticks the axis draws (inside its view), as the reader sees them."""
    canvas = FigureCanvasAgg(fig)
    with plots._in_ctx(fig):
        canvas.draw()
    r = canvas.get_renderer()
    tick_texts, drawn = set(), []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                tick_texts |= {id(tick.label1), id(tick.label2)}
            if ax.get_visible():
                for tick in axis._update_ticks():
                    drawn += [lb for lb in (tick.label1, tick.label2) if lb.get_visible() and lb.get_text()]
    out = [(t, t.get_window_extent(r)) for t in drawn]
    for t in fig.findobj(Text):
        if id(t) in tick_texts or not (t.get_visible() and t.get_text().strip()):
            continue
        if t.axes is not None and not t.axes.get_visible():
            continue
        out.append((t, t.get_window_extent(r)))
    return out, fig.bbox


def tick_labels(fig):
    for ax in fig.axes:
        if ax.get_visible():
            for axis in (ax.xaxis, ax.yaxis):
                yield [t.label1.get_text() for t in axis._update_ticks() if t.label1.get_visible() and t.label1.get_text()]


def english_words(text):
    words = [w for w in re.findall(r"[A-Za-z0-9_]+", text) if re.search(r"[A-Za-z]", w)]
    return [w for w in words if w not in ALLOWED and not RULE_ID.match(w)]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", [*plots.KINDS, "brief"])
def test_what_the_reader_sees(kind, lang, comp, grid):
    fig = make(kind, lang, comp, grid)
    texts, canvas = texts_on_canvas(fig)
    # 1. nothing outside the canvas (1 px tolerance)
    out = [t.get_text() for t, bb in texts if bb.x0 < canvas.x0 - 1 or bb.y0 < canvas.y0 - 1
           or bb.x1 > canvas.x1 + 1 or bb.y1 > canvas.y1 + 1]
    assert not out, out
    # 2. no repeated tick label on any axis (colour bars included)
    for labels in tick_labels(fig):
        assert len(labels) == len(set(labels)), (kind, labels)
    # 3. provenance: every figure's footer names the code that made it (version and commit)
    from cadresim.provenance import code_tag

    allt = "\n".join(t.get_text() for t, _ in texts).replace("\n", " ")
    assert code_tag().split(" · ")[0] in allt and (code_tag().split(" · ")[-1] in allt or "dirty" in allt)
    # 4. Chinese output: no English beyond the allow-list; full-width brackets around Chinese text
    if lang == "zh":
        allt = "\n".join(t.get_text() for t, _ in texts)
        assert not english_words(allt), sorted(set(english_words(allt)))
        assert not re.search(r"[\u4e00-\u9fff]\(|\)[\u4e00-\u9fff]", allt), "half-width bracket next to Chinese"
    else:
        allt = "\n".join(t.get_text() for t, _ in texts)
        assert not re.search(r"[\u4e00-\u9fff]{3,}", allt.replace("以奖代补", "").replace("抓两头", ""))


def test_tick_formatter_never_repeats():
    from cadresim.numfmt import TickFormatter

    f = TickFormatter("pp", sign=True)
    assert f.format_ticks([-0.01, -0.005, 0.0, 0.005, 0.01]) == ["−1.0", "−0.5", "0.0", "+0.5", "+1.0"]
    assert len(set(f.format_ticks([-0.025, 0.0, 0.025, 0.05, 0.075]))) == 5
    y = TickFormatter("yuan", "en")
    assert y.format_ticks([0, 50_000, 100_000, 150_000]) == ["0", "50k", "100k", "150k"]


def test_interval_significant_figures():
    from cadresim.numfmt import interval_text

    # never '-0.1M [-0.2M, -0.1M]': decimals follow the interval's width
    assert interval_text(-120_000, -210_000, -60_000, "yuan", "en") == "−120k [−210k, −60k]"
    assert interval_text(-0.009, -0.024, -0.0003, "pp", "en") == "−0.90 pp [−2.40, −0.03]"
    assert interval_text(-0.009, -0.024, -0.0003, "pp", "zh") == "−0.90 个百分点 ［−2.40，−0.03］"

"""Figures for briefing documents, in English or Chinese, as matplotlib figures.

    from cadresim import run, compare, plots
    res = run("baseline", replicates=20)
    fig = plots.trajectory(res, lang="zh")          # median, 50% and 90% bands, thresholds, terms
    plots.save(fig, "out/trajectory", ("png", "svg", "pdf"))
    plots.comparison(compare("baseline", "alt.toml"), lang="en")   # forest plot
    plots.heatmap(sweep_df, x="pay.base_multiple", y="election.term_years")
    plots.frontier(sweep_df)                         # cost against weak share over sweep points
    plots.stars(res)                                 # star distribution over years

Every figure carries a footer (scenario names, replicates, seed, cadresim version) and uses
the CJK font shipped in the package (`model.fonts`), so Chinese renders without any system
font; PNG is written at 300 dpi, SVG with text as paths, PDF with the TrueType font embedded.
Figures are plain `matplotlib.figure.Figure` objects (no pyplot state), so they display in a
notebook and are garbage-collected like any object.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import fonts
from .labels import label, scenario_title, short

FORMATS = ("png", "svg", "pdf")
KINDS = ("trajectory", "comparison", "difference", "heatmap", "partial", "frontier", "stars")
DPI = 300
FOOTER_IN = 0.3  # inches kept for the footer (two lines at 6 pt)
COLORS = ("#1b4f8a", "#c0392b", "#2e8b57", "#8e44ad", "#d4850f", "#4a4a4a")
STAR_COLORS = ("#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#67a9cf", "#2166ac")


# ---------------------------------------------------------------------------------------
# common parts


def _show_in_notebooks() -> None:
    """In a Jupyter kernel, display a returned Figure as a PNG (no pyplot needed).

    matplotlib's inline backend registers this formatter only once pyplot is imported; the
    figures here never touch pyplot, so register it ourselves unless something already has."""
    import sys

    if "IPython" not in sys.modules:
        return
    from IPython import get_ipython

    ip = get_ipython()
    if ip is None or not hasattr(ip, "display_formatter"):
        return
    from matplotlib.figure import Figure

    fmt = ip.display_formatter.formatters["image/png"]
    if Figure in fmt.type_printers:
        return

    def png(fig: Any) -> bytes:
        import io

        buf = io.BytesIO()
        with _in_ctx(fig):  # the figure's language settings (CJK font), as save() uses
            fig.savefig(buf, format="png", dpi=100)
        return buf.getvalue()

    fmt.for_type(Figure, png)


def _figure(lang: str, figsize: tuple[float, float], nrows: int = 1, ncols: int = 1, parent: Any = None,
            **kw: Any) -> Any:
    """A new constrained-layout figure, or `parent` (a SubFigure of a page, e.g. the briefing)."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    _show_in_notebooks()

    if lang not in ("en", "zh"):
        raise ValueError(f"lang: expected 'en' or 'zh', got {lang!r}")
    with rc_context(fonts.rc_params(lang)):
        if parent is not None:
            fig = parent
        else:  # the drawing above, a strip for the provenance footer below (never overlapped)
            root = Figure(figsize=figsize, layout="constrained")
            fig, foot = root.subfigures(2, 1, height_ratios=[figsize[1] - FOOTER_IN, FOOTER_IN])
            root._cadresim_footer = foot
        axes = fig.subplots(nrows, ncols, squeeze=False, **kw)
    fig.figure._cadresim_lang = lang  # save() applies the same rc settings
    return fig, axes


def _in_ctx(fig: Any) -> Any:
    from matplotlib import rc_context

    return rc_context(fonts.rc_params(getattr(fig.figure, "_cadresim_lang", "en")))


def footer_text(lang: str, names: Iterable[str], replicates: Any, seed: Any, stat: str | None = None,
                prov: dict[str, Any] | None = None) -> str:
    """Provenance line: scenarios (with their overrides), replicates, seed, statistic, code version and commit."""
    from .labels import scenario_title
    from .provenance import code_tag

    text = label("footer", lang, names=label("list_sep", lang).join(scenario_title(str(n), lang) for n in names),
                 replicates=replicates, seed=seed, version="")
    text = text.rsplit("cadresim", 1)[0] + code_tag(prov)
    if stat:
        text = label("stat_note", lang, stat=label(stat, lang)) + label("sep", lang) + text
    return text


def add_footer(fig: Any, lang: str, names: Iterable[str], replicates: Any, seed: Any, stat: str | None = None,
               prov: dict[str, Any] | None = None) -> None:
    """The provenance line at the bottom-left of every figure (not on a page's sub-figure), wrapped to fit."""
    from .brief import wrap

    root = fig.figure
    foot = getattr(root, "_cadresim_footer", None)
    if foot is None:
        return
    size = 6.0
    lines = wrap(footer_text(lang, names, replicates, seed, stat, prov), int((root.get_figwidth() - 0.15) / (0.56 * size / 72)))
    while len(lines) > 2 and size > 4.5:
        size -= 0.5
        lines = wrap(footer_text(lang, names, replicates, seed, stat, prov),
                     int((root.get_figwidth() - 0.15) / (0.56 * size / 72)))
    with _in_ctx(root):
        foot.text(0.01, 0.12, "\n".join(lines), fontsize=size, color="#555555", ha="left", va="bottom",
                  linespacing=1.25, gid="footer")


def fit_title(text: str, fig: Any, size: float, frac: float = 0.97) -> str:
    """`text` wrapped to the figure's width at font `size` (display columns, CJK counts two)."""
    from matplotlib.figure import FigureBase

    from .brief import wrap

    f = fig if isinstance(fig, FigureBase) else fig.figure
    width_in = f.bbox.width / f.figure.dpi
    return "\n".join(wrap(text, int(width_in * frac / (0.56 * size / 72))))


def save(fig: Any, stem: str | Path, formats: Sequence[str] = FORMATS, dpi: int = DPI) -> list[Path]:
    """Write `fig` as stem.png / .svg / .pdf (PNG at `dpi`, fonts embedded); return the paths."""
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ValueError(f"format: expected some of {', '.join(FORMATS)}, got {', '.join(bad)}")
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = []
    root = fig.figure  # the whole figure (drawing and footer strip), also when given its drawing part
    with _in_ctx(root):
        for f in formats:
            p = stem.with_name(stem.name + "." + f)
            meta = {"Creator": "cadresim"} if f in ("png", "svg", "pdf") else None
            root.savefig(p, dpi=dpi, format=f, metadata=meta)
            paths.append(p)
    return paths


def _pad_to_ticks(ax: Any) -> None:
    """Widen the x view by half a tick step beyond its outermost ticks, so that no tick label
    sits on the edge of the panel (and, on a page's last column, past the canvas). The tick
    count is fixed (not 'auto'), so the ticks chosen here are the ones drawn after the layout
    resizes the panel."""
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    for _ in range(4):  # widening can make the locator pick a finer step: repeat until it holds
        lo, hi = ax.get_xlim()
        ticks = [x for x in ax.get_xticks() if lo <= x <= hi]
        if len(ticks) < 2:
            return
        step = ticks[1] - ticks[0]
        new = (min(lo, ticks[0] - step / 2), max(hi, ticks[-1] + step / 2))
        if new == (lo, hi):
            return
        ax.set_xlim(*new)


def _pct_axis(ax: Any, axis: str = "y", points: bool = False, lang: str = "en") -> None:
    """Shares in % (or differences in percentage points), decimals from the tick spacing."""
    from .numfmt import TickFormatter

    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(
        TickFormatter("pp" if points else "pct", lang, sign=points))


def _year_axis(ax: Any) -> None:
    """Whole years only on the x axis."""
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def yuan_text(v: float, lang: str, scale: float, sign: bool = False) -> str:
    """Yuan in the unit a planner reads: 万元 in Chinese, thousands or millions in English."""
    from .numfmt import number

    return number(v, "yuan", lang, sign=sign, scale=scale)


def _yuan_axis(ax: Any, axis: str = "y", sign: bool = False, lang: str = "en") -> None:
    from matplotlib.ticker import MaxNLocator

    from .numfmt import TickFormatter

    a = ax.yaxis if axis == "y" else ax.xaxis
    a.set_major_locator(MaxNLocator(5))
    a.set_major_formatter(TickFormatter("yuan", lang, sign=sign))


def _scenario_values(scenario: Any) -> dict[str, Any]:
    if scenario is None:
        from .params import DEFAULTS

        return dict(DEFAULTS)
    return dict(scenario)


def policy_markers(sc: Any, years: int) -> dict[str, list[int]]:
    """Years at which this scenario's policy calendar turns over, from its own keys.

    ``village_term``: village committee terms end (C4, ``election.term_years``);
    ``township_rotation``: township leaders' scheduled turnover (C1/C3): the end of each
    township term under ``two_terms`` (``rotation.term_years``), each tour under ``fixed``
    (``rotation.every_years``), none under ``hazard`` (a yearly draw has no calendar)."""
    v = _scenario_values(sc)
    vt = int(v["election.term_years"])
    policy = v["rotation.policy"]
    rt = {"two_terms": int(v["rotation.term_years"]), "fixed": int(v["rotation.every_years"])}.get(policy)
    return {"village_term": list(range(vt, years + 1, vt)),
            "township_rotation": list(range(rt, years + 1, rt)) if rt else []}


# ---------------------------------------------------------------------------------------
# trajectory


def _arm_scenarios(scenario: Any, names: Sequence[str]) -> dict[str, Any]:
    """Per-arm scenario from `scenario`: one Scenario for all, or a mapping name → Scenario."""
    if isinstance(scenario, dict) and not hasattr(scenario, "name"):
        return {n: scenario.get(n) for n in names}
    return {n: scenario for n in names}


def _split_arms(data: Any, scenario: Any) -> tuple[list[tuple[str, pd.DataFrame, Any]], Any]:
    """(name, yearly, scenario) per arm (each arm with its own scenario), and the seed."""
    from .compare import Comparison
    from .runner import RunResult

    if isinstance(data, Comparison):
        return [(n, r.yearly, r.scenario) for n, r in zip(data.names, [data.base, *data.alts], strict=True)], data.seed
    if isinstance(data, RunResult):
        return [(data.scenario.name, data.yearly, data.scenario)], data.seed
    df = pd.DataFrame(data)
    if "scenario" in df.columns:
        groups = [(str(n), g) for n, g in df.groupby("scenario", sort=False)]
        scs = _arm_scenarios(scenario, [n for n, _ in groups])
        return [(n, g, scs[n]) for n, g in groups], None
    name = getattr(scenario, "name", None) or "scenario"
    return [(name, df, scenario if hasattr(scenario, "name") else None)], None


def _bands(df: pd.DataFrame, col: str) -> pd.DataFrame:
    g = df.groupby("year")[col]
    return pd.DataFrame({q: g.quantile(q) for q in (0.05, 0.25, 0.5, 0.75, 0.95)})


MARK_STYLE = {"village_term": dict(color="#888888", lw=0.7, ls=":"),
              "township_rotation": dict(color="#555555", lw=0.9, ls=(0, (6, 3)), alpha=0.7)}


def _draw_markers(ax: Any, sc: Any, years: int) -> dict[str, list[int]]:
    marks = policy_markers(sc, years)
    for gid, ys in marks.items():
        for y in ys:
            ax.axvline(y, gid=gid, zorder=0.5, **MARK_STYLE[gid])
    return marks


def trajectory(data: Any, *, lang: str = "en", scenario: Any = None, seed: Any = None,
               reported: bool | None = None, figsize: tuple[float, float] | None = None, parent: Any = None,
               legend: str = "below") -> Any:
    """Weak share over the years: median (and, with several replicates, 50%/90% bands) per arm.

    `data`: a `RunResult`, a `Comparison`, or a yearly DataFrame (optionally with a
    `scenario` column for several arms; pass `scenario=` a Scenario, or a dict of them by
    arm name, for the policy calendar). The reported share (A4 on what townships report) is
    drawn dashed beside the true one when they differ (`reported=None`), always or never.

    Vertical lines are each arm's own policy calendar (`policy_markers`): village term ends
    and township leaders' scheduled turnover. Arms whose calendars differ, or more than four
    arms, are drawn as small multiples (one panel per arm, the base's median in grey for
    reference). The township-level thresholds B1/B2 apply to each township's reported share,
    not to this county share, so they are not drawn here.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    arms, seed0 = _split_arms(data, scenario)
    seed = seed if seed is not None else seed0
    nrep = max(int(df["replicate"].nunique()) if "replicate" in df else 1 for _, df, _ in arms)
    years = max(int(df["year"].max()) for _, df, _ in arms)
    calendars = [policy_markers(sc, years) for _, _, sc in arms]
    overlay = len(arms) == 1 or (len(arms) <= 4 and all(c == calendars[0] for c in calendars))
    npan = 1 if overlay else len(arms)
    ncols = 1 if npan == 1 else min(3, npan)
    nrows = math.ceil(npan / ncols)
    if figsize is None:
        figsize = (7.0, 4.2) if npan == 1 else (7.0, 1.0 + 2.3 * nrows)
    fig, axes = _figure(lang, figsize, nrows, ncols, parent=parent, sharex=True, sharey=True)
    show_rep = {}
    for name, df, _ in arms:
        t, r = _bands(df, "weak_share_true")[0.5], _bands(df, "weak_share_reported")[0.5]
        show_rep[name] = reported if reported is not None else bool(np.nanmax(np.abs(r - t)) > 1e-9)
    top = max(float(df[["weak_share_true", "weak_share_reported"]].max().max()) for _, df, _ in arms)
    with _in_ctx(fig):
        base_median = _bands(arms[0][1], "weak_share_true")[0.5]
        for i, (name, df, sc) in enumerate(arms):
            ax = axes.flat[0 if overlay else i]
            color = COLORS[i % len(COLORS)]
            if not overlay and i > 0:
                ax.plot(base_median.index, base_median.to_numpy(), color="#aaaaaa", lw=1.2, zorder=1)
            b = _bands(df, "weak_share_true")
            if nrep > 1:
                ax.fill_between(b.index, b[0.05], b[0.95], color=color, alpha=0.12, lw=0)
                ax.fill_between(b.index, b[0.25], b[0.75], color=color, alpha=0.25, lw=0)
            ax.plot(b.index, b[0.5], color=color, lw=1.8, zorder=3, gid=f"true:{name}")
            if show_rep[name]:
                r = _bands(df, "weak_share_reported")
                # dashes offset per arm and drawn above the solid lines: one arm never hides another
                ax.plot(r.index, r[0.5], color=color, lw=1.3, ls=(i * 2.5, (4, 2.5)), zorder=4,
                        gid=f"reported:{name}")
            if i == 0 or not overlay:
                _draw_markers(ax, sc, years)
            if not overlay:
                ax.set_title(fit_title(scenario_title(name, lang), fig, 8.5, 1 / ncols * 0.95), loc="left",
                             fontsize=8.5, color=color)
        for ax in axes.flat[npan:]:
            ax.set_visible(False)
        for k, ax in enumerate(axes.flat[:npan]):
            ax.set_xlim(0.5, years + 0.5)
            ax.set_ylim(0, top * 1.08 if top > 0 else 0.05)
            _pct_axis(ax, lang=lang)
            ax.grid(axis="y", color="#eeeeee", lw=0.5)
            if k % ncols == 0:
                ax.set_ylabel(label("weak_share", lang) if npan == 1 else label("weak_share_short", lang))
            _year_axis(ax)
            if k >= npan - ncols:
                ax.set_xlabel(label("year", lang))
                ax.xaxis.set_tick_params(labelbottom=True)
        # legend: arms by colour (overlay with several), then line styles, bands, calendar
        h: list[Any] = []
        if overlay and len(arms) > 1:
            h += [Patch(color=COLORS[i % len(COLORS)], label=scenario_title(n, lang)) for i, (n, _, _) in enumerate(arms)]
        def _what(key: str) -> str:  # 'true (median)'; with one replicate there is no median to name
            return label(key, lang) + (label("paren", lang, text=label("median", lang)) if nrep > 1 else "")

        h.append(Line2D([], [], color="#333333", lw=1.8, label=_what("weak_true_short")))
        if any(show_rep.values()):
            h.append(Line2D([], [], color="#333333", lw=1.3, ls=(0, (4, 2.5)), label=_what("weak_reported_short")))
        if nrep > 1:
            h += [Patch(color="#333333", alpha=0.25, lw=0, label=label("band50", lang)),
                  Patch(color="#333333", alpha=0.12, lw=0, label=label("band90", lang))]
        if not overlay:
            h.append(Line2D([], [], color="#aaaaaa", lw=1.2, label=label("base_median", lang,
                                                                         name=scenario_title(arms[0][0], lang))))
        if any(c["village_term"] for c in calendars):
            h.append(Line2D([], [], **MARK_STYLE["village_term"], label=label("village_term", lang)))
        if any(c["township_rotation"] for c in calendars):
            h.append(Line2D([], [], **MARK_STYLE["township_rotation"], label=label("township_term", lang)))
        if npan == 1 and len(arms) == 1:
            title = label("title_trajectory", lang, name=scenario_title(arms[0][0], lang))
        else:
            title = label("title_trajectory_n", lang)
        if npan == 1:
            axes[0, 0].set_title(fit_title(title, fig, 10, 0.95), loc="left", fontsize=10)
        else:
            fig.suptitle(fit_title(title, fig, 10, 0.95), x=0.01, ha="left", fontsize=10)
    add_footer(fig, lang, [n for n, _, _ in arms], nrep, seed if seed is not None else "—",
               stat="median" if nrep > 1 else None)
    with _in_ctx(fig):
        if legend == "right" and npan == 1:
            axes[0, 0].legend(handles=h, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, fontsize=7)
        else:
            fig.legend(handles=h, loc="outside lower center", ncols=min(3, len(h)), fontsize=6.5, frameon=False)
    return fig.figure if parent is None else fig


# ---------------------------------------------------------------------------------------
# comparison (forest plot)


def _comparison_parts(data: Any) -> tuple[pd.DataFrame, pd.DataFrame | None, dict[str, Any]]:
    """(per-year diffs, window diffs or None, meta) from a Comparison, a loaded dict, or a diffs table."""
    from .compare import Comparison

    if isinstance(data, Comparison):
        return data.diffs, data.windows, {**data.meta, "base": data.base_name, "alternatives": data.alt_names,
                                          "replicates": data.replicates, "seed": data.seed}
    if isinstance(data, dict):
        return data["diffs"], data.get("windows"), data.get("meta", {})
    return pd.DataFrame(data), None, {}


def comparison(data: Any, *, lang: str = "en", year: int | None = None, window: str | None = None,
               outcomes: Sequence[str] = ("weak_share_true", "weak_share_reported", "five_good_share",
                                          "cost_total_yuan"),
               figsize: tuple[float, float] | None = None, parent: Any = None) -> Any:
    """Each alternative's mean difference from the base with its 95% paired interval (forest plot).

    `data`: a `Comparison`, the dict `cadresim.compare.load_comparison` returns, or a diffs
    table. One panel per outcome. Rows: the windows of the comparison (the whole run, then
    each village term) for one alternative; the whole run only for several (or `window=`
    one window key for all); `year=` one single year instead."""
    from .compare import window_label

    diffs, wins, meta = _comparison_parts(data)
    base = meta.get("base") or (str(diffs["base"].iloc[0]) if "base" in diffs else label("base", lang))
    alts = list(meta.get("alternatives") or dict.fromkeys(diffs["alternative"]))
    if year is not None or wins is None or len(wins) == 0:
        year = int(diffs["year"].max()) if year is None else year
        sel = diffs[diffs["year"] == year].assign(window=f"year{year}", start=year, end=year)
        if sel.empty:
            raise ValueError(f"year: no year {year} in the comparison")
    else:
        keys = list(dict.fromkeys(wins["window"]))
        chosen = [window] if window is not None else (keys if len(alts) == 1 else ["all"])
        bad = [w for w in chosen if w not in keys]
        if bad:
            raise ValueError(f"window: expected one of {', '.join(keys)}, got {bad[0]!r}")
        sel = wins[wins["window"].isin(chosen)]
    outcomes = [o for o in outcomes if o in set(sel["outcome"])]
    wkeys = list(dict.fromkeys(sel["window"]))
    rows = [(a, w) for a in alts for w in wkeys]
    unc = _unc_view(data) if year is None else None  # with parameter uncertainty: one more row per alternative
    uwin = unc["meta"].get("window", "all") if unc is not None else None
    if unc is not None and uwin in wkeys:
        rows = [r for a in alts for w in wkeys for r in ([(a, w), (a, UNC_ROW)] if w == uwin else [(a, w)])]
    else:
        unc = None
    spans = {w: (int(g["start"].iloc[0]), int(g["end"].iloc[0])) for w, g in sel.groupby("window", sort=False)}
    ncols = 2 if len(outcomes) > 1 else 1
    nrows = math.ceil(len(outcomes) / ncols)
    if figsize is None:
        figsize = (7.0, 1.0 + FOOTER_IN + nrows * (0.55 + 0.24 * len(rows)))
    fig, axes = _figure(lang, figsize, nrows, ncols, parent=parent, sharey=True)
    ypos = {r: -i for i, r in enumerate(rows)}
    with _in_ctx(fig):
        for k, o in enumerate(outcomes):
            ax = axes[k // ncols, k % ncols]
            sub = sel[sel["outcome"] == o]
            for j, a in enumerate(alts):
                s = sub[sub["alternative"] == a]
                ys = [ypos[(a, w)] for w in s["window"]]
                color = COLORS[(j + 1) % len(COLORS)]
                err = np.vstack([s["diff"] - s["ci_low"], s["ci_high"] - s["diff"]]).clip(min=0)
                err = np.nan_to_num(err)
                ax.errorbar(s["diff"], ys, xerr=err, fmt="o", color=color, ms=4, capsize=2.5, lw=1.2)
                if unc is not None:
                    _unc_row(ax, unc, a, o, ypos[(a, UNC_ROW)], color, lang)
            ax.axvline(0, color="#444444", lw=0.8)
            ax.set_title(short(o, lang), loc="left", fontsize=9)
            if o.startswith("cost"):
                _yuan_axis(ax, "x", sign=True, lang=lang)
                ax.set_xlabel(label("yuan_per_year", lang), fontsize=7)
            else:
                _pct_axis(ax, "x", points=True, lang=lang)
                ax.set_xlabel(label("pp", lang), fontsize=7)
            ax.grid(axis="x", color="#dddddd", lw=0.5)
            _pad_to_ticks(ax)
        for k in range(len(outcomes), nrows * ncols):
            axes[k // ncols, k % ncols].set_visible(False)
        ax0 = axes[0, 0]
        ax0.set_yticks(list(ypos.values()))

        def row_label(a: str, w: str) -> str:
            if w == UNC_ROW:
                n = int(unc["effects"]["draws"].iloc[0])
                return (scenario_title(a, lang) + " · " if len(alts) > 1 else "") + utext("row_unc", lang, n=n)
            wl = window_label(w, *spans[w], lang)
            if len(alts) == 1:
                return wl
            return scenario_title(a, lang) if len(wkeys) == 1 else f"{scenario_title(a, lang)} · {wl}"

        ax0.set_yticklabels([row_label(a, w) for a, w in rows], fontsize=7.5)
        ax0.set_ylim(-len(rows) + 0.5, 0.5 + (0.3 if unc is not None and rows[0][1] == UNC_ROW else 0))
        _thin_row_labels(ax0, [w in ("all", UNC_ROW) for _, w in rows])
        title = label("title_comparison", lang, base=scenario_title(base, lang))
        if len(alts) == 1:
            title += label("title_sep", lang) + scenario_title(alts[0], lang)
        if len(wkeys) == 1 and len(alts) > 1:
            title += label("title_sep", lang) + window_label(wkeys[0], *spans[wkeys[0]], lang)
        title += label("paren", lang, text=label("ci95_inline", lang))  # no brackets in brackets
        if unc is not None:
            title += utext("title_unc", lang)
        fig.suptitle(fit_title(title, fig, 10, 0.97), x=0.01, ha="left", fontsize=10)
    nrep = meta.get("replicates", int(diffs["replicates"].max()) if "replicates" in diffs else "—")
    add_footer(fig, lang, [base, *alts], nrep, meta.get("seed", "—"), stat="mean", prov=meta or None)
    return fig.figure if parent is None else fig


def _thin_row_labels(ax: Any, keep: Sequence[bool]) -> None:
    """Where the rows are too close for their labels (a short panel on the brief's page), label
    every k-th row only (and the rows in `keep`), so no two labels overlap; the points stay.
    Decided when the figure is drawn, once the layout has fixed the axes' height."""
    from matplotlib.ticker import FixedLocator, Formatter

    texts = [t.get_text() for t in ax.get_yticklabels()]
    ticks = list(ax.get_yticks())
    size = max((t.get_fontsize() for t in ax.get_yticklabels()), default=7.5)

    class RowLabels(Formatter):
        def __call__(self, x: float, pos: int | None = None) -> str:
            i = ticks.index(x) if x in ticks else (pos or 0)
            n = len(ticks)
            need = size * 1.2 * ax.figure.figure.dpi / 72
            per_row = ax.bbox.height / max(n, 1)
            step = 1 if per_row >= need else math.ceil(need / per_row)
            shown, last = [], -step
            for j in range(n):
                if keep[j] or j - last >= step:
                    shown.append(j)
                    last = j
            return texts[i] if i in shown else ""

    ax.yaxis.set_major_locator(FixedLocator(ticks))
    ax.yaxis.set_major_formatter(RowLabels())


UNC_ROW = "~uncertain"  # the forest plot's row of the comparison with parameter uncertainty
UNC_TEXT = {
    "row_unc": ("uncertain assumptions ({n} draws)", "参数不确定（{n} 组抽样）"),
    "row_fixed": ("fixed assumptions ({n} seeds)", "参数固定（{n} 个随机种子）"),
    "tick_unc": ("assumptions uncertain\n({n} draws)", "参数不确定\n（{n} 组抽样）"),
    "tick_fixed": ("assumptions fixed\n({n} seeds)", "参数固定\n（{n} 个随机种子）"),
    "title_unc": ("; ◇ with uncertain assumptions, P = share of parameter draws in which the alternative is better",
                  "；◇ 参数不确定时的区间，百分数为备选方案更好的参数抽样比例"),
    "p_better": ("P = {p:.0%}", "更好：{p:.0%}"),
    "panel_title": ("{outcome}, {span}: {alt} better than the base in {p:.0%} of {n} parameter draws",
                    "{outcome}，{span}均值：{p:.0%} 的参数抽样中“{alt}”优于基准"),
    "panel_note": ("dot: one draw, paired seeds (hollow: alternative worse); bar: 95% interval",
                   "点：一组参数抽样（配对随机种子；空心：备选方案更差）；横线：95% 区间"),
    "src_ranges": ("draws over the plausible ranges of {k} assumed keys", "在 {k} 个假设参数的合理范围内抽样"),
    "src_posterior": ("draws from the calibration's accepted sets ({k} keys)", "从校准接受的参数组中抽样（{k} 个参数）"),
}


def utext(key: str, lang: str, **fmt: Any) -> str:
    en, zh = UNC_TEXT[key]
    return (zh if lang == "zh" else en).format(**fmt)


def _unc_view(data: Any) -> dict[str, Any] | None:
    """The comparison's parameter-uncertainty results (`cadresim.uncertainty.uncertainty_view`), or None."""
    from .compare import Comparison
    from .uncertainty import uncertainty_view

    if isinstance(data, Comparison):
        return uncertainty_view(data.uncertainty)
    if isinstance(data, dict) and data.get("uncertainty") is not None:
        return uncertainty_view(data["uncertainty"])
    return None


def _unc_effect(unc: dict[str, Any], alt: str, outcome: str) -> pd.Series:
    e = unc["effects"]
    return e[(e["alternative"].astype(str) == alt) & (e["outcome"] == outcome)].iloc[0]


def _unc_row(ax: Any, unc: dict[str, Any], alt: str, outcome: str, y: float, color: str, lang: str) -> None:
    """The forest plot's row with parameter uncertainty: open diamond, 95% interval, P(better) above it."""
    e = _unc_effect(unc, alt, outcome)
    err = np.nan_to_num(np.array([[e["diff"] - e["ci_low"]], [e["ci_high"] - e["diff"]]], dtype=float)).clip(min=0)
    ax.errorbar([e["diff"]], [y], xerr=err, fmt="D", color=color, mfc="white", ms=4, capsize=2.5, lw=1.2,
                gid=f"uncertainty:{alt}")
    ax.annotate(utext("p_better", lang, p=float(e["p_better"])), (float(e["diff"]), y), xytext=(0, 3.5),
                textcoords="offset points", ha="center", va="bottom", fontsize=6, color=color)


def uncertainty_panel(ax: Any, data: Any, alt: str, outcome: str = "weak_share_true", lang: str = "en",
                      color: str = COLORS[1]) -> None:
    """One panel on `ax`: alternative − base on `outcome` over the uncertain comparison's headline
    window, with the assumptions fixed (the paired interval over seeds, from the comparison)
    and uncertain (each parameter draw's paired difference as a dot, hollow where the
    alternative is worse, and the 95% interval), titled with the probability that it is better.

    `data`: a `Comparison` with ``.uncertainty`` or a loaded comparison directory holding one."""
    from .compare import window_label

    unc = _unc_view(data)
    if unc is None:
        raise ValueError("the comparison carries no parameter uncertainty (compare ... --uncertainty ranges)")
    _, wins, meta = _comparison_parts(data)
    um = unc["meta"]
    win = um.get("window", "all")
    e = _unc_effect(unc, alt, outcome)
    f = wins[(wins["alternative"].astype(str) == alt) & (wins["window"] == win) & (wins["outcome"] == outcome)].iloc[0]
    d = unc["differences"]
    d = d[(d["alternative"].astype(str) == alt) & (d["outcome"] == outcome)].sort_values("replicate")
    x = d["diff"].to_numpy(float)
    better = d["better"].astype(str).str.lower().isin(["true", "1"]).to_numpy() if d["better"].dtype == object \
        else d["better"].to_numpy(bool)
    jitter = np.random.default_rng(0).uniform(-0.22, 0.22, len(x))
    ax.scatter(x, jitter, s=12, marker="o", facecolors=np.where(better, color, "white").tolist(),
               edgecolors=color, linewidths=0.7, alpha=0.8, zorder=2, gid=f"uncertainty:{alt}:draws")
    for yv, r, fmt, gid in ((1.0, f, "o", "fixed"), (0.0, e, "D", "uncertain")):
        err = np.nan_to_num(np.array([[r["diff"] - r["ci_low"]], [r["ci_high"] - r["diff"]]], dtype=float)).clip(min=0)
        ax.errorbar([r["diff"]], [yv], xerr=err, fmt=fmt, color="black",
                    mfc=color, ms=5, capsize=3, lw=1.3, zorder=3, gid=f"uncertainty:{alt}:{gid}")
    ax.axvline(0, color="#444444", lw=0.8)
    nfix = int(f["replicates"]) if "replicates" in f else meta.get("replicates", "—")
    ax.set_yticks([1.0, 0.0], [utext("tick_fixed", lang, n=nfix), utext("tick_unc", lang, n=int(e["draws"]))],
                  fontsize=7)
    ax.set_ylim(-0.4, 1.4)
    if outcome.startswith("cost"):
        _yuan_axis(ax, "x", sign=True, lang=lang)
        ax.set_xlabel(label("yuan_per_year", lang) + label("sep", lang) + utext("panel_note", lang), fontsize=6.5)
    else:
        _pct_axis(ax, "x", points=True, lang=lang)
        ax.set_xlabel(label("pp", lang) + label("sep", lang) + utext("panel_note", lang), fontsize=6.5)
    src = "src_posterior" if str(um.get("source", "")).startswith("posterior") else "src_ranges"
    ax.set_xlabel(ax.get_xlabel() + label("sep", lang) + utext(src, lang, k=len(um.get("keys", []))), fontsize=6.5)
    ax.grid(axis="x", color="#dddddd", lw=0.5)
    span = window_label(win, int(e["start"]), int(e["end"]), lang)
    ax.set_title(utext("panel_title", lang, outcome=short(outcome, lang), span=span, alt=scenario_title(alt, lang),
                       p=float(e["p_better"]), n=int(e["draws"])), loc="left", fontsize=8.5)


def difference(data: Any, *, lang: str = "en", outcome: str = "weak_share_true",
               figsize: tuple[float, float] | None = None, parent: Any = None) -> Any:
    """The paired difference alternative − base at every year with its 95% interval, and the
    mean over each window (whole run, village terms) as a horizontal segment: one panel per
    alternative. What `comparison` summarises, year by year."""
    diffs, wins, meta = _comparison_parts(data)
    base = meta.get("base") or label("base", lang)
    alts = list(meta.get("alternatives") or dict.fromkeys(diffs["alternative"]))
    d = diffs[diffs["outcome"] == outcome]
    if d.empty:
        raise ValueError(f"outcome: {outcome!r} not in the comparison")
    ncols = 1 if len(alts) == 1 else min(3, len(alts))
    nrows = math.ceil(len(alts) / ncols)
    if figsize is None:
        figsize = (7.0, 3.8) if len(alts) == 1 else (7.0, 1.2 + FOOTER_IN + 2.2 * nrows)
    fig, axes = _figure(lang, figsize, nrows, ncols, parent=parent, sharex=True, sharey=True)
    kind = "yuan" if outcome.startswith("cost") else "pp"
    with _in_ctx(fig):
        for j, a in enumerate(alts):
            ax = axes.flat[j]
            s = d[d["alternative"] == a].sort_values("year")
            color = COLORS[(j + 1) % len(COLORS)]
            ax.fill_between(s["year"], s["ci_low"], s["ci_high"], color=color, alpha=0.2, lw=0)
            ax.plot(s["year"], s["diff"], color=color, lw=1.5, marker="o", ms=2.5)
            ax.axhline(0, color="#444444", lw=0.8)
            if wins is not None and len(wins):
                w = wins[(wins["alternative"] == a) & (wins["outcome"] == outcome)]
                for r in w.itertuples():
                    style = dict(color="#222222", lw=2.2) if r.window == "all" else dict(color=color, lw=1.0, ls="--")
                    ax.hlines(r.diff, r.start - 0.4, r.end + 0.4, gid=f"window:{r.window}", **style)
            if len(alts) > 1:
                ax.set_title(fit_title(scenario_title(a, lang), fig, 8.5, 0.95 / ncols), loc="left", fontsize=8.5,
                             color=color)
            if kind == "pp":
                _pct_axis(ax, points=True, lang=lang)
            else:
                _yuan_axis(ax, sign=True, lang=lang)
            ax.grid(axis="y", color="#eeeeee", lw=0.5)
            if j % ncols == 0:
                ax.set_ylabel(label("pp", lang) if kind == "pp" else label("yuan_per_year", lang), fontsize=8)
            _year_axis(ax)
            if j >= len(alts) - ncols:
                ax.set_xlabel(label("year", lang))
                ax.xaxis.set_tick_params(labelbottom=True)
        for ax in axes.flat[len(alts):]:
            ax.set_visible(False)
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        h = [Line2D([], [], color="#555555", lw=1.5, marker="o", ms=2.5, label=label("diff_each_year", lang)),
             Patch(color="#555555", alpha=0.2, lw=0, label=label("ci95", lang))]
        if wins is not None and len(wins):
            h += [Line2D([], [], color="#222222", lw=2.2, label=label("mean_whole_run", lang)),
                  Line2D([], [], color="#555555", lw=1.0, ls="--", label=label("mean_term", lang))]
        title = label("title_difference", lang, outcome=short(outcome, lang), base=scenario_title(base, lang))
        if len(alts) == 1:
            title += label("title_sep", lang) + scenario_title(alts[0], lang)
        fig.suptitle(fit_title(title, fig, 10, 0.97), x=0.01, ha="left", fontsize=10)
    nrep = meta.get("replicates", "—")
    add_footer(fig, lang, [base, *alts], nrep, meta.get("seed", "—"), stat="mean", prov=meta or None)
    with _in_ctx(fig):
        fig.legend(handles=h, loc="outside lower center", ncols=len(h), fontsize=6.5, frameon=False)
    return fig.figure if parent is None else fig


# ---------------------------------------------------------------------------------------
# sweeps: heatmap and frontier


def _outcome_frame(df: pd.DataFrame, outcomes: Sequence[str]) -> pd.DataFrame:
    """A wide frame (one column per outcome) from a wide or tidy (outcome, value) sweep table."""
    if all(o in df.columns for o in outcomes):
        return df
    if {"outcome", "value"} <= set(df.columns):
        keys = [c for c in df.columns if c not in ("outcome", "value")]
        sub = df[df["outcome"].astype(str).isin(outcomes)].copy()
        sub["outcome"] = sub["outcome"].astype(str)
        wide = sub.pivot_table(index=keys, columns="outcome", values="value", observed=True).reset_index()
        wide.columns.name = None
        missing = [o for o in outcomes if o not in wide.columns]
        if not missing:
            return wide
    else:
        missing = [o for o in outcomes if o not in df.columns]
    raise ValueError(f"outcome: {', '.join(missing)} not in the sweep table")


def _final_year(df: pd.DataFrame, year: int | None) -> tuple[pd.DataFrame, int | None]:
    if "year" not in df.columns:
        return df, None
    y = int(df["year"].max()) if year is None else int(year)
    out = df[df["year"] == y]
    if out.empty:
        raise ValueError(f"year: no rows for year {y}")
    return out, y


def _lever_label(key: str, lang: str) -> str:
    from .catalogue import param_label

    return param_label(key, lang)


def _lever_value(key: str, v: Any, lang: str) -> str:
    """A lever value, rounded for reading (3 significant figures) with its unit."""
    from .catalogue import value_text

    if isinstance(v, (float, np.floating)) and math.isfinite(v):
        v = float(f"{float(v):.3g}")
    if isinstance(v, (np.integer,)):
        v = int(v)
    return value_text(key, v, lang)


STATS = ("mean", "median")


def _check_stat(stat: str) -> None:
    if stat not in STATS:
        raise ValueError(f"stat: expected one of {', '.join(STATS)}, got {stat!r}")


def is_grid(df: pd.DataFrame, levers: Sequence[str], most: int = 12) -> bool:
    """True when the levers take a few values each and every combination is present (a grid design)."""
    if not levers or any(c not in df.columns for c in levers):
        return False
    n = [df[c].nunique() for c in levers]
    return max(n) <= most and len(df[list(levers)].drop_duplicates()) == int(np.prod(n))


def _nrep(df: pd.DataFrame) -> Any:
    return int(df["replicate"].nunique()) if "replicate" in df.columns else "—"


def heatmap(df: pd.DataFrame, x: str, y: str, outcome: str = "weak_share_true", *, lang: str = "en",
            year: int | None = None, stat: str = "mean", names: Sequence[str] = (), seed: Any = "—",
            figsize: tuple[float, float] = (6.4, 4.8)) -> Any:
    """`outcome` (`stat` over replicates, at `year`, default the last) over the grid of levers x and y.

    `df`: a sweep table with lever columns and either outcome columns (wide) or
    ``outcome``/``value`` columns (tidy, as `cadresim.load_results` gives). A sequential colour
    map (darker: more); a continuous design (Latin hypercube, Sobol) has no grid: use `partial`."""
    _check_stat(stat)
    for c in (x, y):
        if c not in df.columns:
            raise ValueError(f"lever {c!r} is not a column of the sweep table ({', '.join(map(str, df.columns))})")
    if not is_grid(df, [x, y]):
        raise ValueError(f"{x} × {y} is not a grid (a Latin hypercube or Sobol design?): draw the partial-dependence "
                         "panels instead (cadresim plot --kind partial, plots.partial)")
    wide, yr = _final_year(_outcome_frame(df, [outcome]), year)
    grid = wide.groupby([y, x])[outcome].agg(stat).unstack(x).sort_index(ascending=False)
    fig, axes = _figure(lang, figsize)
    ax = axes[0, 0]
    is_share = "share" in outcome
    with _in_ctx(fig):
        vals = grid.to_numpy(float)
        im = ax.imshow(vals, aspect="auto", cmap="YlOrRd" if ("weak" in outcome or outcome.startswith("cost"))
                       else "YlGnBu")
        ax.set_xticks(range(grid.shape[1]), [_lever_value(x, v, lang) for v in grid.columns], fontsize=8)
        ax.set_yticks(range(grid.shape[0]), [_lever_value(y, v, lang) for v in grid.index], fontsize=8)
        ax.set_xlabel(_lever_label(x, lang))
        ax.set_ylabel(_lever_label(y, lang))
        if vals.size <= 150:
            from .numfmt import decimals_for

            finite = vals[np.isfinite(vals)]
            spread = float(np.ptp(finite)) if finite.size else 0.0
            d = max(1, decimals_for(spread * 100, 2)) if is_share and spread > 0 else 1
            scale = float(np.nanmax(np.abs(vals))) if finite.size else 1.0
            for (i, j), v in np.ndenumerate(vals):
                if math.isfinite(v):
                    r, g_, b_, _ = im.cmap(im.norm(v))
                    dark = 0.299 * r + 0.587 * g_ + 0.114 * b_ < 0.5
                    txt = f"{v * 100:.{d}f}%" if is_share else yuan_text(v, lang, scale)
                    ax.text(j, i, txt, ha="center", va="center", fontsize=7, color="white" if dark else "black")
        cb = fig.colorbar(im, ax=ax, shrink=0.9)
        if is_share:
            _pct_axis(cb.ax, lang=lang)
        else:
            _yuan_axis(cb.ax, lang=lang)
        cb.set_label(label("stat_of", lang, stat=label(stat, lang), outcome=short(outcome, lang)), fontsize=8)
        title = label("title_heatmap", lang, outcome=short(outcome, lang), x=_lever_label(x, lang),
                      y=_lever_label(y, lang))
        if yr is not None:
            title += label("paren", lang, text=label("at_year", lang, year=yr))
        fig.suptitle(fit_title(title, fig, 10, 0.95), x=0.01, ha="left", fontsize=10)
        ax.spines[:].set_visible(False)
    add_footer(fig, lang, names or [label("sweep", lang)], _nrep(df), seed, stat=stat)
    return fig.figure


def partial(df: pd.DataFrame, levers: Sequence[str], outcome: str = "weak_share_true", *, lang: str = "en",
            year: int | None = None, stat: str = "mean", names: Sequence[str] = (), seed: Any = "—",
            bins: int = 5, figsize: tuple[float, float] | None = None) -> Any:
    """Continuous designs (Latin hypercube, Sobol): one panel per lever, each point's `outcome`
    (`stat` over replicates) against the lever's value, with the mean over `bins` equal-count
    bins of the lever (a partial-dependence line: the other levers averaged over the design)."""
    _check_stat(stat)
    levers = [c for c in levers if c in df.columns]
    if not levers:
        raise ValueError("levers: none of them is a column of the sweep table")
    wide, yr = _final_year(_outcome_frame(df, [outcome]), year)
    by = "point" if "point" in wide.columns else levers
    pts = wide.groupby(by).agg({**{c: "first" for c in levers if c != by}, outcome: stat}).reset_index()
    n = len(levers)
    ncols = min(3, n)
    nrows = math.ceil(n / ncols)
    if figsize is None:
        figsize = (7.0, 1.3 + FOOTER_IN + 2.4 * nrows)
    fig, axes = _figure(lang, figsize, nrows, ncols, sharey=True)
    is_share = "share" in outcome
    with _in_ctx(fig):
        for k, lev in enumerate(levers):
            ax = axes.flat[k]
            xv, yv = pts[lev].to_numpy(float), pts[outcome].to_numpy(float)
            ax.scatter(xv, yv, s=12, color=COLORS[0], alpha=0.7, lw=0)
            q = pd.qcut(pd.Series(xv), min(bins, len(np.unique(xv))), duplicates="drop")
            m = pd.DataFrame({"x": xv, "y": yv, "b": q}).groupby("b", observed=True).mean()
            ax.plot(m["x"], m["y"], color=COLORS[1], lw=1.8, marker="o", ms=3.5)
            ax.set_xlabel(fit_title(_lever_label(lev, lang), fig, 8, 0.9 / ncols), fontsize=8)
            if is_share:
                _pct_axis(ax, lang=lang)
            else:
                _yuan_axis(ax, lang=lang)
            ax.grid(color="#eeeeee", lw=0.5)
            if k % ncols == 0:
                ax.set_ylabel(label("stat_of", lang, stat=label(stat, lang), outcome=short(outcome, lang)), fontsize=8)
        for ax in axes.flat[n:]:
            ax.set_visible(False)
        from matplotlib.lines import Line2D

        h = [Line2D([], [], ls="", marker="o", ms=4, color=COLORS[0], label=label("point_stat", lang, stat=label(stat, lang))),
             Line2D([], [], color=COLORS[1], lw=1.8, marker="o", ms=3.5, label=label("binned_mean", lang, bins=bins))]
        title = label("title_partial", lang, outcome=short(outcome, lang))
        if yr is not None:
            title += label("paren", lang, text=label("at_year", lang, year=yr))
        fig.suptitle(fit_title(title, fig, 10, 0.97), x=0.01, ha="left", fontsize=10)
    add_footer(fig, lang, names or [label("sweep", lang)], _nrep(df), seed, stat=stat)
    with _in_ctx(fig):
        fig.legend(handles=h, loc="outside lower center", ncols=2, fontsize=7, frameon=False)
    return fig.figure


def pareto_front(cost: np.ndarray, weak: np.ndarray) -> np.ndarray:
    """Indices of the points no other point beats on both cost and weak share (lower is better)."""
    order = np.lexsort((cost, weak))
    front, best = [], math.inf
    for i in order:
        if cost[i] < best:
            front.append(i)
            best = cost[i]
    return np.array(front, dtype=int)


# Offsets (points) tried in turn for a point's label: right, left, above, below, then further out.
_LABEL_OFFSETS = [(d * dx, d * dy) for d in (1, 2.2, 3.6) for dx, dy in
                  ((5, 3), (5, -3), (-5, 3), (-5, -3), (0, 7), (0, -7), (8, 0), (-8, 0))]


def place_labels(ax: Any, anchors: Sequence[tuple[float, float]], texts: Sequence[str],
                 points: Sequence[tuple[float, float]] = (), fontsize: float = 5.5) -> list[Any]:
    """Label each anchor with its text where the label overlaps no earlier label, no marker,
    not the legend, and stays inside the axes (the first offset of `_LABEL_OFFSETS` that fits;
    else the one overlapping least). Call it inside the figure's font context, last."""
    from matplotlib.transforms import Bbox

    fig = ax.figure.figure  # the root figure (the axes may sit in a subfigure)
    fig.draw_without_rendering()  # run the constrained layout: the axes' final place
    renderer = fig._get_renderer()
    axbox = ax.get_window_extent(renderer)
    r = 3.0 * fig.dpi / 72  # a marker's radius in pixels
    obstacles = [Bbox.from_extents(x - r, y - r, x + r, y + r)
                 for x, y in (ax.transData.transform(pt) for pt in points)]
    if ax.get_legend() is not None:
        obstacles.append(ax.get_legend().get_window_extent(renderer))
    placed: list[Any] = []
    out = []
    for (x, y), txt in zip(anchors, texts, strict=True):
        best = None
        for dx, dy in _LABEL_OFFSETS:
            far = abs(dx) + abs(dy) > 12  # away from its point: a hairline leads back to it
            ann = ax.annotate(txt, (x, y), xytext=(dx, dy), textcoords="offset points", fontsize=fontsize,
                              color="#444444", ha="left" if dx > 0 else "right" if dx < 0 else "center",
                              va="bottom" if dy > 0 else "top" if dy < 0 else "center",
                              arrowprops={"arrowstyle": "-", "color": "#aaaaaa", "lw": 0.4, "shrinkA": 0,
                                          "shrinkB": 3} if far else None)
            ann.update_positions(renderer)
            b = ann.get_window_extent(renderer)
            bb = Bbox.from_extents(b.x0 - 2, b.y0 - 2, b.x1 + 2, b.y1 + 2)  # with a little air
            inside = axbox.x0 <= bb.x0 and bb.x1 <= axbox.x1 and axbox.y0 <= bb.y0 and bb.y1 <= axbox.y1
            cost = sum(_overlap(bb, o) for o in placed + obstacles) + (0 if inside else bb.width * bb.height)
            if best is None or cost < best[0]:
                if best is not None:
                    best[1].remove()
                best = (cost, ann, bb)
            else:
                ann.remove()
            if cost == 0:
                break
        assert best is not None
        placed.append(best[2])
        out.append(best[1])
    return out


def _overlap(a: Any, b: Any) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def frontier(df: pd.DataFrame, *, lang: str = "en", cost: str = "cost_total_yuan", weak: str = "weak_share_true",
             by: str = "point", levers: Sequence[str] | None = None, year: int | None = None, stat: str = "mean",
             names: Sequence[str] = (), seed: Any = "—", figsize: tuple[float, float] = (6.8, 4.8)) -> Any:
    """Yearly cost against weak share over the points of a sweep (`stat` over replicates, as the
    heatmap uses; whiskers: 5–95% of replicates when there are several).

    Points on the lower-left frontier (no other point both cheaper and with fewer weak
    villages) are joined. With at most 12 points, each is labelled by its lever values
    (rounded, with units); the frontier's points always are when there are more."""
    _check_stat(stat)
    wide, yr = _final_year(_outcome_frame(df, [cost, weak]), year)
    if by not in wide.columns:
        raise ValueError(f"by: {by!r} is not a column of the sweep table")
    if levers is None:
        skip = {by, "replicate", "year", "outcome", "value", cost, weak}
        levers = [c for c in df.columns if c not in skip and "." in str(c)]
    g = wide.groupby(by)
    q = pd.DataFrame({
        "cost": g[cost].agg(stat), "cost_lo": g[cost].quantile(0.05), "cost_hi": g[cost].quantile(0.95),
        "weak": g[weak].agg(stat), "weak_lo": g[weak].quantile(0.05), "weak_hi": g[weak].quantile(0.95)})
    nrep = _nrep(df)
    fig, axes = _figure(lang, figsize)
    ax = axes[0, 0]
    with _in_ctx(fig):
        whisk = isinstance(nrep, int) and nrep > 1
        ax.errorbar(q["weak"], q["cost"],
                    xerr=[q["weak"] - q["weak_lo"], q["weak_hi"] - q["weak"]] if whisk else None,
                    yerr=[q["cost"] - q["cost_lo"], q["cost_hi"] - q["cost"]] if whisk else None,
                    fmt="o", ms=4, color=COLORS[0], ecolor="#9bb3cf", elinewidth=0.8, capsize=0,
                    label=label("sweep_points_w" if whisk else "sweep_points", lang, stat=label(stat, lang)))
        f = pareto_front(q["cost"].to_numpy(float), q["weak"].to_numpy(float))
        ax.plot(q["weak"].to_numpy()[f], q["cost"].to_numpy()[f], color=COLORS[1], lw=1.5, marker="o", ms=6,
                mfc="none", label=label("frontier", lang))
        if levers:
            first = wide.groupby(by)[list(levers)].first()
            show = list(q.index) if len(q) <= 12 else list(q.index[f])
            sep = "，" if lang == "zh" else ", "
            texts = [sep.join(_lever_value(lv, first.loc[p, lv], lang) for lv in levers) for p in show]
        _pct_axis(ax, "x", lang=lang)
        _yuan_axis(ax, "y", lang=lang)
        ax.margins(x=0.25, y=0.12)
        ax.set_xlim(left=max(ax.get_xlim()[0], 0.0))  # a share: the margin must not run below 0%
        ax.set_xlabel(label("stat_of", lang, stat=label(stat, lang), outcome=short(weak, lang)))
        ax.set_ylabel(label("stat_of", lang, stat=label(stat, lang), outcome=short(cost, lang)))
        title = label("title_frontier", lang) + (label("paren", lang, text=label("at_year", lang, year=yr))
                                                 if yr is not None else "")
        ax.set_title(fit_title(title, fig, 10, 0.95), loc="left", fontsize=10)
        ax.grid(color="#eeeeee", lw=0.5)
        leg = ax.legend(loc="upper right", fontsize=7)
        if levers:  # the labels give values only; the legend says which lever each is
            leg.set_title(label("point_labels", lang, levers=("，" if lang == "zh" else ", ").join(
                _lever_label(lv, lang) for lv in levers)), prop={"size": 7})
            leg._legend_box.align = "left"
            # last: the layout (title, axis labels, legend) decides where the axes sit
            place_labels(ax, [(q.loc[p, "weak"], q.loc[p, "cost"]) for p in show], texts,
                         points=list(zip(q["weak"], q["cost"], strict=True)))
    add_footer(fig, lang, names or [label("sweep", lang)], nrep, seed, stat=stat)
    return fig.figure


# ---------------------------------------------------------------------------------------
# stars


def stars(data: Any, *, lang: str = "en", scenario: Any = None, seed: Any = None, arm: str | None = None,
          figsize: tuple[float, float] = (7.0, 4.0)) -> Any:
    """Share of villages at 0…5 stars over the years (mean over replicates), stacked.

    With several arms (a `Comparison` or a yearly table with a `scenario` column) draw `arm`
    (default: the base, the first).
    """
    arms3, seed0 = _split_arms(data, scenario)
    arms = [(n, d) for n, d, _ in arms3]
    seed = seed if seed is not None else seed0
    if arm is not None:
        found = [a for a in arms if a[0] == arm]
        if not found:
            raise ValueError(f"arm: expected one of {', '.join(n for n, _ in arms)}, got {arm!r}")
        arms = found
    name, df = arms[0]
    cols = [f"stars_{k}" for k in range(6)]
    m = df.groupby("year")[cols].mean()
    if m.isna().all().all():
        raise ValueError(f"{name}: no star ratings in this run (stars.enabled = false)")
    fig, axes = _figure(lang, figsize)
    ax = axes[0, 0]
    with _in_ctx(fig):
        ax.stackplot(m.index, *[m[c].fillna(0).to_numpy() for c in cols], colors=STAR_COLORS,
                     labels=[label(c, lang) for c in cols], edgecolor="white", linewidth=0.3)
        ax.set_xlim(m.index.min(), m.index.max())
        _year_axis(ax)
        ax.set_ylim(0, 1)
        _pct_axis(ax)
        ax.set_xlabel(label("year", lang))
        ax.set_ylabel(label("share_of_villages", lang))
        ax.set_title(fit_title(label("title_stars", lang, name=scenario_title(name, lang)), fig, 11, 0.8), loc="left")
        h, lab = ax.get_legend_handles_labels()
        ax.legend(h[::-1], lab[::-1], loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    nrep = int(df["replicate"].nunique()) if "replicate" in df.columns else 1
    add_footer(fig, lang, [name], nrep, seed if seed is not None else "—", stat="mean" if nrep > 1 else None)
    return fig.figure

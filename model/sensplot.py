"""Figures for sensitivity results: ranked bars per outcome, in English or Chinese.

Uses the package's CJK font (`cadresim.fonts`) as `cadresim.plots` does; the Chinese figure
names parameters by their Chinese names (`cadresim.paramnames`), never by English keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import fonts
from .labels import short
from .paramnames import param_label

if TYPE_CHECKING:
    from .sensitivity import SensitivityResult

TEXT = {
    "sobol_title": ("Sobol' indices: total order (ST, bar) and first order (S1, dark), 95% intervals",
                    "索博尔敏感性指数：总效应（浅色条）与一阶效应（深色条），95% 区间"),
    "morris_title": ("Morris screening: mean absolute elementary effect μ*, 95% interval",
                     "莫里斯筛选：平均绝对基本效应 μ*，95% 区间"),
    "sobol_x": ("share of the outcome's variance", "占结果方差的比例"),
    "morris_x": ("change in the outcome across the key's range", "参数取值范围内结果的变化"),
    "runs": ("{runs:,} runs = {points:,} parameter sets × {reps} replicates · {k} keys · years {w0}–{w1} averaged · "
             "seed {seed} · {version}",
             "共运行 {runs:,} 次 = {points:,} 组参数 × {reps} 次重复 · {k} 个参数 · 取第 {w0}–{w1} 年均值 · "
             "随机种子 {seed} · {version}"),
    "flat": ("the outcome did not vary", "该结果未随参数变化"),
    "more": ("{m} more keys with smaller effects not shown", "另有 {m} 个影响更小的参数未列出"),
}


def _show_in_notebooks() -> None:
    """In a Jupyter kernel, display a returned Figure as a PNG (the same formatter as `cadresim.plots`)."""
    from .plots import _show_in_notebooks as show

    show()


def _new_figure(lang: str, figsize: tuple[float, float], nrows: int, ncols: int):
    from matplotlib.figure import Figure

    _show_in_notebooks()
    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    fig._cadresim_lang = lang
    return fig, axes


def text(key: str, lang: str, **fmt: Any) -> str:
    en, zh = TEXT[key]
    return (zh if lang == "zh" else en).format(**fmt)


def sensitivity_figure(res: SensitivityResult, lang: str = "en", outcomes: Sequence[str] | None = None, top: int = 15):
    """One panel per outcome: keys ranked by ST (Sobol) or μ* (Morris), with 95% intervals."""
    from matplotlib import rc_context

    from .provenance import code_tag

    if lang not in ("en", "zh"):
        raise ValueError(f"lang: expected 'en' or 'zh', got {lang!r}")
    outcomes = list(outcomes or res.table["outcome"].unique())
    k = min(top, len(res.factors))
    with rc_context(fonts.rc_params(lang)):
        ncols = min(3, len(outcomes))
        nrows = -(-len(outcomes) // ncols)
        fig, axes = _new_figure(lang, (3.6 * ncols + 0.6, 0.4 + nrows * (0.9 + 0.2 * k)), nrows, ncols)
        for ax in axes.flat[len(outcomes):]:
            ax.set_visible(False)
        for ax, o in zip(axes.flat, outcomes, strict=False):
            t = res.table[res.table["outcome"] == o].sort_values("rank").head(k)
            yy = np.arange(len(t))[::-1]
            if res.method == "sobol":
                st, s1 = t["ST"].to_numpy(), t["S1"].to_numpy()
                ax.barh(yy, st, color="#9ecae1", height=0.7)
                ax.errorbar(st, yy, xerr=[st - t["ST_low"].to_numpy(), t["ST_high"].to_numpy() - st], fmt="none",
                            ecolor="#4a4a4a", elinewidth=0.7, capsize=1.5)
                ax.barh(yy, np.clip(s1, 0, None), color="#08519c", height=0.32)
                ax.set_xlim(0, max(1.0, float(np.nanmax(t["ST_high"].to_numpy(), initial=0)) * 1.05))
                ax.set_xlabel(text("sobol_x", lang))
            else:
                m = t["mu_star"].to_numpy()
                ax.barh(yy, m, color="#9ecae1", height=0.7)
                ax.errorbar(m, yy, xerr=[m - t["mu_star_low"].to_numpy(), t["mu_star_high"].to_numpy() - m],
                            fmt="none", ecolor="#4a4a4a", elinewidth=0.7, capsize=1.5)
                ax.set_xlabel(text("morris_x", lang))
            ax.set_yticks(yy, [param_label(key, lang) for key in t["key"]])  # each panel has its own ranking
            ax.set_title(short(o, lang), loc="left", fontsize=9)
            if o.startswith("cost") and res.method == "morris":
                from matplotlib.ticker import FuncFormatter

                ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
            if o in res.samples and np.ptp(res.samples[o].to_numpy(dtype=float)) == 0:
                ax.text(0.5, 0.5, text("flat", lang), transform=ax.transAxes, ha="center", va="center", fontsize=8,
                        color="#555555")
            ax.tick_params(axis="y", length=0)
        fig.suptitle(text(f"{res.method}_title", lang), x=0.01, ha="left", fontsize=10)
        foot = text("runs", lang, runs=res.n_runs, points=res.n_points, reps=res.replicates, k=len(res.factors),
                    w0=res.window[0], w1=res.window[1], seed=res.seed, version=code_tag())
        if len(res.factors) > k:
            foot += " · " + text("more", lang, m=len(res.factors) - k)
        fig.get_layout_engine().set(h_pad=0.08)
        fig.supxlabel(foot, fontsize=6, color="#555555", x=0.01, ha="left")
        fig._cadresim_lang = lang
    return fig


def save(fig: Any, stem: Path, dpi: int = 200) -> list[Path]:
    """Write `fig` as stem.png and stem.svg (`cadresim.plots.save`: the figure's language settings)."""
    from .plots import save as save_figure

    return save_figure(fig, stem, ("png", "svg"), dpi=dpi)


UTEXT = {
    "title": ("{alt} − {base}, {span}: each dot one parameter draw (paired seeds)",
              "“{alt}”与“{base}”之差，{span}均值：每点为一组参数抽样（配对随机种子）"),
    "interval": ("95% interval with parameter uncertainty", "含参数不确定性的 95% 区间"),
    "better": ("alternative better in {p:.0%} of draws", "{p:.0%} 的抽样中更好"),
    "foot": ("{n} draws from {source} over {k} keys · seed {seed} · {version}",
             "共 {n} 组参数抽样，{k} 个参数 · 随机种子 {seed} · {version}"),
}


def utext(key: str, lang: str, **fmt: Any) -> str:
    en, zh = UTEXT[key]
    return (zh if lang == "zh" else en).format(**fmt)


def uncertainty_figure(u: Any, alt: str | None = None, lang: str = "en", outcomes: Sequence[str] | None = None):
    """One panel per outcome: paired differences over parameter draws, the 95% interval and P(better)."""
    from matplotlib import rc_context

    from .brief import wrap
    from .labels import scenario_title
    from .provenance import code_tag

    alt = alt or u.alt_names[0]
    outcomes = list(outcomes or u.effects["outcome"].unique())
    with rc_context(fonts.rc_params(lang)):
        fig, axes = _new_figure(lang, (2.4 * len(outcomes) + 0.6, 3.2), 1, len(outcomes))
        for ax, o in zip(axes[0], outcomes, strict=True):
            d = u._diffs(alt, o)
            e = u.effects[(u.effects["alternative"] == alt) & (u.effects["outcome"] == o)].iloc[0]
            scale = 1.0 if o.startswith("cost") else 100.0
            jitter = np.random.default_rng(0).uniform(-0.15, 0.15, len(d))
            col = np.where(d["diff"].to_numpy() == 0, "#999999", np.where(d["better"].to_numpy(), "#2b8cbe", "#de2d26"))
            ax.scatter(jitter, d["diff"].to_numpy() * scale, s=7, c=col, alpha=0.7, linewidths=0)
            ax.errorbar([0.42], [e["diff"] * scale], yerr=[[(e["diff"] - e["ci_low"]) * scale],
                                                           [(e["ci_high"] - e["diff"]) * scale]],
                        fmt="o", color="black", ms=3, capsize=3, lw=1)
            ax.axhline(0, color="#888888", lw=0.6)
            ax.set_xlim(-0.4, 0.6)
            ax.set_xticks([])
            ax.set_title(short(o, lang) + "\n" + "\n".join(wrap(utext("better", lang, p=e["p_better"]), 24)),
                         loc="left", fontsize=8)
            if o.startswith("cost"):  # 万 / k, M as every other figure
                from .plots import _yuan_axis

                _yuan_axis(ax, "y", sign=True, lang=lang)
            ax.set_ylabel(("yuan/year" if lang == "en" else "元/年") if o.startswith("cost")
                          else ("pp" if lang == "en" else "百分点"), fontsize=7)
        fig.suptitle(utext("title", lang, alt=scenario_title(alt, lang), base=scenario_title(u.names[0], lang),
                           span=u.window_text(lang)), x=0.01, ha="left", fontsize=9)
        src = u.source.split(":")[0]
        fig.supxlabel(utext("foot", lang, n=u.replicates, source=src, k=len(u.keys), seed=u.seed, version=code_tag())
                      + " · " + utext("interval", lang), fontsize=6, color="#555555", x=0.01, ha="left")
        fig._cadresim_lang = lang
    return fig

"""A one-page PDF briefing for a comparison: question, headline numbers, two figures, assumptions.

    from model import compare
    from model.brief import write_brief
    c = compare("baseline", "alt.toml", replicates=20)
    write_brief(c, "brief.pdf", lang="zh")

The page (A4 portrait, vector, fonts embedded) holds: the question each alternative asks
(``meta.question``), the differences at the last term end with their 95% paired intervals
and the cost per weak village avoided, the weak-share trajectories of every arm, the forest
plot of differences, and the keys that differ between base and alternative with the source
of each value (`model.params.PARAMS[key].src`), assumptions marked as such.
"""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd

from . import fonts, plots
from .labels import label, short
from .params import PARAMS

A4 = (8.27, 11.69)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """Wrap `text` to `width` display columns (CJK characters count two); keeps words whole."""
    lines: list[str] = []
    for para in str(text).splitlines() or [""]:
        line = ""
        tokens: list[str] = []
        word = ""
        for c in para:  # a CJK character is a token; Latin words stay together
            if unicodedata.east_asian_width(c) in "WF" or c == " ":
                if word:
                    tokens.append(word)
                    word = ""
                tokens.append(c)
            else:
                word += c
        if word:
            tokens.append(word)
        for tok in tokens:
            if _width(line + tok) > width and line.strip():
                lines.append(line.rstrip())
                line = tok.lstrip()
            else:
                line += tok
        lines.append(line.rstrip())
    return lines


def _view(data: Any) -> dict[str, Any]:
    """The same fields from a `Comparison` or from `load_comparison(dir)` (plus its base scenario)."""
    from .compare import Comparison

    if isinstance(data, Comparison):
        return {"meta": data.to_json(), "diffs": data.diffs, "cost_effect": data.cost_effect,
                "yearly": data.yearly(), "scenario": data.base.scenario}
    return data


def _fmt(outcome: str, v: float, lang: str, sign: bool = False) -> str:
    if v is None or not math.isfinite(v):
        return "—"
    if outcome.startswith("cost"):
        return plots.yuan_text(v, lang, 1e6, sign)
    t = f"{v * 100:.1f}" + (" pp" if sign else "%")
    return ("+" + t if v > 0 else t) if sign else t


def headline_rows(view: dict[str, Any], lang: str, year: int | None = None) -> list[list[str]]:
    """Rows of the headline table: alternative, outcome, base, alternative, difference [95%]."""
    diffs, ce = view["diffs"], view["cost_effect"]
    year = int(diffs["year"].max()) if year is None else year
    rows = []
    multi = diffs["alternative"].nunique() > 1
    for alt in dict.fromkeys(diffs["alternative"]):
        d = diffs[(diffs["alternative"] == alt) & (diffs["year"] == year)]
        for r in d.itertuples():
            rows.append([(f"{alt}: " if multi else "") + short(r.outcome, lang), _fmt(r.outcome, r.base_mean, lang),
                         _fmt(r.outcome, r.alt_mean, lang),
                         f"{_fmt(r.outcome, r.diff, lang, True)}  [{_fmt(r.outcome, r.ci_low, lang, True)}, "
                         f"{_fmt(r.outcome, r.ci_high, lang, True)}]"])
        c = ce[(ce["alternative"] == alt) & (ce["year"] == year)]
        for r in c.itertuples():
            v = r.cost_per_weak_avoided_yuan
            val = "—" if not (isinstance(v, float) and math.isfinite(v)) else f"{v:,.0f}"
            ci = ""
            if math.isfinite(r.ci_low) and math.isfinite(r.ci_high):
                ci = f"  [{r.ci_low:,.0f}, {r.ci_high:,.0f}]"
            note = f" — {r.note}" if isinstance(r.note, str) and r.note else ""
            rows.append([(f"{alt}: " if multi else "") + short("cost_per_weak_avoided_yuan", lang), "", "",
                         f"{val}{ci}{note}"])
    return rows


def assumption_rows(view: dict[str, Any], lang: str) -> list[list[str]]:
    """Changed keys: key, base value, alternative value, assumption or documented, source text."""
    rows = []
    multi = len(view["meta"].get("changed_keys", {})) > 1
    for alt, keys in view["meta"].get("changed_keys", {}).items():
        for key, b, a in keys:
            p = PARAMS.get(key)
            src = p.src if p else ""
            kind = label("is_assumption" if (p is None or p.is_assumption) else "is_sourced", lang)
            rows.append([(f"{alt}: " if multi else "") + key, f"{b}", f"{a}", kind, src])
    return rows


def _table(sub: Any, rows: list[list[str]], cols: list[float], header: list[str], y0: float, dy: float,
           size: float = 7.5, wrap_last: int | None = None) -> float:
    """Plain text rows at x positions `cols` (fractions of the sub-figure); returns the next y."""
    y = y0
    for x, h in zip(cols, header, strict=True):
        sub.text(x, y, h, fontsize=size, color="#1b4f8a", va="top", transform=sub.transSubfigure)
    y -= dy
    for row in rows:
        extra = 0
        for i, (x, cell) in enumerate(zip(cols, row, strict=True)):
            lines = wrap(cell, wrap_last) if (wrap_last and i == len(row) - 1) else [cell]
            sub.text(x, y, "\n".join(lines), fontsize=size, va="top", transform=sub.transSubfigure,
                     linespacing=1.25)
            extra = max(extra, len(lines) - 1)
        y -= dy * (1 + 0.85 * extra)
    return y


def brief_figure(data: Any, lang: str = "en", year: int | None = None) -> Any:
    """The briefing page as a matplotlib figure (A4 portrait)."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    view = _view(data)
    meta = view["meta"]
    base, alts = meta["base"], meta["alternatives"]
    year = int(view["diffs"]["year"].max()) if year is None else year
    with rc_context(fonts.rc_params(lang)):
        fig = Figure(figsize=A4, layout="constrained")
        fig._cadresim_lang = lang
        questions = [meta.get("questions", {}).get(a, "") for a in alts]
        questions = list(dict.fromkeys(q for q in questions if q)) or (
            [meta["questions"][base]] if meta.get("questions", {}).get(base) else [])
        qtext = "\n".join(line for q in questions for line in wrap(q, 100)) if questions else label("no_question", lang)
        rows = headline_rows(view, lang, year)
        arows = assumption_rows(view, lang)[:12]
        # heights in inches, so that more alternatives or keys push the figures down, never overlap
        row_in = 0.15
        n_wrapped = sum(len(wrap(r[-1], 50)) for r in rows)
        top_in = 0.75 + 0.17 * (qtext.count("\n") + 1) + row_in * (n_wrapped + 1)
        bottom_in = 0.55 + row_in * 1.1 * (sum(len(wrap(r[-1], 52)) for r in arows) + 1)
        rest = A4[1] - top_in - bottom_in
        top, fig1, fig2, bottom = fig.subfigures(4, 1, height_ratios=[top_in, rest * 0.55, rest * 0.45, bottom_in])
        # --- header: title, question, headline numbers
        top.text(0.04, 1 - 0.08 / top_in, label("brief_title", lang, alts=", ".join(alts), base=base), fontsize=13,
                 color="#1b4f8a", va="top")
        y = 1 - 0.42 / top_in
        top.text(0.04, y, label("question", lang), fontsize=9, color="#1b4f8a", va="top")
        top.text(0.16, y, qtext, fontsize=9, va="top", linespacing=1.3)
        y -= (0.17 * (qtext.count("\n") + 1) + 0.1) / top_in
        top.text(0.04, y, label("headline", lang, year=year), fontsize=9, color="#1b4f8a", va="top")
        header = [label("outcome", lang), label("base_mean", lang), label("alt_mean", lang),
                  f"{label('diff', lang)} [{label('interval', lang)}]"]
        _table(top, rows, [0.04, 0.40, 0.52, 0.64], header, y - 0.2 / top_in, row_in / top_in, size=7.5,
               wrap_last=50)
        # --- figures
        plots.trajectory(view["yearly"], lang=lang, scenario=view.get("scenario"), seed=meta.get("seed"),
                         parent=fig1, legend="below")
        fig1.set_facecolor("none")
        plots.comparison(view, lang=lang, year=year, parent=fig2, outcomes=("weak_share_true", "weak_share_reported",
                                                                            "five_good_share", "cost_total_yuan"))
        # --- assumptions
        bottom.text(0.04, 1 - 0.08 / bottom_in, label("assumptions", lang), fontsize=9, color="#1b4f8a", va="top")
        if arows:
            _table(bottom, arows, [0.04, 0.38, 0.48, 0.58, 0.68],
                   [label("key", lang), label("base_mean", lang), label("alt_mean", lang), label("source", lang), ""],
                   1 - 0.3 / bottom_in, 1.1 * row_in / bottom_in, size=7, wrap_last=52)
        else:
            bottom.text(0.04, 1 - 0.3 / bottom_in, label("no_changes", lang), fontsize=8, va="top")
        bottom.text(0.04, 0.02, plots.footer_text(lang, [base, *alts], meta.get("replicates"), meta.get("seed"))
                    + " · " + meta.get("interval", ""), fontsize=6, color="#555555", va="bottom")
    return fig


def write_brief(data: Any, path: str | Path, lang: str = "en", year: int | None = None) -> Path:
    """Write the one-page briefing PDF for a `Comparison` (or `load_comparison(dir)` + scenario)."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        path = path.with_suffix(".pdf")
    fig = brief_figure(data, lang, year)
    plots.save(fig, path.with_suffix(""), ("pdf",))
    return path


def load_view(d: str | Path) -> dict[str, Any]:
    """A comparison directory (`cadresim compare --out`) in the form `brief_figure` takes."""
    from .compare import _slug, load_comparison
    from .scenario import load_scenario

    v = load_comparison(d)
    sc = Path(d) / "scenarios" / f"{_slug(v['meta']['base'])}.toml"
    v["scenario"] = load_scenario(sc) if sc.exists() else None
    if v.get("yearly") is None:
        v["yearly"] = pd.DataFrame()
    return v

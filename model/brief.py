"""One-page PDF briefings for a comparison, one per alternative: question, headline numbers, two figures, assumptions.

    from cadresim import compare
    from cadresim.brief import write_brief, write_briefs
    c = compare("baseline", "alt.toml", replicates=20)
    write_brief(c, "brief.pdf", lang="zh")                  # one alternative
    write_briefs(c5, "out", lang="zh")                      # several: out/brief_<alt>_zh.pdf each

A page is about one alternative against the base (`alt=` picks it when there are several).
It (A4 portrait, vector, fonts embedded) holds: the question the alternative asks
(``meta.question``, else the base's), the differences at the last term end with their 95%
paired intervals and the cost per weak village avoided, the weak-share trajectories of base
and alternative, the alternative's forest-plot row, and the keys that differ between base
and alternative with the source of each value (`model.params.PARAMS[key].src`), assumptions
marked as such. Every text is wrapped by display width (a CJK character is two columns) so
it stays on the page."""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import fonts, plots
from .compare import N_RESAMPLES
from .labels import label, scenario_title, short
from .params import PARAMS

A4 = (8.27, 11.69)


CLOSING = set("）」』》〉】，。、：；！？”’)]%")  # never starts a line


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(token: str, width: int) -> list[str]:
    """Split one unbreakable token into pieces of at most `width` display columns."""
    pieces, cur = [], ""
    for c in token:
        if cur and _width(cur + c) > width:
            pieces.append(cur)
            cur = ""
        cur += c
    return [*pieces, cur] if cur else pieces


def wrap(text: str, width: int) -> list[str]:
    """Wrap `text` to `width` display columns (CJK characters count two); keeps words whole
    unless a word alone is wider than `width`."""
    width = max(int(width), 2)
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
            if _width(line + tok) > width and line.strip() and tok not in CLOSING:
                lines.append(line.rstrip())
                line = tok.lstrip()
            else:
                line += tok
            if _width(line) > width and tok not in CLOSING:  # a word wider than the column: cut it
                *full, line = _cut(line, width)
                lines.extend(full)
        lines.append(line.rstrip())
    return lines


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` display columns, ending in '…' when cut."""
    text = str(text)
    if _width(text) <= width:
        return text
    out = ""
    for c in text:
        if _width(out + c) > width - 1:
            break
        out += c
    return out.rstrip() + "…"


def _view(data: Any) -> dict[str, Any]:
    """The same fields from a `Comparison` or from `load_comparison(dir)` (plus its base scenario)."""
    from .compare import Comparison

    if isinstance(data, Comparison):
        from .uncertainty import uncertainty_view

        return {"meta": data.to_json(), "diffs": data.diffs, "cost_effect": data.cost_effect, "windows": data.windows,
                "yearly": data.yearly(), "scenario": data.base.scenario,
                "scenarios": dict(zip(data.names, [data.base.scenario, *(r.scenario for r in data.alts)], strict=True)),
                "uncertainty": uncertainty_view(data.uncertainty)}
    return data


def uncertainty_sentence(view: dict[str, Any], alt: str, lang: str) -> str | None:
    """The sentence on the comparison with parameter uncertainty (effect, its interval, the
    probability that `alt` is better, where the sign flips), or None when there is none."""
    unc = view.get("uncertainty")
    if unc is None:
        return None
    return unc["meta"]["sentences"][alt][lang]


def alternatives(data: Any) -> list[str]:
    """The alternatives' names in a `Comparison` or a `load_view(dir)` dict, in order."""
    return list(_view(data)["meta"]["alternatives"])


def pick(data: Any, alt: str) -> dict[str, Any]:
    """The view of base and one alternative `alt` only (its name, or its file-name slug)."""
    from .compare import _slug

    view = _view(data)
    meta = view["meta"]
    base, alts = meta["base"], list(meta["alternatives"])
    match = [a for a in alts if a == alt] or [a for a in alts if _slug(a) == alt or _slug(a) == _slug(alt)]
    if not match:
        raise ValueError(f"alt: expected one of {', '.join(alts)}, got {alt!r}")
    alt = match[0]
    m = {**meta, "alternatives": [alt],
         "questions": {k: v for k, v in meta.get("questions", {}).items() if k in (base, alt)},
         "changed_keys": {k: v for k, v in meta.get("changed_keys", {}).items() if k == alt}}
    out = {**view, "meta": m,
           "diffs": view["diffs"][view["diffs"]["alternative"] == alt].reset_index(drop=True),
           "cost_effect": view["cost_effect"][view["cost_effect"]["alternative"] == alt].reset_index(drop=True)}
    w = view.get("windows")
    if isinstance(w, pd.DataFrame) and len(w):
        out["windows"] = w[w["alternative"] == alt].reset_index(drop=True)
    y = view.get("yearly")
    if isinstance(y, pd.DataFrame) and "scenario" in y.columns:
        out["yearly"] = y[y["scenario"].astype(str).isin([base, alt])].reset_index(drop=True)
    return out


def _window_rows(view: dict[str, Any], window: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    w, ce = view.get("windows"), view["cost_effect"]
    if not isinstance(w, pd.DataFrame) or w.empty:
        raise ValueError("the comparison has no window table (windows.csv): re-run cadresim compare")
    keys = list(dict.fromkeys(w["window"]))
    if window not in keys:
        raise ValueError(f"window: expected one of {', '.join(keys)}, got {window!r}")
    return w[w["window"] == window], ce[ce["window"] == window] if "window" in ce else ce.iloc[0:0]


def headline_rows(view: dict[str, Any], lang: str, window: str = "all") -> list[list[str]]:
    """Rows of the headline table over `window` (default the whole run): outcome, base,
    alternative, difference [95% interval], and the cost per weak village avoided."""
    from .numfmt import interval_text, number

    w, ce = _window_rows(view, window)
    rows = []
    multi = w["alternative"].nunique() > 1
    for alt in dict.fromkeys(w["alternative"]):
        tag = f"{scenario_title(alt, lang)}: " if multi else ""
        for r in w[w["alternative"] == alt].itertuples():
            lvl = "yuan" if r.outcome.startswith("cost") else "pct"
            rows.append([tag + short(r.outcome, lang), number(r.base_mean, lvl, lang), number(r.alt_mean, lvl, lang),
                         interval_text(r.diff, r.ci_low, r.ci_high, "yuan" if lvl == "yuan" else "pp", lang)])
        for r in ce[ce["alternative"] == alt].itertuples():
            v = r.cost_per_weak_avoided_yuan
            val = (interval_text(v, r.ci_low, r.ci_high, "yuan", lang, sign=False)
                   if isinstance(v, float) and math.isfinite(v) else "—")
            note = _note(r.note, lang) if isinstance(r.note, str) else ""
            text = note if (val == "—" and note) else (val + (label("dash", lang) + note if note else ""))
            rows.append([tag + short("cost_per_weak_avoided_yuan", lang), "", "", text])
    return rows


def _note(note: str, lang: str) -> str:
    from .compare import _note_text

    return _note_text(note, lang)


def interpretation(view: dict[str, Any], lang: str, window: str = "all") -> str:
    """One or two sentences that say what the numbers say, built from them (not written by hand)."""
    from .compare import window_label
    from .numfmt import interval_text, number

    w, ce = _window_rows(view, window)
    alt = str(w["alternative"].iloc[0])
    r = w[w["outcome"] == "weak_share_true"].iloc[0]
    span = window_label(window, int(r.start), int(r.end), lang)
    settled = math.isfinite(r.ci_low) and (r.ci_low > 0 or r.ci_high < 0)
    direction = "lower" if r["diff"] < 0 else "higher" if r["diff"] > 0 else "same"
    text = label(f"interp_{direction}", lang, alt=scenario_title(alt, lang), window=span,
                 diff=interval_text(r["diff"], r.ci_low, r.ci_high, "pp", lang), base_level=number(r.base_mean, "pct", lang))
    text += label("interp_settled" if settled else "interp_unsettled", lang)
    c = w[w["outcome"] == "cost_total_yuan"]
    if len(c):
        c = c.iloc[0]
        text += label("interp_cost_more" if c["diff"] > 0 else "interp_cost_less", lang,
                      cost=number(abs(c["diff"]), "yuan", lang))
        e = ce[ce["alternative"] == alt]
        if len(e) and math.isfinite(e.iloc[0].cost_per_weak_avoided_yuan) and e.iloc[0].cost_per_weak_avoided_yuan > 0:
            text += label("interp_per_village", lang, v=number(e.iloc[0].cost_per_weak_avoided_yuan, "yuan", lang))
        else:
            text += label("period", lang)
    # does the answer depend on the window? (a sign that flips between village terms)
    terms = view["windows"]
    terms = terms[(terms["alternative"] == alt) & terms["window"].str.startswith("term")
                  & (terms["outcome"] == "weak_share_true")]
    signs = {int(np.sign(x)) for x in terms["diff"] if abs(x) > 1e-12}
    if len(signs) > 1:
        text += label("interp_flips", lang)
    return text


def mechanism_keys(changed: list[str]) -> list[str]:
    """The assumption keys of the rules (mechanisms) the changed keys feed, besides the changed keys:
    what else the answer rests on (`cadresim.params.PARAMS`: rule IDs and sources)."""
    rules = {r.strip() for k in changed if k in PARAMS for r in PARAMS[k].rule.split(",") if r.strip()}
    return [k for k, p in PARAMS.items() if k not in changed and p.is_assumption and not k.startswith("run.")
            and rules & {r.strip() for r in p.rule.split(",")}]


def assumption_rows(view: dict[str, Any], lang: str) -> list[list[str]]:
    """Changed keys (label, base value, alternative value, sourced or assumed, source), then the
    assumption keys of the same mechanisms with their (shared) value: what the result rests on."""
    from .catalogue import param_label, source_text, value_text

    rows = []
    multi = len(view["meta"].get("changed_keys", {})) > 1
    scs = view.get("scenarios") or {}
    base_sc = view.get("scenario")
    for alt, keys in view["meta"].get("changed_keys", {}).items():
        tag = f"{scenario_title(alt, lang)}: " if multi else ""
        for key, b, a in keys:
            p = PARAMS.get(key)
            kind = label("is_assumption" if (p is None or p.is_assumption) else "is_sourced", lang)
            rows.append([tag + param_label(key, lang), value_text(key, b, lang), value_text(key, a, lang), kind,
                         source_text(key, lang)])
        alt_sc = scs.get(alt)
        for key in mechanism_keys([k for k, _, _ in keys]):
            b = base_sc[key] if base_sc is not None else PARAMS[key].default
            a = alt_sc[key] if alt_sc is not None else b
            rows.append([tag + param_label(key, lang), value_text(key, b, lang), value_text(key, a, lang),
                         label("is_assumption", lang), source_text(key, lang)])
    return rows


# --- page geometry: text is measured in display columns (a CJK character is two)
MARGIN_IN = 0.33
GAP = 2  # columns between table columns


def _col_in(size: float) -> float:
    """Inches one display column takes at font `size` (a little wider than Noto Sans's average)."""
    return 0.56 * size / 72


def _columns(size: float, width_in: float = A4[0] - 2 * MARGIN_IN) -> int:
    return int(width_in / _col_in(size))


def _widths(rows: list[list[str]], header: list[str], caps: list[int], total: int) -> list[int]:
    """Column widths (display columns): each column as wide as its text up to its cap; the
    last takes what is left of `total`."""
    ws = [min(cap, max([_width(h)] + [_width(r[i]) for r in rows])) for i, (h, cap) in
          enumerate(zip(header[:-1], caps, strict=True))]
    return [*ws, max(12, total - sum(ws) - GAP * len(ws))]


def _cells(rows: list[list[str]], widths: list[int]) -> list[list[list[str]]]:
    return [[wrap(c, w) for c, w in zip(r, widths, strict=True)] for r in rows]


def _table(sub: Any, rows: list[list[str]], widths: list[int], header: list[str], y_in: float, height_in: float,
           size: float) -> float:
    """Rows of text in columns `widths` (display columns), from `y_in` inches below the top of
    `sub` (height `height_in`); every cell wrapped to its column. Returns the next y in inches."""
    line_in = size / 72 * 1.3
    xs, x = [], MARGIN_IN
    for w in widths:
        xs.append(x / A4[0])
        x += (w + GAP) * _col_in(size)
    for x, h in zip(xs, header, strict=True):
        sub.text(x, 1 - y_in / height_in, h, fontsize=size, color="#1b4f8a", va="top")
    y_in += line_in * 1.15
    for cells in _cells(rows, widths):
        for x, lines in zip(xs, cells, strict=True):
            sub.text(x, 1 - y_in / height_in, "\n".join(lines), fontsize=size, va="top", linespacing=1.3)
        y_in += line_in * max(len(c) for c in cells) + line_in * 0.15
    return y_in


def _table_height(rows: list[list[str]], widths: list[int], size: float) -> float:
    line_in = size / 72 * 1.3
    return line_in * 1.15 + sum(line_in * max(len(c) for c in cells) + line_in * 0.15
                                for cells in _cells(rows, widths))


def _short_names(names: list[str], width: int) -> dict[str, str]:
    """Display names for the figures: long names cut with '…', kept distinct."""
    out: dict[str, str] = {}
    for n in names:
        s = shorten(n, width)
        k = 2
        while s in out.values():
            s = shorten(n, width - 3) + f"({k})"
            k += 1
        out[n] = s
    return out


def _rewrap(text_artist: Any, size: float, width_in: float) -> None:
    """Wrap a figure title in place so that it fits `width_in` inches."""
    if text_artist is None or not text_artist.get_text():
        return
    text_artist.set_text("\n".join(wrap(text_artist.get_text().replace("\n", " "),
                                        _columns(size, width_in))))


def brief_figure(data: Any, lang: str = "en", window: str = "all", alt: str | None = None) -> Any:
    """The briefing page for one alternative against the base, as a matplotlib figure (A4 portrait).

    `window`: the window the headline numbers average over ('all': the whole run; 'term1', …:
    one village term). `alt`: which alternative (its name); needed when there are several."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    from .catalogue import scenario_question
    from .compare import window_label

    view = _view(data)
    alts = list(view["meta"]["alternatives"])
    if alt is None and len(alts) > 1:
        raise ValueError(f"alt: the comparison has {len(alts)} alternatives ({', '.join(alts)}); a briefing page "
                         "is about one: pass alt=NAME, or use write_briefs() for one page each")
    if alt is not None or len(alts) == 1:
        view = pick(view, alt if alt is not None else alts[0])
    meta = view["meta"]
    base, alt = meta["base"], meta["alternatives"][0]
    wrow, _ = _window_rows(view, window)
    span = window_label(window, int(wrow["start"].iloc[0]), int(wrow["end"].iloc[0]), lang)
    qs = meta.get("questions", {})
    question = (scenario_question(alt, qs.get(alt), lang) or scenario_question(base, qs.get(base), lang)
                or label("no_question", lang))
    with rc_context(fonts.rc_params(lang)):
        fig = Figure(figsize=A4, layout="constrained")
        fig._cadresim_lang = lang
        text_in = A4[0] - 2 * MARGIN_IN
        # --- what goes above the figures, measured in inches so nothing overlaps
        title = wrap(label("brief_title", lang, alts=scenario_title(alt, lang), base=scenario_title(base, lang)),
                     _columns(13, text_in))[:3]
        qlabel_in = (_width(label("question", lang)) + 3) * _col_in(9)
        qlines = wrap(question, _columns(9, text_in - qlabel_in))
        if len(qlines) > 6:
            qlines = [*qlines[:5], shorten(qlines[5], _columns(9, text_in - qlabel_in) - 1) + "…"]
        rows = headline_rows(view, lang, window)
        hhead = [label("outcome", lang), label("base_mean", lang), label("alt_mean", lang), label("diff_interval", lang)]
        interp = wrap(interpretation(view, lang, window), _columns(8.5, text_in))
        usent = uncertainty_sentence(view, alt, lang)
        if usent:  # one sentence with parameter uncertainty, after the fixed-assumption reading
            interp += wrap(usent, _columns(8.5, text_in))
        hw = _widths(rows, hhead, [34, 14, 14], _columns(7.5))
        arows_all = assumption_rows(view, lang)
        ahead = [label("key", lang), label("base_mean", lang), label("alt_mean", lang), "", label("source", lang)]
        aw = _widths(arows_all, ahead, [30, 16, 16, 12], _columns(7))
        arows = []
        keys_in = 1.1 if usent else 2.3  # the panel with parameter uncertainty takes some of the keys' room
        for r in arows_all:  # at most about 2.3 inches of keys; say how many are left out
            if _table_height([*arows, r], aw, 7) > keys_in:
                break
            arows.append(r)
        left_out = len(arows_all) - len(arows)
        footer = wrap(plots.footer_text(lang, [base, alt], meta.get("replicates"), meta.get("seed"), stat="mean",
                                        prov=meta) + label("sep", lang) + label("interval_note", lang, n=N_RESAMPLES),
                      _columns(6, text_in))
        top_in = (0.15 + 13 / 72 * 1.25 * len(title) + 0.12 + 9 / 72 * 1.3 * len(qlines) + 0.14
                  + 0.2 + 8.5 / 72 * 1.3 * len(interp) + 0.1 + _table_height(rows, hw, 7.5) + 0.05)
        bottom_in = (0.1 + 0.25 + (_table_height(arows, aw, 7) if arows else 0.2) + (0.14 if left_out else 0)
                     + 0.08 + 6 / 72 * 1.3 * len(footer) + 0.08)
        panel_in = 1.3 if usent else 0.0  # the panel with parameter uncertainty
        rest = A4[1] - top_in - bottom_in - panel_in
        if usent:
            top, fig1, fig2, fig3, bottom = fig.subfigures(
                5, 1, height_ratios=[top_in, rest * 0.42, rest * 0.58, panel_in, bottom_in])
        else:
            top, fig1, fig2, bottom = fig.subfigures(4, 1, height_ratios=[top_in, rest * 0.55, rest * 0.45, bottom_in])
        # --- header: title, question, headline numbers
        x0 = MARGIN_IN / A4[0]
        y = 0.15
        top.text(x0, 1 - y / top_in, "\n".join(title), fontsize=13, color="#1b4f8a", va="top", linespacing=1.25)
        y += 13 / 72 * 1.25 * len(title) + 0.12
        top.text(x0, 1 - y / top_in, label("question", lang), fontsize=9, color="#1b4f8a", va="top")
        top.text(x0 + qlabel_in / A4[0], 1 - y / top_in, "\n".join(qlines), fontsize=9, va="top", linespacing=1.3)
        y += 9 / 72 * 1.3 * len(qlines) + 0.14
        top.text(x0, 1 - y / top_in, label("headline", lang, window=span), fontsize=9, color="#1b4f8a", va="top")
        y += 0.2
        top.text(x0, 1 - y / top_in, "\n".join(interp), fontsize=8.5, va="top", linespacing=1.3)
        y += 8.5 / 72 * 1.3 * len(interp) + 0.1
        _table(top, rows, hw, hhead, y, top_in, 7.5)
        # --- figures: base and this alternative, long names cut (the title has them whole)
        names = _short_names([base, alt], 30)
        fview = {**view, "meta": {**meta, "base": names[base], "alternatives": [names[alt]]}, "uncertainty": None,
                 "diffs": view["diffs"].assign(alternative=names[alt], base=names[base]),
                 "windows": view["windows"].assign(alternative=names[alt], base=names[base])}
        yearly = view.get("yearly")
        if isinstance(yearly, pd.DataFrame) and "scenario" in yearly.columns:
            yearly = yearly.assign(scenario=yearly["scenario"].astype(str).map(lambda n: names.get(n, n)))
        scs = view.get("scenarios") or {base: view.get("scenario")}
        plots.trajectory(yearly, lang=lang, scenario={names.get(k, k): v for k, v in scs.items()}, seed=meta.get("seed"),
                         parent=fig1, legend="below")
        fig1.set_facecolor("none")
        for ax in fig1.axes:
            _rewrap(ax.title, 10, A4[0] * 0.8)
            yl = ax.yaxis.label
            if usent and yl.get_text():  # a shorter panel: a smaller axis label rather than one past the axes
                need_in = _width(yl.get_text()) * _col_in(yl.get_fontsize())
                yl.set_fontsize(max(6.0, yl.get_fontsize() * min(1.0, rest * 0.42 * 0.6 / need_in)))
        plots.comparison(fview, lang=lang, parent=fig2, outcomes=("weak_share_true", "weak_share_reported",
                                                                  "five_good_share", "cost_total_yuan"))
        _rewrap(getattr(fig2, "_suptitle", None), 10, text_in)
        if usent:
            ax = fig3.subplots()
            plots.uncertainty_panel(ax, view, alt, "weak_share_true", lang, plots.COLORS[1])
            fig3.suptitle(ax.get_title(loc="left"), x=0.01, ha="left", fontsize=8.5)  # the page's width, not the axes'
            ax.set_title("", loc="left")
            _rewrap(fig3._suptitle, 8.5, text_in)
        # --- assumptions and footer
        y = 0.1
        bottom.text(x0, 1 - y / bottom_in, label("assumptions", lang), fontsize=9, color="#1b4f8a", va="top")
        y += 0.25
        if arows:
            y = _table(bottom, arows, aw, ahead, y, bottom_in, 7)
            if left_out:
                bottom.text(x0, 1 - y / bottom_in, label("more_keys", lang, n=left_out), fontsize=7, va="top")
        else:
            bottom.text(x0, 1 - y / bottom_in, label("no_changes", lang), fontsize=8, va="top")
        bottom.text(x0, 0.08 / bottom_in, "\n".join(footer), fontsize=6, color="#555555", va="bottom",
                    linespacing=1.3)
    return fig


def brief_name(alt: str | None, lang: str) -> str:
    """The file name of a briefing page: brief_<lang>.pdf, or brief_<alt>_<lang>.pdf for one of several."""
    from .compare import _slug

    if alt is None:
        return f"brief_{lang}.pdf"
    slug = _slug(alt)
    if len(slug) > 40:  # long names: a short file name, kept distinct by a hash of the whole name
        import hashlib

        slug = slug[:32].rstrip("_") + "-" + hashlib.sha1(alt.encode("utf-8")).hexdigest()[:6]
    return f"brief_{slug}_{lang}.pdf"


def write_brief(data: Any, path: str | Path, lang: str = "en", window: str = "all",
                alt: str | None = None) -> Path:
    """Write the one-page briefing PDF for a `Comparison` (or `load_comparison(dir)` + scenario).

    With more than one alternative, `alt` names the one the page is about (or use `write_briefs`)."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        path = path.with_suffix(".pdf")
    fig = brief_figure(data, lang, window, alt)
    plots.save(fig, path.with_suffix(""), ("pdf",))
    return path


def write_briefs(data: Any, out: str | Path, lang: str = "en", window: str = "all",
                 alts: list[str] | None = None) -> list[Path]:
    """One briefing page per alternative (all, or those in `alts`) in folder `out`.

    A comparison with one alternative gives ``out/brief_<lang>.pdf``; with several, each page
    is ``out/brief_<alt>_<lang>.pdf``. Returns the paths."""
    view = _view(data)
    names = list(view["meta"]["alternatives"])
    chosen = [pick(view, a)["meta"]["alternatives"][0] for a in alts] if alts else names
    chosen = list(dict.fromkeys(chosen))
    out = Path(out)
    return [write_brief(view, out / brief_name(None if len(names) == 1 else a, lang), lang, window, a)
            for a in chosen]


def load_view(d: str | Path) -> dict[str, Any]:
    """A comparison directory (`cadresim compare --out`) in the form `brief_figure` takes."""
    from .compare import _slug, load_comparison
    from .scenario import load_scenario

    v = load_comparison(d)
    sc = Path(d) / "scenarios" / f"{_slug(v['meta']['base'])}.toml"
    v["scenario"] = load_scenario(sc) if sc.exists() else None
    v["scenarios"] = {}
    for n in [v["meta"]["base"], *v["meta"]["alternatives"]]:
        f = Path(d) / "scenarios" / f"{_slug(n)}.toml"
        v["scenarios"][n] = load_scenario(f) if f.exists() else None
    if v.get("yearly") is None:
        v["yearly"] = pd.DataFrame()
    return v

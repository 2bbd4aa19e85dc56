"""Compare alternative scenarios with a base: paired differences with 95% intervals.

    from cadresim import compare
    c = compare("baseline", "alt.toml", replicates=20, years=15)
    c.diffs          # alternative × year × outcome: the paired difference at every year, 95% interval
    c.windows        # alternative × window × outcome: mean difference over the whole run and each village term
    c.cost_effect    # per window: extra yuan per year per weak village avoided, with a note when undefined
    c.headline()     # the whole-run window: what a briefing leads with (it names its window)
    print(c.table()) # what a planner reads
    c.write("out/")  # comparison.csv, windows.csv, cost_effect.csv, comparison.json, yearly.csv, scenarios/

A single year can mislead (the sign of an effect may flip from one term end to the next), so
the comparison is made at every year and averaged over windows: the whole run and each of the
base's village terms. A window's difference is the mean over replicates of each replicate's
mean over the window's years, alt − base, with the paired interval over replicates.

Every arm runs the same replicate seeds (``SeedSequence(seed).spawn(R)[k]``), so replicate
k of the alternative differs from replicate k of the base only by the policy (common random
numbers). The interval is a bootstrap (BCa, fixed generator) over the R paired differences;
pairing removes the shared noise, which makes it much narrower than independent arms would.
"""

from __future__ import annotations

import json
import math
import unicodedata
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .labels import label, short
from .runner import RunResult, run
from .scenario import Scenario, ScenarioError, load_scenario

OUTCOMES: tuple[str, ...] = ("weak_share_true", "weak_share_reported", "flagged_share", "five_good_share",
                               "cost_total_yuan")
BOOTSTRAP_SEED = 20240605
N_RESAMPLES = 9999
DEFAULT_REPLICATES = 20


def term_windows(scenario: Any, years: int) -> list[tuple[str, int, int]]:
    """(key, first year, last year): the whole run ('all'), then each village term of `scenario`
    ('term1', 'term2', …; the last one may be cut short by the horizon)."""
    term = int(scenario["election.term_years"])
    out = [("all", 1, int(years))]
    for k, start in enumerate(range(1, int(years) + 1, term), start=1):
        out.append((f"term{k}", start, min(start + term - 1, int(years))))
    return out if len(out) > 2 else out[:1] + [w for w in out[1:] if (w[1], w[2]) != (1, years)]


def window_label(window: str, start: int, end: int, lang: str = "en") -> str:
    """'years 1–25 (whole run)' / '第 1–25 年（全程）'; 'years 4–6 (term 2)' / '第 4–6 年（第 2 届）'."""
    if window == "all":
        return label("window_all", lang, start=start, end=end)
    one = "_one" if start == end else ""  # 'year 25', not 'years 25–25'
    if window.startswith("term"):
        return label("window_term" + one, lang, start=start, end=end, k=window[4:])
    return label("window_years" + one, lang, start=start, end=end)


def paired_interval(d: np.ndarray, confidence: float = 0.95, seed: int = BOOTSTRAP_SEED) -> tuple[float, float]:
    """95% bootstrap interval (BCa; percentile if BCa is undefined) for the mean of `d`.

    Fewer than two values give (nan, nan); identical values give a zero-width interval.
    """
    from scipy import stats

    d = np.asarray(d, dtype=float)
    d = d[np.isfinite(d)]
    if d.size < 2:
        return (math.nan, math.nan)
    if np.ptp(d) == 0:
        return (float(d[0]), float(d[0]))
    lo = hi = math.nan
    for method in ("BCa", "percentile"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DegenerateDataWarning for tiny samples
            res = stats.bootstrap((d,), np.mean, confidence_level=confidence, n_resamples=N_RESAMPLES,
                                  method=method, vectorized=True, rng=np.random.default_rng(seed))
        lo, hi = float(res.confidence_interval.low), float(res.confidence_interval.high)
        if math.isfinite(lo) and math.isfinite(hi):
            break
    return (lo, hi)


def ratio_interval(cost: np.ndarray, reduction: np.ndarray, villages: int, confidence: float = 0.95,
                   seed: int = BOOTSTRAP_SEED) -> tuple[float, float]:
    """Percentile bootstrap interval of mean(cost) / (villages × mean(reduction)), pairs resampled together."""
    from scipy import stats

    def stat(c: np.ndarray, r: np.ndarray, axis: int = -1) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.mean(c, axis=axis) / (villages * np.mean(r, axis=axis))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = stats.bootstrap((cost, reduction), stat, paired=True, vectorized=True, method="percentile",
                              confidence_level=confidence, n_resamples=N_RESAMPLES,
                              rng=np.random.default_rng(seed))
    return float(res.confidence_interval.low), float(res.confidence_interval.high)


@dataclass
class Comparison:
    """Base and alternatives run with the same seeds, and their paired differences."""

    base: RunResult
    alts: list[RunResult]
    names: list[str]  # unique display names: base first, then each alternative
    diffs: pd.DataFrame
    cost_effect: pd.DataFrame
    years: int
    replicates: int
    seed: int
    paired: bool = True
    meta: dict[str, Any] = field(default_factory=dict)
    windows: pd.DataFrame = field(default_factory=pd.DataFrame)
    # the same comparison with parameter uncertainty (`cadresim.uncertainty.UncertainComparison`), if asked
    uncertainty: Any = None

    @property
    def base_name(self) -> str:
        return self.names[0]

    @property
    def alt_names(self) -> list[str]:
        return self.names[1:]

    @property
    def final_year(self) -> int:
        return int(self.diffs["year"].max())

    def at_year(self, year: int | None = None) -> pd.DataFrame:
        """The differences at one year (default: the last); a single year can mislead, see `headline`."""
        year = self.final_year if year is None else year
        return self.diffs[self.diffs["year"] == year].reset_index(drop=True)

    def yearly(self) -> pd.DataFrame:
        """All arms' yearly rows with a `scenario` column (base first)."""
        frames = []
        for name, res in zip(self.names, [self.base, *self.alts], strict=True):
            frames.append(res.yearly.assign(scenario=name))
        df = pd.concat(frames, ignore_index=True)
        return df[["scenario", *[c for c in df.columns if c != "scenario"]]]

    def changed_keys(self) -> dict[str, list[tuple[str, Any, Any]]]:
        """For each alternative: (key, base value, alternative value) for every differing key."""
        out = {}
        for name, res in zip(self.alt_names, self.alts, strict=True):
            out[name] = [(k, self.base.scenario[k], res.scenario[k]) for k in res.scenario
                         if not k.startswith("run.") and res.scenario[k] != self.base.scenario[k]]
        return out

    def headline(self, window: str = "all") -> pd.DataFrame:
        """The mean differences over one window (default: the whole run), every alternative and outcome."""
        return self.windows[self.windows["window"] == window].reset_index(drop=True)

    def table(self, lang: str = "en", window: str = "all") -> str:
        """A plain-text table a planner can read: per alternative, the differences over the
        whole run (or `window`) for every outcome, the true weak share term by term, and the
        cost per weak village avoided."""
        return comparison_table(self.to_json() | {"windows_df": self.windows, "cost_df": self.cost_effect}, lang,
                                window)

    def to_json(self) -> dict[str, Any]:
        def records(df: pd.DataFrame) -> list[dict[str, Any]]:
            return [{k: _jsonable(v) for k, v in row.items()} for row in df.to_dict(orient="records")]

        return {
            "base": self.base_name, "alternatives": self.alt_names, "replicates": self.replicates,
            "years": self.years, "seed": self.seed, "paired": self.paired,
            "windows": [{"window": k, "start": a, "end": b} for k, a, b in term_windows(self.base.scenario, self.years)],
            "questions": {n: r.scenario.question for n, r in zip(self.names, [self.base, *self.alts], strict=True)},
            "villages": int(self.base.scenario["county.villages"]),
            "changed_keys": {a: [[k, _jsonable(b), _jsonable(v)] for k, b, v in ks]
                             for a, ks in self.changed_keys().items()},
            "interval": f"95% bootstrap (BCa, {N_RESAMPLES} resamples, rng seed {BOOTSTRAP_SEED}) over paired replicate differences",
            **self.meta,
            "diffs": records(self.diffs),
            "window_diffs": records(self.windows),
            "cost_effect": records(self.cost_effect),
        }

    def write(self, out: str | Path) -> list[Path]:
        """Write comparison.csv (every year), windows.csv, cost_effect.csv, comparison.json, yearly.csv
        and scenarios/*.toml; with parameter uncertainty also the uncertainty*.csv/json and figures."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        paths = [out / "comparison.csv", out / "windows.csv", out / "cost_effect.csv", out / "comparison.json",
                 out / "yearly.csv"]
        self.diffs.to_csv(paths[0], index=False)
        self.windows.to_csv(paths[1], index=False)
        self.cost_effect.to_csv(paths[2], index=False)
        paths[3].write_text(json.dumps(self.to_json(), indent=2, ensure_ascii=False, allow_nan=False) + "\n",
                            encoding="utf-8")
        self.yearly().to_csv(paths[4], index=False)
        sdir = out / "scenarios"
        sdir.mkdir(exist_ok=True)
        for name, res in zip(self.names, [self.base, *self.alts], strict=True):
            p = sdir / f"{_slug(name)}.toml"
            p.write_text(res.scenario.to_toml(), encoding="utf-8")
            paths.append(p)
        if self.uncertainty is not None:
            paths += self.uncertainty.write(out)
        elif (out / "uncertainty.json").exists():  # replaced (--force): a former run's uncertainty is not this one's
            import re

            for f in out.iterdir():
                if re.fullmatch(r"uncertainty(_[a-z]+)?\.(csv|json)|uncertainty_\d+_(en|zh)\.(png|svg)", f.name):
                    f.unlink()
        return paths


def _kind(outcome: str) -> str:
    return "yuan" if outcome.startswith("cost") else "pp"


def comparison_table(meta: dict[str, Any], lang: str = "en", window: str = "all") -> str:
    """The planner's table from a comparison's JSON (`to_json`, or comparison.json) and its
    window and cost tables (`windows_df`, `cost_df`)."""
    from .catalogue import scenario_title
    from .numfmt import interval_text, number
    from .plots import footer_text

    w, ce = meta["windows_df"], meta["cost_df"]
    colon = "：" if lang == "zh" else ": "
    names = [meta["base"], *meta["alternatives"]]
    lines = [f"{label('base', lang)}{colon}{scenario_title(meta['base'], lang)}",
             footer_text(lang, names, meta.get("replicates"), meta.get("seed"), prov=meta), ""]
    if not meta.get("paired", True):
        lines += [label("not_paired", lang), ""]
    for alt in meta["alternatives"]:
        lines.append(f"{label('alternative', lang)}{colon}{scenario_title(alt, lang)}")
        sub = w[(w["alternative"] == alt) & (w["window"] == window)]
        if sub.empty:
            raise ValueError(f"window: expected one of {', '.join(dict.fromkeys(w['window']))}, got {window!r}")
        r0 = sub.iloc[0]
        lines.append("  " + label("mean_over", lang, window=window_label(window, int(r0.start), int(r0.end), lang)))
        lines.append(f"  {_pad(label('outcome', lang), 24)} {_pad(label('base_mean', lang), 12, True)} "
                     f"{_pad(label('alt_mean', lang), 12, True)}  {label('diff_interval', lang)}")
        for r in sub.itertuples():
            lvl = "yuan" if r.outcome.startswith("cost") else "pct"
            lines.append(f"  {_pad(short(r.outcome, lang), 24)} {_pad(number(r.base_mean, lvl, lang), 12, True)} "
                         f"{_pad(number(r.alt_mean, lvl, lang), 12, True)}  "
                         f"{interval_text(r.diff, r.ci_low, r.ci_high, _kind(r.outcome), lang)}")
        terms = w[(w["alternative"] == alt) & w["window"].str.startswith("term") & (w["outcome"] == "weak_share_true")]
        if len(terms):
            lines.append("  " + label("by_term", lang, outcome=short("weak_share_true", lang)))
            for r in terms.itertuples():
                lines.append(f"    {_pad(window_label(r.window, r.start, r.end, lang), 26)} "
                             f"{interval_text(r.diff, r.ci_low, r.ci_high, 'pp', lang)}")
        c = ce[(ce["alternative"] == alt) & (ce["window"] == window)]
        for r in c.itertuples():
            val = r.cost_per_weak_avoided_yuan
            txt = (interval_text(val, r.ci_low, r.ci_high, "yuan", lang, sign=False)
                   if isinstance(val, float) and math.isfinite(val) else "—")
            note = _note_text(r.note, lang) if isinstance(r.note, str) else ""
            lines.append(f"  {short('cost_per_weak_avoided_yuan', lang)}{colon}{txt}" + (f"（{note}）" if note and lang == "zh"
                         else f" ({note})" if note else ""))
        lines.append("")
    lines.append(label("interval_note", lang, n=N_RESAMPLES))
    return "\n".join(lines)


def _note_text(note: str, lang: str) -> str:
    """A cost-effect note in `lang` (comparisons store them in English)."""
    from .labels import LABELS

    en = {LABELS[k][0]: k for k in ("note_reduction_zero", "note_reduction_negative", "note_saves", "note_uncertain")}
    sep = "；" if lang == "zh" else "; "
    return sep.join(label(en[p], lang) if p in en else p for p in note.split("; ")) if note else ""
def _jsonable(v: Any) -> Any:
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return float(v) if math.isfinite(v) else None
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name) or "scenario"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, n: int, right: bool = False) -> str:
    fill = " " * max(0, n - _width(text))
    return fill + text if right else text + fill


def _fmt_share(x: float, sign: bool = False) -> str:
    if not math.isfinite(x):
        return "—"
    return f"{x * 100:+.1f} pp" if sign else f"{x * 100:.1f}%"


def _fmt_cost(x: float, sign: bool = False) -> str:
    if not math.isfinite(x):
        return "—"
    return f"{x:+,.0f}" if sign else f"{x:,.0f}"


def _unique_names(scenarios: Sequence[Scenario]) -> list[str]:
    names: list[str] = []
    for sc in scenarios:
        name = sc.name or "scenario"
        cand, k = name, 2
        while cand in names:
            cand, k = f"{name}-{k}", k + 1
        names.append(cand)
    return names


def _as_result(arm: RunResult | Scenario | str | Path | None, replicates: int, years: int, seed: int) -> RunResult:
    if isinstance(arm, RunResult):
        return arm
    sc = arm if isinstance(arm, Scenario) else load_scenario(arm)
    return run(sc, replicates=replicates, years=years, seed=seed)


def paired_differences(base: pd.DataFrame, alt: pd.DataFrame, years: Sequence[int],
                       outcomes: Sequence[str] = OUTCOMES) -> pd.DataFrame:
    """Differences alt − base by replicate at `years`, with means and 95% intervals.

    Rows of the two tables are matched on (replicate, year); a replicate missing in one arm
    is dropped. Returns one row per (year, outcome).
    """
    keys = ["replicate", "year"]
    m = base[[*keys, *outcomes]].merge(alt[[*keys, *outcomes]], on=keys, suffixes=("_b", "_a"))
    rows = []
    for y in years:
        g = m[m["year"] == y]
        for o in outcomes:
            b, a = g[f"{o}_b"].to_numpy(float), g[f"{o}_a"].to_numpy(float)
            d = a - b
            lo, hi = paired_interval(d)
            rows.append({"year": int(y), "outcome": o, "base_mean": float(np.mean(b)) if b.size else math.nan,
                         "alt_mean": float(np.mean(a)) if a.size else math.nan,
                         "diff": float(np.mean(d)) if d.size else math.nan, "ci_low": lo, "ci_high": hi,
                         "sd_diff": float(np.std(d, ddof=1)) if d.size > 1 else math.nan,
                         "replicates": int(d.size)})
    return pd.DataFrame(rows)


def _windows_arg(windows: Sequence[Any]) -> list[tuple[str, int, int]]:
    out = []
    for w in windows:
        if isinstance(w, (int, np.integer)):
            out.append((f"year{int(w)}", int(w), int(w)))
        else:
            out.append((str(w[0]), int(w[1]), int(w[2])))
    return out


def _window_means(base: pd.DataFrame, alt: pd.DataFrame, start: int, end: int,
                  cols: Sequence[str]) -> pd.DataFrame:
    """Per replicate: the mean of each column over years start..end, base (_b) and alt (_a)."""
    keys = ["replicate", "year"]
    m = base[[*keys, *cols]].merge(alt[[*keys, *cols]], on=keys, suffixes=("_b", "_a"))
    m = m[(m["year"] >= start) & (m["year"] <= end)]
    return m.drop(columns="year").groupby("replicate").mean()


def window_differences(base: pd.DataFrame, alt: pd.DataFrame, windows: Sequence[Any],
                       outcomes: Sequence[str] = OUTCOMES) -> pd.DataFrame:
    """Mean difference alt − base over each window (key, start, end) with its 95% paired interval.

    Each replicate's outcome is averaged over the window's years first; the interval is the
    paired bootstrap over those replicate means."""
    rows = []
    for key, start, end in _windows_arg(windows):
        g = _window_means(base, alt, start, end, outcomes)
        for o in outcomes:
            b, a = g[f"{o}_b"].to_numpy(float), g[f"{o}_a"].to_numpy(float)
            d = a - b
            lo, hi = paired_interval(d)
            rows.append({"window": key, "start": start, "end": end, "outcome": o,
                         "base_mean": float(np.mean(b)) if b.size else math.nan,
                         "alt_mean": float(np.mean(a)) if a.size else math.nan,
                         "diff": float(np.mean(d)) if d.size else math.nan, "ci_low": lo, "ci_high": hi,
                         "sd_diff": float(np.std(d, ddof=1)) if d.size > 1 else math.nan, "replicates": int(d.size)})
    return pd.DataFrame(rows)


def cost_effectiveness(base: pd.DataFrame, alt: pd.DataFrame, windows: Sequence[Any], villages: int,
                       lang: str = "en") -> pd.DataFrame:
    """Extra yuan per year / (villages × reduction in the true weak share), over each window.

    `windows`: (key, start, end) tuples, or single years. Cost and weak share are averaged
    over the window's years per replicate. The reduction is base − alternative. When it is ≤ 0
    the ratio is undefined (NaN) and `note` says why; when the extra cost is negative and the
    reduction positive the ratio is negative and the note says the alternative saves money
    too. The ratio's interval is given only when the reduction's own interval lies above zero.
    """
    cols = ["cost_total_yuan", "weak_share_true"]
    rows = []
    for key, start, end in _windows_arg(windows):
        g = _window_means(base, alt, start, end, cols)
        cost = (g["cost_total_yuan_a"] - g["cost_total_yuan_b"]).to_numpy(float)
        red = (g["weak_share_true_b"] - g["weak_share_true_a"]).to_numpy(float)
        extra, reduction = float(np.mean(cost)), float(np.mean(red))
        r_lo, r_hi = paired_interval(red)
        note, lo, hi = "", math.nan, math.nan
        if reduction > 0:
            value = extra / (villages * reduction)
            if extra < 0:
                note = label("note_saves", lang)
            if math.isfinite(r_lo) and r_lo > 0:
                lo, hi = ratio_interval(cost, red, villages)
            else:
                note = "; ".join(s for s in (note, label("note_uncertain", lang)) if s)
        else:
            value = math.nan
            note = label("note_reduction_zero" if reduction == 0 else "note_reduction_negative", lang)
        rows.append({"window": key, "start": start, "end": end, "villages": int(villages), "extra_cost_yuan": extra,
                     "weak_reduction": reduction, "weak_reduction_ci_low": r_lo, "weak_reduction_ci_high": r_hi,
                     "weak_villages_avoided": villages * reduction, "cost_per_weak_avoided_yuan": value,
                     "ci_low": lo, "ci_high": hi, "note": note})
    return pd.DataFrame(rows)


def compare(base: RunResult | Scenario | str | Path | None, *alts: RunResult | Scenario | str | Path,
            replicates: int | None = None, years: int | None = None, seed: int | None = None,
            outcomes: Sequence[str] = OUTCOMES, uncertainty: str | None = None, workers: int = 1) -> Comparison:
    """Run `base` and each alternative with the same replicate seeds and compare them.

    Arms are scenario files, names of shipped scenarios, `Scenario` objects, or finished
    `RunResult`s (used as they are: pass results run with different seeds to see what pairing
    buys; `Comparison.paired` is then False). `replicates` defaults to the base scenario's
    ``run.replicates`` (at least 2; 20 when the scenario says 1), `years` and `seed` to the
    base scenario's ``run.years`` and ``run.seed``. Differences are taken at every year
    (`diffs`) and averaged over the whole run and each village term of the base (`windows`,
    `cost_effect`).

    ``uncertainty`` ("ranges" or "posterior:FILE") also runs the comparison with parameter
    uncertainty (`cadresim.uncertainty.compare_uncertain`, same replicates, years, seed and
    windows, `workers` processes) and attaches it as ``.uncertainty``: written with the
    comparison, shown by the comparison figure and the brief.
    """
    if not alts:
        raise ScenarioError("compare", None, "expected at least one alternative scenario besides the base")
    from . import __version__
    from .errors import check_int_arg

    replicates = None if replicates is None else check_int_arg(replicates, "compare: replicates", 2)
    years = None if years is None else check_int_arg(years, "compare: years", 1)
    seed = None if seed is None else check_int_arg(seed, "compare: seed", 0)
    from .provenance import provenance

    base_sc = base.scenario if isinstance(base, RunResult) else (
        base if isinstance(base, Scenario) else load_scenario(base))
    if replicates is None:
        replicates = base_sc["run.replicates"] if base_sc["run.replicates"] >= 2 else DEFAULT_REPLICATES
    years = int(base_sc["run.years"] if years is None else years)
    seed = int(base_sc["run.seed"] if seed is None else seed)
    base_res = base if isinstance(base, RunResult) else _as_result(base_sc, replicates, years, seed)
    alt_res = [_as_result(a, replicates, years, seed) for a in alts]
    arms = [base_res, *alt_res]
    years = int(min(r.yearly["year"].max() for r in arms))
    replicates = int(min(r.yearly["replicate"].nunique() for r in arms))
    paired = len({r.seed for r in arms}) == 1 and len({r.yearly["replicate"].nunique() for r in arms}) == 1
    names = _unique_names([r.scenario for r in arms])
    every_year = list(range(1, years + 1))
    windows = term_windows(base_res.scenario, years)
    villages = int(base_res.scenario["county.villages"])
    dfs, wins, ces = [], [], []
    for name, res in zip(names[1:], alt_res, strict=True):
        if int(res.scenario["county.villages"]) != villages:
            raise ScenarioError(str(res.scenario.source), "county.villages",
                                f"expected the same number of villages as the base ({villages}) to compare shares")
        d = paired_differences(base_res.yearly, res.yearly, every_year, outcomes)
        d.insert(0, "alternative", name)
        d.insert(1, "base", names[0])
        dfs.append(d)
        w = window_differences(base_res.yearly, res.yearly, windows, outcomes)
        w.insert(0, "alternative", name)
        w.insert(1, "base", names[0])
        wins.append(w)
        c = cost_effectiveness(base_res.yearly, res.yearly, windows, villages)
        c.insert(0, "alternative", name)
        c.insert(1, "base", names[0])
        ces.append(c)
    diffs = pd.concat(dfs, ignore_index=True)
    diffs["paired"] = paired
    wdf = pd.concat(wins, ignore_index=True)
    wdf["paired"] = paired
    c = Comparison(base_res, alt_res, names, diffs, pd.concat(ces, ignore_index=True), years, replicates,
                   int(base_res.seed), paired, {"version": __version__, **provenance()}, wdf)
    if uncertainty is not None:
        from .uncertainty import compare_uncertain

        u = compare_uncertain(base_res.scenario, *(r.scenario for r in alt_res), uncertainty=uncertainty,
                              replicates=replicates, years=years, seed=c.seed, outcomes=outcomes, workers=workers)
        u.names = list(names)  # the arms as the comparison names them
        for df in (u.effects, u.windows, u.flips, u.differences):
            df["alternative"] = df["alternative"].map(dict(zip(u.alt_names, names[1:], strict=True)))
        c.uncertainty = u
    return c


def load_comparison(path: str | Path) -> dict[str, Any]:
    """Read what `Comparison.write` wrote: {'meta': dict, 'diffs', 'windows', 'cost_effect', 'yearly': DataFrames,
    'uncertainty': `cadresim.uncertainty.load_uncertainty` or None}."""
    p = Path(path)
    if not (p / "comparison.json").exists():
        raise FileNotFoundError(f"{p}: no comparison.json (write one with: cadresim compare ... --out {p})")
    meta = json.loads((p / "comparison.json").read_text(encoding="utf-8"))
    out: dict[str, Any] = {"meta": meta, "diffs": pd.read_csv(p / "comparison.csv"),
                           "windows": pd.read_csv(p / "windows.csv") if (p / "windows.csv").exists() else None,
                           "cost_effect": pd.read_csv(p / "cost_effect.csv", dtype={"note": "object"})}
    out["cost_effect"]["note"] = out["cost_effect"]["note"].fillna("").astype(str)
    out["yearly"] = pd.read_csv(p / "yearly.csv") if (p / "yearly.csv").exists() else None
    from .uncertainty import load_uncertainty

    out["uncertainty"] = load_uncertainty(p)  # None unless compared with --uncertainty too
    return out

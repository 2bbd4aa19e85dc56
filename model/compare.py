"""Compare alternative scenarios with a base: paired differences with 95% intervals.

    from cadresim import compare
    c = compare("baseline", "alt.toml", replicates=20, years=15)
    c.diffs          # alternative × term-end year × outcome: means, difference, 95% interval
    c.cost_effect    # extra yuan per year per weak village avoided, with a note when undefined
    print(c.table()) # what a planner reads
    c.write("out/")  # comparison.csv, cost_effect.csv, comparison.json, yearly.csv, scenarios/

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
from .outputs import term_end_years
from .runner import RunResult, run
from .scenario import Scenario, ScenarioError, load_scenario

OUTCOMES: tuple[str, ...] = ("weak_share_true", "weak_share_reported", "flagged_share", "five_good_share",
                               "cost_total_yuan")
BOOTSTRAP_SEED = 20240605
N_RESAMPLES = 9999
DEFAULT_REPLICATES = 20


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

    @property
    def base_name(self) -> str:
        return self.names[0]

    @property
    def alt_names(self) -> list[str]:
        return self.names[1:]

    @property
    def final_year(self) -> int:
        return int(self.diffs["year"].max())

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

    def headline(self, year: int | None = None) -> pd.DataFrame:
        """The differences at one term-end year (default: the last)."""
        year = self.final_year if year is None else year
        return self.diffs[self.diffs["year"] == year].reset_index(drop=True)

    def table(self, lang: str = "en", year: int | None = None) -> str:
        """A plain-text table a planner can read: one block per alternative."""
        year = self.final_year if year is None else year
        colon = "：" if lang == "zh" else ": "
        lines = [f"{label('base', lang)}{colon}{self.base_name}   " + label(
            "footer", lang, names=", ".join(self.names), replicates=self.replicates, seed=self.seed,
            version=self.meta.get("version", "")), ""]
        if not self.paired:
            lines += ["WARNING: arms ran with different seeds; differences are not paired.", ""]
        for alt in self.alt_names:
            lines.append(f"{label('alternative', lang)}{colon}{alt}")
            head = (f"  {_pad(label('year', lang), 4, True)}  {_pad(label('outcome', lang), 24)} "
                    f"{_pad(label('base_mean', lang), 12, True)} {_pad(label('alt_mean', lang), 12, True)} "
                    f"{_pad(label('diff', lang), 12, True)}  {label('interval', lang)}")
            lines.append(head)
            sub = self.diffs[self.diffs["alternative"] == alt]
            for r in sub.itertuples():
                fmt = _fmt_cost if r.outcome.startswith("cost") else _fmt_share
                lines.append(f"  {r.year:>4}  {_pad(short(r.outcome, lang), 24)} {fmt(r.base_mean):>12} "
                             f"{fmt(r.alt_mean):>12} {fmt(r.diff, sign=True):>12}  "
                             f"[{fmt(r.ci_low, sign=True)}, {fmt(r.ci_high, sign=True)}]")
            ce = self.cost_effect[self.cost_effect["alternative"] == alt]
            for r in ce.itertuples():
                val = ("—" if not math.isfinite(r.cost_per_weak_avoided_yuan)
                       else f"{r.cost_per_weak_avoided_yuan:,.0f}")
                ci = ("" if not (math.isfinite(r.ci_low) and math.isfinite(r.ci_high))
                      else f" [{r.ci_low:,.0f}, {r.ci_high:,.0f}]")
                lines.append(f"  {r.year:>4}  {short('cost_per_weak_avoided_yuan', lang)}: {val}{ci}"
                             + (f"  ({r.note})" if r.note else ""))
            lines.append("")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        def records(df: pd.DataFrame) -> list[dict[str, Any]]:
            return [{k: _jsonable(v) for k, v in row.items()} for row in df.to_dict(orient="records")]

        return {
            "base": self.base_name, "alternatives": self.alt_names, "replicates": self.replicates,
            "years": self.years, "seed": self.seed, "paired": self.paired,
            "term_end_years": sorted(int(y) for y in self.diffs["year"].unique()),
            "questions": {n: r.scenario.question for n, r in zip(self.names, [self.base, *self.alts], strict=True)},
            "villages": int(self.base.scenario["county.villages"]),
            "changed_keys": {a: [[k, _jsonable(b), _jsonable(v)] for k, b, v in ks]
                             for a, ks in self.changed_keys().items()},
            "interval": f"95% bootstrap (BCa, {N_RESAMPLES} resamples, rng seed {BOOTSTRAP_SEED}) over paired replicate differences",
            **self.meta,
            "diffs": records(self.diffs),
            "cost_effect": records(self.cost_effect),
        }

    def write(self, out: str | Path) -> list[Path]:
        """Write comparison.csv, cost_effect.csv, comparison.json, yearly.csv and scenarios/*.toml."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        paths = [out / "comparison.csv", out / "cost_effect.csv", out / "comparison.json", out / "yearly.csv"]
        self.diffs.to_csv(paths[0], index=False)
        self.cost_effect.to_csv(paths[1], index=False)
        paths[2].write_text(json.dumps(self.to_json(), indent=2, ensure_ascii=False, allow_nan=False) + "\n",
                            encoding="utf-8")
        self.yearly().to_csv(paths[3], index=False)
        sdir = out / "scenarios"
        sdir.mkdir(exist_ok=True)
        for name, res in zip(self.names, [self.base, *self.alts], strict=True):
            p = sdir / f"{_slug(name)}.toml"
            p.write_text(res.scenario.to_toml(), encoding="utf-8")
            paths.append(p)
        return paths


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


def cost_effectiveness(base: pd.DataFrame, alt: pd.DataFrame, years: Sequence[int], villages: int,
                       lang: str = "en") -> pd.DataFrame:
    """Extra yuan per year / (villages × reduction in the true weak share), at `years`.

    The reduction is base − alternative. When it is ≤ 0 the ratio is undefined (NaN) and
    `note` says why; when the extra cost is negative and the reduction positive the ratio is
    negative and the note says the alternative saves money too. The ratio's interval is given
    only when the reduction's own interval lies above zero.
    """
    keys = ["replicate", "year"]
    cols = ["cost_total_yuan", "weak_share_true"]
    m = base[[*keys, *cols]].merge(alt[[*keys, *cols]], on=keys, suffixes=("_b", "_a"))
    rows = []
    for y in years:
        g = m[m["year"] == y]
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
        rows.append({"year": int(y), "villages": int(villages), "extra_cost_yuan": extra,
                     "weak_reduction": reduction, "weak_reduction_ci_low": r_lo, "weak_reduction_ci_high": r_hi,
                     "weak_villages_avoided": villages * reduction, "cost_per_weak_avoided_yuan": value,
                     "ci_low": lo, "ci_high": hi, "note": note})
    return pd.DataFrame(rows)


def compare(base: RunResult | Scenario | str | Path | None, *alts: RunResult | Scenario | str | Path,
            replicates: int | None = None, years: int | None = None, seed: int | None = None,
            outcomes: Sequence[str] = OUTCOMES) -> Comparison:
    """Run `base` and each alternative with the same replicate seeds and compare them.

    Arms are scenario files, names of shipped scenarios, `Scenario` objects, or finished
    `RunResult`s (used as they are: pass results run with different seeds to see what pairing
    buys; `Comparison.paired` is then False). `replicates` defaults to the base scenario's
    ``run.replicates`` (at least 2; 20 when the scenario says 1), `years` and `seed` to the
    base scenario's ``run.years`` and ``run.seed``. Differences are taken at every village
    term end (``election.term_years`` of the base).
    """
    if not alts:
        raise ScenarioError("compare", None, "expected at least one alternative scenario besides the base")
    from . import __version__
    from .errors import check_int_arg

    replicates = None if replicates is None else check_int_arg(replicates, "compare: replicates", 2)
    years = None if years is None else check_int_arg(years, "compare: years", 1)
    seed = None if seed is None else check_int_arg(seed, "compare: seed", 0)

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
    ends = term_end_years(base_res.scenario, years)
    villages = int(base_res.scenario["county.villages"])
    dfs, ces = [], []
    for name, res in zip(names[1:], alt_res, strict=True):
        if int(res.scenario["county.villages"]) != villages:
            raise ScenarioError(str(res.scenario.source), "county.villages",
                                f"expected the same number of villages as the base ({villages}) to compare shares")
        d = paired_differences(base_res.yearly, res.yearly, ends, outcomes)
        d.insert(0, "alternative", name)
        d.insert(1, "base", names[0])
        dfs.append(d)
        c = cost_effectiveness(base_res.yearly, res.yearly, ends, villages)
        c.insert(0, "alternative", name)
        c.insert(1, "base", names[0])
        ces.append(c)
    diffs = pd.concat(dfs, ignore_index=True)
    diffs["paired"] = paired
    return Comparison(base_res, alt_res, names, diffs, pd.concat(ces, ignore_index=True), years, replicates,
                      int(base_res.seed), paired, {"version": __version__})


def load_comparison(path: str | Path) -> dict[str, Any]:
    """Read what `Comparison.write` wrote: {'meta': dict, 'diffs', 'cost_effect', 'yearly': DataFrames}."""
    p = Path(path)
    if not (p / "comparison.json").exists():
        raise FileNotFoundError(f"{p}: no comparison.json (write one with: cadresim compare ... --out {p})")
    meta = json.loads((p / "comparison.json").read_text(encoding="utf-8"))
    out: dict[str, Any] = {"meta": meta, "diffs": pd.read_csv(p / "comparison.csv"),
                           "cost_effect": pd.read_csv(p / "cost_effect.csv", dtype={"note": "object"})}
    out["cost_effect"]["note"] = out["cost_effect"]["note"].fillna("").astype(str)
    out["yearly"] = pd.read_csv(p / "yearly.csv") if (p / "yearly.csv").exists() else None
    return out

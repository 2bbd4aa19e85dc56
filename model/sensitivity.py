"""Global sensitivity: which assumptions move the outcomes, and by how much (Sobol, Morris).

    from cadresim import sensitivity
    s = sensitivity("baseline", keys=["attention.budget", "pay.off_multiple", "village.help_gain"],
                    method="sobol", n=64, replicates=2, workers=2, out="out/sens")
    s.table          # outcome × key: S1, ST with 95% intervals (Sobol) or mu*, sigma (Morris)
    s.plot("zh")     # ranked bars, statistic and number of runs on the figure

Each key varies over a range (`factor_ranges`): by default its plausible range
(`cadresim.params.plausible_range`: the range stated in `cadresim.params`, else the scenario
value ± 50%, within the key's valid bounds), the same range calibration searches and the
uncertain comparison draws from; ``spread=0.3`` uses the scenario value ± 30% instead,
``spread="declared"`` the whole valid range, ``ranges`` sets a key's range explicitly.
Integer keys are drawn uniformly over the integers of their range, switches as false/true, choice keys uniformly
over their choices (each is a step function of a uniform input, which the estimators accept).

The design (SALib: Saltelli/Sobol' sequence or Morris trajectories) becomes a sweep with one
design point per sample (`model/sweep`): runs go to all cores, every finished run is on disk,
and calling again with the same arguments and ``out`` resumes. Replicate k of every point uses
the same seed (common random numbers), so the indices measure the parameters, not seed noise
(the noise that remains is averaged over ``replicates`` and over the years of ``window``).
"""

from __future__ import annotations

import json
import math
import tempfile
import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError
from .params import PARAMS
from .scenario import Scenario, ScenarioError, load_scenario

OUTCOMES: tuple[str, ...] = ("weak_share_true", "weak_share_reported", "flagged_share", "five_good_share",
                             "cost_total_yuan")
METHODS = ("sobol", "morris")
DEFAULT_N = {"sobol": 64, "morris": 20}
DEFAULT_SPREAD = "plausible"  # each key over its plausible range (cadresim.params.plausible_range)
SPREADS = ("plausible", "declared")
MORRIS_LEVELS = 4
NUM_RESAMPLES = 1000
ANALYSIS_SEED = 20240605


@dataclass(frozen=True)
class Factor:
    """One uncertain key: how a uniform number u in [0, 1) becomes a scenario value."""

    key: str
    kind: str  # "float", "int", "bool", "choice"
    lo: float | None = None
    hi: float | None = None
    choices: tuple[Any, ...] = ()

    def value(self, u: float) -> Any:
        u = min(max(float(u), 0.0), math.nextafter(1.0, 0.0))
        if self.kind == "float":
            return float(self.lo + u * (self.hi - self.lo))
        if self.kind == "int":  # uniform over the integers lo..hi
            return int(min(self.lo + math.floor(u * (self.hi - self.lo + 1)), self.hi))
        return self.choices[min(int(u * len(self.choices)), len(self.choices) - 1)]

    def describe(self) -> str:
        if self.kind in ("float", "int"):
            return f"{self.lo:g} – {self.hi:g}"
        return " / ".join(map(str, self.choices))


def select_keys(keys: Sequence[str] | None = None, assumptions: bool = False, group: str | None = None) -> list[str]:
    """The keys to vary: an explicit list, every assumption key, or the assumption keys of sections."""
    chosen = sum(x is not None and x is not False for x in (keys, assumptions or None, group))
    if chosen != 1:
        raise InputError("expected exactly one of --keys, --assumptions, --group")
    if keys is not None:
        keys = [k.strip() for k in keys if k.strip()]
        if not keys:
            raise InputError("--keys: expected at least one scenario key")
        from .scenario import _suggest

        for k in keys:
            if k not in PARAMS:
                raise InputError(f"--keys: unknown scenario key {k!r}" + _suggest(k, PARAMS))
            if k.startswith("run."):
                raise InputError(f"--keys: {k} is a run setting, not a model parameter")
        if len(set(keys)) != len(keys):
            raise InputError(f"--keys: a key is listed twice: {', '.join(keys)}")
        return list(keys)
    if assumptions:
        return [k for k, p in PARAMS.items() if p.is_assumption]
    sections = [s.strip() for s in str(group).split(",") if s.strip()]
    known = {p.section for p in PARAMS.values()}
    for s in sections:
        if s not in known:
            from .scenario import _suggest

            raise InputError(f"--group: unknown section {s!r}" + _suggest(s, known))
    out = [k for k, p in PARAMS.items() if p.is_assumption and p.section in sections]
    if not out:
        raise InputError(f"--group {group}: no assumption keys in that section (its numbers come from the seeds)")
    return out


def factor_ranges(keys: Sequence[str], base: Scenario, spread: float | str | None = DEFAULT_SPREAD,
                  ranges: Mapping[str, tuple[float, float]] | None = None,
                  strict: bool = True) -> tuple[list[Factor], list[str]]:
    """The range of each key; returns (factors, skipped keys with the reason).

    A number key spans, by `spread`: ``"plausible"`` (default) its plausible range
    (`cadresim.params.plausible_range` of its value in `base`: the stated range, else the value
    ± 50%, within the valid bounds); a fraction, its value in `base` ± that fraction clipped to
    the valid bounds; ``"declared"`` (or None) the whole valid range; ``ranges[key]`` overrides
    any of these. A key whose range holds a single value is an error when `strict` (the user
    named it) and skipped otherwise.
    """
    from .params import plausible_range

    ranges = dict(ranges or {})
    for k in ranges:
        if k not in keys:
            raise InputError(f"--range {k}: not among the keys being varied")
    if spread == "declared":
        spread = None
    if spread is not None and spread != "plausible" and not (
            isinstance(spread, (int, float)) and not isinstance(spread, bool) and 0 < spread <= 10):
        raise InputError(f"--spread: expected 'plausible', 'declared' or a fraction in (0, 10], got {spread!r}")
    factors: list[Factor] = []
    skipped: list[str] = []
    for k in keys:
        p = PARAMS[k]
        if p.kind is bool:
            factors.append(Factor(k, "bool", choices=(False, True)))
            continue
        if p.kind is str:
            if not p.choices:
                raise InputError(f"--keys: {k} is free text; only numbers, switches and choices can vary")
            factors.append(Factor(k, "choice", choices=tuple(p.choices)))
            continue
        v = float(base[k])
        if k in ranges:
            try:
                lo, hi = (float(x) for x in ranges[k])
            except (TypeError, ValueError):
                raise InputError(f"--range {k}: expected LO:HI numbers, got {ranges[k]!r}") from None
            if (p.lo is not None and lo < p.lo) or (p.hi is not None and hi > p.hi):
                raise InputError(f"--range {k}: expected a range within the declared [{p.lo:g}, {p.hi:g}], "
                                   f"got [{lo:g}, {hi:g}]")
        elif spread is None:
            lo, hi = float(p.lo), float(p.hi)
        elif spread == "plausible":
            lo, hi = plausible_range(k, v)
        else:
            lo, hi = v - abs(v) * spread, v + abs(v) * spread
            lo = max(lo, p.lo) if p.lo is not None else lo
            hi = min(hi, p.hi) if p.hi is not None else hi
        if p.kind is int:
            lo, hi = math.ceil(lo - 1e-9), math.floor(hi + 1e-9)
        if not lo < hi:
            why = f"{k}: its range [{lo:g}, {hi:g}] holds a single value (scenario value {base[k]!r})"
            if strict:
                raise InputError(f"{why}; give it a range with --range {k}=LO:HI or leave it out")
            skipped.append(why)
            continue
        factors.append(Factor(k, "int" if p.kind is int else "float", lo, hi))
    if not factors:
        raise InputError("no key left to vary: " + "; ".join(skipped))
    return factors, skipped


def _repair(pt: dict[str, Any], base: Scenario) -> dict[str, Any]:
    """Keep sampled points valid: the weak line may not lie above the five-good line."""
    if "weak.threshold" in pt or "five_good.threshold" in pt:
        fg = pt.get("five_good.threshold", base["five_good.threshold"])
        wk = pt.get("weak.threshold", base["weak.threshold"])
        if wk > fg:
            if "weak.threshold" in pt:
                pt["weak.threshold"] = fg
            else:
                pt["five_good.threshold"] = wk
    return pt


def points_from_unit(factors: Sequence[Factor], u: np.ndarray, base: Scenario) -> list[dict[str, Any]]:
    """Scenario values for each row of the unit-cube sample `u` (rows × factors)."""
    return [_repair({f.key: f.value(x) for f, x in zip(factors, row, strict=True)}, base) for row in u]


def points_sweep(base: Scenario, points: Sequence[Mapping[str, Any]], *, name: str, replicates: int, seed: int,
                 years: int, levers: Mapping[str, Any], design: str, design_seed: int = 0):
    """A sweep (`cadresim.sweep.Sweep`) over explicit design points; run it with `cadresim.sweep`.

    The sweep file format has no table of explicit points, so the design is built here:
    each point is the base scenario with the point's keys, run settings as in a sweep file.
    """
    from .sweep import Sweep

    src = f"<{name}>"
    b = base.with_overrides({"run.seed": seed, "run.years": years, "run.replicates": replicates}, source=src)
    scenarios = []
    for i, pt in enumerate(points):
        try:
            sc = b.with_overrides(dict(pt), source=src)
        except ScenarioError as e:
            raise ScenarioError(src, f"point {i} ({dict(pt)})", f"{e.key}: {e.problem}") from None
        sc.name = f"{name}/p{i:05d}"
        scenarios.append(sc)
    return Sweep(name=name, source=src, base=base, fixed={}, levers=dict(levers), design=design,
                 samples=len(points), design_seed=design_seed, replicates=replicates, seed=seed, years=years,
                 points=[dict(p) for p in points], scenarios=scenarios, question="")


def window_means(yearly: pd.DataFrame, outcomes: Sequence[str], window: tuple[int, int]) -> pd.DataFrame:
    """Per point: each outcome averaged over the years of `window` and over replicates."""
    w = yearly[(yearly["year"] >= window[0]) & (yearly["year"] <= window[1])]
    return w.groupby("point", sort=True)[list(outcomes)].mean()


@dataclass
class SensitivityResult:
    """Indices of each outcome for each key, and how they were obtained."""

    method: str
    table: pd.DataFrame
    factors: list[Factor]
    samples: pd.DataFrame  # one row per design point: key values and window means of the outcomes
    n: int
    replicates: int
    years: int
    window: tuple[int, int]
    seed: int
    scenario: str
    skipped: list[str] = field(default_factory=list)
    wall_s: float = 0.0

    @property
    def n_points(self) -> int:
        return len(self.samples)

    @property
    def n_runs(self) -> int:
        return self.n_points * self.replicates

    @property
    def keys(self) -> list[str]:
        return [f.key for f in self.factors]

    def ranking(self, outcome: str = "weak_share_true") -> list[str]:
        """Keys from most to least influential on `outcome` (ST for Sobol, mu* for Morris)."""
        t = self.table[self.table["outcome"] == outcome]
        return t.sort_values("rank")["key"].tolist()

    def meta(self) -> dict[str, Any]:
        from . import __version__

        return {"method": self.method, "scenario": self.scenario, "n": self.n, "n_points": self.n_points,
                "replicates": self.replicates, "n_runs": self.n_runs, "years": self.years,
                "window": list(self.window), "seed": self.seed, "cadresim_version": __version__,
                "factors": [{"key": f.key, "kind": f.kind, "range": f.describe()} for f in self.factors],
                "skipped": self.skipped, "wall_s": round(self.wall_s, 3),
                "interval": f"95% bootstrap ({NUM_RESAMPLES} resamples, seed {ANALYSIS_SEED}) of SALib's estimators"}

    def plot(self, lang: str = "en", outcomes: Sequence[str] | None = None, top: int = 15):
        """Ranked bar figure (one panel per outcome); see `cadresim.sensplot`."""
        from .sensplot import sensitivity_figure

        return sensitivity_figure(self, lang=lang, outcomes=outcomes, top=top)

    def write(self, out: str | Path) -> list[Path]:
        """sensitivity.csv, samples.csv, sensitivity.json and the figure (en, zh) as PNG and SVG."""
        from .sensplot import save

        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        paths = [out / "sensitivity.csv", out / "samples.csv", out / "sensitivity.json"]
        self.table.to_csv(paths[0], index=False)
        self.samples.to_csv(paths[1], index=False)
        paths[2].write_text(json.dumps(self.meta(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        for lang in ("en", "zh"):
            paths += save(self.plot(lang), out / f"sensitivity_{lang}")
        return paths


def _analyze(method: str, factors: Sequence[Factor], u: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    problem = {"num_vars": len(factors), "names": [f.key for f in factors], "bounds": [[0.0, 1.0]] * len(factors)}
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore")
        if np.nanvar(y) == 0:  # a flat outcome: no variance to share out
            z = np.zeros(len(factors))
            if method == "sobol":
                return {"S1": z, "S1_conf": z, "ST": z, "ST_conf": z}
            return {"mu": z, "mu_star": z, "sigma": z, "mu_star_conf": z}
        if method == "sobol":
            from SALib.analyze import sobol

            r = sobol.analyze(problem, y, calc_second_order=False, num_resamples=NUM_RESAMPLES, conf_level=0.95,
                              seed=ANALYSIS_SEED)
            return {k: np.asarray(r[k], dtype=float) for k in ("S1", "S1_conf", "ST", "ST_conf")}
        from SALib.analyze import morris

        r = morris.analyze(problem, u, y, num_resamples=NUM_RESAMPLES, conf_level=0.95, num_levels=MORRIS_LEVELS,
                           seed=ANALYSIS_SEED)
        return {k: np.asarray(r[k], dtype=float) for k in ("mu", "mu_star", "sigma", "mu_star_conf")}


def analyze_samples(method: str, factors: Sequence[Factor], u: np.ndarray,
                    outputs: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """Indices of each output (values in the design's row order) for each factor, ranked."""
    rows = []
    for o, y in outputs.items():
        r = _analyze(method, factors, u, np.asarray(y, dtype=float))
        score = r["ST"] if method == "sobol" else r["mu_star"]
        order = np.argsort(-np.nan_to_num(score, nan=-np.inf), kind="stable")
        rank = np.empty(len(factors), dtype=int)
        rank[order] = np.arange(1, len(factors) + 1)
        for i, f in enumerate(factors):
            row: dict[str, Any] = {"method": method, "outcome": o, "key": f.key, "rank": int(rank[i]),
                                   "range": f.describe()}
            if method == "sobol":
                row.update(S1=r["S1"][i], S1_low=r["S1"][i] - r["S1_conf"][i], S1_high=r["S1"][i] + r["S1_conf"][i],
                           ST=r["ST"][i], ST_low=r["ST"][i] - r["ST_conf"][i], ST_high=r["ST"][i] + r["ST_conf"][i])
            else:
                row.update(mu_star=r["mu_star"][i], mu_star_low=r["mu_star"][i] - r["mu_star_conf"][i],
                           mu_star_high=r["mu_star"][i] + r["mu_star_conf"][i], mu=r["mu"][i], sigma=r["sigma"][i])
            rows.append(row)
    df = pd.DataFrame(rows)
    df["_o"] = df["outcome"].map({o: i for i, o in enumerate(outputs)})
    return df.sort_values(["_o", "rank"], kind="stable").drop(columns="_o").reset_index(drop=True)


def design_unit(method: str, d: int, n: int, seed: int) -> np.ndarray:
    """The design in the unit cube: Saltelli/Sobol' (n·(d+2) rows) or Morris (n·(d+1) rows)."""
    problem = {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0.0, 1.0]] * d}
    if method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(problem, n, calc_second_order=False, scramble=True, seed=seed)
    from SALib.sample import morris

    return morris.sample(problem, n, num_levels=MORRIS_LEVELS, seed=seed)


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out}: exists and is not a directory")
    if out.exists() and any(out.iterdir()) and not (out / "sweep" / "manifest.json").exists():
        raise InputError(f"--out {out}: not empty and not a sensitivity directory (no sweep/manifest.json); "
                           "use another --out")


def sensitivity(scenario: Scenario | str | Path | None = None, *, keys: Sequence[str] | None = None,
                assumptions: bool = False, group: str | None = None, method: str = "sobol", n: int | None = None,
                outcomes: Sequence[str] = OUTCOMES, years: int | None = None, window: tuple[int, int] | None = None,
                replicates: int = 1, seed: int | None = None, spread: float | str | None = DEFAULT_SPREAD,
                ranges: Mapping[str, tuple[float, float]] | None = None, design_seed: int = 0,
                workers: int | None = None, out: str | Path | None = None, progress: bool = True) -> SensitivityResult:
    """Sobol (first and total order) or Morris indices of `outcomes` for the chosen keys.

    Keys: ``keys`` (a list), ``assumptions=True`` (every assumption key) or ``group``
    (assumption keys of one or more sections, comma-separated). ``n``: base sample size
    (Sobol: a power of 2, n·(k+2) design points; Morris: trajectories, n·(k+1) points).
    Each outcome is averaged over the years of ``window`` (default: the last village term of
    the horizon ``years``) and over ``replicates``. ``out``: the runs and results (resumable);
    without it they go to a temporary directory.
    """
    from .outputs import YEARLY_COLUMNS
    from .sweep import sweep as run_sweep

    t0 = time.perf_counter()
    if method not in METHODS:
        raise InputError(f"--method: expected one of {', '.join(METHODS)}, got {method!r}")
    base = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    key_list = select_keys(keys, assumptions, group)
    factors, skipped = factor_ranges(key_list, base, spread, ranges, strict=keys is not None)
    n = DEFAULT_N[method] if n is None else n
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise InputError(f"--n: expected an integer ≥ 2, got {n!r}")
    if method == "sobol" and n & (n - 1):
        raise InputError(f"--n: expected a power of 2 for Sobol sampling, got {n}")
    outcomes = list(outcomes)
    for o in outcomes:
        if o not in YEARLY_COLUMNS or o == "year":
            from .scenario import _suggest

            raise InputError(f"--outcomes: unknown outcome {o!r}" + _suggest(o, YEARLY_COLUMNS))
    if isinstance(replicates, bool) or not isinstance(replicates, int) or replicates < 1:
        raise InputError(f"--replicates: expected an integer ≥ 1, got {replicates!r}")
    years = int(base["run.years"] if years is None else years)
    if not 1 <= years <= 200:
        raise InputError(f"--years: expected 1 to 200, got {years}")
    if window is None:
        term = int(base["election.term_years"])
        window = (max(1, years - term + 1), years)
    window = (int(window[0]), int(window[1]))
    if not 1 <= window[0] <= window[1] <= years:
        raise InputError(f"--window: expected FIRST:LAST with 1 ≤ FIRST ≤ LAST ≤ {years}, got {window[0]}:{window[1]}")
    seed = int(base["run.seed"] if seed is None else seed)

    u = design_unit(method, len(factors), n, design_seed)
    points = points_from_unit(factors, u, base)
    levers = {f.key: ({"lo": f.lo, "hi": f.hi} if f.kind in ("float", "int") else list(f.choices)) for f in factors}
    sw = points_sweep(base, points, name=f"sensitivity_{method}", replicates=replicates, seed=seed, years=years,
                      levers=levers, design=f"salib-{method}", design_seed=design_seed)

    tmp = None
    if out is None:
        tmp = tempfile.TemporaryDirectory(prefix="cadresim-sens-")
        out_dir = Path(tmp.name)
    else:
        out_dir = Path(out)
        _check_out(out_dir)
    try:
        run_sweep(sw, out=out_dir / "sweep", workers=workers, progress=progress)
        yearly = pd.read_parquet(out_dir / "sweep" / "yearly.parquet", columns=["point", "replicate", "year", *outcomes])
    finally:
        if tmp is not None:
            tmp.cleanup()
    means = window_means(yearly, outcomes, window)
    table = analyze_samples(method, factors, u, {o: means[o].to_numpy() for o in outcomes})
    samples = pd.DataFrame(points, columns=[f.key for f in factors])
    samples.insert(0, "point", range(len(points)))
    samples = samples.join(means.reset_index(drop=True))
    res = SensitivityResult(method, table, factors, samples, n, replicates, years, window, seed, base.name,
                            skipped, time.perf_counter() - t0)
    if out is not None:
        res.write(out_dir)
    return res

"""Comparisons that carry parameter uncertainty: is the alternative better once our
assumptions are uncertain too?

    from cadresim.uncertainty import compare_uncertain
    u = compare_uncertain("baseline", "allowance_high", uncertainty="ranges", replicates=40)
    u.effects        # alternative × outcome: mean difference, 95% interval, P(alternative better)
    u.flips          # the parameter region where the conclusion flips (a depth-2 decision tree)
    print(u.table()); u.write("out/cmp_unc")

Replicate k draws one parameter set θ_k — from the declared ranges of the assumption keys
(``"ranges"``: a Latin hypercube over each key's value ± ``spread``, as `cadresim.sensitivity`)
or from a sample of accepted parameter sets (``"posterior:FILE"``, CSV or Parquet whose
columns are scenario keys; rows are drawn with replacement, weighted by a ``weight`` column
if there is one) — and runs **both arms with θ_k and the same seed** (pairing). Keys on
which the arms differ (the policy being compared) are never overwritten by θ_k. The interval
is a bootstrap over the R paired differences, which now vary with θ as well as with the seed:
it covers the parameter uncertainty. ``P(better)`` is the share of the R draws in which the
alternative does better (lower weak, reported, flagged share and cost; higher five-good share).

Scenario discovery: a classification tree of depth 2 (scikit-learn) is fitted to "better or
not" against θ; the leaf where the minority conclusion is densest names the region where the
conclusion flips (e.g. ``attention.budget ≤ 0.21 and village.help_gain > 0.30``), with its
density (share of draws in the region that flip) and coverage (share of all flips it holds).
The leaf is named only when a permutation test (99 shufflings of the labels) gives p ≤ 0.05:
with many keys and few draws a pure leaf is found by chance.
A tree was chosen over PRIM because it is deterministic, needs no optional dependency, and
a depth-2 tree reads as at most two conditions, which is what a briefing can carry.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError
from .params import PARAMS
from .scenario import Scenario, ScenarioError, load_scenario
from .sensitivity import DEFAULT_SPREAD, OUTCOMES, Factor, factor_ranges, points_from_unit

HIGHER_IS_BETTER = {"five_good_share"}
SOURCES = ("ranges", "posterior")
TREE_DEPTH = 2
PERMUTATIONS = 99
PERMUTATION_SEED = 20240605


def parse_source(text: str) -> tuple[str, Path | None]:
    """'ranges' → ('ranges', None); 'posterior:FILE' → ('posterior', FILE)."""
    kind, _, file = str(text).partition(":")
    if kind not in SOURCES:
        raise InputError(f"--uncertainty: expected 'ranges' or 'posterior:FILE', got {text!r}")
    if kind == "ranges":
        if file:
            raise InputError(f"--uncertainty: 'ranges' takes no file, got {text!r}")
        return kind, None
    if not file:
        raise InputError("--uncertainty posterior: expected posterior:FILE, a CSV or Parquet sample of accepted "
                           "parameter sets (columns: scenario keys), e.g. the output of cadresim calibrate")
    return kind, Path(file)


def read_posterior(path: Path, exclude: set[str]) -> tuple[pd.DataFrame, np.ndarray | None]:
    """The scenario-key columns of a sample of accepted parameter sets, and its weights (or None).

    CSV, or Parquet (``.parquet``/``.pq``), as `cadresim calibrate` writes them (accepted.csv /
    accepted.parquet): columns named by scenario keys are the parameter sets; every other
    column (trial, loss, model:…, accepted_by) is ignored, except ``weight`` (non-negative,
    weights the draw) and ``error`` (rows with an error message are left out). Rows with a
    missing key value are left out; whole-number floats of integer keys become integers.
    """
    path = Path(path)
    where = f"--uncertainty posterior:{path}"
    if not path.exists():
        raise InputError(f"{where}: file not found")
    if path.is_dir():
        raise InputError(f"{where}: is a directory; expected a CSV or Parquet file (e.g. accepted.parquet)")
    parquet = path.suffix.lower() in (".parquet", ".pq")
    try:
        df = pd.read_parquet(path) if parquet else pd.read_csv(path)
    except Exception as e:  # noqa: BLE001 - any reader failure is the file's problem
        msg = str(e).splitlines()[0] if str(e) else ""
        raise InputError(f"{where}: cannot read it as {'Parquet' if parquet else 'CSV'} ({type(e).__name__}: {msg})") from None
    import re

    from .scenario import _suggest

    for c in df.columns:  # a column named like a key that no key has: another version's file, or a typo
        if re.fullmatch(r"[a-z_]+\.[a-z_0-9]+", str(c)) and c not in PARAMS:
            raise InputError(f"{where}: column {c!r} is not a scenario key of this cadresim" + _suggest(c, PARAMS))
    keys = [c for c in df.columns if c in PARAMS and not c.startswith("run.") and c not in exclude]
    if not keys or df.empty:
        raise InputError(f"{where}: expected rows and columns named by scenario keys "
                           f"(e.g. attention.budget), got {len(df)} rows and columns {list(df.columns)[:6]}")
    keep = df[keys].notna().all(axis=1)
    if "error" in df.columns:
        keep &= df["error"].isna() | (df["error"].astype(str).str.strip() == "")
    df = df[keep].reset_index(drop=True)
    if df.empty:
        raise InputError(f"{where}: no row without an error and with a value for every key column")
    for k in keys:  # CSV and Parquet keep integer keys as floats when a column had gaps
        if PARAMS[k].kind is int and pd.api.types.is_float_dtype(df[k]):
            if not np.all(np.mod(df[k].to_numpy(float), 1) == 0):
                raise InputError(f"{where}: column {k}: expected whole numbers (an integer key)")
            df[k] = df[k].astype(int)
    w = None
    if "weight" in df.columns:
        w = pd.to_numeric(df["weight"], errors="coerce").to_numpy(dtype=float)
        if not (np.all(np.isfinite(w)) and np.all(w >= 0) and w.sum() > 0):
            raise InputError(f"{where}: column weight: expected non-negative numbers, not all 0")
        w = w / w.sum()
    return df[keys].reset_index(drop=True), w


@dataclass
class UncertainComparison:
    """Paired differences where every replicate also draws the uncertain parameters."""

    names: list[str]  # base first
    effects: pd.DataFrame  # the headline window: alternative, window, start, end, outcome, base_mean, alt_mean,
    #                        diff, ci_low, ci_high, sd_diff, p_better, draws
    flips: pd.DataFrame  # the headline window: alternative, outcome, conclusion, region, density, coverage, …
    draws: pd.DataFrame  # replicate → θ (the parameter set both arms ran with)
    differences: pd.DataFrame  # alternative, window, replicate, outcome, base, alt, diff, better
    source: str
    keys: list[str]
    replicates: int
    years: int
    seed: int
    paired: bool = True
    meta: dict[str, Any] = field(default_factory=dict)
    windows: pd.DataFrame = field(default_factory=pd.DataFrame)  # as `effects`, every window of `compare`
    window: str = "all"  # the headline window (the whole run unless asked otherwise)

    @property
    def alt_names(self) -> list[str]:
        return self.names[1:]

    @property
    def span(self) -> tuple[int, int]:
        """First and last year of the headline window."""
        r = self.effects.iloc[0]
        return int(r["start"]), int(r["end"])

    @property
    def year(self) -> int:
        """The last year of the headline window (the outcomes are averaged over its years)."""
        return self.span[1]

    def window_text(self, lang: str = "en") -> str:
        """'years 1–15 (whole run)' / '第 1–15 年（全程）': what the headline averages over."""
        from .compare import window_label

        return window_label(self.window, *self.span, lang)

    def _diffs(self, alt: str, outcome: str) -> pd.DataFrame:
        d = self.differences
        return d[(d["alternative"] == alt) & (d["outcome"] == outcome) & (d["window"] == self.window)]

    def drivers(self, outcome: str = "weak_share_true", alt: str | None = None) -> pd.DataFrame:
        """Which drawn keys the effect moves with: Spearman's rho of the paired difference (over
        the headline window) with each key over the draws (and its p-value), strongest first.
        Paired draws only."""
        from scipy.stats import spearmanr

        alt = alt or self.alt_names[0]
        d = self._diffs(alt, outcome).sort_values("replicate")["diff"].to_numpy()
        rows = []
        for k in self.keys:
            x = pd.to_numeric(self.draws[k], errors="coerce").to_numpy(dtype=float)
            if np.ptp(x) == 0 or np.ptp(d) == 0:
                rho, p = 0.0, 1.0
            else:
                r = spearmanr(x, d)
                rho, p = float(r.statistic), float(r.pvalue)
            rows.append({"key": k, "rho": rho, "p_value": p})
        out = pd.DataFrame(rows)
        return out.reindex(out["rho"].abs().sort_values(ascending=False, kind="stable").index).reset_index(drop=True)

    def sentence(self, alt: str | None = None, outcome: str = "weak_share_true", lang: str = "en") -> str:
        """One sentence for a briefing: the effect over the headline window, its 95% interval
        with parameter uncertainty, the probability that the alternative is better, and the
        region of the assumptions where the sign flips (or that none explains it)."""
        from .labels import scenario_title, short
        from .numfmt import interval_text

        alt = alt or self.alt_names[0]
        e = self.effects[(self.effects["alternative"] == alt) & (self.effects["outcome"] == outcome)].iloc[0]
        f = self.flips[(self.flips["alternative"] == alt) & (self.flips["outcome"] == outcome)].iloc[0]
        kind = "yuan" if outcome.startswith("cost") else "pp"
        eff = interval_text(float(e["diff"]), float(e["ci_low"]), float(e["ci_high"]), kind, lang)
        n, p = int(e["draws"]), float(e["p_better"])
        span = self.window_text(lang)
        if lang == "zh":
            s = (f"若参数也不确定（{n} 组参数抽样），{span}平均而言，“{scenario_title(alt, 'zh')}”使{short(outcome, 'zh')}"
                 f"变化 {eff}（95% 区间，含参数不确定性），在 {p:.0%} 的抽样中优于基准方案")
            if f["region"]:
                return s + f"；当{region_text(f['region'], 'zh')} 时结论反转（该区域内 {f['density']:.0%} 的抽样反转）。"
            if int(f["n_flips"]) == 0:
                t = int(e.get("ties", 0) or 0)
                if t == n:
                    return s + "；两方案在每组抽样中结果相同。"
                return s + (f"；除 {t} 组抽样两方案结果相同外，结论在每组抽样中一致。" if t else "；结论在每组抽样中一致。")
            if f["candidate"]:
                return s + f"；结论反转的抽样不能由某一参数区域解释（最佳候选 p = {f['p_value']:.2f}）。"
            return s + "。"
        s = (f"With uncertain assumptions ({n} parameter draws), the difference in “{short(outcome, 'en')}” over "
             f"{span} is {eff} (95% interval, parameter uncertainty included), and {scenario_title(alt, 'en')} is "
             f"better than the base in {p:.0%} of draws")
        if f["region"]:
            return s + f"; the conclusion flips where {region_text(f['region'], 'en')} ({f['density']:.0%} of draws there flip)."
        if int(f["n_flips"]) == 0:
            t = int(e.get("ties", 0) or 0)
            if t == n:
                return s + "; both arms come out the same in every draw."
            return s + (f"; the conclusion holds in every draw but {t} where both arms come out the same." if t
                        else "; the conclusion holds in every draw.")
        if f["candidate"]:
            return s + f"; no region of the assumptions explains the draws where it flips (best candidate p = {f['p_value']:.2f})."
        return s + "."

    def table(self, lang: str = "en") -> str:
        """A plain-text table (English or Chinese): effect and interval (formatted as `compare`'s
        table), P(better), flip region, and the sentence."""
        from .catalogue import scenario_title
        from .labels import short
        from .numfmt import interval_text

        zh = lang == "zh"
        src_zh = "取值范围" if self.source == "ranges" else "后验样本 " + self.source.partition(":")[2]
        base = scenario_title(self.names[0], lang)
        head = (f"基准方案：{base} · 参数不确定性：{src_zh}，{len(self.keys)} 个参数 · "
                f"{self.replicates} 组配对抽样 · {self.window_text(lang)}均值 · 随机种子 {self.seed}" if zh else
                f"base: {base} · parameter uncertainty: {self.source} over {len(self.keys)} keys · "
                f"{self.replicates} paired draws · means over {self.window_text(lang)} · seed {self.seed}")
        cols = ("指标", "差异［95% 区间］", "更好的概率", "结论反转区域") if zh else (
            "outcome", "difference [95% interval]", "P(better)", "flips where")
        lines = [head, ""]
        for alt in self.alt_names:
            lines.append(f"{'备选方案：' if zh else 'alternative: '}{scenario_title(alt, lang)}")
            lines.append(f"  {_pad(cols[0], 24)} {_pad(cols[1], 36)} {_pad(cols[2], 10, True)}  {cols[3]}")
            for r in self.effects[self.effects["alternative"] == alt].itertuples():
                kind = "yuan" if r.outcome.startswith("cost") else "pp"
                f = self.flips[(self.flips["alternative"] == alt) & (self.flips["outcome"] == r.outcome)].iloc[0]
                lines.append(f"  {_pad(short(r.outcome, lang), 24)} "
                             f"{_pad(interval_text(r.diff, r.ci_low, r.ci_high, kind, lang), 36)} "
                             f"{_pad(f'{r.p_better:.0%}', 10, True)}  {f['region'] or '—'}")
            lines.append("  " + self.sentence(alt, lang=lang))
            lines.append("")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        def rec(df: pd.DataFrame) -> list[dict[str, Any]]:
            return json.loads(df.to_json(orient="records"))

        return {"base": self.names[0], "alternatives": self.alt_names, "source": self.source, "keys": self.keys,
                "replicates": self.replicates, "years": self.years, "window": self.window, "start": self.span[0],
                "end": self.span[1], "seed": self.seed, "paired": self.paired, **self.meta,
                "interval": "95% bootstrap (as cadresim compare) over paired replicate differences of the window "
                            "means, each replicate with its own parameter draw",
                "sentences": {a: {"en": self.sentence(a), "zh": self.sentence(a, lang="zh")} for a in self.alt_names},
                "effects": rec(self.effects), "flips": rec(self.flips), "window_effects": rec(self.windows)}

    def write(self, out: str | Path) -> list[Path]:
        """uncertainty.csv (headline window), uncertainty_windows.csv (every window), uncertainty_flips.csv,
        uncertainty_draws.csv, uncertainty_differences.csv, uncertainty.json and a figure per alternative."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        paths = [out / f"uncertainty{s}" for s in (".csv", "_windows.csv", "_flips.csv", "_draws.csv",
                                                     "_differences.csv", ".json")]
        self.effects.to_csv(paths[0], index=False)
        self.windows.to_csv(paths[1], index=False)
        self.flips.to_csv(paths[2], index=False)
        self.draws.to_csv(paths[3], index=False)
        self.differences.to_csv(paths[4], index=False)
        paths[5].write_text(json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        from .sensplot import save, uncertainty_figure

        for i, alt in enumerate(self.alt_names):
            for lang in ("en", "zh"):
                paths += save(uncertainty_figure(self, alt, lang), out / f"uncertainty_{i + 1}_{lang}")
        return paths

    def plot(self, alt: str | None = None, lang: str = "en"):
        """One panel per outcome: paired differences over the draws, 95% interval, P(better)."""
        from .sensplot import uncertainty_figure

        return uncertainty_figure(self, alt, lang)


def region_text(region: str, lang: str = "en") -> str:
    """A flip region ('weak.threshold ≤ 0.387 and village.capacity_gain > 0.65') with each key
    named as a reader knows it (`cadresim.paramnames.param_label`; Chinese names in 'zh')."""
    import re

    from .paramnames import param_label

    def one(m: re.Match) -> str:
        key, op, val = m.group(1), m.group(2), m.group(3)
        return f"{param_label(key, lang)} {op} {val}" if key in PARAMS else m.group(0)

    text = re.sub(r"([a-z_]+\.[a-z_0-9]+) (≤|>) (\S+)", one, region)
    return text.replace(" and ", "，且" if lang == "zh" else " and ")


def _best_leaf(x: np.ndarray, flipped: np.ndarray, min_leaf: int):
    """Fit the depth-2 tree; return (tree, leaf ids, best leaf, its score density·√size)."""
    from sklearn.tree import DecisionTreeClassifier

    tree = DecisionTreeClassifier(max_depth=TREE_DEPTH, min_samples_leaf=min_leaf, random_state=0)
    tree.fit(x, flipped)
    leaves = tree.apply(x)
    best, best_score = None, 0.0
    for leaf in np.unique(leaves):
        m = leaves == leaf
        dens = flipped[m].mean()
        if dens > flipped.mean() and dens * math.sqrt(m.sum()) > best_score:
            best, best_score = leaf, dens * math.sqrt(m.sum())
    return tree, leaves, best, best_score


def _pad(text: str, n: int, right: bool = False) -> str:
    """Pad to `n` display columns (a CJK character takes two)."""
    import unicodedata

    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    fill = " " * max(0, n - w)
    return fill + text if right else text + fill


def flip_region(theta: pd.DataFrame, better: np.ndarray, min_leaf: int | None = None,
                permutations: int = PERMUTATIONS, alpha: float = 0.05) -> dict[str, Any]:
    """Where the minority conclusion is densest: a depth-2 tree's purest minority leaf.

    With many keys and few draws a tree always finds some pure leaf, so the leaf is tested:
    the same search on ``permutations`` shufflings of the labels (fixed generator) gives the
    p-value of its score. ``region`` is named only when p ≤ `alpha`; ``candidate`` always holds
    the leaf found, for the curious.
    """
    better = np.asarray(better, dtype=bool)
    n = len(better)
    majority = bool(better.mean() >= 0.5)
    flipped = better != majority
    out = {"conclusion": "better" if majority else "not better", "region": "", "density": 0.0, "coverage": 0.0,
           "n_region": 0, "n_flips": int(flipped.sum()), "p_value": math.nan, "candidate": ""}
    if not flipped.any() or theta.shape[1] == 0:
        return out
    xdf = theta.apply(lambda c: c.astype(float) if c.dtype != object else c.astype("category").cat.codes.astype(float))
    x = xdf.to_numpy()
    leaf_min = min_leaf or max(5, n // 10)
    tree, leaves, best, score = _best_leaf(x, flipped, leaf_min)
    if best is None:
        return out
    t = tree.tree_
    conds: list[str] = []

    def walk(node: int, path: list[str]) -> bool:  # root → that leaf, as conditions on keys
        if node == best:
            conds.extend(path)
            return True
        if t.children_left[node] == -1:
            return False
        key, thr = xdf.columns[t.feature[node]], t.threshold[node]
        return (walk(t.children_left[node], [*path, f"{key} ≤ {thr:.3g}"])
                or walk(t.children_right[node], [*path, f"{key} > {thr:.3g}"]))

    walk(0, [])
    rng = np.random.default_rng(PERMUTATION_SEED)
    limit = alpha * (1 + permutations)  # once this many shufflings score as high, p > alpha: stop
    hits = done = 0
    while done < permutations and hits < limit:
        hits += _best_leaf(x, rng.permutation(flipped), leaf_min)[3] >= score - 1e-12
        done += 1
    p = (1 + hits) / (1 + done)  # the permutation p-value; a sequential estimate when stopped early
    m = leaves == best
    region = " and ".join(conds)
    out.update(density=float(flipped[m].mean()), coverage=float(flipped[m].sum() / flipped.sum()),
               n_region=int(m.sum()), p_value=float(p), candidate=region, region=region if p <= alpha else "")
    return out


def _draws(source: str, file: Path | None, keys: Sequence[str] | None, base: Scenario, exclude: set[str],
           replicates: int, spread: float | None, draw_seed: int) -> tuple[pd.DataFrame, list[str]]:
    if source == "posterior":
        df, w = read_posterior(file, exclude)
        if keys is not None:
            df = df[[k for k in df.columns if k in keys]]
        rows = np.random.default_rng(draw_seed).choice(len(df), size=replicates, replace=True, p=w)
        theta = df.iloc[rows].reset_index(drop=True)  # values are checked like any scenario value when run
        return theta, list(theta.columns)
    cand = list(keys) if keys is not None else [k for k, p in PARAMS.items() if p.is_assumption]
    cand = [k for k in cand if k not in exclude]
    factors: list[Factor]
    factors, _ = factor_ranges(cand, base, spread, None, strict=False)
    from scipy.stats import qmc

    u = qmc.LatinHypercube(len(factors), rng=np.random.default_rng(draw_seed)).random(replicates)
    pts = points_from_unit(factors, u, base)
    return pd.DataFrame(pts, columns=[f.key for f in factors]), [f.key for f in factors]


def _run_all(jobs: list[tuple[Scenario, np.random.SeedSequence, int]], years: int, workers: int) -> list[pd.DataFrame]:
    """Run (scenario, seed, replicate) jobs on the sweep's local executor; rows in job order."""
    from .sweep.executors import map_jobs

    return map_jobs(jobs, years, workers)


def compare_uncertain(base: Scenario | str | Path | None, *alts: Scenario | str | Path,
                      uncertainty: str = "ranges", keys: Sequence[str] | None = None, replicates: int = 40,
                      years: int | None = None, seed: int | None = None, spread: float | None = DEFAULT_SPREAD,
                      outcomes: Sequence[str] = OUTCOMES, paired: bool = True, workers: int = 1,
                      draw_seed: int = 0, window: str = "all") -> UncertainComparison:
    """Compare `alts` with `base` when the uncertain parameters are drawn anew for each replicate.

    ``uncertainty``: "ranges" or "posterior:FILE" (see the module docstring). ``keys``: the
    keys to draw (default: every assumption key for ranges, every key column for a
    posterior), never those the arms differ on. ``paired=False`` runs the alternatives with
    other seeds and other draws than the base (to see what pairing buys).

    Each outcome is judged as `cadresim.compare` judges it: each replicate's mean over a
    window's years (the whole run, and each village term of the base), alt − base, with the
    same paired bootstrap interval; ``effects`` holds the headline ``window`` (default the
    whole run, what a brief leads with), ``windows`` every window. Without parameter
    uncertainty (a posterior of one row equal to the base's values) the numbers are those of
    `compare` with the same seed and replicates.
    """
    from .compare import _window_means, term_windows, window_differences
    from .rng import replicate_seeds

    if not alts:
        raise ScenarioError("compare", None, "expected at least one alternative scenario besides the base")
    if isinstance(replicates, bool) or not isinstance(replicates, int) or replicates < 2:
        raise InputError(f"--replicates: expected at least 2, got {replicates!r}")
    source, file = parse_source(uncertainty)
    base_sc = base if isinstance(base, Scenario) else load_scenario(base)
    alt_scs = [a if isinstance(a, Scenario) else load_scenario(a) for a in alts]
    years = int(base_sc["run.years"] if years is None else years)
    seed = int(base_sc["run.seed"] if seed is None else seed)
    policy = {k for a in alt_scs for k in PARAMS if a[k] != base_sc[k]}  # what the arms differ on
    theta, used = _draws(source, file, keys, base_sc, policy, replicates, spread, draw_seed)
    theta_alt = theta if paired else _draws(source, file, keys, base_sc, policy, replicates, spread, draw_seed + 1)[0]
    seeds = replicate_seeds(seed, replicates)
    seeds_alt = seeds if paired else replicate_seeds(seed + 1, replicates)

    def arm(sc: Scenario, th: pd.DataFrame, ss: list[np.random.SeedSequence]) -> list[tuple[Scenario, Any, int]]:
        out = []
        for k in range(replicates):
            try:
                row = {key: (v.item() if isinstance(v, np.generic) else v) for key, v in th.iloc[k].items()}
                out.append((sc.with_overrides(row, source=f"{uncertainty} draw {k}"), ss[k], k))
            except ScenarioError as e:
                raise ScenarioError(e.source, e.key, f"{e.problem} (parameter draw {k})") from None
        return out

    jobs = arm(base_sc, theta, seeds)
    for a in alt_scs:
        jobs += arm(a, theta_alt, seeds_alt)
    frames = _run_all(jobs, years, workers)
    names = [base_sc.name or "base"] + [a.name or f"alt{i + 1}" for i, a in enumerate(alt_scs)]
    for i in range(1, len(names)):
        while names[i] in names[:i]:
            names[i] += "-2"
    # the windows and the statistic of `cadresim compare`: each replicate's mean over a window's
    # years, alt − base, the paired bootstrap over replicates (one without, this one with θ)
    windows = term_windows(base_sc, years)
    if window not in [w[0] for w in windows]:
        raise InputError(f"--window: expected one of {', '.join(w[0] for w in windows)}, got {window!r}")

    def arm_yearly(j: int) -> pd.DataFrame:
        return pd.concat([frames[j * replicates + k].assign(replicate=k) for k in range(replicates)],
                         ignore_index=True)

    base_y = arm_yearly(0)
    wins, flips, diffs = [], [], []
    for j, alt in enumerate(names[1:]):
        alt_y = arm_yearly(j + 1)
        w = window_differences(base_y, alt_y, windows, outcomes)
        p_better, ties = [], []
        for key, start, end in windows:
            g = _window_means(base_y, alt_y, start, end, outcomes).sort_index()
            for o in outcomes:
                b, a = g[f"{o}_b"].to_numpy(float), g[f"{o}_a"].to_numpy(float)
                d = a - b
                better = d > 0 if o in HIGHER_IS_BETTER else d < 0
                p_better.append(float(np.mean(better) + 0.5 * np.mean(d == 0)))
                ties.append(int(np.sum(d == 0)))
                diffs.append(pd.DataFrame({"alternative": alt, "window": key, "replicate": g.index.to_numpy(),
                                           "outcome": o, "base": b, "alt": a, "diff": d, "better": better}))
                if key == window:
                    fl = flip_region(theta, better)
                    if np.all(d == 0):
                        fl["conclusion"] = "no difference"
                    flips.append({"alternative": alt, "window": key, "outcome": o, **fl})
        w["p_better"] = p_better
        w["ties"] = ties  # draws with no difference at all (both arms identical: the policy inert under θ)
        w = w.rename(columns={"replicates": "draws"})
        w.insert(0, "alternative", alt)
        wins.append(w)
    wdf = pd.concat(wins, ignore_index=True)
    draws = theta.copy()
    draws.insert(0, "replicate", range(replicates))
    from . import __version__

    return UncertainComparison(names, wdf[wdf["window"] == window].reset_index(drop=True), pd.DataFrame(flips), draws,
                               pd.concat(diffs, ignore_index=True), uncertainty, used, replicates, years, seed,
                               paired, {"version": __version__, "spread": spread, "draw_seed": draw_seed,
                                        "policy_keys": sorted(policy)}, wdf, window)


def load_uncertainty(d: str | Path) -> dict[str, Any] | None:
    """What `UncertainComparison.write` left in `d` (None when nothing): {'meta': uncertainty.json,
    'effects', 'windows', 'flips', 'differences': DataFrames}."""
    d = Path(d)
    if not (d / "uncertainty.json").exists():
        return None
    meta = json.loads((d / "uncertainty.json").read_text(encoding="utf-8"))
    out: dict[str, Any] = {"meta": meta}
    for key, f in (("effects", "uncertainty.csv"), ("windows", "uncertainty_windows.csv"),
                   ("flips", "uncertainty_flips.csv"), ("differences", "uncertainty_differences.csv")):
        out[key] = pd.read_csv(d / f, keep_default_na=False, na_values=[""]) if (d / f).exists() else pd.DataFrame()
    return out


def uncertainty_view(obj: Any) -> dict[str, Any] | None:
    """The same fields from an `UncertainComparison` or from `load_uncertainty(dir)` (None passes
    through): meta (with the sentences and the headline window), effects, windows, flips and
    the paired differences of the headline window."""
    if obj is None:
        return None
    if isinstance(obj, UncertainComparison):
        meta = {k: v for k, v in obj.to_json().items() if k not in ("effects", "flips", "window_effects")}
        obj = {"meta": meta, "effects": obj.effects, "windows": obj.windows, "flips": obj.flips,
               "differences": obj.differences}
    d = obj["differences"]
    if len(d) and "window" in d:
        d = d[d["window"] == obj["meta"].get("window", "all")]
    return {**obj, "differences": d.reset_index(drop=True)}

"""Fit a scenario's assumed keys to calibration targets (Optuna TPE, common random numbers).

Every candidate runs the same replicate seeds (``SeedSequence(seed).spawn(R)``), so two
candidates differ only by their parameters, not by luck. Candidates are proposed in batches
of fixed size by a TPE sampler seeded per batch, evaluated in parallel worker processes, and
told to the study in batch order: the result does not depend on the number of workers. Each
finished candidate is appended at once to ``trials.jsonl`` in the output directory; running
the same command again replays that log (no candidate is computed twice) and goes on.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import math
import os
import time
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..params import PARAMS, plausible_range
from ..rng import replicate_seeds
from ..scenario import Scenario, ScenarioError, load_scenario, resolve_path
from .stats import Observer, compute
from .targets import TargetsError, TargetSet, load_targets

MISSING_Z2 = 9.0  # a statistic the run cannot measure (no events) counts as 3 tolerances off
LOG = "trials.jsonl"
SETTINGS = "calibration.json"


class CalibrationBusy(RuntimeError):
    """Another calibration holds the output directory (an environment problem: exit 1)."""


# ---- the parameter space ----------------------------------------------------------------

def default_keys() -> list[str]:
    """Assumed keys a calibration fits by default: numeric, with a declared range, and not a
    yuan amount (their ranges are bounds for input checking, 0 to millions, and most only
    price the outputs)."""
    return [p.key for p in PARAMS.values()
            if p.is_assumption and p.kind in (int, float) and p.lo is not None and p.hi is not None
            and "yuan" not in p.unit and p.section != "cost"]


def select_keys(keys: Sequence[str] | None = None, group: str | None = None,
                targets: TargetSet | None = None, source: str = "--keys") -> list[str]:
    """The keys to fit: a list, a group (of the targets file, a scenario section or a rule
    ID), or every default key. Each must be an assumption with a numeric range."""
    if keys and group:
        raise ScenarioError(source, None, "give --keys or --group, not both")
    if group:
        groups = dict(targets.groups) if targets else {}
        if group in groups:
            keys = list(groups[group])
        else:
            keys = [k for k in default_keys()
                    if PARAMS[k].section == group or group in PARAMS[k].rule.split(",")]
            if not keys:
                known = sorted({*groups, *(PARAMS[k].section for k in default_keys())})
                raise ScenarioError("--group", group, "expected a group of the targets file, a section or a rule ID "
                                    f"with assumed keys (groups: {', '.join(known)})")
        source = "--group"
    if not keys:
        return default_keys()
    out = []
    for k in keys:
        p = PARAMS.get(k)
        if p is None:
            from ..scenario import _suggest

            raise ScenarioError(source, k, "unknown key" + _suggest(k, PARAMS))
        if not p.is_assumption:
            raise ScenarioError(source, k, f"not an assumption (its source: {p.src}); only assumed keys are fitted")
        if p.kind not in (int, float) or p.lo is None or p.hi is None or p.lo == p.hi:
            raise ScenarioError(source, k, "expected a numeric key with a declared range")
        if k not in out:
            out.append(k)
    return out


def search_range(key: str, value: float | None = None) -> tuple[float, float]:
    """Where a calibration searches `key`: its plausible range (`params.plausible_range`: the
    stated one, else `value` ± 50%), widened to hold `value` itself (the scenario's own value
    is always a candidate). The validity bounds lo/hi only say what input is accepted."""
    lo, hi = plausible_range(key, value)
    if value is not None:
        lo, hi = min(lo, float(value)), max(hi, float(value))
    return lo, hi


def distributions(keys: Iterable[str], scenario: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Optuna distributions over each key's search range (`search_range`, around the
    scenario's value when given; log scale when it spans > 100×)."""
    from optuna.distributions import FloatDistribution, IntDistribution

    out: dict[str, Any] = {}
    for k in keys:
        p = PARAMS[k]
        lo, hi = search_range(k, None if scenario is None else scenario[k])
        log = lo > 0 and hi / lo > 100
        out[k] = IntDistribution(int(lo), int(hi), log=log) if p.kind is int else FloatDistribution(lo, hi, log=log)
    return out


# Scenario keys that must keep an order (`model.scenario._check_consistency`): (lower, upper).
ORDERED: tuple[tuple[str, str], ...] = (("weak.threshold", "five_good.threshold"),
                                        ("penalties.criticise_share", "penalties.adjust_share"))


def feasible(params: dict[str, Any], scenario: Mapping[str, Any]) -> dict[str, Any]:
    """A candidate the scenario accepts: where two fitted keys must keep an order and the sampler
    drew them the wrong way round, they are swapped (a reflection, so the feasible region is
    still covered evenly); where only one is fitted, it is clipped to the other's value."""
    out = dict(params)
    for lo, hi in ORDERED:
        a = out.get(lo, scenario[lo])
        b = out.get(hi, scenario[hi])
        if a <= b:
            continue
        if lo in out and hi in out:
            out[lo], out[hi] = b, a
        elif lo in out:
            out[lo] = b
        else:
            out[hi] = a
    return out


def _round(key: str, x: Any) -> Any:
    """4 significant digits within the range: what is evaluated is what the scenario file says."""
    p = PARAMS[key]
    if p.kind is int:
        return int(x)
    y = float(f"{float(x):.4g}")
    return min(max(y, p.lo), p.hi)


# ---- one candidate ------------------------------------------------------------------------

def evaluate(base: Scenario, params: Mapping[str, Any], targets: TargetSet, replicates: int,
             seed: int) -> dict[str, list[float]]:
    """Each target's statistic in each replicate for the scenario `base` with `params`.

    Replicate k uses ``SeedSequence(seed).spawn(replicates)[k]`` whatever the candidate
    (common random numbers); targets with a ``set`` run under those keys too. The replicates
    run as blocks of one array world (`cadresim.batch`: each the run its seed gives alone)."""
    from ..batch import worlds
    from ..sim import CadreModel

    seeds = replicate_seeds(seed, replicates)
    out: dict[str, list[float]] = {t.key: [] for t in targets.targets}
    for arm in targets.arms():
        tg = [t for t in targets.targets if t.set == arm]
        if not tg:
            continue
        sc = base.with_overrides({**params, **dict(arm), "run.agent_handles": "none"}, source="calibration candidate")
        years = targets.horizon(arm)
        jobs = [(sc, seeds[k], k) for k in range(replicates)]
        for group in worlds(jobs):
            whole = Observer(CadreModel(sc, blocks=[(seeds[k], k) for k in group])).run(years)
            for obs in whole.blocks():
                for t in tg:
                    out[t.key].append(compute(obs, t.output, t.years, t.relative_to))
    return out


def target_table(values: Mapping[str, Sequence[float]], targets: TargetSet) -> pd.DataFrame:
    """Per target: observed interval, the model's mean and 90% range over replicates, z, met."""
    rows = []
    for t in targets.targets:
        x = np.asarray(values.get(t.key, []), dtype=float)
        ok = x[~np.isnan(x)]
        mean = float(ok.mean()) if len(ok) else float("nan")
        z = (mean - t.observed) / t.tolerance if len(ok) else float("nan")
        rows.append({
            "target": t.key, "output": t.output, "years": f"{t.years[0]}–{t.years[1]}"
            + (f" / {t.relative_to[0]}–{t.relative_to[1]}" if t.relative_to else ""),
            "condition": ", ".join(f"{k}={v}" for k, v in t.set),
            "observed": t.observed, "lo": t.lo, "hi": t.hi,
            "model": mean, "model_p05": float(np.quantile(ok, 0.05)) if len(ok) else float("nan"),
            "model_p95": float(np.quantile(ok, 0.95)) if len(ok) else float("nan"),
            "z": z, "met": bool(len(ok) and abs(z) <= 1), "solidity": t.solidity, "weight": t.weight,
            "source": t.source,
        })
    return pd.DataFrame(rows)


def objective(values: Mapping[str, Sequence[float]], targets: TargetSet) -> float:
    """Σ weight · z² / Σ weight, z = (model mean − observed) / tolerance; an unmeasurable
    statistic (NaN in every replicate) counts z² = 9."""
    tab = target_table(values, targets)
    z2 = np.where(np.isnan(tab["z"]), MISSING_Z2, tab["z"] ** 2)
    return float((tab["weight"] * z2).sum() / tab["weight"].sum())


def _evaluate_job(base: Scenario, params: dict[str, Any], targets: TargetSet, replicates: int,
                  seed: int) -> tuple[dict[str, list[float]] | None, str | None, float]:
    t0 = time.perf_counter()
    try:
        return evaluate(base, params, targets, replicates, seed), None, time.perf_counter() - t0
    except ScenarioError as e:  # an inconsistent candidate the ordering rule does not cover
        return None, e.problem if e.key is None else f"{e.key}: {e.problem}", time.perf_counter() - t0
    except Exception as e:  # a candidate the model cannot run: recorded as failed (trials.csv), the search goes on
        return None, f"{type(e).__name__}: {e}", time.perf_counter() - t0


# ---- the log --------------------------------------------------------------------------------

def read_log(path: Path) -> dict[tuple[int, int], dict[str, Any]]:
    """Finished candidates by (batch, index); a torn last line (killed mid-write) is dropped."""
    done: dict[tuple[int, int], dict[str, Any]] = {}
    if not path.exists():
        return done
    good = 0
    with path.open("rb") as f:
        for line in f:
            try:
                rec = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError):
                break
            if not line.endswith(b"\n"):
                break
            done[(rec["batch"], rec["index"])] = rec
            good += len(line)
    if good != path.stat().st_size:
        with path.open("r+b") as f:
            f.truncate(good)
    return done


def _append(path: Path, rec: dict[str, Any]) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(rec, ensure_ascii=False, allow_nan=True) + "\n")
        f.flush()
        os.fsync(f.fileno())


# ---- the calibration --------------------------------------------------------------------------

@dataclass
class CalibrationResult:
    """What `calibrate` wrote and found."""

    out: Path
    keys: list[str]
    best: dict[str, Any]
    best_loss: float
    fit: pd.DataFrame
    trials: pd.DataFrame
    accepted: pd.DataFrame
    computed: int
    reused: int
    wall_s: float
    complete: bool
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def n_met(self) -> int:
        return int(self.fit["met"].sum())


def _batch_seed(seed: int, b: int) -> int:
    return int(np.random.SeedSequence([seed, b, 0xCA1B]).generate_state(1)[0])


def _scenario_digest(sc: Scenario) -> str:
    return hashlib.sha256(json.dumps(sc.to_dict(), sort_keys=True, default=str).encode()).hexdigest()[:16]


def calibrate(scenario: Scenario | str | Path, targets: TargetSet | str | Path, *, out: str | Path,
              keys: Sequence[str] | None = None, group: str | None = None, budget: int | None = None,
              minutes: float | None = None, replicates: int | None = None, workers: int | None = None,
              seed: int | None = None, batch: int = 8, accept_loss: float = 1.0, min_accepted: int = 10,
              progress: bool = False, figures: bool = True) -> CalibrationResult:
    """Fit `keys` (default: every assumed numeric key) of `scenario` to `targets`.

    Runs until `budget` candidates are finished (default 1000) or `minutes` have passed,
    whichever comes first; the same call on the same `out` resumes. Writes into `out`:
    ``calibrated.toml`` (base = the input scenario, only the fitted keys), ``accepted.parquet``
    / ``.csv`` (candidates with objective ≤ `accept_loss`, at least the best `min_accepted`),
    ``trials.csv``, ``fit.csv`` / ``fit.md`` and ``fit_{en,zh}.png|svg`` (each target against
    the best candidate; `figures=False` skips them), ``calibration.json`` (settings and result).

    >>> res = calibrate("scenarios/baseline.toml", "scenarios/targets/seed002.toml",
    ...                 keys=["stars.threshold"], budget=16, out="out/calib")
    >>> res.best, res.fit[["target", "observed", "model", "met"]]
    """
    import optuna
    from optuna.trial import TrialState, create_trial

    t_start = time.perf_counter()
    scenario_path: Path | None = None
    if not isinstance(scenario, Scenario):
        scenario_path = resolve_path(scenario)
        scenario = load_scenario(scenario_path)
    elif scenario.source and Path(scenario.source).is_file():
        scenario_path = Path(scenario.source)
    ts = targets if isinstance(targets, TargetSet) else load_targets(targets)
    fit_keys = select_keys(keys, group, ts)
    R = int(replicates or ts.replicates)
    seed = int(ts.seed if seed is None else seed)
    if R < 1:
        raise ScenarioError("--replicates", None, f"expected an integer ≥ 1, got {R}")
    if budget is None:
        budget = 1000 if minutes is None else 10**9
    if budget < 1:
        raise ScenarioError("--budget", None, f"expected an integer ≥ 1, got {budget}")
    if minutes is not None and not minutes > 0:
        raise ScenarioError("--minutes", None, f"expected a positive number, got {minutes}")
    if batch < 1:
        raise ScenarioError("batch", None, f"expected an integer ≥ 1, got {batch}")
    from ..sweep.executors import default_workers

    W = int(workers or default_workers())
    outdir = Path(out)
    if outdir.exists() and not outdir.is_dir():
        raise ScenarioError(str(outdir), None, "exists and is not a directory")
    outdir.mkdir(parents=True, exist_ok=True)
    lock = (outdir / ".lock").open("w")
    try:  # a POSIX record lock: not inherited by the forked workers, gone when this process dies
        fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        raise CalibrationBusy(f"{outdir}: another calibration is running in this directory") from None
    try:
        settings = {"scenario": scenario.name, "scenario_digest": _scenario_digest(scenario),
                    "targets": ts.source, "targets_digest": ts.digest, "keys": fit_keys, "replicates": R,
                    "seed": seed, "batch": batch,
                    "ranges": {k: list(search_range(k, scenario[k])) for k in fit_keys}}
        spath = outdir / SETTINGS
        if spath.exists():
            try:
                old = json.loads(spath.read_text(encoding="utf-8"))["settings"]
            except (OSError, ValueError, KeyError):
                raise ScenarioError(str(spath), None, "unreadable; use a new --out") from None
            diff = [k for k in settings if k not in ("scenario", "targets") and old.get(k) != settings[k]]
            if diff:
                raise ScenarioError(str(outdir), None, "holds a calibration with other settings ("
                                    + ", ".join(diff) + "); use a new --out or the same settings to resume")
        elif any(outdir.iterdir()) and (outdir / LOG).exists():
            raise ScenarioError(str(outdir), None, f"has a {LOG} but no {SETTINGS}; use a new --out")
        spath.write_text(json.dumps({"settings": settings, "status": "running"}, indent=2, ensure_ascii=False),
                         encoding="utf-8")
        return _run(scenario, scenario_path, ts, fit_keys, R, seed, batch, budget, minutes, W, outdir,
                    accept_loss, min_accepted, progress, t_start, settings, optuna, TrialState, create_trial,
                    figures)
    finally:
        fcntl.lockf(lock, fcntl.LOCK_UN)
        lock.close()


def _run(scenario: Scenario, scenario_path: Path | None, ts: TargetSet, fit_keys: list[str], R: int, seed: int,
         batch: int, budget: int, minutes: float | None, W: int, outdir: Path, accept_loss: float,
         min_accepted: int, progress: bool, t_start: float, settings: dict[str, Any], optuna: Any,
         TrialState: Any, create_trial: Any, figures: bool = True) -> CalibrationResult:
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    dists = distributions(fit_keys, scenario)
    log_path = outdir / LOG
    done = read_log(log_path)
    study = optuna.create_study(direction="minimize")
    start = {k: _round(k, scenario[k]) for k in fit_keys}  # trial 0: the scenario as it is
    n_startup = max(batch, min(20, budget // 4))
    deadline = None if minutes is None else t_start + 60 * minutes
    records: list[dict[str, Any]] = []
    computed = reused = 0
    pool = None
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=budget if budget < 10**9 else None, desc="calibrate", unit="cand")
    n_batches = math.ceil(budget / batch)
    complete = True
    try:
        for b in range(n_batches):
            size = min(batch, budget - b * batch)
            if all((b, i) in done for i in range(size)):  # a finished batch: replay it, no sampling
                for i in range(size):
                    rec = done[(b, i)]
                    params = {k: rec["proposal"][k] for k in fit_keys}  # what the sampler drew
                    if rec["loss"] is None:
                        study.add_trial(create_trial(state=TrialState.FAIL, params=params, distributions=dists))
                    else:
                        study.add_trial(create_trial(params=params, distributions=dists, value=rec["loss"]))
                    records.append(rec)
                reused += size
                if bar is not None:
                    bar.update(size)
                continue
            if deadline is not None and time.perf_counter() > deadline:
                complete = False
                break
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                study.sampler = optuna.samplers.TPESampler(seed=_batch_seed(seed, b), n_startup_trials=n_startup,
                                                           multivariate=True, constant_liar=True)
                if b == 0:
                    study.enqueue_trial(start)
                trials = [study.ask(dists) for _ in range(size)]
            cands = [feasible({k: _round(k, tr.params[k]) for k in fit_keys}, scenario) for tr in trials]
            results: dict[int, dict[str, Any]] = {}
            todo = []
            for i, c in enumerate(cands):
                rec = done.get((b, i))
                if rec is not None and rec["proposal"] == trials[i].params and rec["params"] == c:
                    results[i] = rec
                    reused += 1
                    if bar is not None:
                        bar.update(1)
                else:
                    todo.append(i)
            if todo:
                if W > 1 and pool is None and len(todo) > 1:
                    from ..sweep.executors import process_pool

                    pool = process_pool(W)
                if pool is not None and len(todo) > 1:
                    from concurrent.futures import as_completed

                    from ..sweep.executors import quiet_fork

                    with quiet_fork():  # the workers are forked at the first submit
                        futs = {pool.submit(_evaluate_job, scenario, cands[i], ts, R, seed): i for i in todo}
                    finished = ((futs[f], f.result()) for f in as_completed(futs))
                else:
                    finished = ((i, _evaluate_job(scenario, cands[i], ts, R, seed)) for i in todo)
                for i, (values, error, wall) in finished:
                    rec = {"batch": b, "index": i, "params": cands[i], "proposal": trials[i].params,
                           "values": values, "error": error,
                           "loss": None if values is None else objective(values, ts), "wall_s": round(wall, 3)}
                    _append(log_path, rec)
                    results[i] = rec
                    computed += 1
                    if bar is not None:
                        bar.update(1)
            for i, tr in enumerate(trials):
                rec = results[i]
                if rec["loss"] is None:
                    study.tell(tr, state=TrialState.FAIL)
                else:
                    study.tell(tr, rec["loss"])
                records.append(rec)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if bar is not None:
            bar.close()
    if budget < 10**9 and len(records) < budget:
        complete = False
    from .report import write_outputs

    return write_outputs(outdir, scenario, scenario_path, ts, fit_keys, records, settings, R, seed,
                         accept_loss, min_accepted, computed, reused, time.perf_counter() - t_start, complete,
                         figures)


def load_calibration(out: str | Path) -> dict[str, Any]:
    """The settings and result summary of a calibration directory (``calibration.json``)."""
    p = Path(out) / SETTINGS
    if not p.exists():
        raise TargetsError(str(out), None, f"no {SETTINGS}: not a calibration directory")
    return json.loads(p.read_text(encoding="utf-8"))

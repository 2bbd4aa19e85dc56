"""What a calibration writes: the calibrated scenario, accepted parameter sets, the trial
table and the fit report (CSV, Markdown and a figure in English and Chinese)."""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..params import PARAMS
from ..scenario import Scenario, _toml_value
from .engine import search_range
from .targets import TargetSet

TITLE = {"en": "Calibration targets against the best candidate", "zh": "校准目标与最佳参数组的拟合"}
XLABEL = {"en": "(model − observed) / tolerance", "zh": "（模型值 − 观测值）/ 容差"}
LEGEND = {"en": ("within tolerance", "model mean, 90% of replicates", "outside tolerance"),
          "zh": ("容差范围", "模型均值与90%区间（达标）", "模型均值（未达标）")}


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def trials_frame(records: Sequence[dict[str, Any]], keys: Sequence[str], ts: TargetSet) -> pd.DataFrame:
    """One row per candidate: order, batch, index, objective, parameters, each target's mean."""
    rows = []
    for n, r in enumerate(records):
        row: dict[str, Any] = {"trial": n, "batch": r["batch"], "index": r["index"],
                               "loss": np.nan if r["loss"] is None else r["loss"], "error": r.get("error") or ""}
        row.update({k: r["params"][k] for k in keys})
        for t in ts.targets:
            vals = (r["values"] or {}).get(t.key)
            row[f"model:{t.key}"] = float(np.nanmean(vals)) if vals and not np.all(np.isnan(vals)) else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def accepted_frame(trials: pd.DataFrame, accept_loss: float, min_accepted: int) -> pd.DataFrame:
    """Candidates with objective ≤ `accept_loss`, or else the best `min_accepted`, best first."""
    ok = trials[trials["loss"].notna()].sort_values(["loss", "trial"], kind="stable")
    acc = ok[ok["loss"] <= accept_loss].assign(accepted_by=f"loss <= {accept_loss:g}")
    if len(acc) < min_accepted:
        acc = ok.head(min_accepted).assign(accepted_by=f"best {min_accepted}")
    return acc.reset_index(drop=True)


def calibrated_toml(scenario: Scenario, scenario_path: Path | None, outdir: Path, best: dict[str, Any],
                    ts: TargetSet, info: dict[str, Any]) -> str:
    """The calibrated scenario: base = the input file, only the fitted keys (each with its range
    and the value it had); without an input file, also the keys the input changed."""
    lines = [f"# Calibrated by `cadresim calibrate` against {ts.source} (targets digest {ts.digest})",
             f"# {info['date']}: {info['trials']} candidates, {info['replicates']} replicates each (seed "
             f"{info['seed']}); objective {info['loss']:.3g}; {info['met']} of {info['n_targets']} targets within tolerance.",
             "# Only the fitted keys are set here; everything else comes from the base scenario.", "",
             "[meta]", f"name = {json.dumps(scenario.name + '_calibrated', ensure_ascii=False)}",
             f"question = {json.dumps(scenario.question, ensure_ascii=False)}"]
    values = dict(best)
    if scenario_path is not None:
        src, dst = Path(scenario_path).resolve(), outdir.resolve()
        shared = os.path.commonpath([src, dst]) != os.path.sep
        lines.append(f"base = {json.dumps(os.path.relpath(src, dst) if shared else str(src))}")
    else:
        values = {**{k: v for k, v in scenario.changed().items() if not k.startswith("run.")}, **best}
    by_section: dict[str, list[str]] = {}
    for k, v in values.items():
        p = PARAMS[k]
        if k in best:
            lo, hi = search_range(k, scenario[k])
            note = f"fitted in [{lo:g}, {hi:g}] (plausible range); was {_toml_value(scenario[k])}"
        else:
            note = "from the input scenario"
        by_section.setdefault(p.section, []).append(f"{p.name} = {_toml_value(v)}  # {p.unit}; {note}")
    for section, entries in by_section.items():
        lines += ["", f"[{section}]", *entries]
    return "\n".join(lines) + "\n"


def _fmt(x: float) -> str:
    if x != x:
        return "–"
    return f"{x:.3g}" if abs(x) >= 1 else f"{x:.3f}"


def fit_markdown(fit: pd.DataFrame) -> str:
    head = "| target | years | observed (interval) | model mean (90% of replicates) | z | met | solidity | source |"
    lines = [head, "|---|---|---|---|---|---|---|---|"]
    for r in fit.itertuples():
        cond = f" [{r.condition}]" if r.condition else ""
        lines.append(f"| {r.target}{cond} | {r.years} | {_fmt(r.observed)} ({_fmt(r.lo)}–{_fmt(r.hi)}) | "
                     f"{_fmt(r.model)} ({_fmt(r.model_p05)}–{_fmt(r.model_p95)}) | {_fmt(r.z)} | "
                     f"{'yes' if r.met else '**no**'} | {r.solidity} | {r.source} |")
    return "\n".join(lines) + "\n"


def fit_figure(fit: pd.DataFrame, ts: TargetSet, *, lang: str = "en", names: Sequence[str] = ("baseline",),
               replicates: Any = "", seed: Any = "") -> Any:
    """Each target as (model − observed) / tolerance: the grey band is the tolerance, the point
    the model's mean over replicates and the bar their 5th–95th percentiles; beyond ±6 clipped."""
    from ..plots import _figure, _in_ctx, add_footer

    labels = {t.key: t.label(lang) for t in ts.targets}
    n = len(fit)
    fig, axes = _figure(lang, (7.5, 0.32 * n + 1.4))
    ax = axes[0, 0]
    lim = 6.0
    with _in_ctx(fig):
        ax.axvspan(-1, 1, color="#dddddd", label=LEGEND[lang][0])
        ax.axvline(0, color="#888888", lw=0.8)
        y = np.arange(n)[::-1]
        tol = (fit["hi"] - fit["lo"]) / 2
        z = fit["z"].to_numpy(dtype=float)
        zlo = ((fit["model_p05"] - fit["observed"]) / tol).to_numpy(dtype=float)
        zhi = ((fit["model_p95"] - fit["observed"]) / tol).to_numpy(dtype=float)
        met = fit["met"].to_numpy(dtype=bool)
        for ok, color, lab in ((True, "#2e8b57", LEGEND[lang][1]), (False, "#c0392b", LEGEND[lang][2])):
            sel = (met == ok) & ~np.isnan(z)
            if not sel.any():
                continue
            zc = np.clip(z[sel], -lim, lim)
            lo = np.clip(zlo[sel], -lim, lim)
            hi = np.clip(zhi[sel], -lim, lim)
            ax.errorbar(zc, y[sel], xerr=[np.maximum(zc - lo, 0), np.maximum(hi - zc, 0)], fmt="o", color=color,
                        ms=4, lw=1, capsize=2, label=lab)
        for yi, zi in zip(y, z, strict=True):
            if zi == zi and abs(zi) > lim:
                ax.annotate(f"{zi:+.0f}", (np.sign(zi) * lim, yi), xytext=(-14 if zi > 0 else 4, 4),
                            textcoords="offset points", fontsize=6.5, color="#c0392b")
        ax.set_yticks(y, [labels.get(k, k) for k in fit["target"]])
        ax.set_ylim(-0.7, n - 0.3)
        ax.set_xlim(-lim - 0.5, lim + 0.5)
        ax.set_xlabel(XLABEL[lang])
        ax.set_title(TITLE[lang])
        fig.legend(loc="outside upper center", ncol=3, fontsize=6.5)
    add_footer(fig, lang, names, replicates, seed)
    return fig


def write_outputs(outdir: Path, scenario: Scenario, scenario_path: Path | None, ts: TargetSet, keys: list[str],
                  records: list[dict[str, Any]], settings: dict[str, Any], R: int, seed: int, accept_loss: float,
                  min_accepted: int, computed: int, reused: int, wall_s: float, complete: bool,
                  figures: bool = True) -> Any:
    from ..plots import save
    from .engine import CalibrationResult, target_table

    trials = trials_frame(records, keys, ts)
    ok = trials[trials["loss"].notna()]
    if ok.empty:
        best_rec = None
        best, best_loss = {}, float("nan")
        fit = target_table({}, ts)
    else:
        i = int(ok.sort_values(["loss", "trial"], kind="stable").iloc[0]["trial"])
        best_rec = records[i]
        best, best_loss = dict(best_rec["params"]), float(best_rec["loss"])
        fit = target_table(best_rec["values"], ts)
    accepted = accepted_frame(trials, accept_loss, min_accepted)
    check_loss, check = float("nan"), None
    if best:  # the best candidate again on other replicate seeds: how much of its fit is luck of the seeds
        from .engine import evaluate, objective

        vals = evaluate(scenario, best, ts, R, seed + 1)
        check_loss, check = objective(vals, ts), target_table(vals, ts)
        check.to_csv(outdir / "fit_check.csv", index=False)
    files: dict[str, Path] = {}
    trials.to_csv(outdir / "trials.csv", index=False)
    files["trials"] = outdir / "trials.csv"
    accepted.to_parquet(outdir / "accepted.parquet", index=False)
    accepted.to_csv(outdir / "accepted.csv", index=False)
    files["accepted"] = outdir / "accepted.parquet"
    fit.to_csv(outdir / "fit.csv", index=False)
    files["fit"] = outdir / "fit.csv"
    info = {"date": _dt.date.today().isoformat(), "trials": len(records), "replicates": R, "seed": seed,
            "loss": best_loss, "met": int(fit["met"].sum()), "n_targets": len(fit)}
    md = [f"# Fit report: {scenario.name} against {ts.name}", "",
          f"{len(records)} candidates ({'budget reached' if complete else 'stopped early: re-run to continue'}), "
          f"{R} replicates each, seed {seed}; best objective {best_loss:.3g} "
          f"(Σ weight·z² / Σ weight); {info['met']} of {len(fit)} targets within tolerance.",
          "" if check is None else f"On other seeds ({seed + 1}, {R} replicates) the same candidate scores "
          f"{check_loss:.3g} with {int(check['met'].sum())} targets within tolerance (fit_check.csv).", "",
          ("Fitted keys: " + ", ".join(f"`{k}` = {best.get(k, '–')} (was {scenario[k]})" for k in keys)
           if len(keys) <= 10 else f"{len(keys)} keys fitted; their values: calibrated.toml, accepted.csv."), "",
          fit_markdown(fit)]
    _atomic_write(outdir / "fit.md", "\n".join(md))
    files["fit_md"] = outdir / "fit.md"
    if best:
        _atomic_write(outdir / "calibrated.toml", calibrated_toml(scenario, scenario_path, outdir, best, ts, info))
        files["calibrated"] = outdir / "calibrated.toml"
    for lang in ("en", "zh") if figures else ():
        fig = fit_figure(fit, ts, lang=lang, names=[scenario.name], replicates=R, seed=seed)
        save(fig, outdir / f"fit_{lang}", ("png", "svg"))
        files[f"fit_{lang}"] = outdir / f"fit_{lang}.png"
    summary = {"settings": settings, "status": "complete" if complete else "partial", "trials": len(records),
               "failed": int(trials["loss"].isna().sum()) if len(trials) else 0,
               "computed_now": computed, "reused": reused, "best": best, "best_loss": best_loss,
               "targets_met": info["met"], "targets": len(fit), "check_seed": seed + 1, "check_loss": check_loss,
               "check_targets_met": None if check is None else int(check["met"].sum()), "accepted": len(accepted), "wall_s": round(wall_s, 2)}
    _atomic_write(outdir / "calibration.json", json.dumps(summary, indent=2, ensure_ascii=False, default=str))
    return CalibrationResult(outdir, keys, best, best_loss, fit, trials, accepted, computed, reused, wall_s,
                             complete, files)

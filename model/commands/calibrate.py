"""Fit the scenario's assumed keys to calibration targets; writes the calibrated scenario, accepted parameter sets and a fit report.

    cadresim calibrate scenarios/baseline.toml --targets scenarios/targets/seed002.toml --out out/calib
    cadresim calibrate baseline --targets scenarios/targets/seed002.toml --group levels --budget 64 --out out/levels
    cadresim calibrate baseline --targets seed002.toml --keys stars.threshold,five_good.threshold --minutes 5 --out out/c

Running the same command again on the same --out resumes (finished candidates are not recomputed;
a larger --budget goes on from where the last run stopped).
"""

from __future__ import annotations

import argparse
import sys


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", metavar="SCENARIO", help="scenario file to calibrate (a path, or a name in scenarios/)")
    p.add_argument("--targets", required=True, metavar="FILE", help="targets file (TOML), e.g. scenarios/targets/seed002.toml")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--keys", metavar="K1,K2", default=None,
                   help="assumed keys to fit, comma-separated (default: every numeric assumption except yuan amounts)")
    g.add_argument("--group", metavar="NAME", default=None,
                   help="fit a named group of keys: a [groups] entry of the targets file, a section or a rule ID")
    p.add_argument("--budget", type=int, default=None, metavar="N",
                   help="candidates to evaluate in all (default 1000; with --minutes only: until time is up)")
    p.add_argument("--minutes", type=float, default=None, metavar="M", help="stop starting new batches after M minutes")
    p.add_argument("--replicates", type=int, default=None, metavar="R",
                   help="replicates per candidate, the same seeds for every candidate (default: the targets file's)")
    p.add_argument("--seed", type=int, default=None, metavar="S", help="root seed (default: the targets file's)")
    p.add_argument("--workers", type=int, default=None, metavar="W", help="worker processes (default: all cores)")
    p.add_argument("--batch", type=int, default=8, metavar="B",
                   help="candidates proposed at a time (default 8); results do not depend on --workers")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory; an unfinished calibration there is resumed")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def main(args: argparse.Namespace) -> int:
    from ..cli import InputError

    for name in ("budget", "replicates", "workers", "batch"):
        v = getattr(args, name)
        if v is not None and v < 1:
            raise InputError(f"--{name}: expected an integer ≥ 1, got {v}")
    if args.minutes is not None and not args.minutes > 0:
        raise InputError(f"--minutes: expected a positive number, got {args.minutes}")
    try:
        import optuna  # noqa: F401
    except ImportError:
        print("cadresim calibrate: error: Optuna is not installed: pip install 'cadresim[calibrate]'", file=sys.stderr)
        return 1
    from ..calibration import CalibrationBusy, calibrate

    keys = [k.strip() for k in args.keys.split(",") if k.strip()] if args.keys else None
    try:
        res = calibrate(args.scenario, args.targets, out=args.out, keys=keys, group=args.group, budget=args.budget,
                        minutes=args.minutes, replicates=args.replicates, workers=args.workers, seed=args.seed,
                        batch=args.batch, progress=not args.no_progress)
    except CalibrationBusy as e:
        print(f"cadresim calibrate: error: {e}", file=sys.stderr)
        return 1
    status = "done" if res.complete else "stopped early (run the same command again to continue)"
    failed = int(res.trials["loss"].isna().sum()) if len(res.trials) else 0
    if failed:
        status += f"; {failed} candidates could not run (their errors: trials.csv)"
    print(f"{res.out}: {len(res.trials)} candidates ({res.computed} computed now, {res.reused} already done), "
          f"{status}, {res.wall_s:.1f} s; best objective {res.best_loss:.3g}, {res.n_met} of {len(res.fit)} targets "
          f"within tolerance; files: calibrated.toml, accepted.parquet, fit.md, fit.csv, fit_en.png, fit_zh.png")
    return 0

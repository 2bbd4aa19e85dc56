"""Global sensitivity of outcomes to assumption keys: Sobol indices or Morris screening.

    cadresim sensitivity baseline --keys attention.budget,pay.off_multiple --n 64 --out out/sens
    cadresim sensitivity baseline --assumptions --method morris --n 10 --workers 2 --out out/screen

Writes sensitivity.csv (indices with 95% intervals, ranked), samples.csv, sensitivity.json and
a ranked bar figure in English and Chinese; the same command on the same --out resumes.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="scenario TOML file (or the name of a shipped scenario)")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--keys", metavar="K1,K2", help="comma-separated scenario keys to vary")
    g.add_argument("--assumptions", action="store_true", help="vary every key marked as an assumption")
    g.add_argument("--group", metavar="SECTION", help="vary the assumption keys of these sections (comma-separated)")
    p.add_argument("--method", choices=("sobol", "morris"), default="sobol",
                   help="sobol: first and total order indices (default); morris: screening for many keys")
    p.add_argument("--n", type=int, default=None,
                   help="base sample (Sobol: a power of 2, default 64, n×(keys+2) parameter sets; "
                        "Morris: trajectories, default 20, n×(keys+1) sets)")
    p.add_argument("--outcomes", metavar="O1,O2", default=None,
                   help="comma-separated outcomes (default: weak_share_true, weak_share_reported, flagged_share, "
                        "five_good_share, cost_total_yuan)")
    p.add_argument("--years", type=int, default=None, help="simulated years (default: run.years of the scenario)")
    p.add_argument("--window", metavar="FIRST:LAST", default=None,
                   help="years averaged for each outcome (default: the last village term)")
    p.add_argument("--replicates", type=int, default=1, help="replicates per parameter set (default 1)")
    p.add_argument("--seed", type=int, default=None, help="root seed of the replicates (default: run.seed)")
    p.add_argument("--spread", default="plausible",
                   help="the range each key varies over: plausible (default: its plausible range, stated in "
                        "cadresim.params or its value ± 50%%, within its valid bounds), a fraction such as 0.3 "
                        "(its value ± 30%%), or declared (its whole valid range)")
    p.add_argument("--range", action="append", default=[], metavar="KEY=LO:HI", dest="ranges",
                   help="an explicit range for one key (repeatable)")
    p.add_argument("--design-seed", type=int, default=0, help="seed of the Sobol'/Morris design (default 0)")
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--out", type=Path, required=True, help="output directory (resumed when it holds the same analysis)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def _spread(text: str) -> float | str:
    from ..cli import InputError

    if text in ("plausible", "declared"):
        return text
    try:
        return float(text)
    except ValueError:
        raise InputError(f"--spread: expected plausible, declared or a fraction such as 0.3, got {text!r}") from None


def _ranges(items: list[str]) -> dict[str, tuple[float, float]]:
    from ..cli import InputError

    out: dict[str, tuple[float, float]] = {}
    for it in items:
        key, _, rng = it.partition("=")
        lo, sep, hi = rng.partition(":")
        try:
            if not sep:
                raise ValueError
            out[key.strip()] = (float(lo), float(hi))
        except ValueError:
            raise InputError(f"--range: expected KEY=LO:HI, got {it!r}") from None
    return out


def main(args: argparse.Namespace) -> int:
    from ..cli import InputError
    from ..sensitivity import OUTCOMES, sensitivity

    window = None
    if args.window is not None:
        a, sep, b = args.window.partition(":")
        try:
            if not sep:
                raise ValueError
            window = (int(a), int(b))
        except ValueError:
            raise InputError(f"--window: expected FIRST:LAST years, got {args.window!r}") from None
    outcomes = OUTCOMES if args.outcomes is None else [o.strip() for o in args.outcomes.split(",") if o.strip()]
    res = sensitivity(args.scenario, keys=args.keys.split(",") if args.keys is not None else None,
                      assumptions=args.assumptions, group=args.group, method=args.method, n=args.n,
                      outcomes=outcomes, years=args.years, window=window, replicates=args.replicates,
                      seed=args.seed, spread=_spread(args.spread), ranges=_ranges(args.ranges),
                      design_seed=args.design_seed, workers=args.workers, out=args.out,
                      progress=not args.no_progress)
    stat = "ST" if res.method == "sobol" else "mu_star"
    for o in outcomes[:2]:
        t = res.table[res.table["outcome"] == o].sort_values("rank").head(5)
        print(f"{o}: " + ", ".join(f"{r.key} {stat}={getattr(r, stat):.2f}" for r in t.itertuples()))
    for s in res.skipped:
        print(f"skipped {s}")
    print(f"{args.out}: {res.method}, {len(res.factors)} keys, {res.n_runs} runs in {res.wall_s:.1f} s; "
          "sensitivity.csv, samples.csv, sensitivity.json, sensitivity_en/zh.png")
    return 0

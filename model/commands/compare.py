"""Compare alternative scenarios with a base: paired differences in every year and over each window, 95% intervals.

Every arm runs the same replicate seeds (common random numbers). Prints a table and, with
--out, writes comparison.csv, windows.csv, cost_effect.csv, comparison.json, yearly.csv and scenarios/;
with --uncertainty, the same comparison with parameter uncertainty too (uncertainty*.csv/json and its
figures), which `cadresim brief DIR` and `cadresim plot DIR --kind comparison` then show.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("base", help="base scenario TOML file (or the name of a shipped scenario)")
    p.add_argument("alts", nargs="+", metavar="ALT", help="alternative scenario TOML file(s)")
    p.add_argument("--replicates", type=int, help="replicates per arm (default: run.replicates of the base, at least 2; 20 if it says 1)")
    p.add_argument("--years", type=int, help="simulated years (default: run.years of the base)")
    p.add_argument("--seed", type=int, help="root seed shared by every arm (default: run.seed of the base)")
    p.add_argument("--out", type=Path, help="write the comparison tables here")
    p.add_argument("--force", action="store_true", help="replace results already in --out")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the printed table")
    p.add_argument("--window", default="all",
                   help="window of the printed differences: all (the whole run, default) or term1, term2, …")
    p.add_argument("--quiet", action="store_true", help="do not print the table")
    p.add_argument("--uncertainty", metavar="ranges|posterior:FILE", help="also compare with each paired replicate "
                   "drawing the assumption keys (from their plausible ranges, or from a sample of accepted parameter "
                   "sets); --replicates defaults to 40; see docs/sensitivity.md")
    p.add_argument("--workers", type=int, default=None, help="processes for --uncertainty runs (default 1)")


def main(args: argparse.Namespace) -> int:
    from ..cli import InputError
    from ..compare import compare
    from ..scenario import load_scenario

    if args.replicates is not None and args.replicates < 2:
        raise InputError(f"--replicates: expected at least 2 (an interval needs two paired differences), got {args.replicates}")
    if args.years is not None and args.years < 1:
        raise InputError(f"--years: expected a positive number of years, got {args.years}")
    if args.out is not None and args.out.exists() and not args.out.is_dir():
        raise InputError(f"--out: {args.out} exists and is not a directory")
    base = load_scenario(args.base)  # every scenario is checked before any run starts
    alts = [load_scenario(a) for a in args.alts]
    unc = {}
    if args.uncertainty is not None:  # checked before any run; both comparisons go to --out
        from ..uncertainty import parse_source, read_posterior

        kind, file = parse_source(args.uncertainty)
        if file is not None:
            read_posterior(file, set())
        unc = {"uncertainty": args.uncertainty, "workers": args.workers or 1,
               "replicates": args.replicates or 40}

    def check_window(c) -> None:
        keys = list(dict.fromkeys(c.windows["window"]))
        if args.window not in keys:
            raise InputError(f"--window: expected one of {', '.join(keys)}, got {args.window!r}")

    if args.out is None:
        c = compare(base, *alts, **{"replicates": args.replicates, **unc}, years=args.years, seed=args.seed)
        check_window(c)
        paths = []
    else:  # one writer per --out, writable before the runs, no silent overwrite (of a run or sweep either)
        from ..outdir import check_out_path, locked
        from .run import refuse_overwrite

        with locked(check_out_path(args.out), "compare"):
            refuse_overwrite(args.out, args.force, ("comparison.json", "comparison.csv", "yearly.csv", "manifest.json",
                                                    "tidy.parquet", "windows.csv", "uncertainty.json"))
            c = compare(base, *alts, **{"replicates": args.replicates, **unc}, years=args.years, seed=args.seed)
            check_window(c)
            paths = c.write(args.out)  # results on disk before any printing
    if not args.quiet:
        print(c.table(args.lang, args.window))
        if c.uncertainty is not None:
            print("\n" + c.uncertainty.table(args.lang))
        if paths:
            more = ", uncertainty.csv, uncertainty.json" if c.uncertainty is not None else ""
            print(f"wrote {', '.join(p.name for p in paths[:4])}{more} and scenarios/ in {args.out}")
    return 0

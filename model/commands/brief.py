"""Write a one-page PDF briefing for a comparison: question, headline numbers, two figures, assumptions.

Either a comparison directory (`cadresim compare ... --out DIR`) or scenario files
(BASE ALT [ALT ...]), which are compared first with the same replicate seeds.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="DIR | BASE ALT...",
                   help="a comparison directory, or a base scenario followed by alternative scenario(s)")
    p.add_argument("--out", type=Path, help="PDF file to write (default: DIR/brief_<lang>.pdf or brief_<lang>.pdf)")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the page (default: en)")
    p.add_argument("--replicates", type=int, help="with scenario files: replicates per arm (at least 2)")
    p.add_argument("--years", type=int, help="with scenario files: simulated years")
    p.add_argument("--seed", type=int, help="with scenario files: root seed shared by every arm")
    p.add_argument("--year", type=int, help="term-end year of the headline numbers (default: the last)")


def main(args: argparse.Namespace) -> int:
    from ..brief import load_view, write_brief
    from ..cli import InputError

    first = Path(args.inputs[0])
    if len(args.inputs) == 1 and first.is_dir():
        if not (first / "comparison.json").exists():
            raise InputError(f"{first}: no comparison.json (make one with: cadresim compare BASE ALT --out {first})")
        data = load_view(first)
        out = args.out or first / f"brief_{args.lang}.pdf"
    else:
        if len(args.inputs) < 2:
            raise InputError("expected a comparison directory, or a base scenario and at least one alternative")
        if args.replicates is not None and args.replicates < 2:
            raise InputError(f"--replicates: expected at least 2, got {args.replicates}")
        from ..compare import compare
        from ..scenario import load_scenario

        scs = [load_scenario(s) for s in args.inputs]
        data = compare(scs[0], *scs[1:], replicates=args.replicates, years=args.years, seed=args.seed)
        out = args.out or Path(f"brief_{args.lang}.pdf")
    if args.year is not None:
        years = set(int(y) for y in (data.diffs if hasattr(data, "diffs") else data["diffs"])["year"])
        if args.year not in years:
            raise InputError(f"--year: expected a term-end year ({', '.join(map(str, sorted(years)))}), got {args.year}")
    path = write_brief(data, out, args.lang, args.year)
    print(path)
    return 0

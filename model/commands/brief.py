"""Write a one-page PDF briefing per alternative: question, headline numbers, two figures, assumptions.

Either a comparison directory (`cadresim compare ... --out DIR`) or scenario files
(BASE ALT [ALT ...]), which are compared first with the same replicate seeds. One
alternative gives brief_<lang>.pdf; several give brief_<alt>_<lang>.pdf each (`--alt`
picks which).
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="DIR | BASE ALT...",
                   help="a comparison directory, or a base scenario followed by alternative scenario(s)")
    p.add_argument("--out", type=Path,
                   help="PDF file to write when there is one page (default: DIR/brief_<lang>.pdf, or "
                        "DIR/brief_<alt>_<lang>.pdf per alternative); with several pages, a folder for them, "
                        "or FILE.pdf giving FILE_<alt>.pdf")
    p.add_argument("--force", action="store_true", help="replace briefing PDFs that already exist")
    p.add_argument("--alt", action="append", metavar="NAME",
                   help="the alternative a page is written for (repeatable; default: every alternative)")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the page (default: en)")
    p.add_argument("--replicates", type=int, help="with scenario files: replicates per arm (at least 2)")
    p.add_argument("--years", type=int, help="with scenario files: simulated years")
    p.add_argument("--seed", type=int, help="with scenario files: root seed shared by every arm")
    p.add_argument("--window", default="all",
                   help="what the headline numbers average over: all (the whole run, default) or term1, term2, … "
                        "(one village term of the base)")


def _target(name: str, alt: str, n_pages: int, args: argparse.Namespace, folder: Path) -> Path:
    from ..brief import brief_name

    if args.out is None:
        out = folder / name
    elif n_pages == 1:
        out = args.out
    elif args.out.suffix.lower() == ".pdf":
        out = args.out.with_name(f"{args.out.stem}_{brief_name(alt, args.lang)[6:-7]}.pdf")
    else:
        out = args.out / name
    return out if out.suffix.lower() == ".pdf" else out.with_suffix(".pdf")


def _refuse_overwrite(paths: list[Path], force: bool) -> None:
    from ..errors import InputError

    old = [str(p) for p in paths if p.exists()]
    if old and not force:
        raise InputError(f"--out: {', '.join(old[:3])}{' …' if len(old) > 3 else ''} already exist(s); use --force to "
                         "replace, or another --out")


def _write_page(data: object, out: Path, lang: str, window: str, alt: str) -> Path:
    """Write one page through a unique temporary file in the same folder (never half a PDF)."""
    import os
    import tempfile

    from ..brief import write_brief

    fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=".tmp.pdf", dir=out.parent)
    os.close(fd)
    try:
        write_brief(data, Path(tmp), lang, window, alt)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def main(args: argparse.Namespace) -> int:
    from ..brief import alternatives, brief_name, load_view
    from ..compare import _slug
    from ..errors import InputError, environment_failure
    from ..outdir import locked

    first = Path(args.inputs[0])
    data = None
    if len(args.inputs) == 1 and first.is_dir():
        if not (first / "comparison.json").exists():
            raise InputError(f"{first}: no comparison.json (make one with: cadresim compare BASE ALT --out {first})")
        from .plot import load_comparison_checked

        load_comparison_checked(first)  # a damaged directory is one line naming it
        data = load_view(first)
        folder = first
        n_pages = len(dict.fromkeys(args.alt)) if args.alt else len(alternatives(data))
    else:
        if len(args.inputs) < 2:
            raise InputError("expected a comparison directory, or a base scenario and at least one alternative")
        if args.replicates is not None and args.replicates < 2:
            raise InputError(f"--replicates: expected at least 2, got {args.replicates}")
        from ..scenario import load_scenario

        scs = [load_scenario(s) for s in args.inputs]  # every input checked before anything is written
        folder = Path(".")
        n_pages = len(dict.fromkeys(args.alt)) if args.alt else len(scs) - 1
    if args.out is None:
        lock_dir = folder
    elif args.out.suffix.lower() == ".pdf" or n_pages == 1:
        lock_dir = args.out.parent
    else:
        lock_dir = args.out
    # one writer per folder, writable before any work; no page replaced without --force
    with locked(lock_dir, "brief"):
        if data is None and n_pages == 1 and args.out is not None:  # the one page's name is known: check now
            _refuse_overwrite([_target("", "", 1, args, folder)], args.force)
        if data is None:
            from ..compare import compare

            data = compare(scs[0], *scs[1:], replicates=args.replicates, years=args.years, seed=args.seed)
        names = alternatives(data)
        chosen = []
        for a in args.alt or names:
            m = [n for n in names if n == a] or [n for n in names if _slug(n) == _slug(a)]
            if not m:
                raise InputError(f"--alt: expected one of {', '.join(names)}, got {a!r}")
            chosen.append(m[0])
        chosen = list(dict.fromkeys(chosen))
        wins = data.windows if hasattr(data, "windows") else data.get("windows")
        keys = list(dict.fromkeys(wins["window"])) if wins is not None and len(wins) else []
        if args.window not in keys:
            raise InputError(f"--window: expected one of {', '.join(keys) or '(none: re-run cadresim compare)'}, "
                             f"got {args.window!r}")
        targets = [(alt, _target(brief_name(None if len(names) == 1 else alt, args.lang), alt, len(chosen), args,
                                 folder)) for alt in chosen]
        _refuse_overwrite([t for _, t in targets], args.force)
        for alt, out in targets:
            try:
                out.parent.mkdir(parents=True, exist_ok=True)
                print(_write_page(data, out, args.lang, args.window, alt))
            except OSError as e:
                raise environment_failure(e, out) from None
    return 0

"""Draw briefing figures (PNG at 300 dpi, SVG, PDF; English or Chinese) from a results directory.

DIR is what `cadresim run --out`, `cadresim compare --out` or `cadresim sweep` wrote.
Kinds: trajectory and stars (run or comparison), comparison and difference (comparison), heatmap and
partial and frontier (sweep; heatmap for grid designs, partial for
Latin-hypercube/Sobol designs). Files go to DIR/figures/<kind>_<lang>.<format> unless --out says where.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

KINDS = ("trajectory", "comparison", "difference", "heatmap", "partial", "frontier", "stars")
FORMATS = ("png", "svg", "pdf")


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", type=Path, help="a run, comparison or sweep output directory")
    p.add_argument("--kind", default="trajectory",
                   help=f"figure kind(s), comma-separated: {', '.join(KINDS)} (default: trajectory)")
    p.add_argument("--lang", default="en", help="label language(s), comma-separated: en, zh (default: en)")
    p.add_argument("--format", dest="formats", default="png,svg,pdf",
                   help="file format(s), comma-separated: png, svg, pdf (default: all three)")
    p.add_argument("--out", type=Path, help="output directory (default: DIR/figures)")
    p.add_argument("--x", help="heatmap: lever on the x axis (default: the first lever of the sweep)")
    p.add_argument("--y", help="heatmap: lever on the y axis (default: the second lever)")
    p.add_argument("--outcome", default="weak_share_true", help="heatmap: outcome column (default: weak_share_true)")
    p.add_argument("--year", type=int, help="comparison, heatmap, frontier: year to show (default: all term ends / the last)")
    p.add_argument("--stat", choices=("mean", "median"), default="mean",
                   help="heatmap, partial, frontier: statistic over replicates (default: mean; every figure says which)")
    p.add_argument("--arm", help="stars from a comparison: which scenario (default: the base)")
    p.add_argument("--name", help="file name stem instead of <kind>_<lang>")


def _list(text: str, allowed: tuple[str, ...], flag: str) -> list[str]:
    from ..cli import InputError

    items = [s.strip() for s in text.split(",") if s.strip()]
    bad = [s for s in items if s not in allowed]
    if bad or not items:
        raise InputError(f"{flag}: expected some of {', '.join(allowed)}, got {text!r}")
    return items


def detect(d: Path) -> str:
    """'comparison', 'sweep' or 'run' from the files in `d`."""
    from ..cli import InputError

    if not d.is_dir():
        raise InputError(f"{d}: not a directory (expected the --out directory of run, compare or sweep)")
    if (d / "comparison.json").exists():
        return "comparison"
    if (d / "tidy.parquet").exists() or (d / "yearly.parquet").exists() or (d / "design.csv").exists():
        return "sweep"
    if (d / "yearly.csv").exists():
        return "run"
    raise InputError(f"{d}: no comparison.json, yearly.csv or sweep tables found")


def _read_json(p: Path) -> dict[str, Any]:
    try:
        doc = json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}  # a damaged manifest ([] or a number) says nothing


def load_comparison_checked(d: Path) -> dict[str, Any]:
    """`load_comparison(d)`, with a damaged or incomplete file reported as one line naming `d`."""
    from ..compare import load_comparison
    from ..errors import DamagedResultsError

    again = f"; run cadresim compare ... --out {d} again"
    try:
        c = load_comparison(d)
    except (KeyError, ValueError, IndexError, TypeError) as e:  # a column or value missing from a file
        raise DamagedResultsError(f"{d}: a comparison file is damaged or incomplete "
                                  f"({type(e).__name__}: {' '.join(str(e).split())[:200]}){again}") from None
    meta = c.get("meta")
    if not isinstance(meta, dict) or not isinstance(meta.get("base"), str) or not isinstance(meta.get("alternatives"), list):
        raise DamagedResultsError(f"{d / 'comparison.json'}: expected an object with base and alternatives{again}")
    for key, name in (("diffs", "comparison.csv"), ("windows", "windows.csv"), ("cost_effect", "cost_effect.csv"),
                      ("yearly", "yearly.csv")):
        if c.get(key) is not None and len(c[key]) == 0:
            raise DamagedResultsError(f"{d / name}: no rows (damaged or truncated){again}")
    return c


def load(d: Path) -> dict[str, Any]:
    """Everything the figures need from a results directory."""
    import pandas as pd

    from ..cli import InputError
    from ..scenario import load_scenario

    kind = detect(d)
    out: dict[str, Any] = {"type": kind}
    if kind == "comparison":
        c = load_comparison_checked(d)
        meta = c["meta"]
        out.update(comparison=c, yearly=c["yearly"], seed=meta.get("seed"), names=[meta["base"], *meta["alternatives"]])
        sc_file = d / "scenarios" / f"{_slug(meta['base'])}.toml"
        out["scenario"] = load_scenario(sc_file) if sc_file.exists() else None
        out["scenarios"] = {}
        for n in out["names"]:  # each arm's own scenario: its own policy calendar on the figures
            f = d / "scenarios" / f"{_slug(n)}.toml"
            out["scenarios"][n] = load_scenario(f) if f.exists() else None
    elif kind == "run":
        man = _read_json(d / "manifest.json")
        out["yearly"] = pd.read_csv(d / "yearly.csv")
        if not {"year", "replicate", "weak_share_true"} <= set(out["yearly"].columns):  # harden: damaged table
            from ..errors import DamagedResultsError

            raise DamagedResultsError(f"{d / 'yearly.csv'}: expected the columns year, replicate, weak_share_true, ...")
        out["scenario"] = load_scenario(d / "scenario.toml") if (d / "scenario.toml").exists() else None
        out["seed"] = man.get("seed", out["scenario"]["run.seed"] if out["scenario"] is not None else None)
        out["names"] = [man.get("scenario") or (out["scenario"].name if out["scenario"] is not None else d.name)]
        if out["scenario"] is not None:
            out["scenario"].name = out["names"][0]  # the manifest's name says which overrides it ran with
    else:
        man = _read_json(d / "manifest.json")
        f = d / "yearly.parquet"
        if f.exists():
            df = pd.read_parquet(f)
        else:
            try:
                from ..sweep.store import load_results
            except ImportError as e:
                raise InputError(f"{d}: no yearly.parquet and the sweep reader is not available ({e})") from None
            df = load_results(d, wide=True)
        levers = list((man.get("design") or {}).get("levers") or {})
        if not levers and (d / "design.csv").exists():
            levers = [c for c in pd.read_csv(d / "design.csv", nrows=0).columns if c != "point"]
        out.update(sweep=df, levers=levers, seed=man.get("seed", "—"), names=[man.get("name") or d.name])
    return out


def _slug(name: str) -> str:
    from ..compare import _slug as slug

    return slug(name)


def make_figure(kind: str, data: dict[str, Any], lang: str, args: argparse.Namespace) -> Any:
    from .. import plots
    from ..cli import InputError

    t = data["type"]
    allowed = {"run": ("trajectory", "stars"), "comparison": ("trajectory", "stars", "comparison", "difference"),
               "sweep": ("heatmap", "partial", "frontier")}[t]
    if kind not in allowed:
        raise InputError(f"--kind {kind}: a {t} directory gives {', '.join(allowed)}")
    try:
        if kind == "trajectory":
            return plots.trajectory(data["yearly"], lang=lang, scenario=data.get("scenarios") or data["scenario"],
                                    seed=data["seed"])
        if kind == "stars":
            return plots.stars(data["yearly"], lang=lang, scenario=data["scenario"], seed=data["seed"], arm=args.arm)
        if kind == "comparison":
            return plots.comparison(data["comparison"], lang=lang, year=args.year)
        if kind == "difference":
            return plots.difference(data["comparison"], lang=lang, outcome=args.outcome)
        levers = data["levers"]
        if kind == "heatmap":
            x = args.x or (levers[0] if levers else None)
            y = args.y or (levers[1] if len(levers) > 1 else None)
            if x is None or y is None:
                raise InputError("heatmap: the sweep needs two levers (or give --x and --y)")
            return plots.heatmap(data["sweep"], x, y, args.outcome, lang=lang, year=args.year, stat=args.stat,
                                 names=data["names"], seed=data["seed"])
        if kind == "partial":
            return plots.partial(data["sweep"], levers, args.outcome, lang=lang, year=args.year, stat=args.stat,
                                 names=data["names"], seed=data["seed"])
        return plots.frontier(data["sweep"], lang=lang, levers=levers, year=args.year, stat=args.stat,
                              names=data["names"], seed=data["seed"])
    except ValueError as e:
        raise InputError(str(e)) from None


def main(args: argparse.Namespace) -> int:
    kinds = _list(args.kind, KINDS, "--kind")
    langs = _list(args.lang, ("en", "zh"), "--lang")
    formats = _list(args.formats, FORMATS, "--format")
    data = load(args.dir)
    from .. import plots

    out = args.out if args.out is not None else args.dir / "figures"
    written = []
    for kind in kinds:
        for lang in langs:
            fig = make_figure(kind, data, lang, args)
            from ..outdir import safe_name  # --name is a file name: never a path out of --out

            stem = safe_name(args.name) if args.name and len(kinds) == 1 and len(langs) == 1 else f"{kind}_{lang}"
            written += plots.save(fig, out / stem, formats)
    for p in written:
        print(p)
    return 0

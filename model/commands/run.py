"""Run a scenario's replicates; write yearly.csv, the resolved scenario.toml and manifest.json."""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

from ..errors import InputError, environment_failure
from ..outdir import atomic_write_bytes, atomic_write_text, check_out_path, default_out, locked
from ..scenario import load_scenario, parse_assignment


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", nargs="?", default="scenarios/baseline.toml",
                   help="scenario TOML file (default: scenarios/baseline.toml)")
    p.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE",
                   help="override a scenario key, e.g. --set pay.base_multiple=2 (repeatable)")
    p.add_argument("--seed", type=int, help="root seed (default: run.seed of the scenario)")
    p.add_argument("--replicates", type=int, help="replicates (default: run.replicates)")
    p.add_argument("--years", type=int, help="simulated years (default: run.years)")
    p.add_argument("--out", help="output directory (default: runs/<scenario name>)")
    p.add_argument("--force", action="store_true", help="replace the results already in the output directory")
    p.add_argument("--name", help="name of this run in titles, manifest and default --out (default: the scenario's "
                                  "name with its --set overrides, e.g. baseline+pay.base_multiple=2)")
    p.add_argument("--snapshots", type=int, metavar="N",
                   help="every N years keep a per-village snapshot of every replicate; written as snapshots.csv "
                        "and snapshots.parquet (default: run.snapshot_years; 0: none)")
    p.add_argument("--threads", type=int, metavar="N",
                   help="threads for the compiled loops of a large run (20,000 villages or more, counting replicates "
                        "run together); the same results whatever N (default: CADRESIM_THREADS, else 1; at most "
                        "this machine's cores)")
    p.add_argument("--quiet", action="store_true", help="no progress bar, no table")


def resolve(args: argparse.Namespace) -> Any:
    """The scenario with --set, --seed, --replicates and --years applied (validated)."""
    sc = load_scenario(args.scenario)
    sets = dict(parse_assignment(s) for s in args.sets)
    if sets:
        sc = sc.with_overrides(sets, source="--set")
    for flag, key in (("seed", "run.seed"), ("replicates", "run.replicates"), ("years", "run.years"),
                      ("snapshots", "run.snapshot_years")):
        if getattr(args, flag, None) is not None:
            sc = sc.with_overrides({key: getattr(args, flag)}, source=f"--{flag}")
    if getattr(args, "name", None):
        sc.name = args.name
    return sc


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` through a unique temporary file (two writers never share a name)."""
    atomic_write_text(path, text)


RESULT_FILES = ("yearly.csv", "scenario.toml", "manifest.json")


def _failed_manifest(out: Path) -> bool:
    """Whether `out/manifest.json` records a failed run (no results to protect)."""
    try:
        m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(m, dict) and m.get("state") == "failed"


def refuse_overwrite(out: Path, force: bool, files: tuple[str, ...] = RESULT_FILES) -> None:
    """Refuse to replace earlier results in `out` unless --force (a failed run's manifest is not results)."""
    failed = _failed_manifest(out)
    old = [f for f in files if (out / f).exists() and not (f == "manifest.json" and failed)]
    if old and not force:
        raise InputError(f"--out {out}: already holds results ({', '.join(old)}); use --force to replace them "
                         "or another --out")


def term_table(res: Any) -> str:
    """Weak share (true, reported), flagged share and five-good share at each village-term end."""
    te = res.term_ends()
    g = te.groupby("year")
    rows = ["year  weak true            weak reported        flagged (A7)         five-good",
            "----  -------------------  -------------------  -------------------  -------------------"]

    def cell(col: str, y: int) -> str:
        s = g.get_group(y)[col]
        if len(s) == 1:
            return f"{s.iloc[0]:7.1%}".ljust(19)
        return f"{s.mean():6.1%} [{s.quantile(.05):5.1%},{s.quantile(.95):5.1%}]".ljust(19)

    for y in sorted(g.groups):
        rows.append(f"{y:4d}  {cell('weak_share_true', y)}  {cell('weak_share_reported', y)}  {cell('flagged_share', y)}  "
                    f"{cell('five_good_share', y)}")
    return "\n".join(rows)


def record_failure(out: Path, sc: Any, e: BaseException, wrote: list[str]) -> None:
    """After a failed run: remove the files this attempt wrote and any temporary file, and leave
    a manifest saying "failed" with the one-line reason (when the disk still takes it)."""
    from .. import __version__
    from ..errors import as_expected
    from ..outdir import clean_tmp

    err = as_expected(e) if isinstance(e, Exception) else None
    reason = " ".join((str(err) if err is not None else f"{type(e).__name__}: {e}").split()) or type(e).__name__
    m = {"package": "cadresim", "version": __version__, "state": "interrupted" if isinstance(e, KeyboardInterrupt)
         else "failed", "error": reason, "scenario": sc.name, "source": sc.source, "command": ["cadresim", *sys.argv[1:]]}
    try:
        for f in wrote:
            (out / f).unlink(missing_ok=True)
        clean_tmp(out)
        write_atomic(out / "manifest.json", json.dumps(m, indent=2, ensure_ascii=False, default=str) + "\n")
    except OSError:  # the disk that failed the run may refuse this too; the error line still says why
        pass


def threads_note(settings: dict[str, Any]) -> str:
    """', 2 threads' after the wall time when the run's threaded loops ran on more than one
    (not for a world too small to split, whatever --threads asked)."""
    k = settings.get("threads_used", 1)
    return f", {k} threads" if k > 1 else ""


def main(args: argparse.Namespace) -> int:
    from .. import __version__
    from ..cpu import compute_settings
    from ..provenance import provenance
    from ..runner import run

    if args.threads is not None:
        from ..compute import set_threads

        try:
            set_threads(args.threads)
        except ValueError:
            raise InputError(f"--threads {args.threads}: expected a whole number of threads, at least 1") from None
    sc = resolve(args)  # every input error is raised here, before anything is written
    out = check_out_path(args.out) if args.out is not None else default_out("runs", sc.name)
    with locked(out, "run"):  # refuses a second writer; proves `out` writable before the run
        refuse_overwrite(out, args.force, (*RESULT_FILES, "snapshots.csv", "snapshots.parquet"))
        kept = (out / "manifest.json").exists() and not _failed_manifest(out)  # earlier results (--force)
        t0 = time.perf_counter()
        try:
            res = run(sc, progress=not args.quiet and sys.stderr.isatty())
        except BaseException as e:
            if not kept:  # nothing was replaced yet: earlier results stay as they were
                record_failure(out, sc, e, [])
            raise
        wall = time.perf_counter() - t0
        settings = compute_settings()
        import io

        import mesa
        import numpy

        manifest = {
            "package": "cadresim", "version": __version__, "state": "complete", "scenario": sc.name,
            "source": sc.source, "changed_keys": sc.changed(), "seed": sc["run.seed"], "replicates": sc["run.replicates"],
            "years": sc["run.years"], "replicate_seeds": res.replicate_seeds, **provenance(),
            "overrides": dict(parse_assignment(x) for x in args.sets),
            "wall_s": round(wall, 3), "command": ["cadresim", *sys.argv[1:]],
            "python": platform.python_version(), "numpy": numpy.__version__, "mesa": mesa.__version__,
            "compute": settings,  # what wall_s depends on; the results do not
        }
        written: list[str] = []
        try:
            # manifest last: a directory with a complete manifest holds a complete run
            (out / "manifest.json").unlink(missing_ok=True)
            write_atomic(out / "yearly.csv", res.yearly.to_csv(index=False))
            written.append("yearly.csv")
            write_atomic(out / "scenario.toml", sc.to_toml())
            written.append("scenario.toml")
            if res.snapshots is not None:
                write_atomic(out / "snapshots.csv", res.snapshots.to_csv(index=False))
                written.append("snapshots.csv")
                buf = io.BytesIO()
                res.snapshots.to_parquet(buf, index=False)
                atomic_write_bytes(out / "snapshots.parquet", buf.getvalue())
                written.append("snapshots.parquet")
            write_atomic(out / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n")
        except BaseException as e:
            record_failure(out, sc, e, written)
            if isinstance(e, OSError):
                raise environment_failure(e, out) from None
            raise
        written.append("manifest.json")
    if not args.quiet:
        print(f"{sc.name}: {sc['run.replicates']} replicate(s) × {sc['run.years']} years, "
              f"{sc['county.villages']} villages, seed {sc['run.seed']}  ({wall:.2f} s{threads_note(settings)})")
        print(term_table(res))
        print(f"wrote {out}/" + ", ".join(written))
    return 0

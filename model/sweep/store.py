"""Sweep results on disk: one Parquet file per finished run, a manifest, consolidated tables.

Layout of a sweep directory::

    manifest.json        design, seeds, hash of the resolved sweep, version, status of every run
    sweep.json           the resolved sweep (every point's full scenario)
    design.csv           point -> lever values
    runs/p0000_r000.parquet   one file per finished run (yearly rows), written atomically
    yearly.parquet       wide: point, replicate, levers, year, every outcome (when the sweep ends)
    yearly.csv           the same wide table as CSV, for spreadsheets
    tidy.parquet         long: point, replicate, levers, year, outcome, value (when the sweep ends)

A run file exists only when its run finished (written to a temporary name, then
``os.replace``); resuming recomputes exactly the runs whose file is missing.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from .design import Sweep

MANIFEST = "manifest.json"
RUNS = "runs"


def run_id(point: int, replicate: int) -> str:
    return f"p{point:04d}_r{replicate:03d}"


def run_path(out: Path, rid: str) -> Path:
    return out / RUNS / f"{rid}.parquet"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def write_run(runs_dir: Path, rid: str, df: pd.DataFrame) -> None:
    """Write one run's yearly rows to ``runs/<rid>.parquet`` atomically."""
    tmp = runs_dir / f".{rid}.{os.getpid()}.tmp"
    df.to_parquet(tmp, index=False, engine="pyarrow", compression="zstd")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, runs_dir / f"{rid}.parquet")


def finished_runs(out: Path) -> set[str]:
    d = out / RUNS
    if not d.is_dir():
        return set()
    return {p.name[: -len(".parquet")] for p in d.iterdir() if p.name.endswith(".parquet") and not p.name.startswith(".")}


def clean_tmp(out: Path) -> None:
    d = out / RUNS
    if d.is_dir():
        for p in d.iterdir():
            if p.name.startswith(".") and p.name.endswith(".tmp"):
                p.unlink(missing_ok=True)


def read_manifest(out: Path) -> dict[str, Any] | None:
    p = out / MANIFEST
    if not p.exists():
        return None
    return json.loads(p.read_text(encoding="utf-8"))


def manifest(sw: Sweep, sweep_hash: str, done: set[str], state: str, attempts: list[dict[str, Any]],
             created: str) -> dict[str, Any]:
    from .. import __version__
    from ..provenance import provenance
    from ..runner import seed_info

    runs = [{"run": run_id(i, k), "point": i, "replicate": k,
             "status": "done" if run_id(i, k) in done else "pending"}
            for i in range(len(sw.points)) for k in range(sw.replicates)]
    return {
        "cadresim_version": __version__, **provenance(), "format": 1, "name": sw.name, "question": sw.question,
        "source": sw.source, "sweep_hash": sweep_hash, "state": state, "created": created,
        "updated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seed": sw.seed, "replicates": sw.replicates, "years": sw.years,
        "base": {"name": sw.base.name, "source": sw.base.source, "changed": sw.base.changed()},
        "design": {"kind": sw.design, "samples": sw.samples, "design_seed": sw.design_seed,
                   "levers": sw.levers, "fixed": sw.fixed},
        "points": [{"point": i, **pt} for i, pt in enumerate(sw.points)],
        "seeds": [{"replicate": k, **seed_info(s)} for k, s in enumerate(sw.seed_sequences())],
        "n_runs": sw.n_runs, "n_done": len(done), "attempts": attempts, "runs": runs,
    }


def write_manifest(out: Path, m: dict[str, Any]) -> None:
    atomic_write_text(out / MANIFEST, json.dumps(m, indent=1, ensure_ascii=False, default=str) + "\n")


def design_frame(sw: Sweep) -> pd.DataFrame:
    import pandas as pd

    df = pd.DataFrame(sw.points, columns=sw.lever_keys) if sw.lever_keys else pd.DataFrame(index=range(len(sw.points)))
    df.insert(0, "point", range(len(sw.points)))
    return df


def consolidate(out: Path, sw: Sweep) -> None:
    """Gather the run files into ``yearly.parquet`` and ``yearly.csv`` (wide) and ``tidy.parquet`` (long)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..outputs import YEARLY_COLUMNS

    tables = [pq.ParquetFile(run_path(out, run_id(i, k))).read(use_threads=False)
              for i in range(len(sw.points)) for k in range(sw.replicates)]
    wide = pa.concat_tables(tables, promote_options="permissive").to_pandas()
    design = design_frame(sw)
    outcomes = [c for c in YEARLY_COLUMNS if c != "year"]
    front = ["point", "replicate", *sw.lever_keys, "year"]
    wide = wide.merge(design, on="point", how="left", sort=False)[front + outcomes]
    tmp = out / ".yearly.parquet.tmp"
    wide.to_parquet(tmp, index=False, engine="pyarrow", compression="zstd")
    os.replace(tmp, out / "yearly.parquet")
    tmp = out / ".yearly.csv.tmp"  # the same wide table for spreadsheets
    wide.to_csv(tmp, index=False)
    os.replace(tmp, out / "yearly.csv")

    k = len(outcomes)
    ids = {c: np.repeat(wide[c].to_numpy(), k) for c in front}
    tidy = pd.DataFrame(ids)
    tidy["outcome"] = pd.Categorical(np.tile(np.array(outcomes, dtype=object), len(wide)), categories=outcomes)
    tidy["value"] = wide[outcomes].to_numpy(dtype=float).ravel()
    tmp = out / ".tidy.parquet.tmp"
    tidy.to_parquet(tmp, index=False, engine="pyarrow", compression="zstd")
    os.replace(tmp, out / "tidy.parquet")


def load_results(out: str | Path, wide: bool = False) -> pd.DataFrame:
    """The tidy table of a finished sweep (point, replicate, levers, year, outcome, value).

    ``wide=True`` gives one row per point × replicate × year with a column per outcome.
    """
    import pandas as pd

    from ..cli import InputError

    out = Path(out)
    f = out / ("yearly.parquet" if wide else "tidy.parquet")
    if not f.exists():
        m = read_manifest(out)
        if m is None:
            raise InputError(f"{out}: not a sweep directory (no {MANIFEST})")
        raise InputError(f"{out}: the sweep is not finished ({m['n_done']}/{m['n_runs']} runs, state "
                         f"{m['state']!r}); re-run the same `cadresim sweep` command to resume it")
    return pd.read_parquet(f)

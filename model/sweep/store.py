"""Sweep results on disk: one Parquet file per finished run, a manifest, consolidated tables.

Layout of a sweep directory::

    manifest.json        design, seeds, hash of the resolved sweep, version, status of every run
    sweep.json           the resolved sweep (every point's full scenario)
    design.csv           point -> lever values
    runs/p0000_r000.parquet   one file per finished run (yearly rows), written atomically
    runs/p0000_r000.json      its identity (point, replicate, seed, scenario hash) and SHA-256
    yearly.parquet       wide: point, replicate, levers, year, every outcome (when the sweep ends)
    yearly.csv           the same wide table as CSV, for spreadsheets
    tidy.parquet         long: point, replicate, levers, year, outcome, value (when the sweep ends)

A run file exists only when its run finished (written to a temporary name, then
``os.replace``), and counts only when its record (``.json``) names the run it should be
and its bytes have the recorded checksum (`verify_run`). Resuming recomputes exactly the
runs that are missing or fail that check; consolidation reads only verified bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from .design import Sweep

from ..outdir import atomic_write_bytes, atomic_write_text, clean_tmp  # noqa: F401  (re-exported)

MANIFEST = "manifest.json"
RUNS = "runs"


def run_id(point: int, replicate: int) -> str:
    return f"p{point:04d}_r{replicate:03d}"


def run_path(out: Path, rid: str) -> Path:
    return out / RUNS / f"{rid}.parquet"


def record_path(out: Path, rid: str) -> Path:
    return out / RUNS / f"{rid}.json"


def scenario_hash(sc: Any) -> str:
    """SHA-256 of a scenario's resolved values (what decides a run besides its seed)."""
    return hashlib.sha256(json.dumps(sc.to_dict(), sort_keys=True, default=str).encode()).hexdigest()


def run_identity(point: int, replicate: int, seed: Any, scen_hash: str) -> dict[str, Any]:
    """What a run file must be: its point, replicate, seed (SeedSequence) and scenario hash."""
    return {"run": run_id(point, replicate), "point": point, "replicate": replicate,
            "seed": {"entropy": str(seed.entropy), "spawn_key": list(seed.spawn_key)}, "scenario": scen_hash}


def write_run(runs_dir: Path, rid: str, df: pd.DataFrame, identity: dict[str, Any]) -> None:
    """Write one run's rows to ``runs/<rid>.parquet`` and its record (identity + SHA-256), atomically."""
    buf = io.BytesIO()
    df.to_parquet(buf, index=False, engine="pyarrow", compression="zstd")
    data = buf.getvalue()
    rec = {**identity, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    # the record first, the Parquet file last: a run file on disk always has its record (a
    # kill between the two leaves a record alone, which counts as a run not yet done)
    atomic_write_text(runs_dir / f"{rid}.json", json.dumps(rec, sort_keys=True) + "\n")
    atomic_write_bytes(runs_dir / f"{rid}.parquet", data)


MAX_RUN_FILE = 256 * 2**20  # bytes; a run file is a few kB per simulated year


def verify_run(out: Path, rid: str, identity: dict[str, Any]) -> bytes | None:
    """The bytes of run `rid` if its file and record are intact and name `identity`; else None."""
    try:
        rec = json.loads(record_path(out, rid).read_text(encoding="utf-8"))
        if not isinstance(rec, dict) or any(rec.get(k) != v for k, v in identity.items()):
            return None
        path = run_path(out, rid)
        if path.stat().st_size != rec.get("bytes") or path.stat().st_size > MAX_RUN_FILE:
            return None
        data = path.read_bytes()
    except (OSError, ValueError):
        return None
    return data if hashlib.sha256(data).hexdigest() == rec.get("sha256") else None


def verified_runs(out: Path, identities: dict[str, dict[str, Any]]) -> tuple[set[str], set[str]]:
    """(runs whose file verifies, runs whose file does not); a record without its file is removed
    as an unfinished write (the run counts as missing)."""
    d = out / RUNS
    if not d.is_dir():
        return set(), set()
    present = finished_runs(out)
    for rec in d.glob("p*.json"):
        if rec.name[:-5] not in present:
            rec.unlink(missing_ok=True)
    good, bad = set(), set()
    for rid in sorted(present & set(identities)):
        (good if verify_run(out, rid, identities[rid]) is not None else bad).add(rid)
    return good, bad


def discard_run(out: Path, rid: str) -> None:
    run_path(out, rid).unlink(missing_ok=True)
    record_path(out, rid).unlink(missing_ok=True)


def finished_runs(out: Path) -> set[str]:
    """Runs that have a file (not yet verified)."""
    d = out / RUNS
    if not d.is_dir():
        return set()
    return {p.name[: -len(".parquet")] for p in d.iterdir() if p.name.endswith(".parquet") and not p.name.startswith(".")}


def read_manifest(out: Path) -> dict[str, Any] | None:
    """The manifest of sweep directory `out`, None if it has none; DamagedResultsError if unusable."""
    from ..errors import DamagedResultsError

    p = out / MANIFEST
    if not p.exists():
        return None
    try:
        if p.stat().st_size > 2**30:
            raise ValueError("larger than 1 GiB")
        m = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise DamagedResultsError(f"{p}: unreadable ({e})") from None
    if not isinstance(m, dict):
        raise DamagedResultsError(f"{p}: expected a JSON object, got {type(m).__name__}")
    return m


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


def consolidate(out: Path, sw: Sweep, identities: dict[str, dict[str, Any]]) -> None:
    """Gather the run files into ``yearly.parquet`` and ``yearly.csv`` (wide) and ``tidy.parquet`` (long).

    Every run's bytes are checked against its record as they are read (never an unverified file)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..errors import DamagedResultsError
    from ..outputs import YEARLY_COLUMNS

    tables = []
    for i in range(len(sw.points)):
        for k in range(sw.replicates):
            rid = run_id(i, k)
            data = verify_run(out, rid, identities[rid])
            if data is None:
                raise DamagedResultsError(f"{run_path(out, rid)}: changed after it was verified; run the sweep again")
            tables.append(pq.ParquetFile(pa.BufferReader(data)).read(use_threads=False))
    wide = pa.concat_tables(tables, promote_options="permissive").to_pandas()
    design = design_frame(sw)
    outcomes = [c for c in YEARLY_COLUMNS if c != "year"]
    front = ["point", "replicate", *sw.lever_keys, "year"]
    wide = wide.merge(design, on="point", how="left", sort=False)[front + outcomes]
    _write_parquet(out / "yearly.parquet", wide)
    atomic_write_bytes(out / "yearly.csv", wide.to_csv(index=False).encode("utf-8"))  # the same wide table for spreadsheets

    k = len(outcomes)
    ids = {c: np.repeat(wide[c].to_numpy(), k) for c in front}
    tidy = pd.DataFrame(ids)
    tidy["outcome"] = pd.Categorical(np.tile(np.array(outcomes, dtype=object), len(wide)), categories=outcomes)
    tidy["value"] = wide[outcomes].to_numpy(dtype=float).ravel()
    _write_parquet(out / "tidy.parquet", tidy)


def _write_parquet(path: Path, df: pd.DataFrame) -> None:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False, engine="pyarrow", compression="zstd")
    atomic_write_bytes(path, buf.getvalue())


def load_results(out: str | Path, wide: bool = False) -> pd.DataFrame:
    """The tidy table of a finished sweep (point, replicate, levers, year, outcome, value).

    ``wide=True`` gives one row per point × replicate × year with a column per outcome.
    """
    import pandas as pd

    from ..errors import DamagedResultsError, InputError

    out = Path(out)
    f = out / ("yearly.parquet" if wide else "tidy.parquet")
    if not f.exists():
        m = read_manifest(out)
        if m is None:
            raise InputError(f"{out}: not a sweep directory (no {MANIFEST})")
        raise InputError(f"{out}: the sweep is not finished ({m['n_done']}/{m['n_runs']} runs, state "
                         f"{m['state']!r}); re-run the same `cadresim sweep` command to resume it")
    try:
        return pd.read_parquet(f)
    except (OSError, ValueError) as e:
        raise DamagedResultsError(f"{f}: unreadable ({e}); run the sweep again to rebuild it") from None

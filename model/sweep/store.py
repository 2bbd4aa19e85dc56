"""Sweep results on disk: one Parquet file per finished run, a manifest, consolidated tables.

Layout of a sweep directory::

    manifest.json        design, seeds, hash of the resolved sweep, version, status of every run
    sweep.json           the resolved sweep (every point's full scenario)
    design.csv           point -> lever values
    runs/p0000_r000.parquet   one file per finished chunk of runs (their yearly rows), written
                              atomically, named after its first run
    runs/p0000_r000.json      its record: each run's identity (point, replicate, seed, sweep
                              hash) and the SHA-256 of the Parquet bytes
    yearly.parquet       wide: point, replicate, levers, year, every outcome (when the sweep ends)
    yearly.csv           the same wide table as CSV, for spreadsheets
    tidy.parquet         long: point, replicate, levers, year, outcome, value (when the sweep ends)

A chunk file exists only when all its runs finished (written to a temporary name, then
``os.replace``), and counts only when its record (``.json``) names runs this sweep expects
and its bytes have the recorded checksum (`verify_chunk`). Resuming recomputes exactly the
runs that are in no verified chunk; consolidation reads only verified bytes.
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

from ..outdir import atomic_write_bytes, atomic_write_text, atomic_writer, clean_tmp  # noqa: F401  (re-exported)

MANIFEST = "manifest.json"
RUNS = "runs"
RECORD_FORMAT = 2


def run_id(point: int, replicate: int) -> str:
    return f"p{point:04d}_r{replicate:03d}"


def run_path(out: Path, name: str) -> Path:
    """The Parquet file of the chunk called `name` (the id of its first run)."""
    return out / RUNS / f"{name}.parquet"


def record_path(out: Path, name: str) -> Path:
    return out / RUNS / f"{name}.json"


def scenario_hash(sc: Any) -> str:
    """SHA-256 of a scenario's resolved values (what decides a run besides its seed)."""
    return hashlib.sha256(json.dumps(sc.to_dict(), sort_keys=True, default=str).encode()).hexdigest()


def run_identity(point: int, replicate: int, seed: Any, sweep_hash: str) -> dict[str, Any]:
    """What a run must be: its point, replicate, seed (SeedSequence) and the sweep's hash
    (which fixes the point's scenario)."""
    return {"run": run_id(point, replicate), "point": point, "replicate": replicate,
            "seed": {"entropy": str(seed.entropy), "spawn_key": list(seed.spawn_key)}, "sweep": sweep_hash}


class Identities:
    """The identity every run of a sweep must have, computed when asked (none are stored)."""

    def __init__(self, sweep_hash: str, seeds: list[Any], n_points: int) -> None:
        self.sweep_hash, self.seeds, self.n_points = sweep_hash, seeds, n_points

    def __call__(self, point: Any, replicate: Any) -> dict[str, Any] | None:
        ok = all(isinstance(x, int) and not isinstance(x, bool) for x in (point, replicate))
        if not ok or not (0 <= point < self.n_points and 0 <= replicate < len(self.seeds)):
            return None
        return run_identity(point, replicate, self.seeds[replicate], self.sweep_hash)


def write_chunk(runs_dir: Path, name: str, df: pd.DataFrame, identities: list[dict[str, Any]]) -> None:
    """Write a chunk of runs (their yearly rows, one Parquet file) and its record, atomically.

    The record lists each run's identity and the SHA-256 of the Parquet bytes. One file and
    one fsync per chunk, not per run; a kill mid-chunk loses that chunk only."""
    buf = io.BytesIO()
    df.to_parquet(buf, index=False, engine="pyarrow", compression="zstd")
    data = buf.getvalue()
    rec = {"format": RECORD_FORMAT, "file": name, "runs": identities, "sha256": hashlib.sha256(data).hexdigest(),
           "bytes": len(data)}
    # the record first, the Parquet file last: a chunk file on disk always has its record (a
    # kill between the two leaves a record alone, which counts as runs not yet done)
    atomic_write_text(runs_dir / f"{name}.json", json.dumps(rec, sort_keys=True) + "\n")
    atomic_write_bytes(runs_dir / f"{name}.parquet", data)


MAX_RUN_FILE = 256 * 2**20  # bytes of one chunk file (a run is a few kB per simulated year)
MAX_RECORD = 64 * 2**20


def verify_chunk(out: Path, name: str, expect: Identities) -> tuple[bytes, list[tuple[int, int]]] | None:
    """(bytes, runs) of chunk `name` if its file and record are intact and every run it lists
    is one this sweep expects (point, replicate, seed, sweep hash); else None."""
    try:
        rp = record_path(out, name)
        if rp.stat().st_size > MAX_RECORD:
            return None
        rec = json.loads(rp.read_text(encoding="utf-8"))
        if (not isinstance(rec, dict) or rec.get("format") != RECORD_FORMAT or rec.get("file") != name
                or not isinstance(rec.get("runs"), list) or not rec["runs"]):
            return None
        runs = []
        for r in rec["runs"]:
            if not isinstance(r, dict) or r != expect(r.get("point"), r.get("replicate")):
                return None
            runs.append((r["point"], r["replicate"]))
        path = run_path(out, name)
        size = path.stat().st_size
        if size != rec.get("bytes") or size > MAX_RUN_FILE:
            return None
        data = path.read_bytes()
    except (OSError, ValueError):
        return None
    return (data, runs) if hashlib.sha256(data).hexdigest() == rec.get("sha256") else None


def verify_run(out: Path, name: str, expect: Identities) -> bytes | None:
    """The bytes of chunk file `name` if it verifies (see `verify_chunk`), else None."""
    v = verify_chunk(out, name, expect)
    return None if v is None else v[0]


def scan_runs(out: Path, expect: Identities) -> tuple[Any, list[str], list[str]]:
    """(runs done: a bool array points × replicates, chunks that verify, chunks that do not).
    A record without its Parquet file
    is removed as an unfinished write; a chunk repeating a run another chunk holds counts as
    not verified (it is deleted, nothing is lost)."""
    import numpy as np

    done = np.zeros((expect.n_points, len(expect.seeds)), dtype=bool)
    d = out / RUNS
    if not d.is_dir():
        return done, [], []
    present = finished_runs(out)
    for rec in d.glob("p*.json"):
        if rec.name[:-5] not in present:
            rec.unlink(missing_ok=True)
    good, bad = [], []
    for name in sorted(present):
        v = verify_chunk(out, name, expect)
        if v is None or len(set(v[1])) != len(v[1]) or any(done[r] for r in v[1]):
            bad.append(name)
        else:
            for r in v[1]:
                done[r] = True
            good.append(name)
    return done, good, bad


def discard_run(out: Path, name: str) -> None:
    run_path(out, name).unlink(missing_ok=True)
    record_path(out, name).unlink(missing_ok=True)


def finished_runs(out: Path) -> set[str]:
    """Chunk files present (not yet verified)."""
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


def manifest(sw: Sweep, sweep_hash: str, n_done: int, state: str, attempts: list[dict[str, Any]],
             created: str, chunks: int = 0) -> dict[str, Any]:
    """The sweep's state; its size does not grow with the design (points: design.csv, runs:
    the chunk files and their records)."""
    from .. import __version__
    from ..provenance import provenance

    return {
        "cadresim_version": __version__, **provenance(), "format": 1, "name": sw.name, "question": sw.question,
        "source": sw.source, "sweep_hash": sweep_hash, "state": state, "created": created,
        "updated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seed": sw.seed, "replicates": sw.replicates, "years": sw.years,
        "base": {"name": sw.base.name, "source": sw.base.source, "changed": sw.base.changed()},
        "design": {"kind": sw.design, "samples": sw.samples, "design_seed": sw.design_seed,
                   "levers": sw.levers, "fixed": sw.fixed},
        "n_points": sw.n_points,
        "n_runs": sw.n_runs, "n_done": int(n_done), "chunks": chunks, "attempts": attempts,
    }


def write_manifest(out: Path, m: dict[str, Any]) -> None:
    atomic_write_text(out / MANIFEST, json.dumps(m, indent=1, ensure_ascii=False, default=str) + "\n")


def design_frame(sw: Sweep) -> pd.DataFrame:
    import pandas as pd

    n = sw.n_points
    if sw.lever_keys:
        cols: dict[str, list[Any]] = {k: [] for k in sw.lever_keys}
        for pt in sw.points:  # one point at a time (a generated design is never a list)
            for k in cols:
                cols[k].append(pt.get(k, float("nan")))  # an explicit design may set only some levers
        df = pd.DataFrame(cols, columns=sw.lever_keys)
    else:
        df = pd.DataFrame(index=range(n))
    df.insert(0, "point", range(n))
    return df


BATCH_RUNS = 2048  # runs per row group of the consolidated tables (memory: this many runs at a time)


def consolidate(out: Path, sw: Sweep, chunks: list[str], expect: Identities, batch_runs: int = BATCH_RUNS) -> None:
    """Gather the chunk files into ``yearly.parquet`` and ``yearly.csv`` (wide) and ``tidy.parquet`` (long).

    Every chunk's bytes are checked against its record as they are read (never an unverified
    file); rows are put in (point, replicate, year) order, so the tables do not depend on
    how runs were grouped into chunks, on workers or on the executor. The tables are written
    `batch_runs` runs at a time (one Parquet row group each), holding only the chunk files
    those runs are in: a sweep of a million runs is consolidated in bounded memory."""
    import numpy as np
    import pyarrow.parquet as pq

    from ..errors import DamagedResultsError

    n_points, reps = sw.n_points, sw.replicates
    owner = np.full(n_points * reps, -1, dtype=np.int64)  # run (point * replicates + replicate) -> chunk
    last = np.zeros(len(chunks), dtype=np.int64)  # each chunk's last run, to let it go once passed
    for ci, name in enumerate(chunks):
        v = verify_chunk(out, name, expect)
        if v is None:
            raise DamagedResultsError(f"{run_path(out, name)}: changed after it was verified; run the sweep again")
        flat = [p * reps + k for p, k in v[1]]
        owner[flat] = ci
        last[ci] = max(flat)
    if (owner < 0).any():
        raise DamagedResultsError(f"{out / RUNS}: {int((owner < 0).sum())} run(s) missing; run the sweep again")
    design = design_frame(sw)
    loaded: dict[int, Any] = {}
    from concurrent.futures import ThreadPoolExecutor

    # the three tables of a batch are written at once (pyarrow writes without holding the GIL)
    with atomic_writer(out / "yearly.parquet") as fw, atomic_writer(out / "yearly.csv") as fc, \
            atomic_writer(out / "tidy.parquet") as ft, ThreadPoolExecutor(3) as pool:
        writers: list[Any] = []
        for start in range(0, n_points * reps, batch_runs):
            end = min(start + batch_runs, n_points * reps)
            need = np.unique(owner[start:end])
            for ci in need:
                if ci not in loaded:
                    loaded[int(ci)] = _read_chunk(out, chunks[ci], expect, reps)
            wide, tidy = _tables(loaded, need, start, end, design, sw.lever_keys)
            for ci in need:
                if last[ci] < end:
                    del loaded[int(ci)]
            wide_t = _arrow_table(wide, writers[0].schema if writers else None)
            tidy = tidy if not writers else _conform(tidy, writers[1].schema)
            if not writers:
                writers = [pq.ParquetWriter(fw, wide_t.schema, compression="zstd"),
                           pq.ParquetWriter(ft, tidy.schema, compression="zstd")]
            jobs = [pool.submit(writers[0].write_table, wide_t), pool.submit(writers[1].write_table, tidy),
                    pool.submit(lambda w=wide, h=start == 0: fc.write(_csv_bytes(w, header=h)))]  # the same wide table
            for j in jobs:
                j.result()
        for w in writers:
            w.close()


def _csv_bytes(df: Any, header: bool) -> bytes:
    """`df` as CSV (UTF-8, comma, quoted only where needed, NaN empty), by pyarrow's writer:
    about 9× faster than pandas' on a sweep's wide table. Numbers are written in their
    shortest round-trip form (4605826.0 as ``4605826``): read back, every value is the same."""
    import csv
    import io

    import pyarrow as pa
    import pyarrow.csv as pcsv

    buf = io.BytesIO()
    if header:
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerow([str(c) for c in df.columns])
        buf.write(text.getvalue().encode("utf-8"))
    pcsv.write_csv(pa.Table.from_pandas(df, preserve_index=False), buf,
                   write_options=pcsv.WriteOptions(include_header=False, quoting_style="needed"))
    return buf.getvalue()


def _read_chunk(out: Path, name: str, expect: Identities, reps: int) -> Any:
    """A verified chunk's rows with their run number (``_run`` = point * replicates + replicate)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..errors import DamagedResultsError

    v = verify_chunk(out, name, expect)
    if v is None:
        raise DamagedResultsError(f"{run_path(out, name)}: changed after it was verified; run the sweep again")
    df = pq.ParquetFile(pa.BufferReader(v[0])).read(use_threads=False).to_pandas()
    df["_run"] = df["point"].to_numpy() * reps + df["replicate"].to_numpy()
    return df


def _tables(loaded: dict[int, Any], need: Any, start: int, end: int, design: Any, levers: list[str]) -> tuple[Any, Any]:
    """The wide rows (a DataFrame) and the tidy rows (a pyarrow Table, with the schema pandas
    would give it: ``outcome`` categorical) of runs start..end-1, in run order (years in order
    within a run)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    from ..outputs import YEARLY_COLUMNS

    parts = [loaded[int(ci)] for ci in need]
    parts = [d[(d["_run"] >= start) & (d["_run"] < end)] for d in parts]
    wide = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)
    wide = wide.sort_values("_run", kind="stable").reset_index(drop=True)  # a run's rows are one chunk's, in order
    outcomes = [c for c in YEARLY_COLUMNS if c != "year"]
    front = ["point", "replicate", *levers, "year"]
    wide = wide.merge(design, on="point", how="left", sort=False)[front + outcomes]
    k = len(outcomes)
    shape = pd.DataFrame({c: wide[c].iloc[:0] for c in front})  # pandas' schema, from no rows
    shape["outcome"] = pd.Categorical([], categories=outcomes)
    shape["value"] = np.empty(0)
    schema = pa.Schema.from_pandas(shape, preserve_index=False)
    codes = pa.array(np.tile(np.arange(k, dtype=np.int8), len(wide)), type=pa.int8())
    arrays = [pa.array(_repeat_each(wide[c].to_numpy(), k), type=schema.field(c).type) for c in front]
    arrays += [pa.DictionaryArray.from_arrays(codes, pa.array(outcomes, type=pa.string())),
               pa.array(wide[outcomes].to_numpy(dtype=float).ravel())]
    return wide, pa.Table.from_arrays(arrays, schema=schema)


def _repeat_each(x: Any, k: int) -> Any:
    """``np.repeat(x, k)`` by a broadcast copy (about 3× faster for a 1-D column)."""
    import numpy as np

    out = np.empty((len(x), k), dtype=x.dtype)
    out[:] = x[:, None]
    return out.reshape(-1)


def _arrow_table(df: Any, schema: Any) -> Any:
    """`df` as a pyarrow Table (`schema`: the first batch's; a column of another type is damage)."""
    import pyarrow as pa

    from ..errors import DamagedResultsError

    try:
        return pa.Table.from_pandas(df, schema=schema, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as e:  # a column whose type differs from the first batch's
        raise DamagedResultsError(f"run files disagree on a column's type ({e}); run the sweep again") from None


def _conform(table: Any, schema: Any) -> Any:
    """`table` checked against the first batch's `schema` (a different type is damage)."""
    from ..errors import DamagedResultsError

    if not table.schema.equals(schema, check_metadata=False):
        raise DamagedResultsError(f"run files disagree on a column's type ({table.schema} vs {schema}); "
                                  "run the sweep again")
    return table.replace_schema_metadata(schema.metadata)


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

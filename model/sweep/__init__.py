"""Batch sweeps: design points × replicates, on all cores or a Dask cluster, resumable.

    from cadresim import sweep, load_results
    res = sweep("scenarios/sweep_terms_pay.toml", out="out/terms_pay", workers=2)
    tidy = load_results("out/terms_pay")      # point, replicate, levers, year, outcome, value

Replicate k of every design point uses the same seed (common random numbers). The design
is made point by point as runs are handed out (never a list of every point or scenario).
Each finished chunk of runs is one Parquet file written atomically, with a record of its
runs' identities and its checksum; running the same sweep again on the same directory
continues where it stopped, recomputes nothing that finished and verified, and recomputes
the runs of any damaged chunk file.
"""

from __future__ import annotations

import numbers
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .design import Sweep, parse_sweep
from .store import load_results

__all__ = ["Sweep", "SweepResult", "load_results", "parse_sweep", "sweep"]

EXECUTORS = ("local", "dask")


@dataclass
class SweepResult:
    """Where a sweep's results are and what this call did."""

    out: Path
    sweep: Sweep = field(repr=False)
    n_runs: int
    computed: int
    reused: int
    wall_s: float
    timings: dict[str, float] = field(default_factory=dict)  # seconds: prepare, runs, consolidate

    @property
    def tidy(self):
        """The tidy (long) table: point, replicate, levers, year, outcome, value."""
        return load_results(self.out)

    @property
    def wide(self):
        """One row per point × replicate × year, one column per outcome."""
        return load_results(self.out, wide=True)

    @property
    def design(self):
        from .store import design_frame

        return design_frame(self.sweep)


def _check_options(executor: str | None, scheduler: str | None, workers: int | None,
                   chunk_size: int | None = None) -> tuple[str, int]:
    from ..errors import InputError, check_int_arg
    from .executors import default_workers

    if chunk_size is not None:
        check_int_arg(chunk_size, "chunk_size", 1)

    if executor is None:
        executor = "dask" if scheduler else "local"
    if executor not in EXECUTORS:
        raise InputError(f"--executor: expected one of {', '.join(EXECUTORS)}, got {executor!r}")
    if scheduler and executor != "dask":
        raise InputError("--scheduler: only used with --executor dask")
    if scheduler is not None and not (isinstance(scheduler, str) and "://" in scheduler):
        raise InputError(f"--scheduler: expected an address like tcp://HOST:PORT, got {scheduler!r}")
    if workers is None:
        workers = default_workers()
    if isinstance(workers, bool) or not isinstance(workers, numbers.Integral) or workers < 1:
        raise InputError(f"--workers: expected an integer ≥ 1, got {workers!r}")
    return executor, int(workers)


def _prepare_out(out: Path, sweep_hash: str, sw: Sweep) -> dict[str, Any] | None:
    """Refuse a directory that holds something else; return its manifest when resuming."""
    import json

    from .. import __version__
    from ..errors import DamagedResultsError, InputError
    from ..outdir import LOCK_NAME
    from .store import MANIFEST, read_manifest

    if not out.exists():
        return None
    if not out.is_dir():
        raise InputError(f"--out {out}: exists and is not a directory")
    try:
        m = read_manifest(out)
    except DamagedResultsError as e:
        raise DamagedResultsError(f"--out {out}: {e}; use another --out") from None
    if m is None:
        if any(p.name != LOCK_NAME for p in out.iterdir()):
            raise InputError(f"--out {out}: not empty and not a sweep directory (no {MANIFEST}); use another --out")
        return None
    if m.get("sweep_hash") != sweep_hash:
        from .design import FORMAT

        try:
            fmt = json.loads((out / "sweep.json").read_text(encoding="utf-8")).get("format")
        except (OSError, ValueError, AttributeError):
            fmt = None
        if isinstance(fmt, int) and fmt < FORMAT:
            raise InputError(f"--out {out}: written by an older cadresim (sweep format {fmt}, now {FORMAT}: runs are "
                             "stored a chunk per file); use another --out, or delete that directory")
        raise InputError(f"--out {out}: holds results of a different sweep ({m.get('name')!r} from {m.get('source')}, "
                         f"hash {str(m.get('sweep_hash'))[:12]}; this sweep {sw.name!r} has hash {sweep_hash[:12]}); "
                         "use another --out, or delete that directory")
    if m.get("cadresim_version") != __version__:
        print(f"cadresim sweep: warning: {out} was started with cadresim {m.get('cadresim_version')}, "
              f"resuming with {__version__}", file=sys.stderr)
    return m


def sweep(spec: str | Path | Mapping[str, Any] | Sweep, *, out: str | Path | None = None, workers: int | None = None,
          executor: str | None = None, scheduler: str | None = None, progress: bool = True,
          chunk_size: int | None = None) -> SweepResult:
    """Run a sweep (a sweep file, or a dict with its ``sweep``/``fixed``/``levers`` tables).

    ``workers``: processes (default all cores; 1 runs in this process). ``executor``:
    "local" or "dask"; with "dask", ``scheduler`` is an existing cluster's address
    (tcp://HOST:PORT), else a local Dask cluster is started. ``out`` (default
    ``out/<name>``, the name made safe): an existing directory of the same sweep is resumed;
    it is locked while the sweep runs (a second writer gets `OutputLockedError`) and every
    reused run file is verified first (a damaged one is recomputed). The scheduler must be a
    cluster you trust: Dask unpickles what it sends back.
    """
    from ..outdir import check_out_path, default_out, locked

    sw = spec if isinstance(spec, Sweep) else parse_sweep(spec)
    executor, workers = _check_options(executor, scheduler, workers, chunk_size)
    out = check_out_path(out) if out is not None else default_out("out", sw.name)
    with locked(out, "sweep"):  # one writer per directory, for the whole sweep; proves it writable
        return _sweep_locked(sw, out, executor, workers, scheduler, progress, chunk_size)


def _tasks(sw: Sweep, done: Any, seeds: list[Any], expect: Any) -> Iterator[Any]:
    """The runs still to do, point by point, made as they are consumed (a point's scenario is
    built once, when its first missing run is reached; nothing is kept after its chunk is sent)."""
    from .executors import Task
    from .store import run_id

    for i in range(sw.n_points):
        sc = None
        for k in range(sw.replicates):
            if done[i, k]:
                continue
            if sc is None:
                sc = sw.scenarios[i]
            yield Task(run_id(i, k), i, k, sc, seeds[k], sw.years, expect(i, k))


def _sweep_locked(sw: Sweep, out: Path, executor: str, workers: int, scheduler: str | None, progress: bool,
                  chunk_size: int | None) -> SweepResult:
    import json

    from ..errors import as_expected, environment_failure
    from ..runner import seed_info
    from .executors import chunks, run_dask, run_local
    from .store import (
        RUNS,
        Identities,
        atomic_write_text,
        clean_tmp,
        consolidate,
        design_frame,
        discard_run,
        manifest,
        scan_runs,
        write_chunk,
        write_manifest,
    )

    h = sw.hash()
    old = _prepare_out(out, h, sw)

    t0 = time.perf_counter()
    runs_dir = out / RUNS
    seeds = sw.seed_sequences()
    try:
        runs_dir.mkdir(parents=True, exist_ok=True)
        clean_tmp(out)
        clean_tmp(runs_dir)
        atomic_write_text(out / "sweep.json", json.dumps(
            {"name": sw.name, "source": sw.source, "hash": h, **sw.resolved(),
             "seeds": [{"replicate": k, **seed_info(s)} for k, s in enumerate(seeds)]},
            indent=1, default=str) + "\n")
        atomic_write_text(out / "design.csv", design_frame(sw).to_csv(index=False))
    except OSError as e:
        raise environment_failure(e, out) from None

    expect = Identities(h, seeds, sw.n_points)
    done, good, bad = scan_runs(out, expect)
    for name in bad:
        discard_run(out, name)
    if bad:
        print(f"cadresim sweep: {len(bad)} run file(s) in {out} failed verification (damaged, truncated or not "
              "the runs they claim); recomputing their runs", file=sys.stderr)
    reused = int(done.sum())
    n_done = [reused]
    n_todo = sw.n_runs - reused
    created = (old or {}).get("created") or time.strftime("%Y-%m-%dT%H:%M:%S%z")
    attempts = list((old or {}).get("attempts", []))
    attempt = {"started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "executor": executor, "workers": workers,
               "scheduler": scheduler, "reused": reused, "recomputed_damaged": len(bad), "to_run": n_todo,
               "computed": 0}
    attempts.append(attempt)
    try:
        write_manifest(out, manifest(sw, h, n_done[0], "running", attempts, created, len(good)))
    except OSError as e:
        raise environment_failure(e, out) from None

    from tqdm.auto import tqdm

    bar = tqdm(total=sw.n_runs, initial=reused, desc=sw.name, unit="run", disable=not progress,
               dynamic_ncols=True, smoothing=0.05)
    last = [time.monotonic()]
    expect_rid = {}

    def on_done(result: tuple[str, list[str], Any]) -> None:
        name, rids, rows = result
        if rows is not None:  # Dask: the rows came back, this process writes the chunk file
            write_chunk(runs_dir, name, rows, expect_rid.pop(name))
        good.append(name)
        n_done[0] += len(rids)
        attempt["computed"] += len(rids)
        bar.update(len(rids))
        if time.monotonic() - last[0] > 5:
            last[0] = time.monotonic()
            write_manifest(out, manifest(sw, h, n_done[0], "running", attempts, created, len(good)))

    def parts() -> Iterator[list[Any]]:
        for c in chunks(_tasks(sw, done, seeds, expect), workers, chunk_size, n_tasks=n_todo):
            if executor == "dask":
                expect_rid[c[0].rid] = [t.identity for t in c]
            yield c

    t1 = time.perf_counter()
    try:
        if n_todo:
            if executor == "dask":
                run_dask(parts(), scheduler, workers, on_done, key_prefix=f"cadresim-{h[:10]}")
            else:
                run_local(parts(), runs_dir, workers, on_done)
        bar.close()
        t2 = time.perf_counter()
        consolidate(out, sw, good, expect)
    except BaseException as e:
        bar.close()
        err = as_expected(e) if isinstance(e, Exception) else None
        attempt["ended"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        state = "interrupted" if isinstance(e, KeyboardInterrupt) else "failed"
        attempt["error"] = f"{type(e).__name__}: {e}" if err is None else str(err)
        try:
            clean_tmp(out)
            clean_tmp(runs_dir)
            m = manifest(sw, h, n_done[0], state, attempts, created, len(good))
            m["error"] = attempt["error"]
            write_manifest(out, m)
        except OSError:  # the disk that failed the sweep may refuse the manifest too
            pass
        if err is not None and err is not e:
            raise err from None
        raise
    attempt["ended"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    try:
        write_manifest(out, manifest(sw, h, n_done[0], "complete", attempts, created, len(good)))
    except OSError as e:
        raise environment_failure(e, out) from None
    t3 = time.perf_counter()
    return SweepResult(out, sw, sw.n_runs, attempt["computed"], reused, t3 - t0,
                       {"prepare": t1 - t0, "runs": t2 - t1, "consolidate": t3 - t2})

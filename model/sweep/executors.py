"""Where a sweep's runs execute: this process, a local process pool, or a Dask cluster.

Runs are grouped into chunks (a few runs each) so that short runs keep the workers busy.
Every executor calls the same `run_chunk`, and a run's result depends only on its scenario
and seed, so the files on disk are the same whatever the executor and number of workers.
Local workers write their run files themselves (same disk); Dask workers, which may be on
other machines, send the rows back and this process writes them.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import multiprocessing as mp
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


@dataclass(frozen=True)
class Task:
    rid: str
    point: int
    replicate: int
    scenario: Any  # Scenario
    seed: np.random.SeedSequence
    years: int
    identity: dict[str, Any] = field(default_factory=dict, compare=False)  # what its record says


Job = tuple[Any, np.random.SeedSequence, int]  # (Scenario, SeedSequence, replicate)


def compute_chunk(jobs: Sequence[Job], years: int | None = None) -> list[Any]:
    """The yearly rows (a DataFrame each, in job order) of a chunk of ``(scenario, seed, replicate)`` jobs.

    `cadresim.batch.run_batch` holds the jobs of a chunk that share a scenario as blocks of
    one array world (`map_jobs` uses this; a sweep's chunks use `chunk_rows`, the same rows). A job's rows depend only on its
    scenario, seed and replicate, never on the chunk it is in."""
    from ..batch import run_batch

    return run_batch(jobs, years)


def chunk_rows(jobs: Sequence[Job], years: int | None = None) -> tuple[Any, Any]:
    """All rows of a chunk of jobs in one table, job after job, and each row's job position.

    The one place every sweep executor computes runs (`cadresim.batch.batch_rows`: the same
    rows as `compute_chunk`'s tables stacked, without a table per run)."""
    from ..batch import batch_rows

    return batch_rows(jobs, years)


def run_chunk(chunk: Sequence[Task], runs_dir: str | None) -> tuple[str, list[str], Any]:
    """Run a chunk: (its name, its run ids, its rows or None).

    With `runs_dir` the chunk's file is written there (local workers share the disk) and no
    rows come back; without it (Dask) the rows come back and the caller writes them."""
    from .store import write_chunk

    years = chunk[0].years
    assert all(t.years == years for t in chunk)
    rows, job = chunk_rows([(t.scenario, t.seed, t.replicate) for t in chunk], years)
    rows = rows.drop(columns=["replicate", "point"], errors="ignore")
    rows.insert(0, "replicate", np.array([t.replicate for t in chunk], dtype=np.int64)[job])
    rows.insert(0, "point", np.array([t.point for t in chunk], dtype=np.int64)[job])
    name, rids = chunk[0].rid, [t.rid for t in chunk]
    if runs_dir is None:
        return name, rids, rows
    write_chunk(Path(runs_dir), name, rows, [t.identity for t in chunk])
    return name, rids, None


def chunk_size_for(n_tasks: int, workers: int, size: int | None = None) -> int:
    """`size`, or about `CHUNKS_PER_WORKER` chunks per worker of at most `MAX_CHUNK` runs.

    Large chunks pay: a chunk's replicates of one point are blocks of one array world, and a
    world of 100 county replicates costs about 60 % of one of 8 per run. A few chunks per
    worker still keep the workers busy to the end (and the progress bar moving)."""
    if size is not None:
        return size
    return max(1, min(MAX_CHUNK, math.ceil(n_tasks / (max(workers, 1) * CHUNKS_PER_WORKER))))


MAX_CHUNK = 256  # = compute.BATCH_BLOCKS: a larger chunk would be several worlds anyway
CHUNKS_PER_WORKER = 4


def chunks(tasks: Iterable[Task], workers: int, size: int | None = None, n_tasks: int | None = None
           ) -> Iterator[list[Task]]:
    """Split tasks (any iterable in point order, consumed lazily) into chunks of at most
    `chunk_size_for` runs.

    A point with at least that many runs to do is cut into near-equal chunks of its own (one
    world each, none a small remainder); points with fewer are packed together in order."""
    if n_tasks is None:
        tasks = list(tasks)
        n_tasks = len(tasks)
    k = chunk_size_for(n_tasks, workers, size)
    buf: list[Task] = []
    for _, group in itertools.groupby(tasks, key=lambda t: t.point):
        g = list(group)
        if len(g) < k:
            buf += g
            while len(buf) >= k:
                yield buf[:k]
                buf = buf[k:]
            continue
        if buf:
            yield buf
            buf = []
        m = math.ceil(len(g) / k)
        bounds = [round(i * len(g) / m) for i in range(m + 1)]
        for a, b in itertools.pairwise(bounds):
            yield g[a:b]
    if buf:
        yield buf


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _worker_init(parent: int | None = None, one_thread: bool = False) -> None:
    # Ctrl-C goes to the whole process group: let only the parent react (it cancels what is
    # queued and records the sweep as interrupted); a worker finishes its chunk and exits.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)
    if one_thread:  # forked from a process whose thread pool had started: see process_pool
        os.environ["CADRESIM_THREADS"] = "1"


def die_with_parent(parent: int | None) -> None:
    """Make this worker exit when process `parent` dies (kill -9, SIGTERM, crash).

    On Linux the kernel sends SIGKILL (``prctl(PR_SET_PDEATHSIG)``); everywhere a daemon
    thread also checks once a second that the parent is still ours (it covers the moment
    before the prctl and systems without it). Without this, pool workers of a killed sweep
    live on and keep writing run files.
    """
    import signal
    import threading
    import time

    if parent is None:
        return
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl: the thread still watches
            pass
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="cadresim-parent-watch", daemon=True).start()


def warm_up(task: Task) -> None:
    """Import the model and load its compiled loops here, once, before workers are forked:
    one year of `task`'s run, thrown away (a run depends only on its scenario and seed).

    A cold process spends about 2 s on this (Mesa's imports, Numba's cache); forked workers
    inherit it instead of each paying it. A failure is left to the worker that runs the task,
    which reports it as for any run. Not with threaded loops (``CADRESIM_THREADS``): Numba's
    thread pool does not survive a fork."""
    from .. import compute
    from ..batch import batch_rows

    if compute.threads() > 1:
        return
    try:
        batch_rows([(task.scenario, task.seed, task.replicate)], 1)
    except Exception:  # noqa: BLE001, S110 - only a speed-up; the run itself reports its error
        pass


def _mp_context():
    # fork is fastest (workers start with the model already imported); where it is absent
    # (macOS/Windows default to spawn) use the platform default.
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods and os.name == "posix" else None)


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes on this machine, for the sweeps, `map_jobs` and the
    calibration: forked where the platform can (`_mp_context`), Ctrl-C left to this process,
    each worker dying with it (`_worker_init`), and on one thread when forked from a process
    that has already run a threaded loop (`compute.pool_started`: GNU OpenMP's thread pool
    does not survive a fork, and a worker that ran a threaded loop would be killed — a notebook
    that ran a national model with `set_threads(2)`, then a sweep). The results are the same
    bits either way. Workers are forked at the first submit: do that inside `quiet_fork`."""
    from concurrent.futures import ProcessPoolExecutor

    from .. import compute

    ctx = _mp_context()
    one_thread = ctx.get_start_method() == "fork" and compute.pool_started()
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init,
                               initargs=(os.getpid(), one_thread))


@contextlib.contextmanager
def quiet_fork() -> Iterator[None]:
    """Python 3.12 warns that fork() with threads alive (tqdm's monitor, numba's pool) may
    deadlock; the children only run the model and write files, they take no lock those
    threads hold, so the warning is silenced while workers are forked."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
        yield


CONNECT_TIMEOUT_S = 10
Done = Callable[[tuple[str, list[str], Any]], None]


def run_inline(parts: Iterable[list[Task]], runs_dir: Path, on_done: Done) -> None:
    for c in parts:
        on_done(run_chunk(c, str(runs_dir)))


def run_local(parts: Iterable[list[Task]], runs_dir: Path, workers: int, on_done: Done) -> None:
    """A process pool on this machine; workers write their chunk files. `parts` is consumed
    lazily: at most two chunks per worker are made and queued at a time."""
    from concurrent.futures import FIRST_COMPLETED, wait

    if workers <= 1:
        return run_inline(parts, runs_dir, on_done)
    it: Iterator[list[Task]] = iter(parts)
    first = list(itertools.islice(it, 2 * workers))
    if not first:
        return None
    if _mp_context().get_start_method() == "fork":  # (inherited, not re-done by each worker)
        warm_up(first[0][0])
    with quiet_fork():
        ex = process_pool(min(workers, len(first)))
        try:
            # keep at most 2 chunks per worker queued, so Ctrl-C leaves little in flight
            pending = {ex.submit(run_chunk, c, str(runs_dir)) for c in first}
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    on_done(f.result())
                    nxt = next(it, None)
                    if nxt is not None:
                        pending.add(ex.submit(run_chunk, nxt, str(runs_dir)))
        except BaseException:
            ex.shutdown(wait=False, cancel_futures=True)
            raise
        ex.shutdown(wait=True)
    return None


def map_jobs(jobs: Sequence[Job], years: int | None, workers: int, chunk_size: int | None = None) -> list[Any]:
    """Rows of each ``(scenario, seed, replicate)`` job, in job order, on `workers` local
    processes (1: in this process); nothing is written to disk."""
    k = chunk_size_for(len(jobs), workers, chunk_size)
    parts = [list(jobs[i:i + k]) for i in range(0, len(jobs), k)]
    if workers <= 1 or len(parts) <= 1:
        return [df for p in parts for df in compute_chunk(p, years)]
    with quiet_fork(), process_pool(min(workers, len(parts))) as ex:
        return [df for res in ex.map(compute_chunk, parts, [years] * len(parts)) for df in res]


def run_dask(parts: Iterable[list[Task]], scheduler: str | None, workers: int, on_done: Done, key_prefix: str) -> None:
    """Run on a Dask distributed cluster (an existing one at `scheduler`, else a local one).

    Workers return the rows; this process writes the chunk files (workers need not share a
    disk with it, only have cadresim installed). At most two chunks per worker are in flight.
    A local cluster's processes die with this process (`die_with_parent`); on a cluster at
    `scheduler`, the scheduler drops this sweep's tasks when this process's connection ends.
    """
    from distributed import Client, LocalCluster, as_completed

    from ..errors import EnvironmentFailure

    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, set_as_default=False, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError) as e:
            raise EnvironmentFailure(f"--scheduler {scheduler}: cannot connect within {CONNECT_TIMEOUT_S} s "
                                     f"({type(e).__name__}: {' '.join(str(e).split())[:200]})") from None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)
        client = Client(cluster, set_as_default=False)
        client.run(_guard_worker, os.getpid())  # the same guard as pool workers (Dask's own pipe watch aside)
    try:
        nworkers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        it = iter(parts)
        futs = as_completed([client.submit(run_chunk, c, None, key=f"{key_prefix}-{c[0].rid}", pure=False)
                             for c in itertools.islice(it, 2 * nworkers)], loop=client.loop)
        try:
            for f in futs:
                on_done(f.result())
                f.release()
                nxt = next(it, None)
                if nxt is not None:
                    futs.add(client.submit(run_chunk, nxt, None, key=f"{key_prefix}-{nxt[0].rid}", pure=False))
        except BaseException:
            client.cancel(list(futs.futures))
            raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _guard_worker(parent: int) -> None:
    """In a local Dask cluster's worker process (whose parent is the sweep): exit when it dies."""
    if os.getppid() == parent:
        die_with_parent(parent)

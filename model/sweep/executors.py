"""Where a sweep's runs execute: this process, a local process pool, or a Dask cluster.

Runs are grouped into chunks (a few runs each) so that short runs keep the workers busy.
Every executor calls the same `run_chunk`, and a run's result depends only on its scenario
and seed, so the files on disk are the same whatever the executor and number of workers.
Local workers write their run files themselves (same disk); Dask workers, which may be on
other machines, send the rows back and this process writes them.
"""

from __future__ import annotations

import itertools
import math
import multiprocessing as mp
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Task:
    rid: str
    point: int
    replicate: int
    scenario: Any  # Scenario
    seed: np.random.SeedSequence
    years: int
    identity: dict[str, Any] = field(default_factory=dict, compare=False)  # what its run file records


def run_task(t: Task):
    """One run's yearly rows, with its point and replicate in front."""
    from ..runner import run_replicate

    df = run_replicate(t.scenario, t.seed, t.replicate, years=t.years)
    df = df.drop(columns=["replicate"], errors="ignore")
    df.insert(0, "replicate", t.replicate)
    df.insert(0, "point", t.point)
    return df.reset_index(drop=True)


def run_chunk(chunk: Sequence[Task], runs_dir: str | None) -> list[tuple[str, Any]]:
    """Run a chunk; write each run's file into `runs_dir`, or return the rows when it is None."""
    from .store import write_run

    out = []
    for t in chunk:
        df = run_task(t)
        if runs_dir is None:
            out.append((t.rid, df))
        else:
            write_run(Path(runs_dir), t.rid, df, t.identity)
            out.append((t.rid, None))
    return out


def chunks(tasks: Sequence[Task], workers: int, size: int | None = None) -> list[list[Task]]:
    """Split into chunks of `size` (default: about 20 chunks per worker, at most 16 runs each)."""
    if size is None:
        size = max(1, min(16, math.ceil(len(tasks) / (max(workers, 1) * 20))))
    return [list(tasks[i:i + size]) for i in range(0, len(tasks), size)]


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _worker_init(parent: int | None = None) -> None:
    # Ctrl-C goes to the whole process group: let only the parent react (it cancels what is
    # queued and records the sweep as interrupted); a worker finishes its chunk and exits.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)


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


def _mp_context():
    # fork is fastest (workers start with the model already imported); where it is absent
    # (macOS/Windows default to spawn) use the platform default.
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods and os.name == "posix" else None)


CONNECT_TIMEOUT_S = 10
Done = Callable[[list[tuple[str, Any]]], None]


def run_inline(tasks: Sequence[Task], runs_dir: Path, on_done: Done) -> None:
    for t in tasks:
        on_done(run_chunk([t], str(runs_dir)))


def run_local(tasks: Sequence[Task], runs_dir: Path, workers: int, on_done: Done,
              chunk_size: int | None = None) -> None:
    """A process pool on this machine; workers write their run files."""
    import warnings
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    if workers <= 1:
        return run_inline(tasks, runs_dir, on_done)
    parts = chunks(tasks, workers, chunk_size)
    with warnings.catch_warnings():
        # Python 3.12 warns that fork() with threads alive (tqdm's monitor) may deadlock; the
        # children only run the model and write files, they take no lock those threads hold.
        warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
        ex = ProcessPoolExecutor(max_workers=min(workers, len(parts)), mp_context=_mp_context(),
                                 initializer=_worker_init, initargs=(os.getpid(),))
        try:
            # keep at most 2 chunks per worker queued, so Ctrl-C leaves little in flight
            it: Iterator[list[Task]] = iter(parts)
            pending = set()
            for c in itertools.islice(it, 2 * workers):
                pending.add(ex.submit(run_chunk, c, str(runs_dir)))
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


def run_dask(tasks: Sequence[Task], scheduler: str | None, workers: int, on_done: Done, key_prefix: str,
             chunk_size: int | None = None) -> None:
    """Run on a Dask distributed cluster (an existing one at `scheduler`, else a local one).

    Workers return the rows; this process writes the run files (workers need not share
    a disk with it, only have cadresim installed).
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
    try:
        nworkers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        parts = chunks(tasks, nworkers, chunk_size)
        futs = [client.submit(run_chunk, c, None, key=f"{key_prefix}-{c[0].rid}", pure=False) for c in parts]
        try:
            for f in as_completed(futs, loop=client.loop):
                on_done(f.result())
                f.release()
        except BaseException:
            client.cancel(futs)
            raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

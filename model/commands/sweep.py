"""Run a sweep file: design points × replicates in parallel, resumable, results in Parquet.

    cadresim sweep scenarios/sweep_terms_pay.toml --workers 2 --out out/terms_pay
    cadresim sweep scenarios/sweep_terms_pay.toml --executor dask --scheduler tcp://10.0.0.5:8786

Running the same command again on the same --out resumes an interrupted sweep.
"""

from __future__ import annotations

import argparse


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("sweep_file", metavar="SWEEP.toml", help="sweep file (a path, or a name in scenarios/)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="worker processes (default: all cores; 1 runs in this process)")
    p.add_argument("--executor", choices=("local", "dask"), default=None,
                   help="local process pool (default) or a Dask distributed cluster")
    p.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="address of an existing Dask scheduler, e.g. tcp://HOST:8786 (implies --executor dask)")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="output directory (default: out/<sweep name>); an unfinished one of the same sweep is resumed")
    p.add_argument("--chunk-size", type=int, default=None, metavar="K",
                   help="runs per task sent to a worker (default: automatic)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def main(args: argparse.Namespace) -> int:
    from ..errors import InputError
    from ..sweep import sweep

    if args.chunk_size is not None and args.chunk_size < 1:
        raise InputError(f"--chunk-size: expected an integer ≥ 1, got {args.chunk_size}")
    import signal

    def terminated(signum: int, frame: object) -> None:  # SIGTERM (a batch system's stop): stop like Ctrl-C
        raise KeyboardInterrupt("terminated (SIGTERM)")

    old = signal.signal(signal.SIGTERM, terminated)
    try:
        res = sweep(args.sweep_file, out=args.out, workers=args.workers, executor=args.executor,
                    scheduler=args.scheduler, progress=not args.no_progress, chunk_size=args.chunk_size)
    finally:
        signal.signal(signal.SIGTERM, old)
    print(f"{res.out}: {res.n_runs} runs ({res.computed} computed now, {res.reused} already done) "
          f"in {res.wall_s:.1f} s; tables: tidy.parquet (long), yearly.parquet and yearly.csv (wide), design.csv, manifest.json")
    return 0

"""Sweep throughput end to end: ten-year runs of the baseline county a second, Parquet written.

A factorial sweep (village term 3/5 years × base pay 1/2/3 × rural income, as
`scenarios/sweep_terms_pay.toml`) with `--replicates` replicates a point, run by the CLI
(`cadresim sweep … --workers N`) in a fresh process: start-up, the runs, the chunk files and
the consolidated table all count. Issue 14 asks ≥ 300 ten-year county runs a second on 2 cores.
The CPU seconds of the CLI and its workers are reported too: on a shared machine they vary
less with the load than the wall time (2 cores give at most 2 CPU seconds a second).

    python benchmarks/bench_sweep.py [--replicates 150] [--workers 2] [--years 10] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sweep_file(folder: Path, replicates: int, years: int) -> Path:
    path = folder / "bench_sweep.toml"
    base = (ROOT / "scenarios" / "baseline.toml").as_posix()
    path.write_text(f'''[sweep]
name = "bench_sweep"
base = "{base}"
replicates = {replicates}
seed = 20121
years = {years}

[levers]
"election.term_years" = [3, 5]
"pay.base_multiple" = [1.0, 2.0, 3.0]
''', encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--replicates", type=int, default=150, help="replicates a point (6 points)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--years", type=int, default=10)
    p.add_argument("--chunk-size", type=int, default=None)
    p.add_argument("--json", type=Path)
    a = p.parse_args(argv)
    runs = 6 * a.replicates
    cli = Path(sys.executable).with_name("cadresim")
    cmd = [str(cli)] if cli.exists() else [sys.executable, "-m", "cadresim.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        f = sweep_file(Path(tmp), a.replicates, a.years)
        args = [*cmd, "sweep", str(f), "--workers", str(a.workers), "--out", str(Path(tmp) / "out"), "--no-progress"]
        if a.chunk_size:
            args += ["--chunk-size", str(a.chunk_size)]
        load0 = os.getloadavg()[0]
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        r = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
        wall = time.perf_counter() - t0
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)  # the CLI and its workers (waited for)
        cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
        load1 = os.getloadavg()[0]
        if r.returncode != 0:
            print(r.stdout[-2000:], r.stderr[-2000:], file=sys.stderr)
            return 1
        parquet = sorted((Path(tmp) / "out").rglob("*.parquet"))
    res = {"runs": runs, "years": a.years, "workers": a.workers, "wall_s": round(wall, 2),
           "runs_per_s": round(runs / wall, 1), "cpu_s": round(cpu, 2),
           "cpu_ms_per_run": round(1000 * cpu / runs, 2), "parquet_files": len(parquet),
           "load_before": round(load0, 2), "load_after": round(load1, 2)}
    print(f"sweep of {runs} {a.years}-year county runs, {a.workers} workers, end to end: {wall:.2f} s wall, "
          f"{runs / wall:.1f} runs/s; {cpu:.2f} CPU s in all, {1000 * cpu / runs:.2f} ms a run "
          f"({len(parquet)} Parquet files; load {load0:.2f} → {load1:.2f})")
    if a.json:
        a.json.write_text(json.dumps(res, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

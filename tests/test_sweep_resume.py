"""A sweep killed mid-run (kill -9, or Ctrl-C) and re-run ends with exactly the uninterrupted results."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import cadresim
import pytest
from cadresim.cli import InputError

ROOT = Path(__file__).resolve().parents[1]

SWEEP = """
[sweep]
name = "resume_test"
replicates = 30
seed = 7
years = 8

[levers]
"election.term_years" = [3, 5]
"""
TOTAL = 60


def _start(sweep_file: Path, out: Path, workers: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cadresim.cli", "sweep", str(sweep_file), "--out", str(out),
                             "--workers", str(workers), "--chunk-size", "2", "--no-progress"],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finished(out: Path) -> dict[str, tuple[int, int]]:
    d = out / "runs"
    if not d.is_dir():
        return {}
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in d.iterdir()
            if p.suffix == ".parquet" and not p.name.startswith(".")}


def _n_runs(out: Path, names) -> int:
    """Runs held by the chunk files `names` (each file holds a chunk of runs; its record lists them)."""
    return sum(len(json.loads((out / "runs" / f"{n[:-len('.parquet')]}.json").read_text())["runs"]) for n in names)


def _interrupt(tmp_path: Path, sig: int) -> tuple[Path, Path, subprocess.Popen]:
    f = tmp_path / "sweep_resume.toml"
    f.write_text(SWEEP, encoding="utf-8")
    out = tmp_path / "out"
    proc = _start(f, out, workers=2)
    deadline = time.monotonic() + 60
    while len(_finished(out)) < 4:  # chunk files of 2 runs
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no run finished in 60 s"
        time.sleep(0.02)
    os.killpg(proc.pid, sig)  # the driver and its workers (a crash of the whole job)
    proc.communicate(timeout=60)
    return f, out, proc


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    f = tmp_path_factory.mktemp("ref") / "sweep_resume.toml"
    f.write_text(SWEEP, encoding="utf-8")
    out = f.parent / "out"
    cadresim.sweep(f, out=out, workers=2, progress=False)
    return (out / "tidy.parquet").read_bytes(), (out / "yearly.parquet").read_bytes()


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_interrupted_sweep_resumes_to_identical_results(tmp_path, reference, sig):
    f, out, proc = _interrupt(tmp_path, sig)
    if sig == signal.SIGINT:
        assert proc.returncode == 130
    else:
        assert proc.returncode == -signal.SIGKILL
    before = _finished(out)
    n_before = _n_runs(out, before)
    assert 8 <= n_before < TOTAL and n_before == 2 * len(before), n_before  # a killed chunk is lost, no part of it kept
    assert not (out / "tidy.parquet").exists()
    m = json.loads((out / "manifest.json").read_text())
    assert m["state"] == ("interrupted" if sig == signal.SIGINT else "running")
    with pytest.raises(InputError, match="not finished"):
        cadresim.load_results(out)

    r = subprocess.run([sys.executable, "-m", "cadresim.cli", "sweep", str(f), "--out", str(out), "--workers", "1",
                        "--no-progress"], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    after = _finished(out)
    assert _n_runs(out, after) == TOTAL
    assert {k: after[k] for k in before} == before  # no finished run was rewritten
    m = json.loads((out / "manifest.json").read_text())
    assert m["state"] == "complete" and m["n_done"] == TOTAL
    last = m["attempts"][-1]
    assert (last["reused"], last["computed"]) == (n_before, TOTAL - n_before)  # only the missing runs
    assert not [p for p in (out / "runs").iterdir() if p.name.startswith(".")]  # no temporary files left
    tidy, wide = reference
    assert (out / "tidy.parquet").read_bytes() == tidy
    assert (out / "yearly.parquet").read_bytes() == wide

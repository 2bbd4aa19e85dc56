"""One big run on several threads (issue 14, item 4): with ``CADRESIM_THREADS=2`` the month's
dims loop and the keyed draws are split over numba's threads (`prange`) from
`compute.PARALLEL_MIN` villages; the results must be the same bits whatever the number of
threads (the script below: every loop and draw threaded, against one thread)."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys

import numba
import numpy as np
import pytest
from cadresim import CadreModel, compute
from cadresim.keyed import Keyed
from cadresim.rng import stream_id
from cadresim.rules import _kernels, dynamics

SCRIPT = """
import hashlib, json
from cadresim import CadreModel
from cadresim import compute
compute.PARALLEL_MIN = 0  # the threaded loop even for a small world,
compute.PARALLEL_CHUNK = 64  # in many pieces
m = CadreModel(None, rng=99, **{"county.villages": 900, "county.townships": 40, "run.agent_handles": "none"})
m.run_years(2)
print(json.dumps({"threads": compute.threads(), "dims": hashlib.sha256(m.v.dims.tobytes()).hexdigest(), "records": m.records}, default=str))
"""


def _args(m: CadreModel) -> tuple:
    v = m.v
    return ((v.sec_present, v.sec_ability, v.sec_effort, v.sec_knowledge, v.sec_integrity),
            (v.dir_present, v.dir_ability, v.dir_effort),
            (v.one_shoulder, v.cross_serving, v.difficulty, v.dev_bonus, v.team_bonus, v.conflicts_year),
            (v.attention, v.help_fixed, v.st_team, v.st_knowledge), dynamics.dims_coef(m.sc))


@pytest.mark.parametrize("keyed_in_loop", [True, False])
def test_threaded_dims_loop_equals_the_serial_one_bit_for_bit(keyed_in_loop: bool) -> None:
    m = CadreModel(None, rng=5, **{"village.shock_rate": 0.05, "run.agent_handles": "none"})
    m.run_years(2)
    m.v.st_team[::4] = 2
    m.v.sec_integrity[::2] = 0.0  # scandals too
    half = m.n // 2  # counted as two blocks (the county has an even number of villages)
    keys = np.array([[1, 2], [3, 4]], dtype=np.uint64)  # the two blocks' keys
    keyed = Keyed(keys, half, 0, stream_id("dims"), 30)
    if keyed_in_loop:  # the numbers drawn inside the loop (as month_dims runs it)
        noise, u = np.empty((0, 5)), np.empty((2, 0))
    else:
        g = np.random.Generator(np.random.PCG64(1))
        noise, u = g.standard_normal((m.n, 5)), g.random((2, m.n))
    a, b = copy.deepcopy(m), copy.deepcopy(m)
    ra = _kernels.dims_month(a.v.dims, noise, u, keyed, *_args(a), half)
    rb = _kernels.dims_month_parallel(b.v.dims, noise, u, keyed, *_args(b), half, 16)
    assert ra.shape == (2, 2) and ra.tolist() == rb.tolist() and (ra.sum(axis=0) > 0).all()
    assert a.v.dims.tobytes() == b.v.dims.tobytes()
    assert (a.v.conflicts_year == b.v.conflicts_year).all()
    assert not np.array_equal(a.v.dims, m.v.dims)  # the loop did move the dimensions


def test_a_run_gives_the_same_bits_on_one_and_two_threads() -> None:
    out = []
    for threads in ("1", "2"):
        env = {**os.environ, "NUMBA_NUM_THREADS": threads, "CADRESIM_THREADS": "2"}
        res = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=300)
        assert res.returncode == 0, res.stderr[-2000:]
        out.append(json.loads(res.stdout.strip().splitlines()[-1]))
    assert [o["threads"] for o in out] == [1, 2]  # the serial loop, then the threaded one
    assert out[0]["dims"] == out[1]["dims"]
    assert out[0]["records"] == out[1]["records"]
    assert len(out[0]["records"]) == 2


def test_thread_count_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CADRESIM_THREADS", "2")
    assert compute.threads() == min(2, numba.config.NUMBA_NUM_THREADS)
    monkeypatch.setenv("CADRESIM_THREADS", "1")
    assert compute.threads() == 1
    monkeypatch.setenv("CADRESIM_THREADS", "two")
    with pytest.warns(UserWarning, match="CADRESIM_THREADS='two' is not a whole number"):
        assert compute.threads() == 1
    monkeypatch.delenv("CADRESIM_THREADS")
    assert compute.threads() == 1  # opt-in: one thread unless asked


def test_threaded_same_values_answers_as_the_serial_one() -> None:
    rng = np.random.default_rng(3)
    a = rng.random(1000)
    assert _kernels.same_values_parallel(a, a.copy(), 64)
    for i in (0, 63, 64, 500, 999):  # a difference in any piece, at its edges too
        b = a.copy()
        b[i] += 1e-12
        assert not _kernels.same_values_parallel(a, b, 64) and not _kernels.same_values(a, b)
    nan = a.copy()
    nan[700] = np.nan
    assert not _kernels.same_values_parallel(nan, nan.copy(), 64)  # NaN never equal, as array_equal
    assert not _kernels.same_values_parallel(a, a[:999], 64)


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_pieces_are_about_the_chunk_and_as_many_as_a_multiple_of_the_threads(
        threads: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compute, "threads", lambda: threads)
    for n in (1, 63, 64, 65, 2048, 25_000, 490_000):
        size = compute.piece(n)
        pieces = -(-n // size)
        assert 1 <= size <= compute.PARALLEL_CHUNK and size * pieces >= n
        assert pieces % threads == 0 or n < threads  # each thread the same number of pieces
        assert (size - 1) * pieces < n  # no piece larger than an even share needs
    if threads == 2:
        assert (compute.piece(25_000), compute.piece(490_000)) == (1786, 2042)  # 14 and 240 pieces


def test_set_threads_sets_the_count_and_refuses_a_nonsense_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CADRESIM_THREADS", raising=False)
    assert compute.set_threads(2) == min(2, numba.config.NUMBA_NUM_THREADS) == compute.threads()
    assert os.environ["CADRESIM_THREADS"] == "2"  # sweep workers started later inherit it
    assert compute.set_threads(10_000) == numba.config.NUMBA_NUM_THREADS  # at most numba's threads
    for bad in (0, -1, 1.5, True, "2"):
        with pytest.raises(ValueError, match="at least 1"):
            compute.set_threads(bad)
    assert compute.set_threads(1) == 1


def test_cli_threads_gives_the_same_files_and_records_the_setting(cli, tmp_path) -> None:
    """`cadresim run --threads N` on a world large enough for the threaded loops: the same
    yearly.csv bytes for 1 and 2 threads; the manifest says which it was."""
    big = ("--set", "county.villages=20000", "--set", "county.townships=1200", "--set", "run.agent_handles=none",
           "--years", "2", "--seed", "4")
    runs = {}
    for k in ("1", "2"):
        r = cli("run", "scenarios/baseline.toml", *big, "--threads", k, "--out", str(tmp_path / k))
        assert r.returncode == 0, r.stderr
        runs[k] = r
    assert (tmp_path / "1" / "yearly.csv").read_bytes() == (tmp_path / "2" / "yearly.csv").read_bytes()
    used = min(2, numba.config.NUMBA_NUM_THREADS)
    for k, want in (("1", 1), ("2", used)):
        settings = json.loads((tmp_path / k / "manifest.json").read_text())["compute"]
        assert settings["threads"] == settings["threads_used"] == want
        assert settings["wide_vectors"] is False and settings["numba_cpu"]
    assert "threads" not in runs["1"].stdout.splitlines()[0]
    if used == 2:  # a machine with one core runs one thread, and says nothing of threads
        assert runs["2"].stdout.splitlines()[0].endswith(", 2 threads)")


def test_cli_threads_on_a_world_too_small_to_split_says_one_was_used(cli, tmp_path) -> None:
    r = cli("run", "scenarios/baseline.toml", "--years", "2", "--threads", "2", "--out", str(tmp_path / "c"))
    assert r.returncode == 0, r.stderr
    settings = json.loads((tmp_path / "c" / "manifest.json").read_text())["compute"]
    assert settings["threads"] == min(2, numba.config.NUMBA_NUM_THREADS) and settings["threads_used"] == 1
    assert "threads" not in r.stdout.splitlines()[0]  # 146 villages: every loop on one thread


def test_cli_threads_below_one_is_one_line_and_writes_nothing(cli, tmp_path) -> None:
    r = cli("run", "scenarios/baseline.toml", "--threads", "0", "--out", str(tmp_path / "x"))
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip().splitlines() == ["cadresim run: error: --threads 0: expected a whole number of threads, "
                                             "at least 1"]
    assert not (tmp_path / "x").exists()


SWEEP_AFTER_THREADS = """
import json, sys
from pathlib import Path
from cadresim import CadreModel, compute
from cadresim.sweep import sweep
from cadresim.scenario import load_scenario
from cadresim.sweep.executors import map_jobs
import numpy as np
compute.PARALLEL_MIN = 0  # threaded loops even for a county (forked workers inherit this)
CadreModel(None, rng=3, **{"run.agent_handles": "none"}).run_years(1)  # starts numba's thread pool
started = compute.pool_started()
spec = {"sweep": {"name": "after", "replicates": 1, "years": 2, "base": sys.argv[2]},
        "levers": {"pay.base_multiple": [1.0, 2.0]}}
out = Path(sys.argv[1])
forked = sweep(spec, out=out / "forked", workers=2, progress=False).tidy
inline = sweep(spec, out=out / "inline", workers=1, progress=False).tidy
jobs = [(load_scenario(sys.argv[2]), s, k) for k, s in enumerate(np.random.SeedSequence(7).spawn(2))]
mapped = [df.equals(one) for df, one in zip(map_jobs(jobs, 2, workers=2, chunk_size=1), map_jobs(jobs, 2, workers=1))]
print(json.dumps({"started": started, "rows": len(forked), "same": bool(forked.equals(inline)), "mapped": mapped}))
"""


def test_a_sweep_after_a_threaded_run_in_the_same_process_runs_and_gives_the_same_bits(tmp_path) -> None:
    """A notebook ran a threaded loop (`set_threads(2)`, a national model), then a sweep on
    forked workers. GNU OpenMP's thread pool does not survive a fork: a worker that ran a
    threaded loop was killed ("fork() called from a process already using GNU OpenMP") and
    the sweep failed. Such workers now run their loops on one thread (`process_pool`)."""
    from pathlib import Path

    env = {**os.environ, "NUMBA_NUM_THREADS": "2", "CADRESIM_THREADS": "2"}
    base = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.toml"
    res = subprocess.run([sys.executable, "-c", SWEEP_AFTER_THREADS, str(tmp_path), str(base)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "GNU OpenMP" not in res.stderr
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["started"] is True  # the pool had started before the workers were forked
    assert out["rows"] > 0 and out["same"] is True
    assert out["mapped"] == [True, True]  # `map_jobs` (uncertainty's runs) forks its workers too

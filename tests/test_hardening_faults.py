"""Faults: damaged run files are detected and recomputed (tables identical to an uninterrupted
sweep), one writer per output directory, workers die with a killed parent, a read-only or
full disk and an unreachable scheduler are one line with the manifest saying why."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import cadresim
import numpy as np
import pandas as pd
import pytest
from cadresim import cli
from cadresim.errors import EnvironmentFailure, OutputLockedError, ScenarioError
from cadresim.outdir import LOCK_NAME, locked
from cadresim.sweep import store

ROOT = Path(__file__).resolve().parents[1]
TINY_FIXED = {"county.villages": 30, "county.townships": 3}
SPEC = {"sweep": {"name": "faults", "replicates": 2, "years": 3, "seed": 11}, "fixed": TINY_FIXED,
        "levers": {"election.term_years": [3, 5]}}
TABLES = ("tidy.parquet", "yearly.parquet", "design.csv")


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ref") / "ref"
    cadresim.sweep(SPEC, out=out, workers=1, progress=False)
    return out


def _same_tables(a: Path, b: Path) -> None:
    for f in TABLES:
        assert (a / f).read_bytes() == (b / f).read_bytes(), f


def _one_line(err: str) -> None:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err


def test_run_files_carry_identity_and_checksum(reference):
    rec = json.loads((reference / "runs" / "p0001_r000.json").read_text())
    assert rec["file"] == "p0001_r000" and len(rec["sha256"]) == 64 and rec["bytes"] > 0
    (run,) = rec["runs"]  # the reference sweep has one run per chunk (4 runs, 1 worker)
    assert run["point"] == 1 and run["replicate"] == 0 and run["run"] == "p0001_r000"
    assert len(run["sweep"]) == 64 and run["seed"]["spawn_key"] == [0]


@pytest.mark.parametrize("damage", ["flip_byte", "truncate", "empty", "garbage", "swap", "swap_with_record",
                                    "record_missing", "record_garbage"])
def test_damaged_run_file_recomputed(damage, reference, tmp_path, capsys):
    out = tmp_path / "o"
    shutil.copytree(reference, out)
    runs = out / "runs"
    a, b = runs / "p0000_r000.parquet", runs / "p0001_r001.parquet"
    if damage == "flip_byte":
        data = bytearray(a.read_bytes())
        data[len(data) // 2] ^= 0x01
        a.write_bytes(bytes(data))
    elif damage == "truncate":
        a.write_bytes(a.read_bytes()[:100])
    elif damage == "empty":
        a.write_bytes(b"")
    elif damage == "garbage":
        a.write_bytes(os.urandom(3000))
    elif damage in ("swap", "swap_with_record"):  # valid Parquet files holding another run's rows
        da, db = a.read_bytes(), b.read_bytes()
        a.write_bytes(db)
        b.write_bytes(da)
        if damage == "swap_with_record":
            ja, jb = runs / "p0000_r000.json", runs / "p0001_r001.json"
            ra, rb = ja.read_text(), jb.read_text()
            ja.write_text(rb)
            jb.write_text(ra)
    elif damage == "record_missing":
        (runs / "p0000_r000.json").unlink()
    else:
        (runs / "p0000_r000.json").write_text("[]")
    n_bad = 2 if damage.startswith("swap") else 1
    for f in ("tidy.parquet", "yearly.parquet"):
        (out / f).unlink()
    res = cadresim.sweep(SPEC, out=out, workers=1, progress=False)
    err = capsys.readouterr().err
    assert f"{n_bad} run file(s)" in err and "recomputing" in err
    assert res.computed == n_bad and res.reused == 4 - n_bad
    _same_tables(reference, out)
    assert json.loads((out / "manifest.json").read_text())["attempts"][-1]["recomputed_damaged"] == n_bad


def test_consolidation_reads_only_verified_bytes(reference, tmp_path):
    out = tmp_path / "o"
    shutil.copytree(reference, out)
    from cadresim.sweep import parse_sweep

    s = parse_sweep(SPEC)
    expect = store.Identities(s.hash(), s.seed_sequences(), s.n_points)
    done, good, bad = store.scan_runs(out, expect)
    assert done.all() and len(good) == 4 and bad == []
    p = out / "runs" / "p0001_r000.parquet"
    p.write_bytes(p.read_bytes()[:-1] + bytes([p.read_bytes()[-1] ^ 1]))
    assert store.verify_run(out, "p0001_r000", expect) is None
    with pytest.raises(cadresim.errors.DamagedResultsError, match="p0001_r000"):
        store.consolidate(out, s, good, expect)
    # a record naming a run of another sweep (another hash) is not this sweep's run
    other = store.Identities("0" * 64, s.seed_sequences(), s.n_points)
    assert store.verify_run(out, "p0000_r000", other) is None and store.verify_run(out, "p0000_r000", expect)


# -- one writer per directory ------------------------------------------------------------------
def test_second_writer_refused_naming_holder(tmp_path, capsys):
    out = tmp_path / "o"
    with locked(out, "test"):
        assert str(os.getpid()) in (out / LOCK_NAME).read_text()
        rc = cli.main(["run", "scenarios/baseline.toml", "--set", "county.villages=30", "--set", "county.townships=3",
                       "--years", "2", "--replicates", "1", "--out", str(out), "--quiet"])
        err = capsys.readouterr().err
        assert rc == 1 and f"in use by pid {os.getpid()}" in err
        _one_line(err)
        with pytest.raises(OutputLockedError, match=f"pid {os.getpid()}"):
            cadresim.sweep(SPEC, out=out, workers=1, progress=False)
        assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]  # nothing written by the refused writers
    assert not out.exists()  # created for the lock only, removed with it
    # a stale lock file (its holder is dead, so the kernel holds no lock) does not block
    out.mkdir()
    (out / LOCK_NAME).write_text("pid 999999 (cadresim sweep x)\n")
    with locked(out):
        assert str(os.getpid()) in (out / LOCK_NAME).read_text()


def _children(pid: int) -> set[int]:
    kids: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            kids |= {int(x) for x in (task / "children").read_text().split()}
        except OSError:
            pass
    return kids


def _assert_all_exit(pids: set[int], what: str, within: float = 5.0) -> None:
    deadline = time.monotonic() + within
    while any(_alive(k) for k in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [k for k in pids if _alive(k)], what


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_kill_9_parent_leaves_no_worker_and_refuses_second_sweep(tmp_path, sig):
    f = tmp_path / "sw.toml"
    f.write_text('[sweep]\nname = "orphans"\nreplicates = 40\nyears = 4\n[fixed]\n"county.villages" = 30\n'
                 '"county.townships" = 3\n[levers]\n"election.term_years" = [3, 5]\n')
    out = tmp_path / "o"
    proc = subprocess.Popen([sys.executable, "-m", "cadresim.cli", "sweep", str(f), "--out", str(out),
                             "--workers", "2", "--chunk-size", "1", "--no-progress"], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (out / "runs").is_dir() or len(list((out / "runs").glob("*.json"))) < 2:
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        kids = _children(proc.pid)
        assert kids, "no worker processes found"
        # a second sweep on the same directory is refused, naming the running one
        with pytest.raises(OutputLockedError, match=f"pid {proc.pid}"):
            cadresim.sweep(f, out=out, workers=1, progress=False)
        os.kill(proc.pid, sig)  # the parent only, not its process group
        proc.wait(10)
        if sig == signal.SIGTERM:  # stopped like Ctrl-C: the manifest says so
            m = json.loads((out / "manifest.json").read_text())
            assert m["state"] == "interrupted" and "SIGTERM" in m["attempts"][-1]["error"]
        _assert_all_exit(kids, "workers outlived their parent")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


# -- read-only and full disks, unreachable scheduler -------------------------------------------
def test_read_only_out_is_one_line_before_any_work(tmp_path, capsys, monkeypatch):
    real_mkdir = Path.mkdir
    calls = []

    def ro_mkdir(self, *a, **kw):
        if self.name == "ro":
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real_mkdir(self, *a, **kw)

    monkeypatch.setattr(Path, "mkdir", ro_mkdir)
    monkeypatch.setattr(cadresim.runner, "run", lambda *a, **k: calls.append(1))
    rc = cli.main(["run", "scenarios/baseline.toml", "--out", str(tmp_path / "ro"), "--quiet"])
    err = capsys.readouterr().err
    assert rc == 1 and "read-only file system" in err and calls == []
    _one_line(err)
    if os.geteuid() != 0:  # a real read-only directory (root ignores permissions)
        d = tmp_path / "locked_dir"
        d.mkdir()
        d.chmod(0o555)
        rc = cli.main(["sweep", "x.toml", "--out", str(d / "o")])
        assert rc in (1, 2)


def test_full_disk_sweep_fails_then_resumes_identically(reference, tmp_path, monkeypatch, capsys):
    out = tmp_path / "o"
    real_fsync = os.fsync
    written = []

    def full_fsync(fd):
        path = os.readlink(f"/proc/self/fd/{fd}") if os.path.exists(f"/proc/self/fd/{fd}") else ""
        if "/runs/" in path and ".parquet." in path:
            written.append(path)
            if len(written) > 2:
                raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_fsync)
    with pytest.raises(EnvironmentFailure, match="disk full"):
        cadresim.sweep(SPEC, out=out, workers=1, progress=False)
    m = json.loads((out / "manifest.json").read_text())
    assert m["state"] == "failed" and "disk full" in m["error"] and m["n_done"] == 2
    assert not list(out.rglob("*.tmp")), "temporary files left behind"
    monkeypatch.setattr(os, "fsync", real_fsync)
    res = cadresim.sweep(SPEC, out=out, workers=1, progress=False)
    assert res.reused == 2 and res.computed == 2
    _same_tables(reference, out)


def test_full_disk_run_is_one_line(tmp_path, capsys, monkeypatch):
    from cadresim.commands import run as run_cmd

    def full(path, text):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(run_cmd, "atomic_write_text", full)
    rc = cli.main(["run", "scenarios/baseline.toml", "--set", "county.villages=30", "--set", "county.townships=3",
                   "--years", "2", "--replicates", "1", "--out", str(tmp_path / "o"), "--quiet"])
    err = capsys.readouterr().err
    assert rc == 1 and "disk full" in err
    _one_line(err)
    assert not (tmp_path / "o" / "manifest.json").exists()


def test_unreachable_scheduler(tmp_path, monkeypatch, capsys):
    pytest.importorskip("distributed")
    from cadresim.sweep import executors

    monkeypatch.setattr(executors, "CONNECT_TIMEOUT_S", 2)
    t0 = time.monotonic()
    rc = cli.main(["sweep", "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:9", "--no-progress",
                   str(_sweep_file(tmp_path))])
    err = capsys.readouterr().err
    assert rc == 1 and "--scheduler tcp://127.0.0.1:9: cannot connect" in err
    _one_line(err)
    assert time.monotonic() - t0 < 30
    m = json.loads((tmp_path / "o" / "manifest.json").read_text())
    assert m["state"] == "failed" and "cannot connect" in m["error"]


def _sweep_file(tmp_path: Path) -> Path:
    f = tmp_path / "sw.toml"
    f.write_text('[sweep]\nreplicates = 1\nyears = 1\n[fixed]\n"county.villages" = 30\n"county.townships" = 3\n'
                 '[levers]\n"election.term_years" = [3]\n')
    return f


# -- damaged results directories given to the readers ------------------------------------------
@pytest.mark.parametrize("files", [
    {"manifest.json": "[]"},
    {"manifest.json": "{not json"},
])
def test_damaged_sweep_dir_is_one_line(files, tmp_path, capsys):
    d = tmp_path / "d"
    d.mkdir()
    for name, text in files.items():
        (d / name).write_text(text)
    with pytest.raises(cadresim.errors.CadresimError):
        cadresim.sweep(SPEC, out=d, workers=1, progress=False)
    with pytest.raises(cadresim.errors.CadresimError):
        cadresim.load_results(d)


def test_garbage_tables_in_sweep_dir(reference, tmp_path):
    d = tmp_path / "d"
    shutil.copytree(reference, d)
    (d / "tidy.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(cadresim.errors.DamagedResultsError, match="tidy.parquet"):
        cadresim.load_results(d)


def test_non_finite_output_names_keys():
    from cadresim.runner import check_finite
    from cadresim.scenario import load_scenario

    sc = load_scenario(None, {"pay.base_multiple": 0.0})
    df = pd.DataFrame({"year": [1, 2], "weak_share_true": [0.1, 0.2], "pay_ratio_mean": [1.0, np.inf]})
    with pytest.raises(ScenarioError, match=r"non-finite values in pay_ratio_mean .*pay\.base_multiple"):
        check_finite(df, sc)
    check_finite(df.assign(pay_ratio_mean=[1.0, np.nan]), sc)  # a mean over no secretaries is NaN by design


@pytest.mark.parametrize("name, files", [
    ("empty_csv", {"yearly.csv": ""}),
    ("columnless_csv", {"yearly.csv": "x,y\n1,2\n"}),
    ("manifest_list", {"yearly.csv": "x\n", "manifest.json": "[]"}),
    ("garbage_comparison", {"comparison.json": "garbage{"}),
    ("garbage_parquet", {"manifest.json": "{}", "yearly.parquet": "PAR1garbage"}),
])
def test_plot_on_damaged_dir_is_one_line(name, files, tmp_path, capsys):
    d = tmp_path / name
    d.mkdir()
    for f, text in files.items():
        (d / f).write_text(text)
    rc = cli.main(["plot", str(d), "--out", str(tmp_path / "figs")])
    err = capsys.readouterr().err
    assert rc == 2 and err.startswith("cadresim plot: error:")
    _one_line(err)


def test_plot_name_stays_in_out(tmp_path, capsys):
    run_dir = tmp_path / "r"
    assert cli.main(["run", "scenarios/baseline.toml", "--set", "county.villages=30", "--set", "county.townships=3",
                     "--years", "3", "--replicates", "2", "--out", str(run_dir), "--quiet"]) == 0
    figs = tmp_path / "a" / "figs"
    rc = cli.main(["plot", str(run_dir), "--lang", "en", "--format", "png", "--name", "../../escaped", "--out", str(figs)])
    assert rc == 0, capsys.readouterr().err
    assert [p.name for p in figs.iterdir()] == ["escaped.png"]
    assert not list(tmp_path.glob("escaped*"))

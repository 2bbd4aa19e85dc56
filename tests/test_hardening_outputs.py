"""Output guards beyond sweeps: a failed `cadresim run` leaves a manifest saying why (and no
half-written or temporary files), `cadresim brief` locks its folder and does not replace PDFs
without --force, and a sweep's Dask processes do not outlive a killed parent."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import cadresim.runner
import pytest
from cadresim import cli
from cadresim.commands import run as run_cmd
from cadresim.errors import ScenarioError
from cadresim.outdir import locked
from test_hardening_faults import _assert_all_exit  # one definition of "a live process" (tests/ is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
TINY = ["--set", "county.villages=30", "--set", "county.townships=3", "--years", "2", "--replicates", "1", "--quiet"]


def _one_line(err: str) -> None:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err


def _manifest(d: Path) -> dict:
    return json.loads((d / "manifest.json").read_text())


def _no_tmp(d: Path) -> None:
    assert not [p.name for p in d.iterdir() if p.name.endswith(".tmp") or ".tmp." in p.name]


# -- (d) a failed run: manifest "failed" with the reason, nothing half-written ---------------
def _fail_writing(monkeypatch, name: str, code: int) -> None:
    real = run_cmd.atomic_write_text

    def write(path, text):
        if Path(path).name == name:
            raise OSError(code, os.strerror(code), str(path))
        return real(path, text)

    monkeypatch.setattr(run_cmd, "atomic_write_text", write)


@pytest.mark.parametrize("name,code,what", [("yearly.csv", errno.ENOSPC, "disk full"),
                                            ("scenario.toml", errno.EROFS, "read-only file system")])
def test_run_failing_on_disk_leaves_failed_manifest(tmp_path, capsys, monkeypatch, name, code, what):
    out = tmp_path / "o"
    _fail_writing(monkeypatch, name, code)
    rc = cli.main(["run", "baseline", *TINY, "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 1 and what in err
    _one_line(err)
    m = _manifest(out)
    assert m["state"] == "failed" and what in m["error"] and "\n" not in m["error"]
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json"]  # yearly.csv of this attempt removed
    _no_tmp(out)
    monkeypatch.undo()  # room again: the same command runs (a failed run's manifest is not results)
    assert cli.main(["run", "baseline", *TINY, "--out", str(out)]) == 0
    assert _manifest(out)["state"] == "complete" and (out / "yearly.csv").exists()


def test_run_failing_in_the_model(tmp_path, capsys, monkeypatch):
    out = tmp_path / "o"

    def numeric(*a, **k):
        raise ScenarioError("baseline.toml", None, "the model failed numerically (lam value too large)")

    monkeypatch.setattr(cadresim.runner, "run", numeric)
    rc = cli.main(["run", "baseline", *TINY, "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 2 and "failed numerically" in err  # an input problem found while running: status 2
    _one_line(err)
    assert _manifest(out)["state"] == "failed" and "lam value too large" in _manifest(out)["error"]

    def bug(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(cadresim.runner, "run", bug)
    with pytest.raises(RuntimeError):  # a bug keeps its traceback, and the manifest still says why
        cli.main(["run", "baseline", *TINY, "--out", str(out)])
    assert _manifest(out)["error"] == "RuntimeError: boom"
    _no_tmp(out)


def test_failed_forced_run_keeps_earlier_results(tmp_path, monkeypatch, capsys):
    out = tmp_path / "o"
    assert cli.main(["run", "baseline", *TINY, "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    monkeypatch.setattr(cadresim.runner, "run", lambda *a, **k: (_ for _ in ()).throw(
        ScenarioError("x.toml", "k", "bad")))
    assert cli.main(["run", "baseline", *TINY, "--out", str(out), "--force"]) == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing replaced, nothing lost
    capsys.readouterr()


# -- (b) brief: one writer per folder, no silent overwrite ------------------------------------
@pytest.fixture(scope="module")
def cmp_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("cmp") / "c"
    rc = cli.main(["compare", "baseline", "village_term_5y", "--replicates", "2", "--years", "3", "--out", str(d),
                   "--quiet"])
    assert rc == 0
    return d


def test_brief_refuses_to_replace_without_force(cmp_dir, tmp_path, capsys):
    pdf = tmp_path / "b" / "brief.pdf"
    assert cli.main(["brief", str(cmp_dir), "--out", str(pdf)]) == 0
    first = pdf.read_bytes()
    capsys.readouterr()
    assert cli.main(["brief", str(cmp_dir), "--out", str(pdf), "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert "already exist" in err and "--force" in err
    _one_line(err)
    assert pdf.read_bytes() == first  # untouched
    assert cli.main(["brief", str(cmp_dir), "--out", str(pdf), "--lang", "zh", "--force"]) == 0
    assert pdf.read_bytes() != first and pdf.read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in pdf.parent.iterdir()) == ["brief.pdf"]  # no lock or temporary file left
    capsys.readouterr()
    # default place (the comparison directory): refused the second time too
    assert cli.main(["brief", str(cmp_dir)]) == 0
    capsys.readouterr()
    assert cli.main(["brief", str(cmp_dir)]) == 2
    assert "brief_en.pdf" in capsys.readouterr().err


def test_brief_second_writer_refused(cmp_dir, tmp_path, capsys):
    d = tmp_path / "busy"
    with locked(d, "test"):
        rc = cli.main(["brief", str(cmp_dir), "--out", str(d / "x.pdf")])
        err = capsys.readouterr().err
        assert rc == 1 and f"in use by pid {os.getpid()}" in err
        _one_line(err)
        assert not (d / "x.pdf").exists()


# -- (c) Dask: a killed sweep leaves no process and no task behind ------------------------------
def _descendants(pid: int) -> set[int]:
    out, todo = set(), [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                kids = {int(x) for x in (task / "children").read_text().split()}
            except OSError:
                continue
            todo += list(kids - out)
            out |= kids
    return out


def _sweep_file(tmp_path: Path) -> Path:
    f = tmp_path / "sw.toml"
    f.write_text('[sweep]\nname = "dask_orphans"\nreplicates = 60\nyears = 3\n[fixed]\n"county.villages" = 30\n'
                 '"county.townships" = 3\n[levers]\n"election.term_years" = [3, 5]\n')
    return f


def _start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cadresim.cli", "sweep", *args, "--chunk-size", "1",
                             "--no-progress"], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for_runs(proc: subprocess.Popen, out: Path) -> None:
    deadline = time.monotonic() + 90
    while not (out / "runs").is_dir() or len(list((out / "runs").glob("*.parquet"))) < 2:
        assert proc.poll() is None and time.monotonic() < deadline, "the sweep did not start"
        time.sleep(0.05)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_of_dask_sweep_leaves_no_local_cluster_process(tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "o"
    proc = _start([str(_sweep_file(tmp_path)), "--out", str(out), "--executor", "dask", "--workers", "2"])
    try:
        _wait_for_runs(proc, out)
        kids = _descendants(proc.pid)
        assert kids, "no Dask worker processes found"
        os.kill(proc.pid, signal.SIGKILL)  # the parent only
        proc.wait(10)
        _assert_all_exit(kids, "Dask processes outlived the sweep")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def test_kill_9_of_sweep_on_a_scheduler_leaves_no_task(tmp_path):
    distributed = pytest.importorskip("distributed")
    out = tmp_path / "o"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        proc = _start([str(_sweep_file(tmp_path)), "--out", str(out), "--scheduler", cluster.scheduler_address])
        try:
            _wait_for_runs(proc, out)
            assert client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) > 0
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
            deadline = time.monotonic() + 10
            while (n := client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks))) and \
                    time.monotonic() < deadline:
                time.sleep(0.1)
            assert n == 0, f"{n} task(s) of the killed sweep still on the scheduler"
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)


@pytest.mark.parametrize("name,damage", [("cost_effect.csv", "header"), ("yearly.csv", "header"),
                                         ("comparison.csv", "empty"), ("comparison.json", "garbage"),
                                         ("comparison.json", "list")])
@pytest.mark.parametrize("command", ["brief", "plot"])
def test_damaged_comparison_dir_is_one_line(cmp_dir, tmp_path, capsys, name, damage, command):
    import shutil

    d = tmp_path / "d"
    shutil.copytree(cmp_dir, d, ignore=shutil.ignore_patterns("*.pdf"))
    f = d / name
    f.write_bytes({"header": f.read_bytes()[:60], "empty": b"", "garbage": os.urandom(500),
                   "list": b"[]"}[damage])
    rc = cli.main([command, str(d), *(["--format", "png"] if command == "plot" else [])])
    err = capsys.readouterr().err
    assert rc == 2 and str(d) in err, err
    _one_line(err)
    assert not list(d.glob("*.pdf")) and not (d / "figures").exists()


def test_atomic_files_get_the_umask_mode_not_0600(tmp_path):
    from cadresim.outdir import atomic_write_text

    mask = os.umask(0o022)
    os.umask(mask)
    atomic_write_text(tmp_path / "x.txt", "x")  # through mkstemp, which alone gives 0600
    assert (tmp_path / "x.txt").stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.mark.parametrize("base", ["/dev/zero", "fifo"])
def test_plot_on_run_dir_whose_scenario_has_a_special_base(tmp_path, capsys, base):
    d = tmp_path / "r"
    d.mkdir()
    (d / "yearly.csv").write_text("year,replicate,weak_share_true\n1,0,0.1\n")
    if base == "fifo":
        base = str(tmp_path / "pipe.toml")
        os.mkfifo(base)
    (d / "scenario.toml").write_text(f"[meta]\nbase = {base!r}\n")
    rc = cli.main(["plot", str(d), "--format", "png"])  # a FIFO would block a plain read for ever
    err = capsys.readouterr().err
    assert rc == 2 and "meta.base" in err and "not a regular file" in err
    _one_line(err)
    assert not (d / "figures").exists()

"""Hostile inputs: every malformed scenario, sweep, override, path and Python argument is one
clear line (exit 2 from the CLI) naming where the bad value came from; nothing is written,
nothing hangs, nothing grows without bound."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import cadresim
import numpy as np
import pytest
from cadresim import cli
from cadresim.errors import CadresimError, InputError, ScenarioError
from cadresim.outdir import default_out, safe_name
from cadresim.scenario import MAX_INPUT_BYTES, load_scenario, parse_assignment
from cadresim.sweep import parse_sweep

TINY = ["--set", "county.villages=30", "--set", "county.townships=3", "--years", "2", "--replicates", "1"]


def run_cli(capsys, *args: str) -> tuple[int, str]:
    """`cadresim ARGS` in this process; (exit status, stderr). A traceback would fail the test."""
    rc = cli.main(list(args))
    return rc, capsys.readouterr().err


def _one_line(err: str) -> None:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err


# -- malformed scenario files: (file text, what the one line must contain) --------------------
DEEP = "[meta]\nname = 'x'\n[pay]\nbase_multiple = " + "[" * 5000 + "]" * 5000 + "\n"
DOTTED = "[pay]\n" + ".".join(["a"] * 40) + " = 1\n"
SCENARIOS = {
    "deep_nesting": (DEEP, "nested more than"),
    "deep_dotted_key": (DOTTED, "nested more than 16 levels"),
    "huge_int": ("[county]\nvillages = " + "9" * 100_000 + "\n", "malformed TOML"),
    "int_over_int64": ("[county]\nvillages = 99999999999999999999\n", "county.villages: integer out of range"),
    "float_key_big_int": ("[pay]\nbase_multiple = 9223372036854775807\n", "expected a number in [0, 20]"),
    "nul_in_text": ("[meta]\nname = \"a\x00b\"\n", "malformed TOML"),
    "not_utf8": (b"[meta]\nname = '\xff\xfe'\n", "not UTF-8"),
    "zero_migrant_wage": ("[county]\nmigrant_wage_yuan = 0\n", "county.migrant_wage_yuan: expected a value > 0"),
    "wage_and_pay_zero": ("[county]\nmigrant_wage_yuan = 0\n[pay]\nbase_multiple = 0.0\n", "expected a value > 0"),
    "long_string": ("[meta]\nname = 'x'\n[attention]\npolicy = '" + "z" * 10_000 + "'\n", "…"),
}


@pytest.mark.parametrize("case", sorted(SCENARIOS))
def test_malformed_scenario_is_one_line(case, tmp_path, capsys):
    text, expect = SCENARIOS[case]
    f = tmp_path / "bad.toml"
    if isinstance(text, bytes):
        f.write_bytes(text)
    else:
        f.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as e:
        load_scenario(f)
    assert expect in str(e.value) and str(f) in str(e.value)
    rc, err = run_cli(capsys, "run", str(f), "--out", str(tmp_path / "o"), "--quiet")
    assert rc == 2 and expect in err
    _one_line(err)
    assert len(err) < 2000
    assert not (tmp_path / "o").exists()


def test_oversized_file_refused_before_reading(tmp_path):
    f = tmp_path / "big.toml"
    with open(f, "wb") as fh:
        fh.truncate(MAX_INPUT_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(ScenarioError, match="expected at most"):
        load_scenario(f)


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "directory", "symlink_loop", "nul_byte", "long_name"])
def test_special_files_refused_without_hang(kind, tmp_path, capsys):
    if kind == "fifo":
        path = str(tmp_path / "pipe.toml")
        os.mkfifo(path)
        expect = "not a regular file"
    elif kind == "dev_zero":
        path, expect = "/dev/zero", "not a regular file"
    elif kind == "directory":
        path, expect = str(tmp_path), "is a directory"
    elif kind == "symlink_loop":
        a, b = tmp_path / "a.toml", tmp_path / "b.toml"
        a.symlink_to(b)
        b.symlink_to(a)
        path, expect = str(a), "cannot read the file"
    elif kind == "nul_byte":
        path, expect = "scen\x00rio.toml", "NUL byte"
    else:
        path, expect = "x" * 5000 + ".toml", "cannot read the file"
    result: dict[str, object] = {}

    def go() -> None:
        try:
            load_scenario(path)
        except ScenarioError as e:
            result["err"] = str(e)

    t = threading.Thread(target=go, daemon=True)
    t.start()
    t.join(10)
    assert not t.is_alive(), "reading hung"
    assert expect in str(result.get("err")), result
    # a base that is such a file: the error names the referring file
    ref = tmp_path / "ref.toml"
    ref.write_text(f"[meta]\nbase = {path!r}\n".replace("\x00", "\\u0000"), encoding="utf-8")
    if kind != "nul_byte":
        with pytest.raises(ScenarioError) as e:
            load_scenario(ref)
        assert str(e.value).startswith(f"{ref}: meta.base")
    rc, err = run_cli(capsys, "run", path, "--out", str(tmp_path / "o"), "--quiet")
    assert rc == 2
    _one_line(err)
    assert not (tmp_path / "o").exists()


def test_base_chain_and_cycle_bounded(tmp_path):
    n = 60
    for i in range(n):
        (tmp_path / f"s{i}.toml").write_text(f"[meta]\nbase = 's{i + 1}.toml'\n" if i < n - 1 else "[pay]\nbase_multiple = 2.0\n")
    with pytest.raises(ScenarioError, match="chain of at most 32"):
        load_scenario(tmp_path / "s0.toml")
    (tmp_path / "c1.toml").write_text("[meta]\nbase = 'c2.toml'\n")
    (tmp_path / "c2.toml").write_text("[meta]\nbase = 'c1.toml'\n")
    with pytest.raises(ScenarioError, match="does not lead back here"):
        load_scenario(tmp_path / "c1.toml")


def test_error_in_base_names_referring_file(tmp_path):
    (tmp_path / "b.toml").write_text("[pay]\nbase_multiple = 'lots'\n")
    (tmp_path / "a.toml").write_text("[meta]\nbase = 'b.toml'\n")
    with pytest.raises(ScenarioError) as e:
        load_scenario(tmp_path / "a.toml")
    msg = str(e.value)
    assert msg.startswith(f"{tmp_path / 'a.toml'}: meta.base: in {tmp_path / 'b.toml'}: pay.base_multiple: expected a number")


def test_base_found_in_shipped_scenarios_from_any_directory(tmp_path, monkeypatch):
    (tmp_path / "mine.toml").write_text('[meta]\nbase = "baseline.toml"\n[pay]\nbase_multiple = 2.0\n')
    monkeypatch.chdir(tmp_path)
    sc = load_scenario("mine.toml")
    assert sc["pay.base_multiple"] == 2.0 and sc["county.villages"] == load_scenario()["county.villages"]


def test_set_errors_name_set(tmp_path, capsys):
    rc, err = run_cli(capsys, "run", "scenarios/baseline.toml", "--set", "county.villages=2", "--set",
                      "county.townships=9", "--out", str(tmp_path / "o"))
    assert rc == 2 and err.startswith("cadresim run: error: --set: county.villages: expected at least one village")
    rc, err = run_cli(capsys, "run", "scenarios/baseline.toml", "--set", "pay.base_multiple=" + "[" * 3000 + "]" * 3000,
                      "--out", str(tmp_path / "o"))
    assert rc == 2 and "--set" in err
    _one_line(err)
    rc, err = run_cli(capsys, "run", "scenarios/baseline.toml", "--set", "county.villages=" + "9" * 5000,
                      "--out", str(tmp_path / "o"))
    assert rc == 2 and "--set" in err
    _one_line(err)
    assert not (tmp_path / "o").exists()


# -- sweeps ------------------------------------------------------------------------------------
def test_fixed_conflict_names_sweep_file(tmp_path):
    f = tmp_path / "sw.toml"
    f.write_text('[fixed]\n"county.villages" = 2\n"county.townships" = 5\n[levers]\n"election.term_years" = [3]\n')
    with pytest.raises(ScenarioError) as e:
        parse_sweep(f)
    assert str(e.value).startswith(f"{f} [fixed]: county.villages: expected at least one village")


def test_sweep_base_error_names_sweep_file(tmp_path):
    (tmp_path / "b.toml").write_text("[pay]\nbase_multiple = -1.0\n")
    f = tmp_path / "sw.toml"
    f.write_text('[sweep]\nbase = "b.toml"\n[levers]\n"election.term_years" = [3]\n')
    with pytest.raises(ScenarioError) as e:
        parse_sweep(f)
    assert str(e.value).startswith(f"{f}: sweep.base: in {tmp_path / 'b.toml'}: pay.base_multiple")


FLOAT_KEYS = ["pay.reward_share", "pay.one_shoulder_bonus", "pay.base_multiple", "pay.off_multiple",
              "incentive.effort_pay", "reserve.migration_rate", "county.rural_income_growth"]
TEN = [x / 10 for x in range(10)]


@pytest.mark.parametrize("n_levers, replicates, expect", [
    (7, 1, "at most 100,000 design points, got 10,000,000"),  # never built: refused from the lever counts
    (2, 10_000, None),  # 1,000,000 runs: the bound itself
    (3, 1_001, "at most 1,000,000 runs"),
])
def test_design_size_checked_before_points(n_levers, replicates, expect):
    import time

    spec = {"sweep": {"replicates": replicates, "years": 1}, "levers": {k: TEN for k in FLOAT_KEYS[:n_levers]}}
    t0 = time.perf_counter()
    if expect is None:
        assert parse_sweep(spec).n_runs == 1_000_000
    else:
        with pytest.raises(ScenarioError, match=expect):
            parse_sweep(spec)
    assert time.perf_counter() - t0 < 5


# -- output paths ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["../../x", "/etc/passwd", "a\x00b", "x" * 5000, "..", "", "名字/../..", "a\\..\\b"])
def test_default_out_never_leaves_root(name):
    p = default_out("runs", name)
    assert p.parent == Path("runs") and ".." not in p.parts and "\x00" not in str(p)
    assert 0 < len(p.name) <= 80 and not p.name.startswith(".")


def test_meta_name_cannot_escape(tmp_path, capsys, monkeypatch):
    f = tmp_path / "s.toml"
    f.write_text('[meta]\nname = "../../escaped"\n[county]\nvillages = 30\ntownships = 3\n[run]\nyears = 2\nreplicates = 1\n')
    work = tmp_path / "w" / "d"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    rc, err = run_cli(capsys, "run", str(f), "--quiet")
    assert rc == 0, err
    assert (work / "runs" / safe_name("../../escaped") / "yearly.csv").exists()
    assert not (tmp_path / "escaped").exists() and not (tmp_path / "w" / "escaped").exists()


def test_out_with_nul_refused_before_work(tmp_path, capsys):
    rc, err = run_cli(capsys, "run", "scenarios/baseline.toml", "--out", str(tmp_path / "a\x00b"))
    assert rc == 2 and "NUL" in err
    _one_line(err)


# -- Python API ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def model():
    sc = load_scenario(None, {"county.villages": 30, "county.townships": 3})
    return cadresim.CadreModel(sc, rng=1)


@pytest.mark.parametrize("call, exc", [
    (lambda m: m.run_years("2"), TypeError), (lambda m: m.run_years(1.9), TypeError),
    (lambda m: m.run_years(-3), ValueError), (lambda m: m.village(-1), ValueError),
    (lambda m: m.village(30), ValueError), (lambda m: m.village("0"), TypeError),
])
def test_model_argument_checks(model, call, exc):
    with pytest.raises(exc, match=r"run_years: years|village: i"):
        call(model)


def test_api_argument_checks():
    with pytest.raises(ValueError, match="compare: replicates"):
        cadresim.compare("baseline", "village_term_5y", replicates=1)
    with pytest.raises(TypeError, match="compare: replicates"):
        cadresim.compare("baseline", "village_term_5y", replicates=2.5)
    spec = {"sweep": {"replicates": 1, "years": 1}, "levers": {"election.term_years": [3]}}
    with pytest.raises(ValueError, match="chunk_size"):
        cadresim.sweep(spec, out="unused", chunk_size=0)
    assert not Path("unused").exists()


def test_numpy_scalars_accepted(model):
    sc = load_scenario(None, {"county.villages": np.int64(30), "county.townships": np.int32(3),
                              "pay.base_multiple": np.float32(1.5), "stars.enabled": np.bool_(False)})
    assert sc["county.villages"] == 30 and type(sc["county.villages"]) is int
    assert sc["pay.base_multiple"] == 1.5 and type(sc["pay.base_multiple"]) is float
    assert sc["stars.enabled"] is False
    assert model.run_years(np.int64(0)) is model
    assert model.village(np.int64(2)) is not None
    spec = {"sweep": {"replicates": 1, "years": 1}, "levers": {"election.term_years": [np.int64(3), np.int64(5)]}}
    assert parse_sweep(spec).n_runs == 2


def test_errors_form_one_family():
    assert issubclass(ScenarioError, InputError) and issubclass(InputError, CadresimError)
    assert cli.InputError is InputError  # old imports keep working
    assert parse_assignment("pay.base_multiple=2")[1] == 2


def test_sweep_name_cannot_escape_and_out_under_file(tmp_path, monkeypatch, capsys):
    work = tmp_path / "w"
    work.mkdir()
    monkeypatch.chdir(work)
    spec = {"sweep": {"name": "../../../esc\x00aped", "replicates": 1, "years": 1},
            "fixed": {"county.villages": 30, "county.townships": 3}, "levers": {"election.term_years": [3]}}
    res = cadresim.sweep(spec, workers=1, progress=False)
    assert res.out == Path("out") / "escaped" and (work / "out" / "escaped" / "tidy.parquet").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w"]
    (work / "afile").write_text("x")
    rc, err = run_cli(capsys, "run", "baseline", "--out", str(work / "afile" / "sub"), "--quiet")
    assert rc == 2 and "is a file, not a directory" in err
    _one_line(err)


def test_debug_shows_traceback(tmp_path):
    with pytest.raises(ScenarioError, match="file not found"):
        cli.main(["--debug", "run", str(tmp_path / "nope.toml")])

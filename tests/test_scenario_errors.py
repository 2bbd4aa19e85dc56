"""Malformed scenarios are rejected before any work starts: one clear line naming the file,
the key and what was expected; exit status 2; no traceback; no output directory."""

from __future__ import annotations

import pytest
from cadresim import ScenarioError, load_scenario
from cadresim.scenario import parse_assignment

CASES = {
    "unknown_key": ("[pay]\nbase_multipel = 2\n", "pay.base_multipel", "did you mean 'pay.base_multiple'"),
    "unknown_section": ("[payy]\nbase_multiple = 2\n", "payy", "did you mean 'pay'"),
    "string_for_number": ('[pay]\nbase_multiple = "two"\n', "pay.base_multiple", "expected a number"),
    "float_for_int": ("[election]\nterm_years = 3.5\n", "election.term_years", "expected an integer"),
    "bool_for_number": ("[pay]\nbase_multiple = true\n", "pay.base_multiple", "expected a number"),
    "number_for_bool": ("[stationed]\nenabled = 1\n", "stationed.enabled", "expected true or false"),
    "negative": ("[county]\nvillages = -5\n", "county.villages", "in [1, 2e+06]"),
    "share_above_one": ("[flagging]\nquota = 1.5\n", "flagging.quota", "in [0, 1]"),
    "bad_choice": ('[rotation]\npolicy = "sometimes"\n', "rotation.policy", "one of 'two_terms'"),
    "nan_value": ("[pay]\nbase_multiple = nan\n", "pay.base_multiple", "expected a number"),
    "malformed_toml": ("[pay\nbase_multiple = 2\n", None, "malformed TOML"),
    "duplicate_key": ("[pay]\nbase_multiple = 2\nbase_multiple = 3\n", None, "malformed TOML"),
    "key_outside_section": ("base_multiple = 2\n", "base_multiple", "outside its section"),
    "section_not_table": ("pay = 3\n", "pay", "expected a table"),
    "meta_unknown": ('[meta]\nnmae = "x"\n', "meta.nmae", "did you mean 'name'"),
    "meta_base_missing": ('[meta]\nbase = "nope.toml"\n', "meta.base", "existing scenario file"),
    "inconsistent_thresholds": ("[penalties]\ncriticise_share = 0.3\nadjust_share = 0.2\n", "penalties.adjust_share",
                                "≥ penalties.criticise_share"),
    "more_townships_than_villages": ("[county]\ntownships = 50\nvillages = 20\n", "county.villages", "at least one"),
    "list_value": ("[pay]\nbase_multiple = [1, 2]\n", "pay.base_multiple", "expected a number"),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_scenario_file_python(tmp_path, name):
    text, key, expect = CASES[name]
    f = tmp_path / f"{name}.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as e:
        load_scenario(f)
    msg = str(e.value)
    assert str(f) in msg and expect in msg
    if key:
        assert key in msg


@pytest.mark.parametrize("name", ["unknown_key", "string_for_number", "malformed_toml", "share_above_one",
                                  "meta_base_missing", "inconsistent_thresholds"])
def test_bad_scenario_file_cli(cli, tmp_path, name):
    text, key, expect = CASES[name]
    f = tmp_path / "bad.toml"
    f.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    r = cli("run", str(f), "--out", str(out))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and r.stderr.count("\n") == 1
    assert str(f) in r.stderr and expect in r.stderr
    assert not out.exists()


def test_missing_file_and_directory(cli, tmp_path):
    r = cli("run", str(tmp_path / "nope.toml"), "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and "file not found" in r.stderr and "Traceback" not in r.stderr
    r = cli("run", str(tmp_path), "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and "is a directory" in r.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("arg, expect", [
    ("pay.base_multipel=2", "did you mean 'pay.base_multiple'"),
    ("pay.base_multiple=abc", "expected a number"),
    ("flagging.quota=2", "in [0, 1]"),
    ("pay.base_multiple", "expected section.key=value"),
])
def test_bad_set_override(cli, tmp_path, arg, expect):
    out = tmp_path / "o"
    r = cli("run", "scenarios/baseline.toml", "--set", arg, "--out", str(out))
    assert r.returncode == 2 and expect in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()


def test_bad_replicates_and_years(cli, tmp_path):
    r = cli("run", "scenarios/baseline.toml", "--replicates", "0", "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and "run.replicates" in r.stderr
    r = cli("run", "scenarios/baseline.toml", "--years", "-1", "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and "run.years" in r.stderr
    assert not (tmp_path / "o").exists()


def test_existing_output_not_overwritten_on_bad_input(cli, tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "yearly.csv").write_text("precious\n")
    r = cli("run", "scenarios/baseline.toml", "--set", "nope.key=1", "--out", str(out))
    assert r.returncode == 2
    assert (out / "yearly.csv").read_text() == "precious\n"


def test_parse_assignment_types():
    assert parse_assignment("pay.base_multiple=2") == ("pay.base_multiple", 2)
    assert parse_assignment("rotation.policy=fixed") == ("rotation.policy", "fixed")
    assert parse_assignment("stationed.enabled=false") == ("stationed.enabled", False)


def test_python_overrides_validated():
    with pytest.raises(ScenarioError, match="expected a number"):
        load_scenario(None, {"pay.base_multiple": "x"})
    with pytest.raises(ScenarioError, match="unknown key"):
        load_scenario(None, {"pay.nothing": 1})


def test_scenario_files_are_never_executed(tmp_path):
    """A string that looks like code stays a string and is rejected as a value."""
    f = tmp_path / "evil.toml"
    f.write_text('[rotation]\npolicy = "__import__(\'os\').system(\'touch pwned\')"\n')
    with pytest.raises(ScenarioError, match="one of"):
        load_scenario(f)
    assert not (tmp_path / "pwned").exists()

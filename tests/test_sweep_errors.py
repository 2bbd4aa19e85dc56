"""Malformed sweep files are refused before anything starts: one line naming file, key and expectation, exit 2."""

from __future__ import annotations

import cadresim
import pytest
from cadresim.cli import InputError
from cadresim.scenario import ScenarioError
from cadresim.sweep import parse_sweep

GOOD = """
[sweep]
replicates = 2
years = 3

[levers]
"election.term_years" = [3, 5]
"""

BAD = {
    "unknown_lever": ('[levers]\n"pay.base_multipel" = [1.0, 2.0]\n', "levers.pay.base_multipel",
                      "did you mean 'pay.base_multiple'"),
    "out_of_range": ('[levers]\n"election.term_years" = [3, 50]\n', "levers.election.term_years",
                     "expected an integer in [1, 10] (years), got 50"),
    "wrong_type": ('[levers]\n"pay.base_multiple" = [1.0, "high"]\n', "levers.pay.base_multiple",
                   "expected a number"),
    "bad_choice": ('[levers]\n"attention.policy" = ["classified", "random"]\n', "levers.attention.policy",
                   "expected one of 'classified'"),
    "scalar_lever": ('[levers]\n"pay.base_multiple" = 2.0\n', "levers.pay.base_multiple",
                     "expected a list of values or a range"),
    "empty_list": ('[levers]\n"pay.base_multiple" = []\n', "levers.pay.base_multiple", "non-empty list"),
    "range_for_switch": ('[sweep]\nsamples = 4\n[levers]\n"stars.enabled" = { lo = 0, hi = 1 }\n',
                         "levers.stars.enabled", "expected a list of values, not a range"),
    "range_lo_hi": ('[sweep]\nsamples = 4\n[levers]\n"pay.base_multiple" = { lo = 3.0, hi = 1.0 }\n',
                    "levers.pay.base_multiple", "expected lo < hi"),
    "range_out_of_bounds": ('[sweep]\nsamples = 4\n[levers]\n"pay.base_multiple" = { lo = 1.0, hi = 99.0 }\n',
                            "levers.pay.base_multiple", "expected a number in [0, 20]"),
    "range_bad_keys": ('[sweep]\nsamples = 4\n[levers]\n"pay.base_multiple" = { min = 1.0, max = 2.0 }\n',
                       "levers.pay.base_multiple", "expected a range { lo = ..., hi = ... }"),
    "range_no_samples": ('[levers]\n"pay.base_multiple" = { lo = 1.0, hi = 2.0 }\n', "sweep.samples",
                         "expected the number of points"),
    "sobol_not_pow2": ('[sweep]\ndesign = "sobol"\nsamples = 10\n[levers]\n"pay.base_multiple" = { lo = 1.0, hi = 2.0 }\n',
                       "sweep.samples", "power of 2"),
    "factorial_with_range": ('[sweep]\ndesign = "factorial"\nsamples = 4\n[levers]\n"pay.base_multiple" = { lo = 1.0, hi = 2.0 }\n',
                             "sweep.design", "expected 'lhs' or 'sobol'"),
    "unknown_design": ('[sweep]\ndesign = "grid"\n[levers]\n"pay.base_multiple" = [1.0]\n', "sweep.design",
                       "expected one of 'factorial', 'lhs', 'sobol'"),
    "bad_replicates": ('[sweep]\nreplicates = 0\n[levers]\n"pay.base_multiple" = [1.0]\n', "sweep.replicates",
                       "expected an integer in [1, 100000], got 0"),
    "replicates_string": ('[sweep]\nreplicates = "5"\n[levers]\n"pay.base_multiple" = [1.0]\n', "sweep.replicates",
                          "expected an integer"),
    "unknown_sweep_key": ('[sweep]\nreplicate = 5\n[levers]\n"pay.base_multiple" = [1.0]\n', "sweep.replicate",
                          "did you mean 'replicates'"),
    "unknown_table": ('[lever]\n"pay.base_multiple" = [1.0]\n', "lever", "did you mean 'levers'"),
    "run_key_lever": ('[levers]\n"run.seed" = [1, 2]\n', "levers.run.seed", "set in [sweep]"),
    "lever_and_fixed": ('[fixed]\n"pay.base_multiple" = 2.0\n[levers]\n"pay.base_multiple" = [1.0]\n',
                        "levers.pay.base_multiple", "also in [fixed]"),
    "bad_fixed": ('[fixed]\n"county.villages" = -3\n[levers]\n"pay.base_multiple" = [1.0]\n', "fixed.county.villages",
                  "expected an integer"),
    "missing_base": ('[sweep]\nbase = "nope.toml"\n[levers]\n"pay.base_multiple" = [1.0]\n', "sweep.base",
                     "expected an existing scenario file"),
    "inconsistent_point": ('[levers]\n"penalties.adjust_share" = [0.05, 0.3]\n', "levers (point 0",
                           "expected a value ≥ penalties.criticise_share"),
    "malformed_toml": ('[levers\n"pay.base_multiple" = [1.0]\n', None, "malformed TOML"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_sweep_file_named_key_and_expectation(tmp_path, case):
    text, key, expect = BAD[case]
    f = tmp_path / f"sweep_{case}.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as ei:
        parse_sweep(f)
    msg = str(ei.value)
    assert msg.startswith(str(f)), msg
    if key:
        assert f": {key}" in msg, msg
    assert expect in msg, msg


def test_good_file_parses(tmp_path):
    f = tmp_path / "sweep_ok.toml"
    f.write_text(GOOD, encoding="utf-8")
    sw = parse_sweep(f)
    assert sw.n_runs == 4 and sw.name == "sweep_ok"


@pytest.mark.parametrize("case", ["out_of_range", "unknown_lever", "sobol_not_pow2"])
def test_cli_exit_2_one_line_no_output_dir(tmp_path, cli, case):
    text, key, expect = BAD[case]
    f = tmp_path / "sweep_bad.toml"
    f.write_text(text, encoding="utf-8")
    out = tmp_path / "results"
    r = cli("sweep", str(f), "--out", str(out), "--workers", "1")
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cadresim sweep: error: ") and expect in lines[0], r.stderr
    assert "Traceback" not in r.stderr
    assert not out.exists()


def test_cli_missing_file_and_bad_options(tmp_path, cli):
    out = tmp_path / "results"
    r = cli("sweep", str(tmp_path / "nope.toml"), "--out", str(out))
    assert r.returncode == 2 and "file not found" in r.stderr and not out.exists()
    f = tmp_path / "sweep_ok.toml"
    f.write_text(GOOD, encoding="utf-8")
    r = cli("sweep", str(f), "--out", str(out), "--workers", "0")
    assert r.returncode == 2 and "--workers: expected an integer ≥ 1" in r.stderr and not out.exists()
    r = cli("sweep", str(f), "--out", str(out), "--executor", "local", "--scheduler", "tcp://127.0.0.1:1")
    assert r.returncode == 2 and "--scheduler" in r.stderr and not out.exists()


def test_used_out_dir_refused(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.txt").write_text("mine")
    spec = {"sweep": {"replicates": 1, "years": 1}, "levers": {"election.term_years": [3]}}
    with pytest.raises(InputError, match="not a sweep directory"):
        cadresim.sweep(spec, out=tmp_path / "x", workers=1, progress=False)
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["notes.txt"]
    with pytest.raises(InputError, match="not a sweep directory"):
        cadresim.load_results(tmp_path / "x")

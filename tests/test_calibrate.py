"""Calibration: targets files, statistics, recovery of a known parameter, resume, bad input."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("optuna")

from cadresim import CadreModel, load_scenario  # noqa: E402
from cadresim.calibration import Observer, calibrate, compute, evaluate, load_targets  # noqa: E402
from cadresim.calibration.targets import TargetsError  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TINY = """[meta]
name = "tiny"
[county]
townships = 2
villages = 60
[run]
years = 3
"""
TRUE_VALUE = 0.60  # stars.threshold the synthetic targets are made with
START = 0.75  # where the calibration starts (the scenario's own value)


def _tiny(tmp_path: Path, threshold: float = START) -> Path:
    p = tmp_path / "tiny.toml"
    p.write_text(TINY + f"[stars]\nthreshold = {threshold}\n", encoding="utf-8")
    return p


def _targets_text(rows: dict[str, tuple[str, float, float]], years: tuple[int, int] = (1, 3)) -> str:
    out = ['[meta]\nname = "synthetic"\nreplicates = 8\nseed = 11\n']
    for key, (output, observed, tol) in rows.items():
        out.append(f'[target.{key}]\noutput = "{output}"\nyears = [{years[0]}, {years[1]}]\n'
                   f'observed = {observed!r}\ntolerance = {tol!r}\nsolidity = "A"\nsource = "synthetic: the model at '
                   f'stars.threshold = {TRUE_VALUE}"\n')
    return "\n".join(out)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """Targets made by the model itself at stars.threshold = 0.60 (other seeds than the fit's)."""
    d = tmp_path_factory.mktemp("synthetic")
    sc_path = _tiny(d)
    stub = d / "stub.toml"
    stub.write_text(_targets_text({"s5": ("stars_5", 0.5, 0.1), "sm": ("stars_mean", 3.0, 0.2)}), encoding="utf-8")
    made = evaluate(load_scenario(sc_path), {"stars.threshold": TRUE_VALUE}, load_targets(stub), 16, 987)
    tfile = d / "targets.toml"
    tfile.write_text(_targets_text({"s5": ("stars_5", float(np.mean(made["s5"])), 0.08),
                                    "sm": ("stars_mean", float(np.mean(made["sm"])), 0.2)}), encoding="utf-8")
    return sc_path, tfile


def test_shipped_targets_file_reads_and_names_its_sources():
    ts = load_targets(ROOT / "scenarios" / "targets" / "seed002.toml")
    keys = {t.key for t in ts.targets}
    assert {"five_good", "stars_5", "stars_4", "stars_3", "shell", "secretary_age", "director_age", "shuangdai",
            "cross_serving", "one_shoulder", "flagged_quota_f3", "flagged_no_quota_f4", "recurrence_f4",
            "vacancy_f2", "vacancy_filled_f2", "rectified_f3", "member_replaced_f3", "tenure_f7"} <= keys
    for t in ts.targets:
        assert t.source and t.tolerance > 0 and t.weight > 0 and t.label_zh and t.label_en
    by = {t.key: t for t in ts.targets}
    assert by["flagged_no_quota_f4"].set == (("flagging.quota", 0.0),)
    assert by["five_good"].weight > by["member_replaced_f3"].weight  # seed figure over our own arithmetic (D)
    assert ts.arms() == [(), (("stationed.enabled", False),), (("flagging.quota", 0.0),)]  # F1, weak_steady: no programme


def test_observer_steps_exactly_as_run_years():
    """Stepping month by month for the statistics changes nothing in the run."""
    sc = load_scenario(None, {"county.villages": 40, "county.townships": 3})
    a = CadreModel(sc, rng=5).run_years(4)
    obs = Observer(CadreModel(sc, rng=5)).run(4)
    assert pd.DataFrame(obs.model.records).equals(pd.DataFrame(a.records))  # NaN in the same places counts as equal
    assert len(obs.monthly_vacant) == 48 and len(obs.yearly) == 4
    # a yearly column as a statistic is the mean of the column over the window
    assert compute(obs, "five_good_share", (2, 3)) == pytest.approx(np.mean([a.records[1]["five_good_share"],
                                                                            a.records[2]["five_good_share"]]))
    assert compute(obs, "stars_0_2", (1, 1)) == pytest.approx(sum(a.records[0][f"stars_{k}"] for k in range(3)))
    sec = obs.yearly[0]
    assert compute(obs, "secretary_age_mean", (1, 1)) == pytest.approx(sec["sec_age"][sec["sec_present"]].mean())
    # F2: share vacant averaged over the months; filled-within-a-month is a share
    vac = compute(obs, "vacancy_share_monthly", (1, 4))
    assert vac == pytest.approx(np.mean([m.mean() for m in obs.monthly_vacant]))
    filled = compute(obs, "vacancy_filled_1m_share", (1, 3))
    assert np.isnan(filled) or 0 <= filled <= 1
    # a ratio of two windows
    r = compute(obs, "weak_share_true", (3, 4), relative_to=(1, 2))
    w = [rec["weak_share_true"] for rec in a.records]
    assert np.isnan(r) or r == pytest.approx(np.mean(w[2:4]) / np.mean(w[0:2]))


def test_evaluate_in_block_worlds_gives_each_replicate_alone():
    """`evaluate` runs a candidate's replicates as blocks of one world (worlds of 2 blocks here);
    every statistic of every replicate is the value an `Observer` of that replicate alone gives,
    exactly — the shipped targets' statistics over their first 6 years (three arms), a small county."""
    from cadresim import compute as comp
    from cadresim.rng import replicate_seeds

    ts = load_targets(ROOT / "scenarios" / "targets" / "seed002.toml")
    sc = load_scenario(None, {"county.villages": 40, "county.townships": 3})
    short = dataclasses.replace(ts, targets=tuple(t for t in ts.targets if t.horizon <= 6))
    assert len(short.targets) >= 20 and len(short.arms()) == 3
    old = comp.BATCH_BLOCKS
    comp.BATCH_BLOCKS = 2  # 3 replicates: a world of 2 blocks and one of 1
    try:
        got = evaluate(sc, {}, short, 3, 17)
    finally:
        comp.BATCH_BLOCKS = old
    seeds = replicate_seeds(17, 3)
    for arm in short.arms():
        tg = [t for t in short.targets if t.set == arm]
        arm_sc = sc.with_overrides({**dict(arm), "run.agent_handles": "none"})
        for k in range(3):
            alone = Observer(CadreModel(arm_sc, rng=seeds[k], replicate=k)).run(short.horizon(arm))
            for t in tg:
                want = compute(alone, t.output, t.years, t.relative_to)
                assert got[t.key][k] == want or (np.isnan(want) and np.isnan(got[t.key][k])), (t.key, k)


def test_flag_statistics_count_what_they_say():
    """Flag exit, recurrence and replacement on a hand-made history of three years."""
    class Fake:
        pass

    obs = Fake()
    f = [np.array([1, 1, 0, 0], bool), np.array([0, 1, 1, 0], bool), np.array([1, 0, 0, 0], bool)]
    person = [np.array([1, 2, 3, 4]), np.array([5, 2, 3, 4]), np.array([5, 2, 6, 4])]
    obs.yearly = [{"flagged": f[i], "sec_person": person[i], "dir_present": np.ones(4, bool),
                   "dir_tenure": np.full(4, 30)} for i in range(3)]
    # flagged {0, 1} then {1, 2} then {0}: village 0 leaves after year 1, villages 1 and 2 after year 2
    assert compute(obs, "flag_exit_share", (1, 2)) == pytest.approx(3 / 4)
    assert compute(obs, "flag_recurrence_share", (1, 3)) == pytest.approx(2 / 4)  # villages 0 and 1 flagged twice
    assert compute(obs, "flag_member_replaced_share", (1, 2)) == pytest.approx(2 / 4)  # secretary of 0 (y1→2), of 2 (y2→3)


def test_calibration_recovers_a_known_value(synthetic, tmp_path):
    """Targets made by the model at stars.threshold = 0.60; starting from 0.75, the fit lands
    within ±0.04 of 0.60 (and within the targets' tolerances)."""
    sc_path, tfile = synthetic
    res = calibrate(sc_path, tfile, keys=["stars.threshold"], budget=24, batch=8, workers=1, out=tmp_path / "c")
    got = res.best["stars.threshold"]
    assert abs(got - TRUE_VALUE) <= 0.04, got
    assert res.trials.loc[0, "stars.threshold"] == START  # the first candidate is the scenario as it was
    assert res.best_loss < res.trials.loc[0, "loss"]
    assert res.fit["met"].all()
    cal = load_scenario(tmp_path / "c" / "calibrated.toml")
    assert cal["stars.threshold"] == got and cal["county.villages"] == 60  # base = the input scenario
    acc = pd.read_parquet(tmp_path / "c" / "accepted.parquet")
    assert len(acc) >= 10 and acc["loss"].is_monotonic_increasing and "stars.threshold" in acc
    fit = pd.read_csv(tmp_path / "c" / "fit.csv")
    assert list(fit["target"]) == ["s5", "sm"]
    for f in ("fit.md", "fit_en.png", "fit_zh.png", "fit_zh.svg", "trials.csv"):
        assert (tmp_path / "c" / f).stat().st_size > 0


def test_resume_after_kill_recomputes_nothing_finished(synthetic, tmp_path):
    """A calibration killed mid-batch (log cut, last line torn) resumes: it computes only the
    lost candidates and ends identical to the uninterrupted one, whatever the workers."""
    sc_path, tfile = synthetic
    kw = dict(keys=["stars.threshold", "five_good.threshold"], budget=20, batch=8, figures=False)
    full = calibrate(sc_path, tfile, workers=2, out=tmp_path / "full", **kw)
    assert full.computed == 20 and full.reused == 0
    cut = tmp_path / "cut"
    cut.mkdir()
    for f in ("trials.jsonl", "calibration.json"):
        (cut / f).write_bytes((tmp_path / "full" / f).read_bytes())
    lines = (cut / "trials.jsonl").read_bytes().splitlines(keepends=True)
    (cut / "trials.jsonl").write_bytes(b"".join(lines[:11]) + lines[11][:25])  # 11 finished, one torn
    res = calibrate(sc_path, tfile, workers=1, out=cut, **kw)
    assert (res.computed, res.reused) == (9, 11)
    pd.testing.assert_frame_equal(res.trials, full.trials)
    assert res.best == full.best
    again = calibrate(sc_path, tfile, workers=1, out=cut, **kw)
    assert (again.computed, again.reused) == (0, 20)
    more = calibrate(sc_path, tfile, workers=1, out=cut, **{**kw, "budget": 24})  # a larger budget goes on
    assert (more.computed, more.reused) == (4, 20)
    with pytest.raises(TargetsError.__mro__[1], match="other settings"):  # ScenarioError
        calibrate(sc_path, tfile, workers=1, out=cut, keys=["stars.threshold"], budget=20, batch=8, figures=False)


BAD_EDITS = [
    (lambda s: s.replace('output = "stars_5"', 'output = "stars_five"'), "target.s5.output: expected a yearly column"),
    (lambda s: s.replace("years = [1, 3]", "years = [3, 1]", 1), "target.s5.years: expected [first, last]"),
    (lambda s: s.replace('solidity = "A"', 'solidity = "Z"', 1), "target.s5.solidity: expected one of"),
    (lambda s: s.replace("tolerance = ", "tolerence = ", 1), "target.s5.tolerence: unknown key"),
    (lambda s: s.replace("tolerance = 0.08", "tolerance = -1", 1), "target.s5.tolerance: expected a positive number"),
    (lambda s: s.replace('source = "synthetic', 'set = { "flagging.quotas" = 0 }\nsource = "synthetic', 1),
     "target.s5.set.flagging.quotas: unknown scenario key"),
    (lambda s: s.replace('source = "synthetic', 'set = { "flagging.quota" = 2 }\nsource = "synthetic', 1),
     "target.s5.set.flagging.quota: expected a number in [0, 1]"),
    (lambda s: s.replace('replicates = 8', 'replicates = 0'), "meta.replicates: expected a positive integer"),
    (lambda s: s + "\n[target.bad\n", "malformed TOML"),
    (lambda s: s.split("[target.")[0], "target: expected at least one [target.NAME] table"),
]


@pytest.mark.parametrize("edit, expect", BAD_EDITS)
def test_bad_targets_file_names_file_and_key(synthetic, tmp_path, edit, expect):
    _, tfile = synthetic
    bad = tmp_path / "bad.toml"
    bad.write_text(edit(tfile.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(TargetsError) as e:
        load_targets(bad)
    msg = str(e.value)
    assert "\n" not in msg and msg.startswith(str(bad)) and expect in msg, msg


@pytest.mark.parametrize("which", [0])
def test_bad_targets_file_cli_one_line_exit_2(synthetic, tmp_path, cli, which):
    """From the command line: one line on stderr, exit 2, nothing written."""
    sc_path, tfile = synthetic
    edit, expect = BAD_EDITS[which]
    bad = tmp_path / "bad.toml"
    bad.write_text(edit(tfile.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "never"
    r = cli("calibrate", str(sc_path), "--targets", str(bad), "--out", str(out), "--budget", "2")
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and str(bad) in r.stderr and expect in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and not out.exists()


def test_bad_keys_one_line(synthetic, tmp_path, cli):
    sc_path, tfile = synthetic
    r = cli("calibrate", str(sc_path), "--targets", str(tfile), "--out", str(tmp_path / "o"),
            "--keys", "county.villages")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "not an assumption" in r.stderr, r.stderr


def test_calibration_json_records_settings(synthetic, tmp_path):
    sc_path, tfile = synthetic
    calibrate(sc_path, tfile, keys=["stars.threshold"], budget=8, workers=1, out=tmp_path / "j", figures=False)
    info = json.loads((tmp_path / "j" / "calibration.json").read_text(encoding="utf-8"))
    assert info["status"] == "complete" and info["trials"] == 8 and info["settings"]["replicates"] == 8


def test_ordered_keys_are_swapped_or_clipped_not_wasted():
    """weak.threshold ≤ five_good.threshold: a candidate drawn the wrong way round is swapped
    when both are fitted, clipped to the fixed one when one is, and kept when in order."""
    from cadresim.calibration.engine import feasible

    sc = load_scenario(None, {"weak.threshold": 0.47, "five_good.threshold": 0.55})
    assert feasible({"weak.threshold": 0.7, "five_good.threshold": 0.5}, sc) == {
        "weak.threshold": 0.5, "five_good.threshold": 0.7}
    assert feasible({"weak.threshold": 0.7}, sc) == {"weak.threshold": 0.55}
    assert feasible({"five_good.threshold": 0.3}, sc) == {"five_good.threshold": 0.47}
    assert feasible({"weak.threshold": 0.3, "stars.threshold": 0.9}, sc) == {"weak.threshold": 0.3,
                                                                             "stars.threshold": 0.9}
    sc.with_overrides(feasible({"weak.threshold": 0.9, "five_good.threshold": 0.1}, sc))  # accepted


AFTER_THREADS = """
import json, sys
from cadresim import CadreModel, compute
from cadresim.calibration import calibrate
compute.PARALLEL_MIN = 0  # threaded loops even for these small worlds (forked workers inherit this)
CadreModel(None, rng=3, **{"run.agent_handles": "none"}).run_years(1)  # starts numba's thread pool
kw = dict(keys=["stars.threshold"], budget=8, batch=4, figures=False)
two = calibrate(sys.argv[1], sys.argv[2], workers=2, out=sys.argv[3] + "/two", **kw)
one = calibrate(sys.argv[1], sys.argv[2], workers=1, out=sys.argv[3] + "/one", **kw)
cols = [c for c in two.trials if "wall" not in c]  # everything but the timings
print(json.dumps({"started": compute.pool_started(), "computed": two.computed,
                  "same": bool(two.trials[cols].equals(one.trials[cols])), "columns": cols}))
"""


def test_calibration_workers_forked_after_a_threaded_run_finish_with_the_same_trials(synthetic, tmp_path):
    """A process that ran a threaded loop, then a calibration on two forked workers: the workers
    run on one thread (GNU OpenMP's pool does not survive a fork; before, they were killed)."""
    import os
    import subprocess
    import sys

    sc_path, tfile = synthetic
    env = {**os.environ, "NUMBA_NUM_THREADS": "2", "CADRESIM_THREADS": "2"}
    res = subprocess.run([sys.executable, "-c", AFTER_THREADS, str(sc_path), str(tfile), str(tmp_path)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert {"stars.threshold", "loss"} <= set(out.pop("columns"))
    assert out == {"started": True, "computed": 8, "same": True}

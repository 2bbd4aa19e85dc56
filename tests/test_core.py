"""Core model: world, Mesa handles, determinism, and the effect of the core mechanisms."""

from __future__ import annotations

import json

import mesa
import numpy as np
import pandas as pd
import pytest
from cadresim import CadreModel, Scenario, load_scenario, run, run_replicate
from cadresim.outputs import CORE_COLUMNS
from cadresim.rng import replicate_seeds

R = 12  # replicates for mechanism tests


def paired(base: Scenario, alt: Scenario, fn, reps: int = R, years: int = 6, seed: int = 11) -> np.ndarray:
    """fn(model) for each replicate of both arms with common random numbers; returns alt - base."""
    seeds = replicate_seeds(seed, reps)
    out = []
    for k in range(reps):
        a = fn(CadreModel(alt, rng=seeds[k]).run_years(years))
        b = fn(CadreModel(base, rng=seeds[k]).run_years(years))
        out.append(a - b)
    return np.array(out)


def beyond_noise(d: np.ndarray, sign: int, z: float = 3.0) -> None:
    se = d.std(ddof=1) / np.sqrt(len(d)) + 1e-12
    assert sign * d.mean() > z * se, f"mean diff {d.mean():.4g}, se {se:.3g}, expected sign {sign}"


def yearly_mean(col: str):
    return lambda m: m.yearly[col].mean()


# ---- world --------------------------------------------------------------------------------
def test_world_matches_scenario():
    m = CadreModel(Scenario(), rng=1)
    v, t = m.v, m.t
    assert m.n == 146 and m.m == 9
    assert t.n_villages.sum() == 146 and t.n_villages.min() >= 1
    assert t.n_villages.std() > 0  # uneven townships
    shells = (v.income < 30_000).mean()
    assert 0.65 < shells < 0.92  # D9: most villages are collective-economy shells
    assert 1.5 < (~np.isnan(v.reserves)).sum(axis=1).mean() < 2.5  # C6
    assert abs(v.sec_age.mean() - 44) < 2.5  # seed 002
    big = CadreModel(Scenario().with_overrides({"county.villages": 20000, "county.townships": 1200,
                                                "run.agent_handles": "none"}), rng=2)
    assert abs(big.v.one_shoulder.mean() - 0.062) < 0.01
    assert abs(big.v.direct_election.mean() - 0.40) < 0.02
    assert abs(big.v.sec_shuangdai.mean() - 0.76) < 0.02


def test_mesa_model_and_handles():
    m = CadreModel(Scenario(), rng=3)
    assert isinstance(m, mesa.Model)
    assert len(m.villages) == 146 and len(m.townships) == 9
    vil = m.villages.to_list()[5]
    assert vil.secretary.ability == pytest.approx(m.v.sec_ability[5])
    vil.secretary.ability = 0.99  # handles write through to the arrays
    assert m.v.sec_ability[5] == 0.99
    assert set(vil.dims) == {"leadership", "team", "mechanism", "development", "image"}
    tw = m.townships.to_list()[0]
    assert len(tw.villages) == tw.n_villages
    assert set(tw.leaders) == {"secretary", "mayor", "org_member"}
    m.run_years(2)
    dc = m.datacollector.get_model_vars_dataframe()
    assert len(dc) == 2 and "weak_share_true" in dc
    assert list(dc["weak_share_true"]) == list(m.yearly["weak_share_true"])
    # AgentSet idioms work on the handles
    weak = m.villages.select(lambda a: a.weak)
    assert len(weak) == int(m.v.weak_true.sum())
    # national-size runs create no handles unless asked
    lean = CadreModel(Scenario().with_overrides({"county.villages": 30000, "county.townships": 1800}), rng=1)
    assert lean._villages is None and lean.village(7).index == 7


def test_overrides_as_keywords_and_batch_run_style():
    m = CadreModel(None, rng=1, **{"election.term_years": 5}, pay__base_multiple=2.0)
    assert m.sc["election.term_years"] == 5 and m.sc["pay.base_multiple"] == 2.0


# ---- determinism ----------------------------------------------------------------------------
def test_same_seed_identical_different_seed_differs():
    sc = Scenario().with_overrides({"run.years": 8})
    a = run(sc, replicates=2, seed=5).yearly
    b = run(sc, replicates=2, seed=5).yearly
    c = run(sc, replicates=2, seed=6).yearly
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_replicate_seeds_are_spawned():
    sc = Scenario().with_overrides({"run.years": 4})
    res = run(sc, replicates=3, seed=9)
    k2 = run_replicate(sc, np.random.SeedSequence(9).spawn(3)[2], 2)
    pd.testing.assert_frame_equal(res.yearly[res.yearly.replicate == 2].reset_index(drop=True), k2)
    assert res.replicate_seeds[2] == {"entropy": 9, "spawn_key": [2]}


def test_common_random_numbers_isolate_a_rule():
    """Switching one rule leaves the other mechanisms' draws alone: the two arms agree exactly
    until that rule first acts (here: training, first paid at year end)."""
    base = Scenario()
    alt = base.with_overrides({"training.enabled": False})
    a = CadreModel(base, rng=4)
    b = CadreModel(alt, rng=4)
    np.testing.assert_array_equal(a.v.dims, b.v.dims)
    a.run_years(1)
    b.run_years(1)
    # the world, the first year's shocks and leaving are the same draws
    np.testing.assert_array_equal(a.v.township, b.v.township)
    assert a.yearly["quits"].iloc[0] == b.yearly["quits"].iloc[0]


# ---- mechanisms of the core process (issue 2) -------------------------------------------------
def test_pay_relative_to_outside_option_drives_effort_and_quitting():
    """D2/D10: higher pay → more effort, fewer quits, fewer vacancies."""
    base = Scenario().with_overrides({"pay.base_multiple": 0.6})
    alt = base.with_overrides({"pay.base_multiple": 2.0})
    beyond_noise(paired(base, alt, yearly_mean("effort_mean")), +1)
    beyond_noise(paired(base, alt, yearly_mean("quits")), -1)
    beyond_noise(paired(base, alt, yearly_mean("weak_share_true"), years=10), -1, z=2.5)


def test_lame_duck_year_lowers_effort_in_last_term_year():
    """C4: effort in the last year of a 3-year term is below the term's middle year."""
    m = CadreModel(Scenario(), rng=2)
    effort = []
    for _ in range(36):
        m.step()
        effort.append(m.v.sec_effort[m.v.sec_present].mean())
    mid, last = np.mean(effort[12:24]), np.mean(effort[24:36])
    assert last < 0.85 * mid
    off = CadreModel(Scenario().with_overrides({"election.lame_duck": False}), rng=2)
    e_off = []
    for _ in range(36):
        off.step()
        e_off.append(off.v.sec_effort[off.v.sec_present].mean())
    assert np.mean(e_off[24:36]) > 0.95 * np.mean(e_off[12:24])


def test_secretaries_age_out():
    m = CadreModel(Scenario().with_overrides({"county.retire_age": 50}), rng=1)
    m.run_years(1)
    assert (m.v.sec_age[m.v.sec_present] < 50 + 1 / 12 + 1e-9).all()
    assert m.yearly["retirements"].iloc[0] > 10


def test_vacancies_filled_from_reserve_pool_and_pool_refilled_by_members():
    """C6 and C10: a pool fills vacancies; recruiting members refills it; migration drains it."""
    base = Scenario().with_overrides({"reserve.enabled": False})
    alt = Scenario()
    beyond_noise(paired(base, alt, yearly_mean("secretary_vacancy_share")), -1)
    hi_mig = Scenario().with_overrides({"reserve.migration_rate": 0.5})
    beyond_noise(paired(alt, hi_mig, yearly_mean("reserve_mean")), -1)
    no_members = Scenario().with_overrides({"members.enabled": False, "members.recruit_rate": 0.1})
    beyond_noise(paired(alt, no_members, yearly_mean("reserve_mean")), -1)


def test_long_vacancy_is_a_weak_trigger():
    """A4: a secretary post vacant longer than weak.vacancy_months makes a village weak."""
    m = CadreModel(Scenario(), rng=1)
    m.v.sec_present[:10] = False
    m.v.sec_vacant_months[:10] = 7
    m.v.dims[:10] = 0.9
    from cadresim.rules.assessment import classify

    classify(m)
    assert m.v.weak_true[:10].all()
    m.v.sec_vacant_months[:10] = 3
    classify(m)
    assert not m.v.weak_true[:10].any()


def test_weak_and_five_good_definitions():
    m = CadreModel(Scenario(), rng=1)
    from cadresim.rules.assessment import classify, five_good

    m.v.dims[:] = 0.8
    m.v.sec_present[:] = True
    m.v.sec_vacant_months[:] = 0
    m.v.dims[0, 0] = 0.3  # leadership alone below the weak line → weak
    m.v.dims[1, 1:3] = 0.3  # two dimensions below → weak
    m.v.dims[2, 4] = 0.3  # one non-leadership dimension → not weak, not five-good
    classify(m)
    five_good(m)
    assert m.v.weak_true[:3].tolist() == [True, True, False]
    assert m.v.five_good[:4].tolist() == [False, False, False, True]


def test_shocks_and_ability_move_dimensions():
    """Village dimensions follow secretary ability (A1 process) and fall with shocks."""
    base = Scenario()
    shocks = base.with_overrides({"village.shock_rate": 0.05})
    beyond_noise(paired(base, shocks, yearly_mean("weak_share_true")), +1)
    good = base.with_overrides({"village.capacity_gain": 1.2})
    beyond_noise(paired(base, good, yearly_mean("five_good_share")), +1)


# ---- outputs ---------------------------------------------------------------------------------
def test_yearly_table_shape_and_costs():
    res = run(Scenario(), replicates=2, years=5, seed=1)
    y = res.yearly
    assert len(y) == 10
    for c in ("replicate", *CORE_COLUMNS):
        assert c in y
    assert (y["cost_total_yuan"] > 0).all()
    items = y.filter(regex=r"^cost_.*_yuan$").drop(columns="cost_total_yuan")
    np.testing.assert_allclose(items.sum(axis=1), y["cost_total_yuan"])
    assert res.term_ends()["year"].unique().tolist() == [3]


def test_load_scenario_and_overrides():
    sc = load_scenario("scenarios/baseline.toml", {"pay.base_multiple": 2})
    assert sc["pay.base_multiple"] == 2.0 and isinstance(sc["pay.base_multiple"], float)
    assert sc.pay.base_multiple == 2.0
    assert sc.changed() == {"pay.base_multiple": 2.0}
    assert load_scenario("baseline") == Scenario()


def test_baseline_file_states_every_default():
    """scenarios/baseline.toml is the defaults, every key present with a comment."""
    import tomllib

    from cadresim.params import PARAMS
    from cadresim.scenario import defaults_toml

    text = open("scenarios/baseline.toml", encoding="utf-8").read()
    doc = tomllib.loads(text)
    keys = {f"{s}.{k}" for s, t in doc.items() if s != "meta" for k in t}
    assert keys == set(PARAMS)
    assert load_scenario("scenarios/baseline.toml") == Scenario()
    assert text == defaults_toml(name="baseline", question=doc["meta"]["question"]), \
        "regenerate: python -m cadresim.baseline > scenarios/baseline.toml"
    for line in text.splitlines():
        if "=" in line and not line.startswith(("#", "name", "question")):
            assert "#" in line, line


# ---- CLI ---------------------------------------------------------------------------------------
def test_cli_run_writes_outputs_and_is_byte_identical(cli, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    r1 = cli("run", "scenarios/baseline.toml", "--replicates", "2", "--years", "6", "--seed", "3", "--out", str(a),
             "--set", "pay.base_multiple=1.5")
    assert r1.returncode == 0, r1.stderr
    assert "weak true" in r1.stdout and "   3 " in r1.stdout
    r2 = cli("run", "scenarios/baseline.toml", "--replicates", "2", "--years", "6", "--seed", "3", "--out", str(b),
             "--set", "pay.base_multiple=1.5", "--quiet")
    assert r2.returncode == 0 and r2.stdout == ""
    assert (a / "yearly.csv").read_bytes() == (b / "yearly.csv").read_bytes()
    y = pd.read_csv(a / "yearly.csv")
    assert len(y) == 12 and {"replicate", "year", "weak_share_true", "weak_share_reported", "five_good_share",
                             "secretary_vacancy_share", "cost_total_yuan"} <= set(y.columns)
    man = json.loads((a / "manifest.json").read_text())
    assert man["seed"] == 3 and len(man["replicate_seeds"]) == 2 and man["wall_s"] >= 0
    assert man["changed_keys"]["pay.base_multiple"] == 1.5
    sc = load_scenario(a / "scenario.toml")
    assert sc["pay.base_multiple"] == 1.5 and sc["run.seed"] == 3


def test_cli_rules_json_lists_every_rule(cli):
    r = cli("rules", "--json")
    assert r.returncode == 0, r.stderr
    rules = json.loads(r.stdout)
    ids = {x["id"] for x in rules}
    expected = {f"A{i}" for i in range(1, 8)} | {f"B{i}" for i in range(1, 9)} | {f"C{i}" for i in range(1, 11)} \
        | {f"D{i}" for i in range(1, 11)} | {"E1", "E2"}
    assert ids == expected
    for x in rules:
        assert x["enabled_key"] in x["keys"] and x["title"]
    txt = cli("rules", "scenarios/baseline.toml")
    assert txt.returncode == 0 and "A7" in txt.stdout


def test_rules_doc_is_generated_from_the_registry():
    """docs/rules.md is `python -m cadresim.rulesmap` output: every rule, its switch, keys, code and test."""
    from pathlib import Path

    from cadresim.rulesmap import markdown

    doc = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
    assert doc == markdown(), "regenerate: python -m cadresim.rulesmap > docs/rules.md"


@pytest.mark.parametrize("command", [[], ["run"], ["rules"], ["sweep"], ["compare"], ["plot"], ["brief"]])
def test_cli_help(cli, command):
    """`cadresim --help` and every subcommand's help print, exit 0 and list their options."""
    r = cli(*command, "--help")
    assert r.returncode == 0, r.stderr
    assert "usage: cadresim" in r.stdout and "Traceback" not in r.stderr
    if not command:
        for name in ("run", "rules", "sweep", "compare", "plot", "brief"):
            assert name in r.stdout


def test_cli_output_piped_into_head():
    """`cadresim rules | head -2`: a reader that closes early gets no traceback and exit 0."""
    import subprocess
    import sys

    p = subprocess.Popen([sys.executable, "-m", "cadresim.cli", "rules"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    p.stdout.close()  # the reader is gone before the command writes a line (start-up takes ~1 s)
    err = p.stderr.read()
    assert p.wait(timeout=120) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err

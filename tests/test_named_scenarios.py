"""Every named scenario in `scenarios/` (all but the `sweep_*.toml` sweep definitions) loads,
says what question it asks, and runs three years."""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pytest
from cadresim import CadreModel, load_scenario
from cadresim.params import PARAMS

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
FILES = sorted(p for p in SCENARIOS.glob("*.toml") if not p.name.startswith("sweep_"))
# Scale scenarios (province, national) are run on a county-sized world here: this test checks
# that the file loads and its policy runs, not the scale (tests/test_scale.py does that).
MAX_VILLAGES = 5_000
POLICY_FILES = ("rotation_yearly", "rotation_two_terms", "allowance_low", "allowance_high", "thresholds_strict",
                "thresholds_relaxed", "thresholds_off", "village_term_5y", "inspection_weak", "no_stationed")


def test_policy_scenarios_exist() -> None:
    names = {p.stem for p in FILES}
    assert set(POLICY_FILES) <= names, set(POLICY_FILES) - names


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_named_scenario_runs(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#"), f"{path.name}: first line should be a comment saying what question it asks"
    doc = tomllib.loads(text)
    meta = doc.get("meta", {})
    assert meta.get("name") and meta.get("question"), f"{path.name}: [meta] needs name and question"
    if path.stem != "baseline":
        assert meta.get("base") == "baseline.toml", f"{path.name}: base should be baseline.toml"
    sc = load_scenario(path)
    assert sc.name == meta["name"] and sc.question == meta["question"]
    # every changed key is a known key with a comment (unit, rule ID) on its line
    lines = text.splitlines()
    for section, table in doc.items():
        if section == "meta":
            continue
        for key in table:
            assert f"{section}.{key}" in PARAMS
            line = next(s for s in lines if s.split("=")[0].strip() == key)
            assert "#" in line, f"{path.name}: {section}.{key} has no comment"
    if sc["county.villages"] > MAX_VILLAGES:
        sc = sc.with_overrides({"county.villages": 146, "county.townships": 9, "run.agent_handles": "none"})
    m = CadreModel(sc, rng=1).run_years(3)
    y = m.yearly
    assert len(y) == 3
    assert np.isfinite(y["weak_share_true"]).all() and (y["weak_share_true"].between(0, 1)).all()
    assert (y["cost_total_yuan"] > 0).all()

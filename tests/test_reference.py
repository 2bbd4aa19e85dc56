"""Results pinned against tests/data/reference.json (made by benchmarks/make_reference.py).

They guard against accidental change: performance work must leave these numbers unchanged
(integers exactly, floats to rtol 1e-12). After a deliberate model change, regenerate once, in
a commit of its own that says why: ``python benchmarks/make_reference.py``. Every named county
scenario of `scenarios/` is pinned (10 years), and a test checks that none is missing.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "tests" / "data" / "reference.json"
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_reference import reference_rows  # noqa: E402

DATA = json.loads(REF.read_text(encoding="utf-8")) if REF.exists() else {"runs": {}}


def same(a, b) -> bool:
    if isinstance(b, float) and math.isnan(b):
        return isinstance(a, float) and math.isnan(a)
    if isinstance(a, bool) or isinstance(b, bool) or (isinstance(a, int) and isinstance(b, int)):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0) or a == b
    return a == b


@pytest.mark.skipif(not DATA["runs"], reason="no tests/data/reference.json: run benchmarks/make_reference.py")
@pytest.mark.parametrize("name", sorted(DATA["runs"]))
def test_matches_reference(name):
    ref = DATA["runs"][name]
    rows = reference_rows(ref["overrides"], ref["seed"], DATA["years"], name=name)
    assert len(rows) == len(ref["yearly"])
    bad = []
    for y, (got, want) in enumerate(zip(rows, ref["yearly"], strict=True), start=1):
        assert set(got) == set(want), f"year {y}: columns differ"
        bad += [f"year {y} {k}: {got[k]!r} != {want[k]!r}" for k in want if not same(got[k], want[k])]
    assert not bad, f"{name}: {len(bad)} values differ from the reference (re-run benchmarks/make_reference.py " \
                    f"only after a deliberate model change):\n" + "\n".join(bad[:20])


def test_every_named_scenario_is_pinned():
    from make_reference import RUNS

    assert set(RUNS) <= set(DATA["runs"]), "regenerate: python benchmarks/make_reference.py"

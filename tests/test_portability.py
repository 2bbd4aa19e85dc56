"""Results do not depend on which SIMD code numpy picks for this CPU.

numpy chooses its exp/log/pow and other loops at import by the CPU's instruction sets
(AVX-512, AVX2, or its baseline), and those can differ in the last bit. Re-running the same
seeds in a subprocess with numpy limited to its baseline (``NPY_DISABLE_CPU_FEATURES``), as on
an older machine, must give the same yearly records, bit for bit."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from cadresim import CadreModel
from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

EXTRA = [f for f in __cpu_dispatch__ if __cpu_features__.get(f)]
RUN = """
import json, sys
from cadresim import CadreModel
out = {}
for seed, size in ((20121, {}), (7, {"county__villages": 1500, "county__townships": 90})):
    out[f"{seed}"] = json.dumps(CadreModel(None, rng=seed, **size).run_years(15).records)
sys.stdout.write(json.dumps(out))
"""


@pytest.mark.skipif(not EXTRA, reason="numpy uses no instruction set beyond its baseline on this CPU")
def test_yearly_records_identical_with_numpy_at_its_baseline() -> None:
    env = {**os.environ, "NPY_DISABLE_CPU_FEATURES": " ".join(EXTRA)}
    r = subprocess.run([sys.executable, "-c", RUN], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    other = json.loads(r.stdout)
    for seed, size in ((20121, {}), (7, {"county__villages": 1500, "county__townships": 90})):
        here = json.dumps(CadreModel(None, rng=seed, **size).run_years(15).records)  # floats as repr: exact
        assert here == other[f"{seed}"], f"seed {seed}: records differ with numpy's {EXTRA} disabled"

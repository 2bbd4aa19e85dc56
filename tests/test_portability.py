"""Results do not depend on which SIMD code numpy, or which variant of the C library's maths,
this CPU gets.

numpy chooses its float64 exp/log/pow loops at import by the CPU's instruction sets (AVX-512,
AVX2, or its baseline), and those differ in the last bit for a few per cent of values; glibc
picks an FMA variant of exp/log/pow on CPUs that have FMA, which differs in about 0.05%. The
model's maths goes through `cadresim.fpmath` (the C library's functions, one value at a time)
so that neither choice shows. Re-running the same seeds in a subprocess as on an older
machine — numpy limited to its baseline (``NPY_DISABLE_CPU_FEATURES``), or glibc's FMA
variant off (``GLIBC_TUNABLES``) — must give the same yearly records and the same final state
(every array of villages, townships and counties), bit for bit. The records alone are not
enough: a collective income that differed in its last bit left them unchanged for 15 years."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys

import pytest
from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

EXTRA = [f for f in __cpu_dispatch__ if __cpu_features__.get(f)]
GLIBC = platform.libc_ver()[0] == "glibc"
RUN = """
import hashlib, json, sys
import numpy as np
from cadresim import CadreModel

def digest(*parts):
    h = hashlib.sha256()
    for part in parts:
        for name in sorted(vars(part)):
            a = getattr(part, name)
            if isinstance(a, np.ndarray):
                h.update(name.encode())
                h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()

out = {}
for seed, size in ((20121, {}), (7, {"county__villages": 1500, "county__townships": 90})):
    m = CadreModel(None, rng=seed, **size).run_years(15)
    out[f"{seed}"] = {"records": json.dumps(m.records), "state": digest(m.v, m.t, m.county)}
sys.stdout.write(json.dumps(out))
"""


def _run(env_extra: dict[str, str]) -> dict:
    env = {**os.environ, **env_extra}
    r = subprocess.run([sys.executable, "-c", RUN], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def here() -> dict:
    return _run({})


def _same(here: dict, other: dict, what: str) -> None:
    for seed in here:
        assert here[seed]["records"] == other[seed]["records"], f"seed {seed}: records differ with {what}"
        assert here[seed]["state"] == other[seed]["state"], f"seed {seed}: final state differs with {what}"


@pytest.mark.skipif(not EXTRA, reason="numpy uses no instruction set beyond its baseline on this CPU")
def test_results_identical_with_numpy_at_its_baseline(here: dict) -> None:
    _same(here, _run({"NPY_DISABLE_CPU_FEATURES": " ".join(EXTRA)}), f"numpy's {EXTRA} disabled")


@pytest.mark.skipif(not GLIBC, reason="GLIBC_TUNABLES is glibc's: another C library has no FMA variant to switch off")
def test_results_identical_with_glibc_maths_without_fma(here: dict) -> None:
    _same(here, _run({"GLIBC_TUNABLES": "glibc.cpu.hwcaps=-AVX2,-FMA"}), "glibc's FMA variants off")

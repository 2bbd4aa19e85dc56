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
enough: a collective income that differed in its last bit left them unchanged for 15 years.

The compiled loops likewise: numba compiles them for this CPU, and a loop the compiler
vectorises could in principle come out otherwise on another. They are compiled without
fast-math, so no operation may be reordered or fused; the runs are repeated with numba
compiling for a generic x86-64 (SSE2, no FMA) and, where the CPU has AVX-512, with 512-bit
vectors (``CADRESIM_WIDE_VECTORS=1``, `cadresim.cpu`), each in a cache of its own. A province
-sized run on two threads takes the threaded loops through the same comparison."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys

import llvmlite.binding as llvm
import pytest
from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

EXTRA = [f for f in __cpu_dispatch__ if __cpu_features__.get(f)]
GLIBC = platform.libc_ver()[0] == "glibc"
RUN = """
import hashlib, json, os, sys
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

runs = {}
for seed, size, years, threads in ((20121, {}, 15, "1"), (7, {"county__villages": 1500, "county__townships": 90}, 15, "1"),
                                   (3, {"county__villages": 30000, "county__townships": 1800}, 3, "2")):
    os.environ["CADRESIM_THREADS"] = threads  # 30,000 villages on two threads: the threaded loops
    m = CadreModel(None, rng=seed, **size).run_years(years)
    runs[f"{seed}"] = {"records": json.dumps(m.records), "state": digest(m.v, m.t, m.county)}
import numba.core.config as nc
sys.stdout.write(json.dumps({"runs": runs, "numba target": [nc.CPU_NAME, nc.CPU_FEATURES]}))
"""


def _run(env_extra: dict[str, str], timeout: int = 300) -> dict:
    env = {**os.environ, "CADRESIM_WIDE_VECTORS": "0", **env_extra}
    r = subprocess.run([sys.executable, "-c", RUN], capture_output=True, text=True, env=env, timeout=timeout)
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def here() -> dict:
    return _run({})


def _same(here: dict, other: dict, what: str) -> None:
    assert here["runs"].keys() == other["runs"].keys()
    for seed, run in here["runs"].items():
        assert run["records"] == other["runs"][seed]["records"], f"seed {seed}: records differ with {what}"
        assert run["state"] == other["runs"][seed]["state"], f"seed {seed}: final state differs with {what}"


@pytest.mark.skipif(not EXTRA, reason="numpy uses no instruction set beyond its baseline on this CPU")
def test_results_identical_with_numpy_at_its_baseline(here: dict) -> None:
    _same(here, _run({"NPY_DISABLE_CPU_FEATURES": " ".join(EXTRA)}), f"numpy's {EXTRA} disabled")


@pytest.mark.skipif(not GLIBC, reason="GLIBC_TUNABLES is glibc's: another C library has no FMA variant to switch off")
def test_results_identical_with_glibc_maths_without_fma(here: dict) -> None:
    _same(here, _run({"GLIBC_TUNABLES": "glibc.cpu.hwcaps=-AVX2,-FMA"}), "glibc's FMA variants off")


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="'generic' is x86-64's baseline target")
def test_results_identical_with_numba_compiling_for_a_generic_x86_64(here: dict, tmp_path) -> None:
    other = _run({"NUMBA_CPU_NAME": "generic", "NUMBA_CACHE_DIR": str(tmp_path)}, timeout=1200)  # compiles all
    assert other["numba target"][0] == "generic"
    _same(here, other, "numba compiling for a generic x86-64")


@pytest.mark.skipif("+avx512f" not in llvm.get_host_cpu_features().flatten(),
                    reason="no AVX-512 here: CADRESIM_WIDE_VECTORS=1 would compile the same vectors")
@pytest.mark.skipif("NUMBA_CPU_NAME" in os.environ or "NUMBA_CPU_FEATURES" in os.environ,
                    reason="numba's target is set in the environment: CADRESIM_WIDE_VECTORS leaves it")
def test_results_identical_with_the_widest_vectors(here: dict, tmp_path) -> None:
    other = _run({"CADRESIM_WIDE_VECTORS": "1", "NUMBA_CACHE_DIR": str(tmp_path)}, timeout=1200)
    assert other["numba target"][1].endswith(",-prefer-256-bit")  # the setting reached numba
    _same(here, other, "512-bit vectors (CADRESIM_WIDE_VECTORS=1)")

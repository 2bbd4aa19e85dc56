"""`cadresim.fpmath`: the model's own exp, log and power (fdlibm's algorithms, compiled), so that
no result depends on which SIMD code numpy picked or which C library is there. Checked here:
accuracy against Python's ``math`` (the C library), the special values, shapes, ``out=``,
threads; and that the model's code calls no numpy transcendental function
(`tests/test_portability.py` checks the bits across machines)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numba
import numpy as np
import pytest
from cadresim import compute, fpmath

MODEL = Path(fpmath.__file__).parent


def _ulps(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance in units in the last place between floats of the same sign."""
    return np.abs(np.asarray(a, dtype=np.float64).view(np.int64) - np.asarray(b, dtype=np.float64).view(np.int64))


@pytest.fixture(scope="module")
def rng() -> np.random.Generator:
    return np.random.default_rng(20261122)


def test_exp_within_one_ulp_of_the_c_library_over_its_whole_range(rng: np.random.Generator) -> None:
    x = np.concatenate([rng.uniform(-745.0, 709.7, 100_000), rng.uniform(-2.0, 2.0, 100_000),
                        rng.uniform(-1e-9, 1e-9, 1_000), [0.0, -0.0, 1e-300, 0.5 * math.log(2), -1.5 * math.log(2)],
                        [709.78, -708.5, -740.0, -745.0]])  # the last two: subnormal results
    got = fpmath.exp(x)
    ref = np.array([math.exp(t) for t in x])
    assert _ulps(got, ref).max() <= 1
    assert fpmath.exp(1.0) == pytest.approx(math.e, rel=2.3e-16, abs=0)


def test_exp_special_values() -> None:
    got = fpmath.exp(np.array([np.inf, -np.inf, np.nan, 709.79, 800.0, -745.2, -1e4, 0.0]))
    assert got[0] == np.inf and got[1] == 0.0 and np.isnan(got[2])
    assert got[3] == np.inf and got[4] == np.inf  # past the overflow threshold
    assert got[5] == 0.0 and got[6] == 0.0 and got[7] == 1.0


def test_log_within_one_ulp_of_the_c_library_including_subnormals(rng: np.random.Generator) -> None:
    x = np.concatenate([np.exp(rng.uniform(-700.0, 700.0, 100_000)), rng.uniform(0.0, 3.0, 100_000),
                        1.0 + rng.uniform(-1e-8, 1e-8, 1_000), [5e-324, 1e-310, 2.2e-308, 0.5, 1.0, 2.0, 1.7e308]])
    got = fpmath.log(x)
    ref = np.array([math.log(t) for t in x])
    close = ref != 0.0
    assert _ulps(got[close], ref[close]).max() <= 1
    assert fpmath.log(1.0) == 0.0 and fpmath.log(2.0) == math.log(2.0)


def test_log_special_values() -> None:
    got = fpmath.log(np.array([0.0, -0.0, -1.0, -np.inf, np.nan, np.inf]))
    assert got[0] == -np.inf and got[1] == -np.inf
    assert np.isnan(got[2]) and np.isnan(got[3]) and np.isnan(got[4])
    assert got[5] == np.inf


def test_log1p_for_the_ziggurat_tail_within_two_ulp(rng: np.random.Generator) -> None:
    @numba.njit
    def log1p_all(a):
        out = np.empty_like(a)
        for i in range(a.shape[0]):
            out[i] = fpmath.log1p_(a[i])
        return out

    x = np.concatenate([-rng.random(50_000), rng.uniform(-1e-12, 1e-12, 1_000), [0.0, -1.0, 3.0, np.inf]])
    got = log1p_all(x)
    ref = np.array([math.log1p(t) if t > -1 else -math.inf for t in x])
    fin = np.isfinite(ref) & (ref != 0.0)
    assert _ulps(got[fin], ref[fin]).max() <= 2
    assert got[-4] == 0.0 and got[-3] == -np.inf and got[-1] == np.inf


@pytest.mark.parametrize("p", [1 / 12, 0.5, 2.0, 3.7, -1.3])
def test_power_is_exp_of_p_log_x_and_close_to_the_c_library(rng: np.random.Generator, p: float) -> None:
    x = rng.random(50_000)
    got = fpmath.power(x, p)
    ref = np.array([math.pow(t, p) for t in x])
    assert np.max(np.abs(got / ref - 1)) < 1e-14  # |p log x| ≤ 40 here: a few ulp
    assert np.array_equal(got, fpmath.exp(p * fpmath.log(x)))


def test_power_special_values() -> None:
    got = fpmath.power(np.array([0.0, 1.0, np.inf, -1.0, np.nan, 0.0]), 0.5)
    assert got[0] == 0.0 and got[1] == 1.0 and got[2] == np.inf and np.isnan(got[3]) and np.isnan(got[4])
    assert fpmath.power(0.0, -1.0) == np.inf and fpmath.power(0.0, 0.0) == 1.0
    assert fpmath.power(np.array([np.nan, -2.0]), 0.0).tolist() == [1.0, 1.0]  # x⁰ = 1, as math.pow


def test_shapes_scalars_and_out() -> None:
    a = np.linspace(0.1, 2.0, 12).reshape(3, 4)
    got = fpmath.exp(a)
    assert got.shape == (3, 4) and np.array_equal(got.reshape(-1), fpmath.exp(a.reshape(-1)))
    assert isinstance(fpmath.log(2.0), float) and isinstance(fpmath.power(2.0, 0.5), float)
    out = np.empty((3, 4))
    assert fpmath.log(a, out=out) is out and np.array_equal(out, fpmath.log(a))
    strided = np.empty((3, 8))[:, ::2]  # not contiguous: written through
    assert fpmath.exp(a, out=strided) is strided and np.array_equal(strided, got)
    ints = np.arange(5)
    assert np.array_equal(fpmath.exp(-ints / 24), fpmath.exp((-ints / 24).astype(np.float64)))


def test_threaded_loops_give_the_same_bits(monkeypatch: pytest.MonkeyPatch, rng: np.random.Generator) -> None:
    x = rng.uniform(-20.0, 20.0, compute.PARALLEL_MIN * 3 + 17)
    serial = [fpmath.exp(x), fpmath.log(np.abs(x)), fpmath.power(np.abs(x), 1 / 12)]
    monkeypatch.setenv("CADRESIM_THREADS", "2")
    threaded = [fpmath.exp(x), fpmath.log(np.abs(x)), fpmath.power(np.abs(x), 1 / 12)]
    assert all(a.tobytes() == b.tobytes() for a, b in zip(serial, threaded, strict=True))


NUMPY_TRANSCENDENTAL = re.compile(
    r"\bnp\.(exp|exp2|expm1|log|log2|log10|log1p|power|float_power|sin|cos|tan|arcsin|arccos|arctan|arctan2|"
    r"sinh|cosh|tanh|cbrt|hypot|logaddexp|logaddexp2)\b|\.lognormal\(|\bmath\.(exp|log|log1p|expm1|pow)\(|\*\*")


def test_model_code_calls_no_cpu_dependent_maths() -> None:
    """numpy's own exp/log/power (SIMD by CPU) and the C library's (``math``, ``**`` on floats,
    numpy's lognormal) are not used in the model's computations: `cadresim.fpmath` is. Docstrings,
    comments and ``**kwargs`` aside; the rules, the world, the draws and the run loop."""
    files = [*sorted((MODEL / "rules").glob("*.py")), MODEL / "world.py", MODEL / "keyed.py", MODEL / "sim.py",
             MODEL / "rng.py", MODEL / "state.py", MODEL / "batch.py", MODEL / "outputs.py"]
    bad = []
    for f in files:
        in_doc = False
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            quotes = code.count('"""')
            if in_doc or quotes:
                in_doc = in_doc ^ (quotes % 2 == 1)
                continue
            code = re.sub(r"\*\*[a-z_]\w*[,)]|\(\*\*|, \*\*", "", code)  # **kwargs in calls and signatures
            if NUMPY_TRANSCENDENTAL.search(code):
                bad.append(f"{f.name}:{n}: {line.strip()}")
    assert not bad, "\n".join(bad)


def test_the_scan_would_see_a_numpy_exp() -> None:
    assert NUMPY_TRANSCENDENTAL.search("x = np.exp(y)") and NUMPY_TRANSCENDENTAL.search("y = (1 - q) ** k")
    assert not NUMPY_TRANSCENDENTAL.search("x = fpmath.exp(y)")


def test_ipow_is_repeated_multiplication_as_numbas_integer_power(rng: np.random.Generator) -> None:
    @numba.njit
    def both(x, n):
        a = np.empty(x.shape[0])
        b = np.empty(x.shape[0])
        for i in range(x.shape[0]):
            a[i] = fpmath.ipow_(x[i], n[i])
            b[i] = x[i] ** n[i]
        return a, b

    x = rng.uniform(0.0, 1.5, 20_000)
    n = rng.integers(0, 400, 20_000)
    a, b = both(x, n)
    assert a.tobytes() == b.tobytes()
    assert both(np.array([0.5, 2.0, 0.0]), np.array([0, 10, 0]))[0].tolist() == [1.0, 1024.0, 1.0]


def test_ipow_takes_a_count_held_as_float() -> None:
    assert fpmath.ipow_(0.5, 3.0) == 0.125 and fpmath.ipow_(0.9, 0) == 1.0
    x2 = 0.9 * 0.9
    assert fpmath.ipow_(0.9, 7) == 0.9 * x2 * (x2 * x2)  # squarings: x · x² · x⁴

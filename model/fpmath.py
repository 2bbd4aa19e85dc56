"""exp, log and power with the same bits on every machine.

numpy picks its float64 ``exp``, ``log``, ``log1p``, ``expm1`` and ``power`` when it is imported,
by the CPU it finds: with AVX-512 its own SIMD versions (numpy's AVX-512F exp and log, Intel's
SVML for the others), otherwise the C library's. They differ in the last bit for a share of
values (numpy 2.5 on this project's machine: power 6.6%, log1p 7.5%, expm1 10%, exp 4.4%,
log 0.3%), so the same seed gave other bits on a machine without AVX-512 (most AMD servers
before Zen 4, most laptops) than on one with it. The C library is no way out: glibc has an FMA
variant of exp, log and pow for CPUs with FMA that differs from its generic one in about 0.05%
of values, and macOS and Windows have libraries of their own.

So the model computes these itself, with the algorithms of Sun's fdlibm (as Java's StrictMath
does, for the same reason): argument reduction and a fixed polynomial in plain double
arithmetic, compiled by numba without fast-math, so no step depends on the CPU or the C library
(splitting and scaling by powers of two works on the bits: exact everywhere).
Within 1 ulp of the C library's exp and log (`tests/test_fpmath.py`); ``power(x, p)`` is
exp(p · log x), for x ≥ 0, within a few ulp where |p · log x| is small, as in every use here.
Compiled rule code calls `exp_`, `log_` and `log1p_` directly; array code calls `exp`, `log`
and `power`. `tests/test_portability.py` runs the model with numpy's AVX-512 code off and
with glibc's FMA variant off and compares the bits.
"""

from __future__ import annotations

import math

import numba
import numpy as np
from llvmlite import ir
from numba.core import types
from numba.extending import intrinsic

from . import compute

_jit = numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True)

# fdlibm e_exp.c
_O_THRESHOLD = 7.09782712893383973096e02  # above: overflow
_U_THRESHOLD = -7.45133219101941108420e02  # below: underflow to 0
_LN2_HI = 6.93147180369123816490e-01  # ln 2 in two parts: hi has trailing zero bits, so k · hi is exact
_LN2_LO = 1.90821492927058770002e-10
_INV_LN2 = 1.44269504088896338700e00
_P1 = 1.66666666666666019037e-01
_P2 = -2.77777777770155933842e-03
_P3 = 6.61375632143793436117e-05
_P4 = -1.65339022054652515390e-06
_P5 = 4.13813679705723846039e-08
# fdlibm e_log.c
_SQRT_HALF = 0.70710678118654752440
_LG1 = 6.666666666666735130e-01
_LG2 = 3.999999999940941908e-01
_LG3 = 2.857142874366239149e-01
_LG4 = 2.222219843214978396e-01
_LG5 = 1.818357216161805012e-01
_LG6 = 1.531383769920937332e-01
_LG7 = 1.479819860511658591e-01


@intrinsic
def _bits(typingctx, x):  # pragma: no cover
    """The 64 bits of a float64 as an int64 (a bit cast: no conversion)."""
    def codegen(context, builder, sig, args):
        return builder.bitcast(args[0], ir.IntType(64))
    return types.int64(types.float64), codegen


@intrinsic
def _from_bits(typingctx, i):  # pragma: no cover
    """The float64 whose 64 bits are the int64 `i` (a bit cast)."""
    def codegen(context, builder, sig, args):
        return builder.bitcast(args[0], ir.DoubleType())
    return types.float64(types.int64), codegen


_BIAS = 1023
_MIN_EXP = -1021  # 2^k for k from here to 1023 is a normal number: y · 2^k is one exact multiply
_MANT = 52
_EXP_MASK = 0x7FF
_MANT_MASK = (1 << _MANT) - 1
_HALF_BITS = (_BIAS - 1) << _MANT  # the bits of 0.5
_SUB_SHIFT = 1000  # fdlibm's 2^1000 · 2^−1000 for a result below the normal range
_SUB_LOG2 = 54
_TWO54 = 2.0 ** _SUB_LOG2
_MIN_NORMAL = 2.0 ** (_MIN_EXP - 1)  # the least normal float64


@_jit
def exp_(x: float) -> float:  # pragma: no cover
    """eˣ by fdlibm's ``__ieee754_exp``: x = k · ln 2 + r with |r| ≤ ln 2 / 2 (k the nearest
    whole number to x / ln 2, ln 2 in two parts so that k · hi is exact), e^r from a rational
    approximation of degree 5, then scaled by 2^k (< 1 ulp). Written without branches on the
    value (fdlibm's own for |x| < 1.5 ln 2 give the same numbers) so that a loop of them is
    vectorised; inf above the overflow threshold, 0 below the underflow one, NaN for NaN."""
    xc = min(max(x, _U_THRESHOLD), _O_THRESHOLD)  # NaN → the threshold: k stays finite
    k = int(_INV_LN2 * xc + (0.5 if xc > 0.0 else -0.5))
    kf = float(k)
    hi = xc - kf * _LN2_HI
    lo = kf * _LN2_LO
    r = hi - lo
    t = r * r
    c = r - t * (_P1 + t * (_P2 + t * (_P3 + t * (_P4 + t * _P5))))
    y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)
    # y · 2^k as y · 2^(k − j) · 2^j: j = 0 (× 1, exact) but near the ends of the range, where
    # 2^k is not a normal number (fdlibm's 2^(k + 1000) · 2^−1000: one rounding, into a subnormal)
    j = -_SUB_SHIFT if k < _MIN_EXP else (1 if k > _BIAS else 0)
    v = y * _from_bits((k - j + _BIAS) << _MANT) * _from_bits((j + _BIAS) << _MANT)
    v = math.inf if x > _O_THRESHOLD else v
    v = 0.0 if x < _U_THRESHOLD else v
    return x if x != x else v


@_jit
def log_(x: float) -> float:  # pragma: no cover
    """The natural log by fdlibm's ``__ieee754_log``: x = 2^k · (1 + f) with 1 + f in
    [√½, √2), log(1 + f) = 2s + s · R(s²) with s = f / (2 + f) and R fdlibm's degree-14
    polynomial (< 1 ulp). Without branches on the value (a subnormal x is first scaled by
    2^54, exactly), so that a loop of them is vectorised; −inf at 0, NaN below 0 and for NaN,
    inf at inf."""
    sub = x < _MIN_NORMAL
    xs = x * _TWO54 if sub else x
    b = _bits(xs)
    e = (b >> _MANT) & _EXP_MASK
    m = _from_bits((b & _MANT_MASK) | _HALF_BITS)  # xs = m · 2^(e − 1022), m in [½, 1): exact
    k = e - (_BIAS - 1) - (_SUB_LOG2 if sub else 0)
    low = m < _SQRT_HALF
    m = m + m if low else m
    k = k - 1 if low else k
    f = m - 1.0  # exact: m is within a factor 2 of 1
    dk = float(k)
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    t1 = w * (_LG2 + w * (_LG4 + w * _LG6))
    t2 = z * (_LG1 + w * (_LG3 + w * (_LG5 + w * _LG7)))
    r = t2 + t1
    hfsq = 0.5 * f * f
    v = dk * _LN2_HI - ((hfsq - (s * (hfsq + r) + dk * _LN2_LO)) - f)
    v = math.inf if x == math.inf else v
    v = -math.inf if x == 0.0 else v
    return math.nan if (x < 0.0 or x != x) else v


@_jit
def log1p_(x: float) -> float:  # pragma: no cover
    """log(1 + x), accurate for small x: log(u) · x / (u − 1) with u = 1 + x rounded (Goldberg
    1991, theorem 4: the rounding of u cancels; within 2 ulp), x where u rounds to 1."""
    if x == math.inf:
        return x
    u = 1.0 + x
    if u == 1.0:
        return x
    return log_(u) * (x / (u - 1.0))


@_jit
def ipow_(x: float, n: int) -> float:  # pragma: no cover
    """xⁿ for a whole n ≥ 0 (an int, or a float holding one: a count kept as float) by repeated
    squaring: multiplications only (numba's own ``x ** n`` for an integer n, written out so
    that the model's code shows no ``**``)."""
    n = int(n)
    r = 1.0
    while n > 0:
        if n & 1:
            r *= x
        n >>= 1
        x *= x
    return r


_EXP, _LOG, _POW = 0, 1, 2


@_jit
def _range(kind, x, p, out, lo, hi):  # pragma: no cover
    """out[i] = f(x[i]) for lo ≤ i < hi: `exp_`, `log_`, or x[i]^p = exp_(p · log_(x[i])), 1 for
    p = 0 (written out in the loop: a call to a function holding both is not vectorised)."""
    if kind == _EXP:
        for i in range(lo, hi):
            out[i] = exp_(x[i])
    elif kind == _LOG:
        for i in range(lo, hi):
            out[i] = log_(x[i])
    elif p == 0.0:  # x⁰ = 1, whatever x (as ``math.pow``)
        for i in range(lo, hi):
            out[i] = 1.0
    else:
        for i in range(lo, hi):
            out[i] = exp_(p * log_(x[i]))


@numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True, parallel=True)
def _parallel(kind, x, p, out, chunk):  # pragma: no cover
    """`_range` over numba's threads in fixed pieces (each value on its own: the same bits on
    any number of threads)."""
    n = x.shape[0]
    pieces = (n + chunk - 1) // chunk
    for c in numba.prange(pieces):
        _range(kind, x, p, out, c * chunk, min(c * chunk + chunk, n))


def _apply(kind: int, x: np.ndarray | float, p: float = 0.0, out: np.ndarray | None = None) -> np.ndarray | float:
    """f of every value of `x` (any shape; a float for a scalar), into `out` when given."""
    a = np.asarray(x, dtype=np.float64)
    flat = np.ascontiguousarray(a).reshape(-1)
    direct = out is not None and out.dtype == np.float64 and out.shape == a.shape and out.flags.c_contiguous
    res = out.reshape(-1) if direct else np.empty(flat.shape[0])
    if compute.threads_for(flat.shape[0]) > 1:
        _parallel(kind, flat, float(p), res, compute.piece(flat.shape[0]))
    else:
        _range(kind, flat, float(p), res, 0, flat.shape[0])
    if out is not None:
        if not direct:
            out[...] = res.reshape(a.shape)
        return out
    return float(res[0]) if a.ndim == 0 else res.reshape(a.shape)


def exp(x: np.ndarray | float, out: np.ndarray | None = None) -> np.ndarray | float:
    """eˣ of each value (`exp_`; a float for a scalar)."""
    return _apply(_EXP, x, out=out)


def log(x: np.ndarray | float, out: np.ndarray | None = None) -> np.ndarray | float:
    """The natural log of each value (`log_`: −inf at 0, NaN below)."""
    return _apply(_LOG, x, out=out)


def power(x: np.ndarray | float, p: float, out: np.ndarray | None = None) -> np.ndarray | float:
    """Each value to the power `p` (one number): exp(p · log x), so NaN for x < 0; 1 for p = 0."""
    return _apply(_POW, x, p, out=out)


__all__ = ["exp", "exp_", "ipow_", "log", "log1p_", "log_", "power"]

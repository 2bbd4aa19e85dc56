"""Counter-based random numbers: Philox4×64-10 (Salmon et al. 2011) compiled with numba.

A counter-based generator turns (key, counter) into random bits with no state carried from one
draw to the next, so a draw can be addressed by what it is for — (replicate seed, rule, year,
month, village) — and comes out the same whatever else is drawn, in whatever order, on however
many threads, in whichever batch. That is what holding replicates as blocks of one array world
needs (issue 14, items 2–3); the model does not use it yet (its streams are per-rule PCG64,
`cadresim.rng`).

The block function is numpy's `numpy.random.Philox` (Philox4×64-10) bit for bit:
`philox_random(key, counter, out)` gives the numbers ``Generator(Philox(key=key,
counter=counter)).random(out.size)`` gives (`tests/test_philox.py`). numba has no 128-bit
integer, so the 64 × 64 → 128-bit products are built from 32-bit halves.
"""

from __future__ import annotations

import numba
import numpy as np

_jit = numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True)

_M0 = np.uint64(0xD2E7470EE14C6C93)
_M1 = np.uint64(0xCA5A826395121157)
_W0 = np.uint64(0x9E3779B97F4A7C15)
_W1 = np.uint64(0xBB67AE8584CAA73B)
_LO32 = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)
_S11 = np.uint64(11)
_ONE = np.uint64(1)
_ZERO = np.uint64(0)
_TO_DOUBLE = 1.0 / 9007199254740992.0  # 2⁻⁵³, as numpy's random() for a 64-bit generator


@_jit
def _mulhilo(a, b):  # pragma: no cover
    """(high, low) 64-bit words of the 128-bit product a · b."""
    a_lo, a_hi = a & _LO32, a >> _S32
    b_lo, b_hi = b & _LO32, b >> _S32
    ll = a_lo * b_lo
    hl = a_hi * b_lo
    lh = a_lo * b_hi
    hh = a_hi * b_hi
    cross = (ll >> _S32) + (hl & _LO32) + lh
    hi = hh + (hl >> _S32) + (cross >> _S32)
    lo = (cross << _S32) | (ll & _LO32)
    return hi, lo


@_jit
def philox4x64(c0, c1, c2, c3, k0, k1):  # pragma: no cover
    """Philox4×64 with 10 rounds: the four 64-bit outputs for counter (c0..c3), key (k0, k1)."""
    for r in range(10):
        if r > 0:
            k0 = k0 + _W0
            k1 = k1 + _W1
        hi0, lo0 = _mulhilo(_M0, c0)
        hi1, lo1 = _mulhilo(_M1, c2)
        c0, c1, c2, c3 = hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0
    return c0, c1, c2, c3


@_jit
def philox_raw(key, counter, out):  # pragma: no cover
    """Fill the 1-D uint64 `out` with what ``Philox(key=key, counter=counter).random_raw(n)``
    gives: block b holds the outputs for counter + 1 + b (numpy advances the counter first)."""
    c0, c1, c2, c3 = counter[0], counter[1], counter[2], counter[3]
    j = 0
    while j < out.shape[0]:
        c0 = c0 + _ONE  # with carry, as numpy
        if c0 == _ZERO:
            c1 = c1 + _ONE
            if c1 == _ZERO:
                c2 = c2 + _ONE
                if c2 == _ZERO:
                    c3 = c3 + _ONE
        x0, x1, x2, x3 = philox4x64(c0, c1, c2, c3, key[0], key[1])
        for x in (x0, x1, x2, x3):
            if j < out.shape[0]:
                out[j] = x
                j += 1


@_jit
def philox_random(key, counter, out):  # pragma: no cover
    """Fill the 1-D float64 `out` with ``Generator(Philox(key=key, counter=counter)).random(n)``:
    each 64-bit output >> 11, times 2⁻⁵³ (uniform on [0, 1))."""
    raw = np.empty(out.shape[0], dtype=np.uint64)
    philox_raw(key, counter, raw)
    for j in range(out.shape[0]):
        out[j] = np.float64(raw[j] >> _S11) * _TO_DOUBLE


__all__ = ["philox4x64", "philox_random", "philox_raw"]

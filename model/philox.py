"""Counter-based random numbers: Philox4×64-10 (Salmon et al. 2011) compiled with numba.

A counter-based generator turns (key, counter) into random bits with no state carried from one
draw to the next, so a draw can be addressed by what it is for — (replicate seed, rule, year,
month, village) — and comes out the same whatever else is drawn, in whatever order, on however
many threads, in whichever batch. That is what holding replicates as blocks of one array world
needs (issue 14, items 2–3); every draw of the model goes through `keyed_fill`
(`cadresim.rng` says how a number is keyed).

The block function is numpy's `numpy.random.Philox` (Philox4×64-10) bit for bit:
`philox_random(key, counter, out)` gives the numbers ``Generator(Philox(key=key,
counter=counter)).random(out.size)`` gives (`tests/test_philox.py`). numba has no 128-bit
integer type, so the 64 × 64 → 128-bit products are one LLVM i128 multiply (an intrinsic;
from 32-bit halves when numba's JIT is disabled).
"""

from __future__ import annotations

import numba
import numpy as np
from llvmlite import ir
from numba.core import types
from numba.extending import intrinsic

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
def _mulhilo_halves(a, b):  # pragma: no cover
    """(high, low) 64-bit words of the 128-bit product a · b, from 32-bit halves."""
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


@intrinsic
def _mul128(typingctx, a, b):  # pragma: no cover
    """(high, low) of the 128-bit product of two uint64, as one LLVM i128 multiply."""
    if a != types.uint64 or b != types.uint64:
        return None
    sig = types.UniTuple(types.uint64, 2)(types.uint64, types.uint64)

    def codegen(context, builder, signature, args):
        i128 = ir.IntType(128)
        p = builder.mul(builder.zext(args[0], i128), builder.zext(args[1], i128))
        hi = builder.trunc(builder.lshr(p, ir.Constant(i128, 64)), ir.IntType(64))
        lo = builder.trunc(p, ir.IntType(64))
        return context.make_tuple(builder, signature.return_type, [hi, lo])

    return sig, codegen


if numba.config.DISABLE_JIT:  # plain Python (debugging): the halves, the same numbers
    _mulhilo = _mulhilo_halves
else:
    @_jit
    def _mulhilo(a, b):  # pragma: no cover
        """(high, low) 64-bit words of the 128-bit product a · b (one native multiply)."""
        return _mul128(a, b)


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



_UNIT_SHIFT = np.uint64(48)
_TWO_PI = 2.0 * np.pi


@_jit
def _keyed_range(lo, hi, keys, per_block, unit, sid, period, off, idx, use_idx, out, normal, elem_major):  # pragma: no cover
    """Elements lo … hi − 1 of `keyed_fill`."""
    n_sl = out.shape[1] if elem_major else out.shape[0]
    n_w = n_sl + n_sl % 2 if normal else n_sl
    words = np.empty(n_w, dtype=np.uint64)
    hi_word = np.uint64(unit) << _UNIT_SHIFT
    s = np.uint64(sid)
    p = np.uint64(period)
    first, last = off // 4, (off + n_w - 1) // 4
    b = lo // per_block
    e = lo - b * per_block - 1
    for r in range(lo, hi):
        if use_idx:
            b = idx[r] // per_block
            e = idx[r] - b * per_block
        else:  # r = b · per_block + e, counted (no division per element)
            e += 1
            if e == per_block:
                e = 0
                b += 1
        for blk in range(first, last + 1):
            x0, x1, x2, x3 = philox4x64(np.uint64(e), np.uint64(blk) | hi_word, s, p, keys[b, 0], keys[b, 1])
            w = blk * 4 - off
            if 0 <= w < n_w:
                words[w] = x0
            if 0 <= w + 1 < n_w:
                words[w + 1] = x1
            if 0 <= w + 2 < n_w:
                words[w + 2] = x2
            if 0 <= w + 3 < n_w:
                words[w + 3] = x3
        if normal:
            for j in range(0, n_sl, 2):
                u1 = np.float64((words[j] >> _S11) + _ONE) * _TO_DOUBLE
                u2 = np.float64(words[j + 1] >> _S11) * _TO_DOUBLE
                rad = np.sqrt(-2.0 * np.log(u1))
                z0 = rad * np.cos(_TWO_PI * u2)
                if elem_major:
                    out[r, j] = z0
                else:
                    out[j, r] = z0
                if j + 1 < n_sl:
                    z1 = rad * np.sin(_TWO_PI * u2)
                    if elem_major:
                        out[r, j + 1] = z1
                    else:
                        out[j + 1, r] = z1
        else:
            for j in range(n_sl):
                x = np.float64(words[j] >> _S11) * _TO_DOUBLE
                if elem_major:
                    out[r, j] = x
                else:
                    out[j, r] = x


@_jit
def keyed_fill(keys, per_block, unit, sid, period, off, idx, use_idx, out, normal, elem_major):  # pragma: no cover
    """Keyed draws (`cadresim.rng`): element g (global index; block b = g // per_block, local
    index e = g − b · per_block) gets, for slot j, a value that depends only on (keys[b], unit,
    stream id `sid`, `period`, e, off + j): word w of an element is lane w % 4 of
    philox4x64(counter = (e, w // 4 + unit · 2⁴⁸, sid, period), key = keys[b]).

    Uniforms: slot j is word off + j, (x >> 11) · 2⁻⁵³ on [0, 1). Normals (Box–Muller, exact per
    key): slots 2p and 2p + 1 come from words off + 2p, off + 2p + 1 (u1 = ((x1 >> 11) + 1) · 2⁻⁵³
    on (0, 1], u2 = (x2 >> 11) · 2⁻⁵³): √(−2 ln u1) · cos(2π u2), and · sin(2π u2).
    The elements are idx[r] when `use_idx`, else r; `out` is (elements, slots) when
    `elem_major`, else (slots, elements)."""
    n_el = out.shape[0] if elem_major else out.shape[1]
    _keyed_range(0, n_el, keys, per_block, unit, sid, period, off, idx, use_idx, out, normal, elem_major)


@numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True, parallel=True)
def keyed_fill_parallel(keys, per_block, unit, sid, period, off, idx, use_idx, out, normal, elem_major,
                        chunk):  # pragma: no cover
    """`keyed_fill` with the elements cut into fixed pieces of `chunk` spread over numba's
    threads: every number depends only on its key, so the bits are the same whatever the
    number of threads."""
    n_el = out.shape[0] if elem_major else out.shape[1]
    pieces = (n_el + chunk - 1) // chunk
    for c in numba.prange(pieces):
        _keyed_range(c * chunk, min(c * chunk + chunk, n_el), keys, per_block, unit, sid, period, off, idx,
                     use_idx, out, normal, elem_major)


__all__ = ["keyed_fill", "keyed_fill_parallel", "philox4x64", "philox_random", "philox_raw"]

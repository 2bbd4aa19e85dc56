"""Keyed random numbers: Threefry4×64-20 (Salmon et al. 2011) compiled with numba.

A counter-based generator turns (key, counter) into random bits with no state carried from one
draw to the next, so a draw can be addressed by what it is for — (replicate seed, rule, year,
month, village) — and comes out the same whatever else is drawn, in whatever order, on however
many threads, in whichever batch. That is what holding replicates as blocks of one array world
needs (issue 14, items 2–3); every draw of the model goes through this module (`keyed_fill`,
or a compiled loop that draws its own; `cadresim.rng` says how a number is keyed).

The block function is Random123's Threefry4×64 with its default 20 rounds, checked against
Random123's known-answer vectors (`tests/test_keyed.py`). It is adds, rotations and xors of
64-bit words, so a loop that makes the blocks of many elements at once is vectorised by the
compiler (`block_words`): ≈ 5 ns a block of four words here, against ≈ 10 ns for Philox4×64-10,
whose 64 × 64 → 128-bit products do not vectorise (docs/performance.md, change 50).
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np

from .fpmath import exp_, log1p_

_jit = numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True)
# The block function is inlined into every loop that calls it (numba's own inlining): a call
# the compiler cannot see into keeps a loop of blocks from being vectorised.
_inline = numba.njit(cache=True, fastmath=False, error_model="numpy", nogil=True, inline="always")

_PARITY = np.uint64(0x1BD11BDAA9FC1A22)  # Threefish's key-schedule parity constant
_S64 = np.uint64(64)
# Threefry4×64's rotation constants, rounds 0–7 (then again for rounds 8–15, 16–19)
_R = tuple(np.uint64(r) for r in (14, 16, 52, 57, 23, 40, 5, 37, 25, 33, 46, 12, 58, 22, 32, 32))
_S11 = np.uint64(11)
_ONE = np.uint64(1)
_ZERO = np.uint64(0)
NO_KEY = _ZERO  # a loop's key while it draws nothing (numbers given instead)
_TO_DOUBLE = 1.0 / 9007199254740992.0  # 2⁻⁵³, as numpy's random() for a 64-bit generator


@_inline
def _rotl(x, r):  # pragma: no cover
    return (x << r) | (x >> (_S64 - r))


@_inline
def _mix(x0, x1, r):  # pragma: no cover
    """Threefish's MIX: x0 + x1, and x1 rotated left by r xor that sum."""
    x0 += x1
    return x0, _rotl(x1, r) ^ x0


@_inline
def _four_rounds(x0, x1, x2, x3, ra, rb, rc, rd, re, rf, rg, rh):  # pragma: no cover
    """Four Threefry rounds: MIX the pairs (0, 1) and (2, 3), then (0, 3) and (2, 1)."""
    x0, x1 = _mix(x0, x1, ra)
    x2, x3 = _mix(x2, x3, rb)
    x0, x3 = _mix(x0, x3, rc)
    x2, x1 = _mix(x2, x1, rd)
    x0, x1 = _mix(x0, x1, re)
    x2, x3 = _mix(x2, x3, rf)
    x0, x3 = _mix(x0, x3, rg)
    x2, x1 = _mix(x2, x1, rh)
    return x0, x1, x2, x3


@_inline
def threefry4x64_20(c0, c1, c2, c3, k0, k1, k2, k3):  # pragma: no cover
    """Threefry4×64 with 20 rounds: the four 64-bit outputs for counter (c0..c3), key (k0..k3).
    A key word is injected after every four rounds, as Random123's ``threefry4x64``."""
    k4 = _PARITY ^ k0 ^ k1 ^ k2 ^ k3
    x0, x1, x2, x3 = c0 + k0, c1 + k1, c2 + k2, c3 + k3
    x0, x1, x2, x3 = _four_rounds(x0, x1, x2, x3, _R[0], _R[1], _R[2], _R[3], _R[4], _R[5], _R[6], _R[7])
    x0, x1, x2, x3 = x0 + k1, x1 + k2, x2 + k3, x3 + k4 + np.uint64(1)
    x0, x1, x2, x3 = _four_rounds(x0, x1, x2, x3, _R[8], _R[9], _R[10], _R[11], _R[12], _R[13], _R[14], _R[15])
    x0, x1, x2, x3 = x0 + k2, x1 + k3, x2 + k4, x3 + k0 + np.uint64(2)
    x0, x1, x2, x3 = _four_rounds(x0, x1, x2, x3, _R[0], _R[1], _R[2], _R[3], _R[4], _R[5], _R[6], _R[7])
    x0, x1, x2, x3 = x0 + k3, x1 + k4, x2 + k0, x3 + k1 + np.uint64(3)
    x0, x1, x2, x3 = _four_rounds(x0, x1, x2, x3, _R[8], _R[9], _R[10], _R[11], _R[12], _R[13], _R[14], _R[15])
    x0, x1, x2, x3 = x0 + k4, x1 + k0, x2 + k1, x3 + k2 + np.uint64(4)
    x0, x1, x2, x3 = _four_rounds(x0, x1, x2, x3, _R[0], _R[1], _R[2], _R[3], _R[4], _R[5], _R[6], _R[7])
    return x0 + k0, x1 + k1, x2 + k2, x3 + k3 + np.uint64(5)


@_jit
def keyed_block(e, c1, sid, period, k0, k1):  # pragma: no cover
    """The model's block of four words: Threefry4×64-20 of counter (element e, c1 = unit · 2⁴⁸
    | further bits | block number, stream id, period) under the replicate's key (k0, k1, 0, 0).
    One element's block, called (not inlined: each inlined copy costs compile time); loops
    that make many elements' blocks use `block_words`."""
    return threefry4x64_20(e, c1, sid, period, k0, k1, _ZERO, _ZERO)


@_jit
def keyed_lane(e, c1, sid, period, k0, k1, lane):  # pragma: no cover
    """One word of a block: lane `lane` (0–3) of keyed_block(e, c1, sid, period, k0, k1)."""
    x0, x1, x2, x3 = keyed_block(e, c1, sid, period, k0, k1)
    return x0 if lane == 0 else (x1 if lane == 1 else (x2 if lane == 2 else x3))


_UNIT_SHIFT = np.uint64(48)
_EXTRA = np.uint64(1) << np.uint64(47)  # counter bit of a normal's further words (ziggurat rejections)
_S32W = np.uint64(32)
_MASK52 = np.uint64(0x000FFFFFFFFFFFFF)
_BYTE = np.uint64(0xFF)
_S8 = np.uint64(8)
_ZIG_R = 3.6541528853610087963519472518  # start of the tail of the 256-layer ziggurat
_ZIG_INV_R = 0.27366123732975827203338247596


def ziggurat_tables(layers: int = 256, r: float = _ZIG_R) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Marsaglia & Tsang's (2000) ziggurat for the standard normal with 52-bit magnitudes, as
    numpy's ``standard_normal`` uses it: (k, w, f) — acceptance bounds, layer widths per unit,
    density at each layer's edge. The layer area v is what closes the table exactly at `r`."""
    from math import erfc, exp, log, pi, sqrt

    m = float(1 << 52)
    v = r * exp(-r * r / 2) + sqrt(pi / 2) * erfc(r / sqrt(2))
    k = np.zeros(layers, dtype=np.uint64)
    w, f = np.zeros(layers), np.zeros(layers)
    dn = tn = r
    q = v / exp(-0.5 * dn * dn)
    k[0] = np.uint64((dn / q) * m)
    w[0], w[-1] = q / m, dn / m
    f[0], f[-1] = 1.0, exp(-0.5 * dn * dn)
    for i in range(layers - 2, 0, -1):
        dn = sqrt(-2 * log(v / dn + exp(-0.5 * dn * dn)))
        k[i + 1] = np.uint64((dn / tn) * m)
        tn = dn
        f[i], w[i] = exp(-0.5 * dn * dn), dn / m
    return k, w, f


_ZK, _ZW, _ZF = ziggurat_tables()
_NO_WORDS = np.empty(0, dtype=np.uint64)


@_jit
def _more_word(n, src, k0, k1, unit, sid, period, e, slot):  # pragma: no cover
    """The n-th further word of a normal (its ziggurat rejected the first): src[n] when a word
    source is given (the test against numpy), else lane n % 4 of keyed_block(counter = (e,
    unit · 2⁴⁸ + 2⁴⁷ + (n // 4) · 2³² + slot, sid, period), key)."""
    if src.shape[0] > 0:
        return src[n]
    c1 = (np.uint64(unit) << _UNIT_SHIFT) | _EXTRA | (np.uint64(n // 4) << _S32W) | np.uint64(slot)
    return keyed_lane(np.uint64(e), c1, np.uint64(sid), np.uint64(period), k0, k1, n % 4)


@_jit
def ziggurat_normal(word, k0, k1, unit, sid, period, e, slot):  # pragma: no cover
    """A standard normal from the 64-bit `word` by numpy's ziggurat (256 layers: 8 bits pick the
    layer, 1 the sign, 52 the magnitude; ≈ 99% accepted at once, here). A rejection goes on
    in `ziggurat_full` with the normal's further words, keyed by (element `e`, `slot`), so a
    normal is a pure function of its key too. (Scalars only: an array argument would cost a
    reference count per call.)"""
    idx = word & _BYTE
    r = word >> _S8
    rabs = (r >> _ONE) & _MASK52
    if rabs < _ZK[idx]:
        x = np.float64(rabs) * _ZW[idx]
        return -x if (r & _ONE) == _ONE else x
    x, _ = ziggurat_full(word, _NO_WORDS, k0, k1, unit, sid, period, e, slot)
    return x


@_jit
def ziggurat_full(word, src, k0, k1, unit, sid, period, e, slot):  # pragma: no cover
    """Numpy's ziggurat (``random_standard_normal``) from `word`, its further words from `src`
    (when not empty: the same words give numpy's ``standard_normal`` values,
    `tests/test_keyed.py`) or keyed (`_more_word`). Returns (the normal, further words read)."""
    r = word
    n = 0
    while True:
        idx = r & _BYTE
        r = r >> _S8
        sign = r & _ONE
        rabs = (r >> _ONE) & _MASK52
        x = np.float64(rabs) * _ZW[idx]
        if sign == _ONE:
            x = -x
        if rabs < _ZK[idx]:
            return x, n
        if idx == _ZERO:  # the tail beyond r (Marsaglia 1964)
            while True:
                u1 = np.float64(_more_word(n, src, k0, k1, unit, sid, period, e, slot) >> _S11) * _TO_DOUBLE
                u2 = np.float64(_more_word(n + 1, src, k0, k1, unit, sid, period, e, slot) >> _S11) * _TO_DOUBLE
                n += 2
                xx = -_ZIG_INV_R * log1p_(-u1)
                yy = -log1p_(-u2)
                if yy + yy > xx * xx:
                    return (-(_ZIG_R + xx) if ((rabs >> _S8) & _ONE) == _ONE else _ZIG_R + xx), n
        else:
            u = np.float64(_more_word(n, src, k0, k1, unit, sid, period, e, slot) >> _S11) * _TO_DOUBLE
            n += 1
            if (_ZF[idx - 1] - _ZF[idx]) * u + _ZF[idx] < exp_(-0.5 * x * x):
                return x, n
        r = _more_word(n, src, k0, k1, unit, sid, period, e, slot)
        n += 1


@_jit
def ziggurat_words(words, out):  # pragma: no cover
    """Normals from a stream of words, as numpy's ``standard_normal`` takes them from its bit
    generator (each normal its first unused word, then what its rejections need); returns how
    many were made before the words ran out. For the test against numpy."""
    j = 0
    k = 0
    zero = np.uint64(0)
    while k < out.shape[0] and j < words.shape[0] - 8:
        out[k], used = ziggurat_full(words[j], words[j + 1:], zero, zero, 0, 0, 0, 0, 0)
        j += 1 + used
        k += 1
    return k


class Keyed(NamedTuple):
    """Where a stream's numbers come from, for a compiled loop that draws them itself
    (`cadresim.rng.Draws.keyed`): the replicates' keys, the elements per block, the unit, the
    stream id and the period."""

    keys: np.ndarray  # (blocks, 2) uint64
    per_block: int
    unit: int
    sid: int
    period: int


@_jit
def word_uniform(word):  # pragma: no cover
    """The uniform on [0, 1) of a 64-bit word, as numpy's ``random()``: (x >> 11) · 2⁻⁵³."""
    return np.float64(word >> _S11) * _TO_DOUBLE


@_jit
def element_words(k0, k1, c_unit, sid, period, e, off, n, words):  # pragma: no cover
    """words[0:n] = the 64-bit words off … off + n − 1 of element e of a stream whose counter
    words are (c_unit, sid, period) (`stream_counter`): word w is lane w % 4 of
    keyed_block(counter = (e, c_unit | w // 4, sid, period), key = (k0, k1))."""
    for blk in range(off // 4, (off + n - 1) // 4 + 1):
        x0, x1, x2, x3 = keyed_block(np.uint64(e), np.uint64(blk) | c_unit, sid, period, k0, k1)
        w = blk * 4 - off
        if 0 <= w < n:
            words[w] = x0
        if 0 <= w + 1 < n:
            words[w + 1] = x1
        if 0 <= w + 2 < n:
            words[w + 2] = x2
        if 0 <= w + 3 < n:
            words[w + 3] = x3


@_jit
def stream_counter(k):  # pragma: no cover
    """The counter words a `Keyed` stream's blocks share, as uint64: (unit · 2⁴⁸, stream id,
    period); block `blk` of element e is keyed_block(e, unit word | blk, sid, period, key)."""
    return np.uint64(k.unit) << _UNIT_SHIFT, np.uint64(k.sid), np.uint64(k.period)


SUB = 128  # elements whose blocks `block_words` makes in one go (two blocks of 128: 8 KiB)


@_jit
def sub_chunk(start, hi, per_block):  # pragma: no cover
    """(b, e0, m): the next elements of a loop over lo … hi − 1 whose words are made together —
    start … start + m − 1, at most `SUB`, all of block b (local indices e0 …)."""
    b = start // per_block
    e0 = start - b * per_block
    return b, e0, min(SUB, hi - start, per_block - e0)


@_jit
def block_words(e0, m, c1, nblk, sid, period, k0, k1, words):  # pragma: no cover
    """words[4j + l, t] = lane l of keyed_block(e0 + t, c1 + j, sid, period, k0, k1) for t < m,
    j < nblk: the blocks of m consecutive elements of one replicate, made in a loop of their
    own so that the compiler vectorises it (≈ 5 ns a block against ≈ 14 for one element at a
    time inside a loop with branches, as the rules' loops are)."""
    for j in range(nblk):
        cj = c1 + np.uint64(j)
        for t in range(m):
            x0, x1, x2, x3 = threefry4x64_20(np.uint64(e0 + t), cj, sid, period, k0, k1, _ZERO, _ZERO)
            words[4 * j, t] = x0
            words[4 * j + 1, t] = x1
            words[4 * j + 2, t] = x2
            words[4 * j + 3, t] = x3


@_jit
def _keyed_range(lo, hi, keys, per_block, unit, sid, period, off, idx, use_idx, out, normal, elem_major):  # pragma: no cover
    """Elements lo … hi − 1 of `keyed_fill`: consecutive elements' words made `SUB` at a time
    (`block_words`), listed elements' (`use_idx`) one element at a time."""
    n_sl = out.shape[1] if elem_major else out.shape[0]
    first, last = off // 4, (off + n_sl - 1) // 4
    c1 = (np.uint64(unit) << _UNIT_SHIFT) + np.uint64(first)
    s = np.uint64(sid)
    p = np.uint64(period)
    w0 = off - 4 * first  # the row of `words` that holds slot 0
    if use_idx:
        words = np.empty((4 * (last - first + 1), 1), dtype=np.uint64)
        for r in range(lo, hi):
            b = idx[r] // per_block
            e = idx[r] - b * per_block
            k0, k1 = keys[b, 0], keys[b, 1]
            block_words(e, 1, c1, last - first + 1, s, p, k0, k1, words)
            for j in range(n_sl):
                if normal:
                    x = ziggurat_normal(words[w0 + j, 0], k0, k1, unit, sid, period, e, off + j)
                else:
                    x = np.float64(words[w0 + j, 0] >> _S11) * _TO_DOUBLE
                if elem_major:
                    out[r, j] = x
                else:
                    out[j, r] = x
        return
    words = np.empty((4 * (last - first + 1), SUB), dtype=np.uint64)
    start = lo
    while start < hi:
        b, e0, m = sub_chunk(start, hi, per_block)
        k0, k1 = keys[b, 0], keys[b, 1]
        block_words(e0, m, c1, last - first + 1, s, p, k0, k1, words)
        for t in range(m):
            r = start + t
            for j in range(n_sl):
                if normal:
                    x = ziggurat_normal(words[w0 + j, t], k0, k1, unit, sid, period, e0 + t, off + j)
                else:
                    x = np.float64(words[w0 + j, t] >> _S11) * _TO_DOUBLE
                if elem_major:
                    out[r, j] = x
                else:
                    out[j, r] = x
        start += m


@_jit
def keyed_fill(keys, per_block, unit, sid, period, off, idx, use_idx, out, normal, elem_major):  # pragma: no cover
    """Keyed draws (`cadresim.rng`): element g (global index; block b = g // per_block, local
    index e = g − b · per_block) gets, for slot j, a value that depends only on (keys[b], unit,
    stream id `sid`, `period`, e, off + j): word w of an element is lane w % 4 of
    keyed_block(counter = (e, w // 4 + unit · 2⁴⁸, sid, period), key = keys[b]).

    Uniforms: slot j is word off + j, (x >> 11) · 2⁻⁵³ on [0, 1). Normals: slot j is
    `ziggurat_normal` of word off + j (a rejection, ≈ 1%, goes on with that normal's further
    words, keyed by element and slot: exact, and still a pure function of the key).
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


__all__ = ["NO_KEY", "SUB", "Keyed", "block_words", "element_words", "keyed_block", "keyed_lane", "keyed_fill", "keyed_fill_parallel",
           "stream_counter", "sub_chunk", "threefry4x64_20", "word_uniform", "ziggurat_full", "ziggurat_normal",
           "ziggurat_tables", "ziggurat_words"]

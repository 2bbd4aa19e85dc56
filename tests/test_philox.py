"""`cadresim.philox`: Philox4×64-10 in numba is numpy's `numpy.random.Philox`, bit for bit, for
any key and counter (carries across counter words included); the keyed normals are numpy's
ziggurat on those words, standard normal, their rejections keyed too."""

from __future__ import annotations

import numpy as np
import pytest
from cadresim.philox import (
    keyed_fill,
    philox4x64,
    philox_random,
    philox_raw,
    ziggurat_full,
    ziggurat_normal,
    ziggurat_tables,
    ziggurat_words,
)

MAX = np.iinfo(np.uint64).max
CASES = [
    ((0, 0), (0, 0, 0, 0)),
    ((12345, 67890), (5, 0, 0, 0)),
    ((MAX, MAX - 7), (MAX - 2, 3, 0, 9)),  # the first word carries into the second
    ((2**63 + 11, 2**40 + 3), (MAX, MAX, 7, 1)),  # a carry across three words
    ((0xDEADBEEF, 0xC0FFEE), (1, 2**62, MAX, 2**33)),
]


@pytest.mark.parametrize(("key", "counter"), CASES)
def test_raw_outputs_equal_numpys_philox(key: tuple[int, int], counter: tuple[int, ...]) -> None:
    want = np.random.Philox(key=np.array(key, dtype=np.uint64), counter=np.array(counter, dtype=np.uint64)).random_raw(23)
    got = np.empty(23, dtype=np.uint64)
    philox_raw(np.array(key, dtype=np.uint64), np.array(counter, dtype=np.uint64), got)
    assert got.tolist() == want.tolist()


@pytest.mark.parametrize(("key", "counter"), CASES)
def test_uniforms_equal_numpys_generator_on_philox(key: tuple[int, int], counter: tuple[int, ...]) -> None:
    bg = np.random.Philox(key=np.array(key, dtype=np.uint64), counter=np.array(counter, dtype=np.uint64))
    want = np.random.Generator(bg).random(1001)
    got = np.empty(1001)
    philox_random(np.array(key, dtype=np.uint64), np.array(counter, dtype=np.uint64), got)
    assert got.tobytes() == want.tobytes()
    assert 0.0 <= got.min() and got.max() < 1.0 and 0.45 < got.mean() < 0.55


# ------------------------------------------------------------------ normals: keyed ziggurat
@pytest.mark.parametrize("seed", [5, 2026])
def test_ziggurat_gives_numpys_standard_normal_on_the_same_words(seed: int) -> None:
    """The same 64-bit words make numpy's ``standard_normal`` values (its tables to ≈ 1e-14:
    ours are computed in double precision) and take the same number of words: every acceptance,
    wedge and tail decision is numpy's. 200,000 words reach ≈ 3,000 rejections and ≈ 50 tails."""
    words = np.random.PCG64(seed).random_raw(200_000)
    out = np.empty(200_000)
    k = ziggurat_words(words, out)
    ref = np.random.Generator(np.random.PCG64(seed)).standard_normal(k + 1)
    assert k > 190_000
    np.testing.assert_allclose(out[:k], ref[:k], rtol=0, atol=1e-13)
    # the word count agrees: numpy's next normal comes from the first word we did not use
    assert not np.isclose(out[:k], ref[1:k + 1]).all()


def test_keyed_normals_are_standard_normal_and_use_the_rejection_path() -> None:
    """One million keyed normals: Kolmogorov–Smirnov against N(0, 1) (α = 0.001; fixed keys, so a
    fixed verdict), mean and sd within 4 standard errors, the tails beyond the ziggurat's base
    (|z| > r ≈ 3.654, reached only through the rejection path) as often as N(0, 1) says (within
    4σ of the binomial count), and each value the one `ziggurat_full` gives from its word."""
    from scipy import stats

    keys = np.array([[12345, 67890]], dtype=np.uint64)
    n, cols = 200_000, 5
    z = np.empty((n, cols))
    keyed_fill(keys, n, 0, 77, 3, 0, np.empty(0, np.int64), False, z, True, True)
    flat = z.ravel()
    assert stats.kstest(flat, "norm").pvalue > 0.001
    se = 1 / np.sqrt(flat.size)
    assert abs(flat.mean()) < 4 * se and abs(flat.std() - 1) < 4 * se / np.sqrt(2)
    p_tail = 2 * stats.norm.sf(3.6541528853610088)
    tails = int((np.abs(flat) > 3.6541528853610088).sum())
    assert abs(tails - flat.size * p_tail) < 4 * np.sqrt(flat.size * p_tail)
    # the same numbers, element by element, from the words and the full algorithm
    words = np.empty(4 * 2, dtype=np.uint64)
    for e in (0, 1, 99_999):
        for blk in range(2):
            words[4 * blk:4 * blk + 4] = philox4x64(np.uint64(e), np.uint64(blk), np.uint64(77), np.uint64(3),
                                                    keys[0, 0], keys[0, 1])
        for j in range(cols):
            x, _ = ziggurat_full(words[j], np.empty(0, np.uint64), keys[0, 0], keys[0, 1], 0, 77, 3, e, j)
            assert x == z[e, j]


def test_a_rejected_normal_reads_its_own_further_words() -> None:
    """A word the ziggurat rejects goes on with further words keyed by (element, slot): two
    slots (or elements) with the same rejected word get different normals, each reproducible."""
    word = np.uint64(255) | (np.uint64(0xFFFFFFFFFFFFF) << np.uint64(9))  # top layer, largest magnitude
    zk = ziggurat_tables()[0]
    assert ((word >> np.uint64(9)) & np.uint64(0xFFFFFFFFFFFFF)) >= zk[255]
    a = ziggurat_normal(word, np.uint64(1), np.uint64(2), 0, 5, 7, 3, 0)
    b = ziggurat_normal(word, np.uint64(1), np.uint64(2), 0, 5, 7, 3, 1)
    c = ziggurat_normal(word, np.uint64(1), np.uint64(2), 0, 5, 7, 4, 0)
    assert len({a, b, c}) == 3
    assert a == ziggurat_normal(word, np.uint64(1), np.uint64(2), 0, 5, 7, 3, 0)

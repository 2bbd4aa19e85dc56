"""`cadresim.keyed`: Threefry4×64-20 in numba gives Random123's known answers; the keyed
normals are numpy's ziggurat on the keyed words, standard normal, their rejections keyed too."""

from __future__ import annotations

import numpy as np
import pytest
from cadresim.keyed import (
    keyed_block,
    keyed_fill,
    threefry4x64_20,
    ziggurat_full,
    ziggurat_normal,
    ziggurat_tables,
    ziggurat_words,
)

F = 0xFFFFFFFFFFFFFFFF
# Random123's kat_vectors for threefry4x64 with 20 rounds: counter, key, output
KAT = [
    ((0, 0, 0, 0), (0, 0, 0, 0), (0x09218EBDE6C85537, 0x55941F5266D86105, 0x4BD25E16282434DC, 0xEE29EC846BD2E40B)),
    ((F, F, F, F), (F, F, F, F), (0x29C24097942BBA1B, 0x0371BBFB0F6F4E11, 0x3C231FFA33F83A1C, 0xCD29113FDE32D168)),
    ((0x243F6A8885A308D3, 0x13198A2E03707344, 0xA4093822299F31D0, 0x082EFA98EC4E6C89),
     (0x452821E638D01377, 0xBE5466CF34E90C6C, 0xBE5466CF34E90C6C, 0xC0AC29B7C97C50DD),
     (0xA7E8FDE591651BD9, 0xBAAFD0C30138319B, 0x84A5C1A729E685B9, 0x901D406CCEBC1BA4)),
]


@pytest.mark.parametrize(("counter", "key", "want"), KAT)
def test_threefry_gives_random123s_known_answers(counter: tuple[int, ...], key: tuple[int, ...],
                                                 want: tuple[int, ...]) -> None:
    got = threefry4x64_20(*(np.uint64(c) for c in counter), *(np.uint64(k) for k in key))
    assert [int(x) for x in got] == list(want)


def test_the_models_block_is_threefry_under_the_replicates_key_and_two_zero_words() -> None:
    """`keyed_block(e, c1, sid, period, k0, k1)` is Threefry4×64-20 of counter (e, c1, sid,
    period), key (k0, k1, 0, 0); each counter word and key word changes the block."""
    args = [np.uint64(v) for v in (5, 2**48 | 3, 0xDEADBEEF, 41, 12345, 67890)]
    zero = np.uint64(0)
    block = keyed_block(*args)
    assert block == threefry4x64_20(*args[:4], args[4], args[5], zero, zero)
    for i in range(6):
        changed = list(args)
        changed[i] = changed[i] ^ np.uint64(1)
        assert keyed_block(*changed) != block


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
            words[4 * blk:4 * blk + 4] = keyed_block(np.uint64(e), np.uint64(blk), np.uint64(77), np.uint64(3),
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


@pytest.mark.parametrize(("per_block", "off", "slots", "normal"), [(50, 0, 3, False), (50, 3, 6, True), (300, 5, 2, False),
                                                                  (7, 1, 4, True)])
def test_words_made_many_elements_at_a_time_are_each_elements_own(per_block: int, off: int, slots: int,
                                                                   normal: bool) -> None:
    """`keyed_fill` over consecutive elements makes their words `SUB` at a time (`block_words`,
    cut at block edges by `sub_chunk`); over listed elements, one at a time. Both give every
    element the numbers of its own key, counter and slots: blocks of 7, 50 and 300 elements
    (a piece of `SUB` crossing a block's edge, or not), word offsets inside a block."""
    from cadresim.keyed import SUB

    rng = np.random.default_rng(3)
    n = 3 * SUB + 17
    blocks = -(-n // per_block)
    keys = rng.integers(0, 2**63, size=(blocks, 2), dtype=np.uint64)
    whole = np.empty((n, slots))
    keyed_fill(keys, per_block, 0, 99, 4, off, np.empty(0, np.int64), False, whole, normal, True)
    idx = rng.permutation(n)[: n // 2]
    listed = np.empty((slots, idx.size))
    keyed_fill(keys, per_block, 0, 99, 4, off, idx.astype(np.int64), True, listed, normal, False)
    assert np.array_equal(listed.T, whole[idx])
    for g in (0, SUB - 1, SUB, per_block - 1, per_block, n - 1):  # element by element, from the block function
        b, e = divmod(g, per_block)
        words = [w for blk in range(off // 4, (off + slots - 1) // 4 + 1)
                 for w in keyed_block(np.uint64(e), np.uint64(blk), np.uint64(99), np.uint64(4), keys[b, 0], keys[b, 1])]
        words = words[off % 4: off % 4 + slots]
        for j, w in enumerate(words):
            want = (ziggurat_normal(np.uint64(w), keys[b, 0], keys[b, 1], 0, 99, 4, e, off + j) if normal
                    else float(int(w) >> 11) * 2.0**-53)
            assert whole[g, j] == want

"""`cadresim.philox`: Philox4×64-10 in numba is numpy's `numpy.random.Philox`, bit for bit, for
any key and counter (carries across counter words included)."""

from __future__ import annotations

import numpy as np
import pytest
from cadresim.philox import philox_random, philox_raw

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

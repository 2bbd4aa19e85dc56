"""Random streams: one SeedSequence per run, one child stream per mechanism.

A run's randomness comes from a single `numpy.random.SeedSequence`. Mesa's `model.rng` is
the Generator made from it; each mechanism (quitting, shocks, elections, ...) draws from its
own child stream, keyed by the mechanism's name, and always draws arrays of the same shape
whatever the state. Switching a rule off therefore leaves every other mechanism's draws
unchanged: two arms of a comparison share common random numbers (Klein et al. 2024).
"""

from __future__ import annotations

import zlib

import numpy as np


def child_seed(root: np.random.SeedSequence, name: str) -> np.random.SeedSequence:
    """The SeedSequence of mechanism `name` within the run seeded by `root` (stable across runs)."""
    return np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, zlib.crc32(name.encode())))


class Streams:
    """Per-mechanism Generators derived from one run's SeedSequence."""

    def __init__(self, root: np.random.SeedSequence) -> None:
        self.root = root
        self._gens: dict[str, np.random.Generator] = {}

    def __getitem__(self, name: str) -> np.random.Generator:
        g = self._gens.get(name)
        if g is None:
            g = self._gens[name] = np.random.Generator(np.random.PCG64(child_seed(self.root, name)))
        return g


def replicate_seeds(seed: int, n: int) -> list[np.random.SeedSequence]:
    """Replicate k's SeedSequence: ``SeedSequence(seed).spawn(n)[k]`` (shared across scenarios: CRN)."""
    return np.random.SeedSequence(seed).spawn(n)

"""Random streams: one SeedSequence per run, one child stream per rule.

A run's randomness comes from a single `numpy.random.SeedSequence`. Each rule draws from its
own child stream, keyed by the rule's ID (``"A3"``, ``"B5"``, …) or by the name of a monthly
mechanism (``"dims"``, ``"leave"``, …):

* monthly streams (`Streams.__getitem__`) run on through the whole run and draw arrays of a
  fixed shape every month;
* yearly streams (`Streams.year`) are seeded afresh for each (rule, year), so whatever one
  rule draws in one year cannot shift any other rule's numbers, nor its own in later years.

Every rule draws its numbers whether it is switched on or not, so switching a rule off leaves
every other rule's draws unchanged: the arms of a comparison share common random numbers
(Klein et al. 2024; `tests/test_streams.py` checks it). Draws whose count depends on the
state (choosing among candidates for the k vacant posts) come from streams of their own.
"""

from __future__ import annotations

import zlib

import numpy as np


def child_seed(root: np.random.SeedSequence, name: str, *key: int) -> np.random.SeedSequence:
    """The SeedSequence of stream `name` (and `key`, e.g. the year) in the run seeded by `root`."""
    return np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, zlib.crc32(name.encode()), *key))


class Streams:
    """Per-rule Generators derived from one run's SeedSequence."""

    def __init__(self, root: np.random.SeedSequence) -> None:
        self.root = root
        self._gens: dict[str, np.random.Generator] = {}
        self._year: tuple[int, dict[str, np.random.Generator]] = (-1, {})

    def __getitem__(self, name: str) -> np.random.Generator:
        """The run-long stream `name` (monthly mechanisms)."""
        g = self._gens.get(name)
        if g is None:
            g = self._gens[name] = np.random.Generator(np.random.PCG64(child_seed(self.root, name)))
        return g

    def year(self, name: str, year: int) -> np.random.Generator:
        """Rule `name`'s stream for simulated year `year` (0-based), the same Generator on every
        call within that year."""
        y, gens = self._year
        if y != year:
            gens = {}
            self._year = (year, gens)
        g = gens.get(name)
        if g is None:
            g = gens[name] = np.random.Generator(np.random.PCG64(child_seed(self.root, name, year + 1)))
        return g


def replicate_seeds(seed: int, n: int) -> list[np.random.SeedSequence]:
    """Replicate k's SeedSequence: ``SeedSequence(seed).spawn(n)[k]`` (shared across scenarios: CRN)."""
    return np.random.SeedSequence(seed).spawn(n)

"""Random streams: keyed, counter-based draws (Threefry4×64-20), one key per replicate.

A run's randomness comes from a single `numpy.random.SeedSequence` (replicate k of a run seeded
`seed` uses ``SeedSequence(seed).spawn(R)[k]``). From it come

* the replicate's **key**: two 64-bit words (`replicate_key`);
* the **world** stream: a PCG64 Generator that builds the villages and townships once
  (`world_generator`).

Every other number is a pure function of what it is for (`cadresim.keyed.keyed_fill`):

    value = f(replicate key, stream name, period, unit, element, slot)

* stream: a rule's ID (``"A3"``, ``"C6"`` …) or a monthly mechanism (``"dims"``, ``"leave"``,
  ``"fill"`` …); `Draws` is one (stream, period): ``model.draws(rule)`` for the yearly rules
  (period = year + 1; 0 for the set-up), ``model.monthly(name)`` for the months (period = the
  month's index);
* unit and element: the village (or township) the number is for, by its index *within its
  replicate* — so a replicate's numbers do not depend on what else is in the batch
  (`cadresim.batch`) nor on the order anything is drawn in;
* slot: the j-th number of that element in that (stream, period); successive calls on one
  `Draws` take successive slots, as successive draws from a stream would.

Switching a rule off leaves every other rule's numbers unchanged (common random numbers: the
arms of a comparison share them; Klein et al. 2024), since no number depends on another
stream's use; `tests/test_streams.py` checks it. Draws whose count follows the state
(choosing among the reserves of the villages with a vacancy, the ages of however many
appointees) are keyed by village and slot too (`Draws.uniforms_at`, `Draws.normals_at`), not by
position in a list.

Uniforms are ``(x >> 11) · 2⁻⁵³`` of a 64-bit output, as numpy's ``random()``; a normal is
numpy's ziggurat on one keyed word (`cadresim.keyed.ziggurat_normal`), its rare rejections
(≈ 1%) going on with further words keyed by the same element and slot: one slot a number
either way, exact, no state.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from . import compute
from .keyed import Keyed, keyed_fill, keyed_fill_parallel

VILLAGE, TOWNSHIP = 0, 1
_UNITS = {"village": VILLAGE, "township": TOWNSHIP}
_NO_IDX = np.empty(0, dtype=np.int64)


def child_seed(root: np.random.SeedSequence, name: str, *key: int) -> np.random.SeedSequence:
    """The SeedSequence of stream `name` (and `key`) in the run seeded by `root`."""
    return np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, zlib.crc32(name.encode()), *key))


def replicate_key(root: np.random.SeedSequence) -> np.ndarray:
    """The two 64-bit key words of the replicate seeded by `root` (the generator's key is these
    and two zero words: `cadresim.keyed.keyed_block`)."""
    return child_seed(root, "keyed").generate_state(2, np.uint64)


def world_generator(root: np.random.SeedSequence) -> np.random.Generator:
    """The Generator that builds the replicate's world (drawn from once, before the first month)."""
    return np.random.Generator(np.random.PCG64(child_seed(root, "world")))


def stream_id(name: str) -> int:
    """The stream's counter word: CRC-32 of its name."""
    return zlib.crc32(name.encode())


class Keys:
    """The keys of the replicates held as blocks of one array world: block b is villages
    ``b·n … (b+1)·n − 1`` and townships ``b·m … (b+1)·m − 1``."""

    def __init__(self, roots: Sequence[np.random.SeedSequence], villages: int, townships: int) -> None:
        self.keys = np.ascontiguousarray(np.stack([replicate_key(r) for r in roots]), dtype=np.uint64)
        self.per_block = {VILLAGE: int(villages), TOWNSHIP: int(townships)}
        self.blocks = len(roots)

    def draws(self, name: str, period: int) -> Draws:
        """Stream `name` in period `period` (a fresh `Draws`: slots start at 0)."""
        return Draws(self, name, period)


class Draws:
    """One stream in one period: successive calls take successive slots of each element."""

    def __init__(self, keys: Keys, name: str, period: int) -> None:
        if period < 0:
            raise ValueError(f"period must be ≥ 0, got {period}")
        self.keys, self.name, self.period = keys, name, int(period)
        self.sid = stream_id(name)
        self.slot = 0

    def _fill(self, out: np.ndarray, unit: str, normal: bool, elem_major: bool, idx: np.ndarray | None) -> np.ndarray:
        u = _UNITS[unit]
        slots = out.shape[1] if elem_major else out.shape[0]
        args = (self.keys.keys, self.keys.per_block[u], u, self.sid, self.period, self.slot,
                _NO_IDX if idx is None else idx, idx is not None, out, normal, elem_major)
        elements = out.shape[0] if elem_major else out.shape[1]
        if compute.threads_for(elements) > 1:  # opt-in (CADRESIM_THREADS): the same numbers on any number of threads
            keyed_fill_parallel(*args, compute.piece(elements))
        else:
            keyed_fill(*args)
        self.slot += slots
        return out

    def _count(self, unit: str) -> int:
        u = _UNITS[unit]
        return self.keys.per_block[u] * self.keys.blocks

    def uniforms(self, k: int | None = None, unit: str = "village") -> np.ndarray:
        """(k, N) uniforms on [0, 1), row j the elements' slot j (N elements of `unit` in all
        blocks); (N,) when k is None."""
        out = np.empty((1 if k is None else k, self._count(unit)))
        self._fill(out, unit, False, False, None)
        return out[0] if k is None else out

    def normals(self, k: int | None = None, unit: str = "village") -> np.ndarray:
        """(k, N) standard normals, as `uniforms`; (N,) when k is None."""
        out = np.empty((1 if k is None else k, self._count(unit)))
        self._fill(out, unit, True, False, None)
        return out[0] if k is None else out

    def uniforms_per(self, cols: int, unit: str = "village", out: np.ndarray | None = None) -> np.ndarray:
        """(N, cols) uniforms: row i element i's next `cols` slots."""
        out = np.empty((self._count(unit), cols)) if out is None else out
        return self._fill(out, unit, False, True, None)

    def normals_per(self, cols: int, unit: str = "village", out: np.ndarray | None = None) -> np.ndarray:
        """(N, cols) standard normals: row i element i's next `cols` slots."""
        out = np.empty((self._count(unit), cols)) if out is None else out
        return self._fill(out, unit, True, True, None)

    def normals_rows(self, cols: int, rows: np.ndarray, unit: str = "village") -> np.ndarray:
        """(N, cols) standard normals as `normals_per` gives them, computed only for the
        elements `rows` (indices); NaN elsewhere (numbers a rule would not read)."""
        out = np.full((self._count(unit), cols), np.nan)
        rows = np.asarray(rows, dtype=np.int64)
        out[rows] = self.normals_at(rows, cols, unit)
        return out

    def keyed(self, unit: str = "village") -> Keyed:
        """What a compiled loop needs to draw this stream's numbers itself
        (`cadresim.keyed.element_words`): the numbers this `Draws` gives, its slots passed
        separately."""
        u = _UNITS[unit]
        return Keyed(self.keys.keys, int(self.keys.per_block[u]), u, int(self.sid), int(self.period))

    def fork(self) -> Draws:
        """A copy at the current slot (its draws are the ones this stream's next draws would
        be: keyed numbers need no order)."""
        d = Draws(self.keys, self.name, self.period)
        d.slot = self.slot
        return d

    def skip(self, k: int, normal: bool = False) -> None:
        """Advance past the slots `k` uniforms (or normals: one slot each too) would take."""
        self.slot += k

    def uniforms_into(self, out: np.ndarray, unit: str = "village") -> np.ndarray:
        """Fill the (k, N) `out` as `uniforms(k)` (a buffer kept between months)."""
        return self._fill(out, unit, False, False, None)

    def uniforms_at(self, idx: np.ndarray, k: int, unit: str = "village") -> np.ndarray:
        """(k, len(idx)) uniforms of the elements `idx` only (the numbers `uniforms(k)` gives
        in those columns)."""
        return self._fill(np.empty((k, len(idx))), unit, False, False, np.asarray(idx, dtype=np.int64))

    def normals_at(self, idx: np.ndarray, cols: int, unit: str = "village") -> np.ndarray:
        """(len(idx), cols) standard normals of the elements `idx` only (the rows
        `normals_per(cols)` gives for them)."""
        return self._fill(np.empty((len(idx), cols)), unit, True, True, np.asarray(idx, dtype=np.int64))


def replicate_seeds(seed: int, n: int) -> list[np.random.SeedSequence]:
    """Replicate k's SeedSequence: ``SeedSequence(seed).spawn(n)[k]`` (shared across scenarios: CRN)."""
    return np.random.SeedSequence(seed).spawn(n)


__all__ = ["Draws", "Keys", "child_seed", "replicate_key", "replicate_seeds", "stream_id", "world_generator"]

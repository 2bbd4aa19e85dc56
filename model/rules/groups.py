"""Ranking and shares within groups (villages within a township or county, townships within a
county): the county-level and township-level rules all rank inside their own unit."""

from __future__ import annotations

import numpy as np

from .. import compute
from ._yearly import median_runs, median_runs_parallel, rank_runs, rank_runs_parallel

TINY = np.finfo(float).tiny  # a denominator that is never 0


def rank_in_group(score: np.ndarray, group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Position of each element within its group by ascending `score` (0 = lowest; ties by
    index), and the size of its group."""
    sizes = np.bincount(group)
    if len(group) > 1 and (group[1:] >= group[:-1]).all() and not np.isnan(score).any():
        # groups in runs (villages by township and county, townships by county): a stable sort
        # per run, compiled, instead of one global sort; the same positions
        starts = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=starts[1:])
        if compute.threads_for(len(score)) > 1:  # runs ranked whole on numba's threads: the same positions
            return rank_runs_parallel(score, starts, compute.piece(len(score))), sizes[group]
        return rank_runs(score, starts), sizes[group]
    order = np.lexsort((score, group))
    start = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    pos = np.empty(len(score), dtype=np.int64)
    pos[order] = np.arange(len(score)) - np.repeat(start, sizes)
    return pos, sizes[group]


def percentile_in_group(score: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Percentile rank (0 = lowest, 1 = highest) of each element within its group."""
    pos, size = rank_in_group(score, group)
    return pos / np.maximum(size - 1, 1)


def share_in_group(mask: np.ndarray, group: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Share of each group's members in `mask` (`sizes`: members per group)."""
    return np.bincount(group, weights=mask, minlength=len(sizes)) / np.maximum(sizes, 1)


def mean_in_group(x: np.ndarray, group: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Mean of `x` within each group."""
    return np.bincount(group, weights=x, minlength=len(sizes)) / np.maximum(sizes, 1)


def median_in_group(x: np.ndarray, group: np.ndarray, groups: int) -> np.ndarray:
    """Median of `x` within each of `groups` groups (NaN for an empty one). Groups in runs
    (villages by county) in one compiled pass, `median_runs`; otherwise one call a group."""
    sizes = np.bincount(group, minlength=groups)
    if len(group) < 2 or bool((group[1:] >= group[:-1]).all()):
        starts = np.zeros(groups + 1, dtype=np.int64)
        np.cumsum(sizes, out=starts[1:])
        if compute.threads_for(len(group)) > 1:  # each run's median taken whole by one thread: the same bits
            return median_runs_parallel(np.ascontiguousarray(x, dtype=float), starts, compute.piece(len(group)))
        return median_runs(np.ascontiguousarray(x, dtype=float), starts)
    out = np.full(groups, np.nan)
    for g in np.flatnonzero(sizes):
        out[g] = np.median(x[group == g])
    return out

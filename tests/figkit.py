"""Figures of every kind, made the same way by the figure tests (tests/ is on sys.path)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from cadresim import plots, run

LEVERS = ["pay.base_multiple", "election.term_years"]


def grid_sweep(years: int) -> pd.DataFrame:
    """A 2 × 2 factorial sweep table (pay × village term), 2 replicates each, as a sweep writes it."""
    frames = []
    for p, (pm, et) in enumerate([(pm, et) for pm in (1.0, 2.0) for et in (3, 5)]):
        r = run(None, replicates=2, years=years, overrides={"pay.base_multiple": pm, "election.term_years": et})
        frames.append(r.yearly.assign(point=p, **{"pay.base_multiple": pm, "election.term_years": et}))
    return pd.concat(frames, ignore_index=True)


def figure(kind: str, lang: str, comp: Any, sweep: pd.DataFrame) -> Any:
    """One figure of `kind` from a comparison or a sweep table (None for a kind not listed)."""
    if kind == "trajectory":
        return plots.trajectory(comp, lang=lang)
    if kind == "comparison":
        return plots.comparison(comp, lang=lang)
    if kind == "difference":
        return plots.difference(comp, lang=lang)
    if kind == "heatmap":
        return plots.heatmap(sweep, *LEVERS, lang=lang)
    if kind == "partial":
        return plots.partial(sweep, LEVERS, lang=lang)
    if kind == "frontier":
        return plots.frontier(sweep, lang=lang)
    if kind == "stars":
        return plots.stars(comp, lang=lang)
    return None

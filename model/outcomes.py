"""The model as a function: scenario + seed + overrides in, named outcomes out.

For exploratory-modelling and sensitivity tools (EMA Workbench, SALib, ...) that call a
model as ``f(**levers) -> dict``::

    from cadresim import run_outcomes
    out = run_outcomes(seed=3, election__term_years=3, **{"pay.base_multiple": 2.0})
    out["weak_share_true_y3"], out["weak_share_true"]      # scalar at term end 3, yearly array

``seed`` s gives the same run as replicate 0 of a sweep or `run` seeded s.

Numpy scalars (``np.int64``, ``np.float32``, ``np.bool_``, ``np.str_``: what EMA Workbench's
Integer/Real/Boolean/Categorical parameters and SALib's samples send) are taken as the
Python values they hold, at this boundary; see docs/sensitivity.md for an EMA example.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from .outputs import YEARLY_COLUMNS, term_end_years
from .rng import replicate_seeds
from .scenario import Scenario, load_scenario


def _python_scalar(value: Any) -> Any:
    """A numpy scalar as the Python int/float/bool/str it holds; other values unchanged.

    A float32/float16 becomes the shortest decimal that reads back as it (np.float32(0.1) →
    0.1, not 0.10000000149011612), which is the number the caller wrote."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (np.float32, np.float16)):
        return float(str(value))
    if isinstance(value, np.generic):
        return value.item()
    return value


def run_outcomes(scenario: Scenario | str | Path | None = None, seed: int = 0, **overrides: Any) -> dict[str, Any]:
    """Run one replicate and return named outcomes.

    Keys: ``<outcome>`` → yearly numpy array (index 0 is year 1); ``<outcome>_y<Y>`` →
    the value at the end of each village term Y (C4) within the horizon; ``<outcome>_final``
    → the last year's value; ``<outcome>_mean`` → the mean over all years; ``years`` and
    ``term_end_years``. Overrides are dotted scenario keys (``**{"pay.base_multiple": 2}``)
    or the same with ``__`` for the dot (``pay__base_multiple=2``); ``run__years=10`` sets
    the horizon.
    """
    from .runner import run_replicate

    scenario = _python_scalar(scenario)  # np.str_ from a categorical parameter
    seed = _python_scalar(seed)
    overrides = {k: _python_scalar(v) for k, v in overrides.items()}
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    if overrides:
        sc = sc.with_overrides(source="run_outcomes()", **overrides)
    years = int(sc["run.years"])
    df = run_replicate(sc, replicate_seeds(int(seed), 1)[0], 0, years=years)
    ends = term_end_years(sc, years)
    out: dict[str, Any] = {"years": df["year"].to_numpy(dtype=int), "term_end_years": ends}
    for c in YEARLY_COLUMNS:
        if c == "year":
            continue
        arr = df[c].to_numpy(dtype=float)
        out[c] = arr
        for y in ends:
            out[f"{c}_y{y}"] = float(arr[y - 1])
        out[f"{c}_final"] = float(arr[-1])
        out[f"{c}_mean"] = float(np.mean(arr))
    return out

"""Sweep files: schema, validation and the design (which scenarios, which seeds).

A sweep file is TOML with three tables::

    [sweep]
    name = "pay_and_terms"      # optional (default: the file's stem)
    base = "baseline"           # optional scenario file (next to this file, or in scenarios/); default: model defaults
    replicates = 5              # replicates per design point (replicate k of every point shares its seed: CRN)
    seed = 20121                # optional (default: the base's run.seed)
    years = 25                  # optional (default: the base's run.years)
    design = "lhs"              # optional: "factorial" (lists only), "lhs" or "sobol" (needed for ranges)
    samples = 16                # points drawn from the ranges (lhs, sobol: a power of 2)
    design_seed = 1             # seed of the Latin hypercube / scrambled Sobol sampler

    [fixed]                     # optional: keys set at every point
    "county.villages" = 60

    [levers]                    # dotted scenario keys
    "election.term_years" = [3, 5]              # a list: every value (full factorial with other lists)
    "pay.base_multiple" = { lo = 1.0, hi = 3.0 }  # a range: sampled by the design

Lists are crossed (full factorial); ranges are sampled jointly (``samples`` points); when
a file has both, every factorial cell is combined with every sampled point. Everything is
checked against the parameter table before anything runs; problems are `ScenarioError`
naming the file, the key and what was expected.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..params import PARAMS
from ..scenario import (
    Scenario,
    ScenarioError,
    _check_parsed,
    _suggest,
    check_value,
    load_scenario,
    read_toml,
    resolve_base,
    resolve_path,
    shown_path,
)

SWEEP_KEYS = {"name", "question", "base", "replicates", "seed", "years", "design", "samples", "design_seed"}
TABLES = ("sweep", "fixed", "levers")
DESIGNS = ("factorial", "lhs", "sobol")
FORMAT = 2  # 2: run files hold a chunk of runs; a generated design is hashed by its definition
MAX_POINTS = 100_000  # design points of one sweep (each is a full scenario in memory and in sweep.json)
MAX_RUNS = 1_000_000  # points × replicates (each run is a file and a manifest entry)


class Points(Sequence):
    """The lever values of a sweep's design points, made on demand (never a list of them all).

    Point ``i`` is factorial cell ``i // samples`` (lists crossed, the last one fastest)
    combined with sample row ``i % samples`` of the unit-cube design `unit` (kept as one
    compact array), in the order the sweep has always numbered its points.
    """

    def __init__(self, lists: Mapping[str, list[Any]], ranges: Mapping[str, tuple[Any, Any]],
                 unit: np.ndarray | None) -> None:
        self.lists, self.ranges, self.unit = dict(lists), dict(ranges), unit
        self._sizes = [len(v) for v in self.lists.values()]
        self._n_cells = math.prod(self._sizes)
        self._n_samples = 1 if unit is None else len(unit)

    def __len__(self) -> int:
        return self._n_cells * self._n_samples

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        cell, row = divmod(i, self._n_samples)
        idx = []
        for size in reversed(self._sizes):
            cell, r = divmod(cell, size)
            idx.append(r)
        pt = {k: v[j] for (k, v), j in zip(self.lists.items(), reversed(idx), strict=True)}
        if self.unit is not None:
            for (k, (lo, hi)), x in zip(self.ranges.items(), self.unit[row], strict=True):
                if PARAMS[k].kind is int:  # uniform over the integers lo..hi
                    pt[k] = min(int(lo + math.floor(float(x) * (hi - lo + 1))), hi)
                else:
                    pt[k] = float(lo + float(x) * (hi - lo))
        return pt

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]


class Scenarios(Sequence):
    """Each design point's full scenario, built when asked for (a sweep never holds them all)."""

    def __init__(self, base: Scenario, points: Sequence[dict[str, Any]], name: str, src: str) -> None:
        self.base, self.points, self.name, self.src = base, points, name, src

    def __len__(self) -> int:
        return len(self.points)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        pt = self.points[i]
        try:
            sc = self.base.with_overrides(pt, source=self.src)
        except ScenarioError as e:
            raise ScenarioError(self.src, f"levers (point {i}: {pt})", f"{e.key}: {e.problem}") from None
        sc.name = f"{self.name}/p{i:04d}"
        return sc


@dataclass
class Sweep:
    """A validated sweep: design points (scenarios) × replicate seeds.

    `points` and `scenarios` are sequences; a sweep read from a file makes them on demand
    (`Points`, `Scenarios`), so a design of 100,000 points costs a small array, not 100,000
    scenarios in memory; an explicit list (as `cadresim.sensitivity` builds) works too.
    """

    name: str
    source: str
    base: Scenario
    fixed: dict[str, Any]
    levers: dict[str, Any]  # key -> list of values, or {"lo": .., "hi": ..}
    design: str
    samples: int | None
    design_seed: int
    replicates: int
    seed: int
    years: int
    points: Sequence[dict[str, Any]]  # lever values of each design point
    scenarios: Sequence[Scenario] = field(repr=False)
    question: str = ""

    @property
    def n_points(self) -> int:
        return len(self.points)

    @property
    def n_runs(self) -> int:
        return len(self.points) * self.replicates

    @property
    def lever_keys(self) -> list[str]:
        return list(self.levers)

    def seed_sequences(self) -> list[np.random.SeedSequence]:
        from ..rng import replicate_seeds

        return replicate_seeds(self.seed, self.replicates)

    def resolved(self) -> dict[str, Any]:
        """Everything that decides the results (what the hash covers); JSON-ready.

        A generated design is covered by its definition (the scenario every point starts
        from, the levers, the unit-cube sample's digest), not by a list of every point."""
        out: dict[str, Any] = {
            "format": FORMAT,
            "seed": self.seed, "replicates": self.replicates, "years": self.years,
            "design": {"kind": self.design, "samples": self.samples, "design_seed": self.design_seed,
                       "levers": self.levers, "fixed": self.fixed},
            "n_points": len(self.points),
        }
        if isinstance(self.points, Points) and isinstance(self.scenarios, Scenarios):
            u = self.points.unit
            out["unit_sha256"] = None if u is None else hashlib.sha256(np.ascontiguousarray(u).tobytes()).hexdigest()
            out["point_scenario"] = self.scenarios.base.to_dict()
        else:
            out["points"] = list(self.points)
            out["scenarios"] = [sc.to_dict() for sc in self.scenarios]
        return out

    def hash(self) -> str:
        """SHA-256 of the resolved sweep: two sweeps with the same hash give the same results."""
        text = json.dumps(self.resolved(), sort_keys=True, ensure_ascii=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def _flatten_levers(table: Mapping[str, Any], src: str, prefix: str = "") -> dict[str, Any]:
    """`a.b = [..]` (nested tables) and `"a.b" = [..]` (quoted keys) both give key "a.b"."""
    out: dict[str, Any] = {}
    for k, v in table.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and key not in PARAMS and not ({"lo", "hi"} & set(v)):
            out.update(_flatten_levers(v, src, key + "."))
        else:
            out[key] = v
    return out


def _check_key(key: str, src: str, table: str) -> None:
    if key not in PARAMS:
        raise ScenarioError(src, f"{table}.{key}", "unknown scenario key" + _suggest(key, PARAMS))
    if key.startswith("run.") and key != "run.agent_handles":
        raise ScenarioError(src, f"{table}.{key}",
                            "run.seed, run.replicates and run.years are set in [sweep] as seed, replicates, years")


def _check(key: str, value: Any, src: str, table: str) -> Any:
    try:
        return check_value(PARAMS[key], value, src)
    except ScenarioError as e:
        raise ScenarioError(src, f"{table}.{key}", e.problem) from None


def _int_setting(sw: Mapping[str, Any], name: str, default: Any, lo: int, hi: int, src: str) -> int:
    v = sw.get(name, default)
    if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
        raise ScenarioError(src, f"sweep.{name}", f"expected an integer in [{lo}, {hi}], got {v!r}")
    return v


def parse_sweep(spec: str | Path | Mapping[str, Any]) -> Sweep:
    """Read and validate a sweep (a file path or the same structure as a dict); nothing runs."""
    if isinstance(spec, Mapping):
        doc, src, here = dict(spec), "<sweep dict>", Path.cwd() / "sweep.toml"
        stem = "sweep"
        _check_parsed(doc, src)
    else:
        path = resolve_path(spec)
        src = shown_path(spec)
        doc, here, stem = read_toml(path), path, path.stem
    for t in doc:
        if t not in TABLES:
            raise ScenarioError(src, t, "unknown table" + _suggest(t, TABLES) + "; expected [sweep], [fixed], [levers]")
        if not isinstance(doc[t], Mapping):
            raise ScenarioError(src, t, f"expected a table [{t}], got {doc[t]!r}")
    sw = doc.get("sweep", {})
    for k in sw:
        if k not in SWEEP_KEYS:
            raise ScenarioError(src, f"sweep.{k}", "unknown key" + _suggest(k, SWEEP_KEYS)
                                + f"; expected one of {', '.join(sorted(SWEEP_KEYS))}")
    for k in ("name", "question", "base", "design"):
        if k in sw and not isinstance(sw[k], str):
            raise ScenarioError(src, f"sweep.{k}", f"expected a string, got {sw[k]!r}")

    # base scenario
    if "base" in sw:
        bpath = resolve_base(sw["base"], here)
        if bpath is None:
            raise ScenarioError(src, "sweep.base", f"expected an existing scenario file, got {sw['base'][:200]!r}")
        try:
            base = load_scenario(bpath)
        except ScenarioError as e:
            raise ScenarioError(src, "sweep.base", f"in {e}") from None
    else:
        base = Scenario(name="defaults")

    # fixed keys
    fixed_raw = _flatten_levers(doc.get("fixed", {}), src)
    fixed: dict[str, Any] = {}
    for k, v in fixed_raw.items():
        _check_key(k, src, "fixed")
        fixed[k] = _check(k, v, src, "fixed")

    # levers
    levers_raw = _flatten_levers(doc.get("levers", {}), src)
    lists: dict[str, list[Any]] = {}
    ranges: dict[str, tuple[Any, Any]] = {}
    levers: dict[str, Any] = {}
    for k, v in levers_raw.items():
        _check_key(k, src, "levers")
        if k in fixed:
            raise ScenarioError(src, f"levers.{k}", "is also in [fixed]; expected a key in one table only")
        p = PARAMS[k]
        if isinstance(v, list):
            if not v:
                raise ScenarioError(src, f"levers.{k}", "expected a non-empty list of values")
            vals = [_check(k, x, src, "levers") for x in v]
            if len(set(map(repr, vals))) != len(vals):
                raise ScenarioError(src, f"levers.{k}", f"expected distinct values, got {v!r}")
            lists[k] = vals
            levers[k] = vals
        elif isinstance(v, Mapping):
            if set(v) != {"lo", "hi"}:
                raise ScenarioError(src, f"levers.{k}", f"expected a range {{ lo = ..., hi = ... }}, got {dict(v)!r}")
            if p.kind not in (int, float) or p.choices:
                raise ScenarioError(src, f"levers.{k}", f"is a {p.kind.__name__} key; expected a list of values, not a range")
            lo, hi = _check(k, v["lo"], src, "levers"), _check(k, v["hi"], src, "levers")
            if not lo < hi:
                raise ScenarioError(src, f"levers.{k}", f"expected lo < hi, got lo = {lo!r}, hi = {hi!r}")
            ranges[k] = (lo, hi)
            levers[k] = {"lo": lo, "hi": hi}
        else:
            raise ScenarioError(src, f"levers.{k}", f"expected a list of values or a range {{ lo = ..., hi = ... }}, got {v!r}")

    # design
    design = sw.get("design", "lhs" if ranges else "factorial")
    if design not in DESIGNS:
        raise ScenarioError(src, "sweep.design", f"expected one of {', '.join(map(repr, DESIGNS))}, got {design!r}")
    if ranges and design == "factorial":
        raise ScenarioError(src, "sweep.design", f"expected 'lhs' or 'sobol': levers {', '.join(ranges)} are ranges")
    if design != "factorial" and not ranges:
        raise ScenarioError(src, "sweep.design", f"expected 'factorial': {design!r} needs at least one range lever")
    samples: int | None = None
    if ranges:
        if "samples" not in sw:
            raise ScenarioError(src, "sweep.samples", f"expected the number of points the {design} design draws")
        samples = _int_setting(sw, "samples", None, 1, 1_000_000, src)
        if design == "sobol" and samples & (samples - 1):
            raise ScenarioError(src, "sweep.samples", f"expected a power of 2 for a Sobol design, got {samples}")
    elif "samples" in sw:
        raise ScenarioError(src, "sweep.samples", "expected no samples: there are no range levers to sample")
    design_seed = _int_setting(sw, "design_seed", 0, 0, 2**63 - 1, src)
    replicates = _int_setting(sw, "replicates", 1, 1, 100_000, src)
    seed = _int_setting(sw, "seed", base["run.seed"], 0, 2**63 - 1, src)
    years = _int_setting(sw, "years", base["run.years"], 1, 200, src)

    # size from the levers, before a single point is built
    n_points = math.prod(len(v) for v in lists.values()) * (samples or 1)
    if n_points > MAX_POINTS:
        raise ScenarioError(src, "levers", f"expected at most {MAX_POINTS:,} design points, got {n_points:,} "
                            f"({' × '.join([*(str(len(v)) for v in lists.values()), *([str(samples)] if samples else [])])})")
    if n_points * replicates > MAX_RUNS:
        raise ScenarioError(src, "sweep.replicates", f"expected at most {MAX_RUNS:,} runs (points × replicates), got "
                            f"{n_points:,} × {replicates:,} = {n_points * replicates:,}")
    points = Points(lists, ranges, _unit(len(ranges), design, samples, design_seed) if ranges else None)

    base_fixed = base.with_overrides(fixed, source=f"{src} [fixed]") if fixed else base
    base_fixed = base_fixed.with_overrides({"run.seed": seed, "run.years": years, "run.replicates": replicates},
                                           source=src)
    scenarios = Scenarios(base_fixed, points, sw.get("name", stem), src)
    for _sc in scenarios:  # every point's scenario is checked before anything runs; none is kept
        pass
    return Sweep(name=sw.get("name", stem), source=src, base=base, fixed=fixed, levers=levers, design=design,
                 samples=samples, design_seed=design_seed, replicates=replicates, seed=seed, years=years,
                 points=points, scenarios=scenarios, question=sw.get("question", ""))


def _unit(d: int, design: str, samples: int | None, design_seed: int) -> np.ndarray:
    """The design's sample in the unit cube (samples × range levers), seeded."""
    from scipy.stats import qmc

    sampler = (qmc.Sobol(d, scramble=True, rng=np.random.default_rng(design_seed)) if design == "sobol"
               else qmc.LatinHypercube(d, rng=np.random.default_rng(design_seed)))
    return sampler.random(samples)

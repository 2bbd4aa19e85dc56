"""Calibration targets as data: read and check a targets file (TOML).

A targets file lists observed figures the model should reproduce. Each ``[target.NAME]``
names an output (a yearly column or a statistic of `model.calibration.stats`), the years it
applies to, the observed value, a tolerance (the half-width of the accepted interval), the
solidity of its source (A–D as in the team's facts, or ``seed`` for the county's own
report) and the source itself; optionally scenario keys it is measured under (``set``, e.g.
a county without a quota), a ``weight`` overriding the solidity's, a ``relative_to`` window
(the target is then a ratio, 1.0 = steady) and labels for figures. Every problem is one
`TargetsError` line naming the file, the key and what was expected.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..params import PARAMS
from ..scenario import ScenarioError, _suggest, check_value, read_toml
from .stats import needs_next_year, statistic_names

DEFAULT_SOLIDITY = {"seed": 1.0, "A": 1.0, "B": 0.6, "C": 0.3, "D": 0.15}
META_KEYS = {"name": str, "description": str, "replicates": int, "seed": int}
TARGET_KEYS = {"output", "years", "observed", "tolerance", "solidity", "source", "weight", "set", "relative_to",
               "label_en", "label_zh", "note"}
TARGET_REQUIRED = ("output", "years", "observed", "tolerance", "solidity", "source")


class TargetsError(ScenarioError):
    """A targets file (or a key in it) that cannot be used; one line naming file and key."""


@dataclass(frozen=True)
class Target:
    """One observed figure and how the model is compared with it."""

    key: str
    output: str
    years: tuple[int, int]
    observed: float
    tolerance: float
    solidity: str
    weight: float
    source: str
    set: tuple[tuple[str, Any], ...] = ()  # scenario keys the target is measured under
    relative_to: tuple[int, int] | None = None
    label_en: str = ""
    label_zh: str = ""
    note: str = ""

    @property
    def lo(self) -> float:
        return self.observed - self.tolerance

    @property
    def hi(self) -> float:
        return self.observed + self.tolerance

    @property
    def horizon(self) -> int:
        """Years a run must last to measure this target."""
        last = max(self.years[1], self.relative_to[1] if self.relative_to else 0)
        return last + (1 if needs_next_year(self.output) else 0)

    def label(self, lang: str) -> str:
        return (self.label_zh if lang == "zh" else self.label_en) or self.key


@dataclass(frozen=True)
class TargetSet:
    """The targets of one file, with its defaults (replicates, seed) and named key groups."""

    name: str
    source: str
    targets: tuple[Target, ...]
    description: str = ""
    replicates: int = 8
    seed: int = 20121
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    digest: str = ""

    def arms(self) -> list[tuple[tuple[str, Any], ...]]:
        """The distinct scenario conditions (``set``) the targets need, the plain scenario first."""
        out: list[tuple[tuple[str, Any], ...]] = [()]
        for t in self.targets:
            if t.set not in out:
                out.append(t.set)
        return out

    def horizon(self, arm: tuple[tuple[str, Any], ...]) -> int:
        return max((t.horizon for t in self.targets if t.set == arm), default=1)

    def subset(self, keys: list[str]) -> TargetSet:
        known = {t.key for t in self.targets}
        for k in keys:
            if k not in known:
                raise TargetsError(self.source, f"target.{k}", "no such target" + _suggest(k, known))
        return TargetSet(self.name, self.source, tuple(t for t in self.targets if t.key in keys), self.description,
                         self.replicates, self.seed, self.groups, self.digest)


def _years(src: str, key: str, v: Any) -> tuple[int, int]:
    ok = (isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in v)
          and 1 <= v[0] <= v[1] <= 200)
    if not ok:
        raise TargetsError(src, key, f"expected [first, last] years with 1 ≤ first ≤ last ≤ 200, got {v!r}")
    return int(v[0]), int(v[1])


def _number(src: str, key: str, v: Any, positive: bool = False) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or (positive and v <= 0):
        raise TargetsError(src, key, f"expected a {'positive ' if positive else ''}number, got {v!r}")
    return float(v)


def _target(src: str, name: str, t: Any, solidity: Mapping[str, float]) -> Target:
    where = f"target.{name}"
    if not isinstance(t, dict):
        raise TargetsError(src, where, f"expected a table [target.{name}], got {t!r}")
    for k in t:
        if k not in TARGET_KEYS:
            raise TargetsError(src, f"{where}.{k}", "unknown key" + _suggest(k, TARGET_KEYS))
    for k in TARGET_REQUIRED:
        if k not in t:
            raise TargetsError(src, f"{where}.{k}", "missing (every target needs " + ", ".join(TARGET_REQUIRED) + ")")
    outputs = statistic_names()
    if not isinstance(t["output"], str) or t["output"] not in outputs:
        raise TargetsError(src, f"{where}.output", f"expected a yearly column or a statistic, got {t['output']!r}"
                           + (_suggest(t["output"], outputs) if isinstance(t["output"], str) else ""))
    sol = t["solidity"]
    if sol not in solidity:
        raise TargetsError(src, f"{where}.solidity", f"expected one of {', '.join(solidity)}, got {sol!r}")
    weight = _number(src, f"{where}.weight", t["weight"], positive=True) if "weight" in t else float(solidity[sol])
    for k in ("source", "label_en", "label_zh", "note"):
        if k in t and not isinstance(t[k], str):
            raise TargetsError(src, f"{where}.{k}", f"expected a string, got {t[k]!r}")
    if not t["source"].strip():
        raise TargetsError(src, f"{where}.source", "expected the seed paragraph or fact the figure comes from")
    sets: list[tuple[str, Any]] = []
    if "set" in t:
        if not isinstance(t["set"], dict):
            raise TargetsError(src, f"{where}.set", f"expected a table of scenario keys, got {t['set']!r}")
        for k, v in t["set"].items():
            if k not in PARAMS:
                raise TargetsError(src, f"{where}.set.{k}", "unknown scenario key" + _suggest(k, PARAMS))
            try:
                sets.append((k, check_value(PARAMS[k], v, src)))
            except ScenarioError as e:
                raise TargetsError(src, f"{where}.set.{k}", e.problem) from None
    rel = _years(src, f"{where}.relative_to", t["relative_to"]) if "relative_to" in t else None
    return Target(name, t["output"], _years(src, f"{where}.years", t["years"]),
                  _number(src, f"{where}.observed", t["observed"]),
                  _number(src, f"{where}.tolerance", t["tolerance"], positive=True), sol, weight,
                  t["source"].strip(), tuple(sorted(sets)), rel, t.get("label_en", ""), t.get("label_zh", ""),
                  t.get("note", ""))


def load_targets(path: str | Path) -> TargetSet:
    """Read and check a targets file; raise `TargetsError` (one line: file, key, problem)."""
    p = Path(path)
    src = str(p)
    try:
        doc = read_toml(p)
    except ScenarioError as e:
        raise TargetsError(e.source, e.key, e.problem) from None
    for k in doc:
        if k not in ("meta", "solidity", "groups", "target"):
            raise TargetsError(src, k, "unknown section" + _suggest(k, ["meta", "solidity", "groups", "target"]))
    meta = doc.get("meta", {})
    if not isinstance(meta, dict):
        raise TargetsError(src, "meta", "expected a table [meta]")
    for k, v in meta.items():
        if k not in META_KEYS:
            raise TargetsError(src, f"meta.{k}", "unknown key" + _suggest(k, META_KEYS))
        typ = META_KEYS[k]
        if not isinstance(v, typ) or isinstance(v, bool) or (typ is int and not (v >= 1 if k == "replicates" else v >= 0)):
            raise TargetsError(src, f"meta.{k}", f"expected {'a positive integer' if typ is int else 'a string'}, got {v!r}")
    solidity = dict(DEFAULT_SOLIDITY)
    sol = doc.get("solidity", {})
    if not isinstance(sol, dict):
        raise TargetsError(src, "solidity", "expected a table [solidity] of weights")
    for k, v in sol.items():
        solidity[k] = _number(src, f"solidity.{k}", v, positive=True)
    groups: dict[str, tuple[str, ...]] = {}
    gdoc = doc.get("groups", {})
    if not isinstance(gdoc, dict):
        raise TargetsError(src, "groups", "expected a table [groups] of key lists")
    for g, keys in gdoc.items():
        if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
            raise TargetsError(src, f"groups.{g}", f"expected a non-empty list of scenario keys, got {keys!r}")
        for k in keys:
            if k not in PARAMS:
                raise TargetsError(src, f"groups.{g}", f"unknown scenario key {k!r}" + _suggest(k, PARAMS))
        groups[g] = tuple(keys)
    tdoc = doc.get("target")
    if not isinstance(tdoc, dict) or not tdoc:
        raise TargetsError(src, "target", "expected at least one [target.NAME] table")
    targets = tuple(_target(src, name, t, solidity) for name, t in tdoc.items())
    digest = hashlib.sha256(json.dumps(doc, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return TargetSet(str(meta.get("name", p.stem)), src, targets, str(meta.get("description", "")),
                     int(meta.get("replicates", 8)), int(meta.get("seed", 20121)), groups, digest)

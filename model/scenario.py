"""Scenario files: read TOML (standard library), overlay defaults, validate, write back.

A scenario file has sections named like the keys in `model.params` and an optional
``[meta]`` table (``name``, ``question``, ``base``: another scenario file this one changes).
Everything is checked before any work starts; every problem is a `ScenarioError` naming the
file, the key and what was expected. Files are data: they are parsed, never executed.
"""

from __future__ import annotations

import difflib
import json
import math
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .params import DEFAULTS, PARAMS, SECTIONS, Param

META_KEYS = {"name": str, "question": str, "base": str}
SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"


class ScenarioError(ValueError):
    """A scenario (file, key or value) that cannot be used; the message says what and where."""

    def __init__(self, source: str, key: str | None, problem: str) -> None:
        self.source, self.key, self.problem = source, key, problem
        where = f"{source}: {key}: " if key else f"{source}: "
        super().__init__(where + problem)


def _suggest(key: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _expected(p: Param) -> str:
    if p.choices:
        return "one of " + ", ".join(repr(c) for c in p.choices)
    what = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}[p.kind]
    if p.lo is not None and p.hi is not None:
        what += f" in [{p.lo:g}, {p.hi:g}]"
    return what + (f" ({p.unit})" if p.unit and p.unit != "switch" else "")


def check_value(p: Param, value: Any, source: str) -> Any:
    """Return `value` converted to the key's type, or raise ScenarioError saying what was expected."""
    bad = ScenarioError(source, p.key, f"expected {_expected(p)}, got {value!r}")
    if p.kind is bool:
        if not isinstance(value, bool):
            raise bad
        return value
    if p.kind is str:
        if not isinstance(value, str) or (p.choices and value not in p.choices):
            raise bad
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise bad
    if p.kind is int:
        if isinstance(value, float):
            if not value.is_integer():
                raise bad
            value = int(value)
    else:
        value = float(value)
        if not math.isfinite(value):
            raise bad
    if (p.lo is not None and value < p.lo) or (p.hi is not None and value > p.hi):
        raise bad
    return value


class Scenario(Mapping[str, Any]):
    """A complete, validated set of scenario values keyed by ``"section.name"``.

    Read values as ``sc["pay.base_multiple"]`` or ``sc.pay.base_multiple``; derive a changed
    copy with ``sc.with_overrides({"pay.base_multiple": 2.0})``.
    """

    def __init__(self, values: Mapping[str, Any] | None = None, *, name: str = "baseline",
                 question: str = "", source: str = "<defaults>") -> None:
        merged = dict(DEFAULTS)
        for k, v in (values or {}).items():
            if k not in PARAMS:
                raise ScenarioError(source, k, "unknown key" + _suggest(k, PARAMS))
            merged[k] = check_value(PARAMS[k], v, source)
        self._values = merged
        self.name, self.question, self.source = name, question, source
        _check_consistency(self)

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __getattr__(self, section: str) -> Any:
        if section.startswith("_") or section not in SECTIONS:
            raise AttributeError(section)
        prefix = section + "."
        return _Section({k[len(prefix):]: v for k, v in self._values.items() if k.startswith(prefix)})

    def __repr__(self) -> str:
        changed = self.changed()
        return f"Scenario({self.name!r}, {len(changed)} keys differ from defaults: {changed})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scenario) and self._values == other._values

    __hash__ = None  # type: ignore[assignment]

    def changed(self) -> dict[str, Any]:
        """The keys whose value differs from the defaults."""
        return {k: v for k, v in self._values.items() if v != DEFAULTS[k]}

    def with_overrides(self, overrides: Mapping[str, Any] | None = None, *,
                       source: str = "<overrides>", **kw: Any) -> Scenario:
        """A copy with some keys changed; ``a__b=1`` in keywords means ``a.b``."""
        from .provenance import scenario_label

        values = dict(self._values)
        given = {**(overrides or {}), **{k.replace("__", "."): v for k, v in kw.items()}}
        for k, v in given.items():
            if k not in PARAMS:
                raise ScenarioError(source, k, "unknown key" + _suggest(k, PARAMS))
            values[k] = check_value(PARAMS[k], v, source)
        # the name says what the overrides changed ('baseline+pay.base_multiple=2'): never the file's name alone
        name = scenario_label(self, {k: values[k] for k in given if values[k] != self._values[k]})
        return Scenario(values, name=name, question=self.question, source=self.source)

    def to_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def to_toml(self) -> str:
        """The fully resolved scenario as TOML, each key with its unit and rule ID."""
        lines = [f"# Resolved scenario {self.name!r} (from {self.source})", "",
                 "[meta]", f"name = {json.dumps(self.name, ensure_ascii=False)}",
                 f"question = {json.dumps(self.question, ensure_ascii=False)}"]
        for section in SECTIONS:
            lines += ["", f"[{section}]"]
            for p in PARAMS.values():
                if p.section == section:
                    lines.append(f"{p.name} = {_toml_value(self._values[p.key])}  # {p.unit}"
                                 + (f" [{p.rule}]" if p.rule else ""))
        return "\n".join(lines) + "\n"


class _Section:
    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)

    def __repr__(self) -> str:
        return f"Section({self.__dict__})"


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    return repr(v)


def _check_consistency(sc: Scenario) -> None:
    src = sc.source
    if sc["penalties.adjust_share"] < sc["penalties.criticise_share"]:
        raise ScenarioError(src, "penalties.adjust_share",
                            f"expected a value ≥ penalties.criticise_share ({sc['penalties.criticise_share']}), "
                            f"got {sc['penalties.adjust_share']}")
    if sc["county.villages"] < sc["county.townships"]:
        raise ScenarioError(src, "county.villages",
                            f"expected at least one village per township (≥ {sc['county.townships']}), "
                            f"got {sc['county.villages']}")
    if sc["weak.threshold"] > sc["five_good.threshold"]:
        raise ScenarioError(src, "weak.threshold",
                            f"expected a value ≤ five_good.threshold ({sc['five_good.threshold']}), "
                            f"got {sc['weak.threshold']}")


def _flatten(doc: Mapping[str, Any], source: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a parsed TOML document into (meta, dotted values), rejecting unknown structure."""
    meta: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for section, table in doc.items():
        if section == "meta":
            if not isinstance(table, dict):
                raise ScenarioError(source, "meta", "expected a table [meta]")
            for k, v in table.items():
                if k not in META_KEYS:
                    raise ScenarioError(source, f"meta.{k}", "unknown key" + _suggest(k, META_KEYS))
                if not isinstance(v, META_KEYS[k]):
                    raise ScenarioError(source, f"meta.{k}", f"expected a string, got {v!r}")
                meta[k] = v
            continue
        if section not in SECTIONS:
            if not isinstance(table, dict) and section in {p.name for p in PARAMS.values()}:
                raise ScenarioError(source, section, "key outside its section; put it under its [section]")
            raise ScenarioError(source, section, "unknown section" + _suggest(section, [*SECTIONS, "meta"]))
        if not isinstance(table, dict):
            raise ScenarioError(source, section, f"expected a table [{section}], got {table!r}")
        for k, v in table.items():
            key = f"{section}.{k}"
            if key not in PARAMS:
                raise ScenarioError(source, key, "unknown key" + _suggest(key, PARAMS))
            values[key] = v
    return meta, values


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file or raise ScenarioError (missing, unreadable, malformed)."""
    src = str(path)
    if not path.exists():
        raise ScenarioError(src, None, "file not found")
    if path.is_dir():
        raise ScenarioError(src, None, "is a directory, expected a .toml file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ScenarioError(src, None, f"cannot read the file ({e})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ScenarioError(src, None, f"malformed TOML: {e}") from None


def parse_assignment(text: str, source: str = "--set") -> tuple[str, Any]:
    """Turn ``section.key=value`` into (key, value); value is a TOML literal or a bare string."""
    if "=" not in text:
        raise ScenarioError(source, text, "expected section.key=value")
    key, raw = (s.strip() for s in text.split("=", 1))
    if key not in PARAMS:
        raise ScenarioError(source, key, "unknown key" + _suggest(key, PARAMS))
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return key, value


def resolve_path(path: str | Path) -> Path:
    """A scenario path as given, or else the file of that name shipped in `scenarios/`."""
    p = Path(path)
    if p.exists() or p.is_absolute():
        return p
    for cand in (SCENARIO_DIR / p, SCENARIO_DIR / f"{p}.toml"):
        if cand.exists():
            return cand
    return p


def load_scenario(path: str | Path | None = None, overrides: Mapping[str, Any] | None = None,
                  **kw: Any) -> Scenario:
    """Load a scenario file (default: the baseline), follow its ``meta.base``, apply overrides.

    >>> sc = load_scenario("scenarios/baseline.toml", {"pay.base_multiple": 2.0})
    """
    if path is None:
        path = SCENARIO_DIR / "baseline.toml"
    return _load(resolve_path(path), set()).with_overrides(overrides, **kw)


def _load(path: Path, seen: set[Path]) -> Scenario:
    src = str(path)
    meta, values = _flatten(read_toml(path), src)
    base: Scenario = Scenario(source="<defaults>")
    if "base" in meta:
        bpath = (path.parent / meta["base"]).resolve()
        if bpath in seen:
            raise ScenarioError(src, "meta.base", f"expected a base that does not lead back here, got {meta['base']!r}")
        if not bpath.exists():
            raise ScenarioError(src, "meta.base", f"expected an existing scenario file, got {meta['base']!r}")
        base = _load(bpath, seen | {path.resolve()})
    merged = {**base.to_dict(), **values}
    for k, v in values.items():
        merged[k] = check_value(PARAMS[k], v, src)
    return Scenario(merged, name=meta.get("name", path.stem), question=meta.get("question", base.question),
                    source=src)


def defaults_toml(name: str = "baseline", question: str = "") -> str:
    """The defaults as a commented scenario file: each key with unit, rule ID and source;
    numbers that are our assumptions, not the seeds', say ASSUMPTION."""
    lines = [
        "# cadresim baseline: the county of seed 002 (7 乡 + 2 镇 = 9 townships, 146 villages) under the",
        "# policies the seeds state. Every key: value, then its unit, [rule ID] and source. Numbers marked",
        "# ASSUMPTION are ours, not the seeds'. Generated from model/params.py by",
        "# `python -m cadresim.baseline > scenarios/baseline.toml`; a test keeps the two equal.",
        "",
        "[meta]",
        f"name = {json.dumps(name, ensure_ascii=False)}",
        f"question = {json.dumps(question, ensure_ascii=False)}",
    ]
    for section in SECTIONS:
        lines += ["", f"[{section}]"]
        for p in PARAMS.values():
            if p.section != section:
                continue
            src = "ASSUMPTION" + p.src[len("assumption"):] if p.is_assumption else p.src
            unit = f"{p.unit}; " if p.unit else ""
            rule = f"[{p.rule}] " if p.rule else ""
            lines.append(f"# {p.doc}")
            lines.append(f"{p.name} = {_toml_value(p.default)}  # {unit}{rule}{src}")
    return "\n".join(lines) + "\n"


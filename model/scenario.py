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

from .errors import ScenarioError
from .params import DEFAULTS, PARAMS, SECTIONS, Param

META_KEYS = {"name": str, "question": str, "base": str}
SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"


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


def _plain(value: Any) -> Any:
    """A numpy scalar (np.int64, np.float32, np.bool_, np.str_) as the Python value it holds."""
    if type(value).__module__ == "numpy" and hasattr(value, "item") and getattr(value, "ndim", None) == 0:
        return value.item()
    return value


def check_value(p: Param, value: Any, source: str) -> Any:
    """Return `value` converted to the key's type, or raise ScenarioError saying what was expected."""
    value = _plain(value)
    shown = repr(value) if not isinstance(value, str) or len(value) <= 200 else repr(value[:200] + "…")
    bad = ScenarioError(source, p.key, f"expected {_expected(p)}, got {shown}")
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
        try:
            value = float(value)
        except OverflowError:
            raise bad from None
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
        # every other value was checked when this scenario was made: build the copy directly
        # (a sweep makes one per design point) and check only how the keys fit together.
        # The name says what the overrides changed ('baseline+pay.base_multiple=2'): never the file's name alone
        sc = Scenario.__new__(Scenario)
        sc._values = values
        sc.name = scenario_label(self, {k: values[k] for k in given if values[k] != self._values[k]})
        sc.question, sc.source = self.question, self.source
        try:
            _check_consistency(sc)
        except ScenarioError as e:  # this scenario was consistent: the overrides broke it
            raise ScenarioError(source, e.key, e.problem) from None
        return sc

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
    if sc["county.migrant_wage_yuan"] <= 0:
        raise ScenarioError(src, "county.migrant_wage_yuan",
                            "expected a value > 0: a secretary's pay ratio (D10: pay / migrant wage) and the reserve "
                            "drain (C6) divide by it, got 0")
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


MAX_INPUT_BYTES = 1 << 20  # a scenario or sweep file is a few kB; 1 MiB is generous
MAX_DEPTH = 16  # tables within tables (a scenario needs 2, a sweep 4)
MAX_INT = 2**63 - 1
MAX_BASE_CHAIN = 32


def _check_parsed(doc: Any, src: str) -> None:
    """Bound nesting depth and integer size of a parsed document (no recursion)."""
    stack: list[tuple[Any, int, str]] = [(doc, 0, "")]
    while stack:
        node, depth, where = stack.pop()
        if depth > MAX_DEPTH:
            raise ScenarioError(src, where.lstrip(".") or None, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, dict):
            stack.extend((v, depth + 1, f"{where}.{k}") for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, depth + 1, where) for v in node)
        elif isinstance(node, int) and not isinstance(node, bool) and abs(node) > MAX_INT:
            raise ScenarioError(src, where.lstrip(".") or None, f"integer out of range (more than {MAX_INT})")


def parse_toml_text(text: str, src: str) -> dict[str, Any]:
    """`tomllib.loads` with every failure as a ScenarioError (malformed, too deep, too big)."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ScenarioError(src, None, f"malformed TOML: {e}") from None
    except RecursionError:
        raise ScenarioError(src, None, f"malformed TOML: nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as e:  # e.g. an integer of more than 4300 digits
        raise ScenarioError(src, None, f"malformed TOML: {' '.join(str(e).split())[:200]}") from None
    _check_parsed(doc, src)
    return doc


def read_input_text(path: str | Path, src: str | None = None, limit: int = MAX_INPUT_BYTES) -> str:
    """The text of a regular file of at most `limit` bytes, or ScenarioError saying why not.

    FIFOs, devices and directories are refused before they are opened (no hang, no endless
    read); a symlink loop, a NUL byte or an over-long name is one line, not a traceback.
    """
    import os
    import stat

    src = src if src is not None else shown_path(path)
    try:
        st = os.stat(path)
    except ValueError:
        raise ScenarioError(src, None, "expected a file name, got one with a NUL byte") from None
    except FileNotFoundError:
        raise ScenarioError(src, None, "file not found") from None
    except OSError as e:  # ELOOP (symlink loop), ENAMETOOLONG, EACCES, ...
        raise ScenarioError(src, None, f"cannot read the file ({e.strerror or e})") from None
    if stat.S_ISDIR(st.st_mode):
        raise ScenarioError(src, None, "is a directory, expected a .toml file")
    if not stat.S_ISREG(st.st_mode):
        raise ScenarioError(src, None, "is not a regular file (a FIFO, socket or device); expected a .toml file")
    if st.st_size > limit:
        raise ScenarioError(src, None, f"is {st.st_size:,} bytes; expected at most {limit:,}")
    try:
        # O_NONBLOCK: should the name have become a FIFO since the check, opening it does not hang
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise ScenarioError(src, None, "is not a regular file; expected a .toml file")
            data = f.read(limit + 1)
    except OSError as e:
        raise ScenarioError(src, None, f"cannot read the file ({e.strerror or e})") from None
    if len(data) > limit:
        raise ScenarioError(src, None, f"is larger than {limit:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ScenarioError(src, None, f"cannot read the file (not UTF-8 text: {e.reason} at byte {e.start})") from None


def shown_path(path: str | Path) -> str:
    """A path as an error message shows it: NUL visible, at most 300 characters."""
    text = str(path).replace("\x00", "\\0")
    return text if len(text) <= 300 else text[:150] + "…" + text[-150:]


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file or raise ScenarioError (missing, not a regular file, too big, malformed)."""
    src = shown_path(path)
    return parse_toml_text(read_input_text(path, src), src)


def parse_assignment(text: str, source: str = "--set") -> tuple[str, Any]:
    """Turn ``section.key=value`` into (key, value); value is a TOML literal or a bare string."""
    if "=" not in text:
        raise ScenarioError(source, text, "expected section.key=value")
    key, raw = (s.strip() for s in text.split("=", 1))
    if key not in PARAMS:
        raise ScenarioError(source, key[:100], "unknown key" + _suggest(key, PARAMS))
    if len(raw) > 1000:
        raise ScenarioError(source, key, f"expected a value of at most 1000 characters, got {len(raw):,}")
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        value = raw
    _check_parsed(value, f"{source} {key}")
    return key, value


def resolve_path(path: str | Path) -> Path:
    """A scenario path as given, or else the file of that name shipped in `scenarios/`."""
    p = Path(path)
    try:
        if "\x00" in str(p) or p.is_absolute() or p.exists():
            return p
        for cand in (SCENARIO_DIR / p, SCENARIO_DIR / f"{p}.toml"):
            if cand.exists():
                return cand
    except OSError:  # a name too long, a symlink loop: read_input_text says so
        pass
    return p


def resolve_base(ref: str, referrer: Path) -> Path | None:
    """Where ``base = ref`` in file `referrer` points: next to `referrer` first, then the shipped
    ``scenarios/`` (so ``base = "baseline.toml"`` works from any directory); None if neither."""
    if "\x00" in ref:
        return None
    for cand in (referrer.parent / ref, referrer.parent / f"{ref}.toml", SCENARIO_DIR / ref, SCENARIO_DIR / f"{ref}.toml"):
        try:
            if cand.exists():
                return cand
        except OSError:  # a name too long, a symlink loop: read_input_text says so
            return cand
    return None


def load_scenario(path: str | Path | None = None, overrides: Mapping[str, Any] | None = None,
                  **kw: Any) -> Scenario:
    """Load a scenario file (default: the baseline), follow its ``meta.base``, apply overrides.

    >>> sc = load_scenario("scenarios/baseline.toml", {"pay.base_multiple": 2.0})
    """
    if path is None:
        path = SCENARIO_DIR / "baseline.toml"
    return _load(resolve_path(path), ()).with_overrides(overrides, **kw)


def _load(path: Path, seen: tuple[Path, ...]) -> Scenario:
    src = shown_path(path)
    meta, values = _flatten(read_toml(path), src)
    base: Scenario = Scenario(source="<defaults>")
    if "base" in meta:
        ref = meta["base"]
        bpath = resolve_base(ref, path)
        if bpath is None:
            raise ScenarioError(src, "meta.base", f"expected an existing scenario file (next to this one or in "
                                f"scenarios/), got {ref[:200]!r}")
        try:
            real = bpath.resolve()
        except (OSError, RuntimeError):  # symlink loop
            raise ScenarioError(src, "meta.base", f"cannot read {ref[:200]!r} (symlink loop)") from None
        if real in seen or real == path.resolve():
            raise ScenarioError(src, "meta.base", f"expected a base that does not lead back here, got {ref[:200]!r}")
        if len(seen) >= MAX_BASE_CHAIN:
            raise ScenarioError(src, "meta.base", f"expected a chain of at most {MAX_BASE_CHAIN} base files")
        try:
            base = _load(bpath, (*seen, path.resolve()))
        except ScenarioError as e:
            if e.source == src or e.key == "meta.base" and len(seen) + 1 >= MAX_BASE_CHAIN:
                raise
            raise ScenarioError(src, "meta.base", f"in {e}") from None
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


"""Where an output came from: package version, git commit with a dirty flag and a hash of the diff.

    from cadresim.provenance import provenance, scenario_label
    provenance()                 # {'version': '0.1.0', 'git_commit': 'abc…', 'git_dirty': True, 'git_diff_sha1': '…'}
    scenario_label(sc)           # 'baseline+pay.base_multiple=2' for a baseline with one override

Every manifest (run, compare, sweep) and every figure footer carries these, so a number can
be traced to the code that made it: a dirty tree is flagged, and the diff's hash tells two
edited trees apart. Outside a git checkout (an installed package) the git fields are None.
"""

from __future__ import annotations

import functools
import hashlib
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.decode("utf-8", "replace") if out.returncode == 0 else None


@functools.lru_cache(maxsize=1)
def _git_state() -> tuple[str | None, bool | None, str | None]:
    commit = _git("rev-parse", "HEAD")
    if not commit:
        return None, None, None
    # the package's own source: tracked changes under model/ and pyproject (not outputs)
    diff = _git("diff", "HEAD", "--", "model", "pyproject.toml")
    untracked = _git("ls-files", "--others", "--exclude-standard", "--", "model") or ""
    if diff is None:
        return commit.strip(), None, None
    dirty = bool(diff.strip() or untracked.strip())
    h = hashlib.sha1((diff + untracked).encode("utf-8")).hexdigest()[:12] if dirty else None
    return commit.strip(), dirty, h


def provenance(refresh: bool = False) -> dict[str, Any]:
    """Version, git commit, dirty flag and diff hash of the code running now."""
    from . import __version__

    if refresh:
        _git_state.cache_clear()
    commit, dirty, diff = _git_state()
    return {"version": __version__, "git_commit": commit, "git_dirty": dirty, "git_diff_sha1": diff}


def code_tag(prov: dict[str, Any] | None = None) -> str:
    """Short form for a footer: 'cadresim 0.1.0 · abc1234' plus '+dirty 1a2b3c' when edited."""
    p = provenance() if prov is None else prov
    tag = f"cadresim {p.get('version', '')}"
    if p.get("git_commit"):
        tag += f" · {str(p['git_commit'])[:7]}"
        if p.get("git_dirty"):
            tag += f"+dirty {p.get('git_diff_sha1') or ''}".rstrip()
    return tag


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def scenario_label(sc: Any, overrides: dict[str, Any] | None = None, name: str | None = None) -> str:
    """The name an output is titled by: a user-given `name`, else the scenario's name with each
    override appended (`baseline+pay.base_multiple=2`), so an edited run is never called by the
    name of the file it started from."""
    if name:
        return name
    from .params import PARAMS

    head, *parts = (getattr(sc, "name", None) or "scenario").split("+")
    merged: dict[str, str] = {}
    for part in parts:  # overrides already in the name: a later value replaces an earlier one
        k, eq, v = part.partition("=")
        if not eq or k not in PARAMS:
            head, merged = getattr(sc, "name", None) or "scenario", {}
            break
        merged[k] = v
    for k, v in (overrides or {}).items():
        if not k.startswith("run."):
            merged[k] = _value(v)
    return head + "".join(f"+{k}={v}" for k, v in merged.items())

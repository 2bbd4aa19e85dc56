"""The loop is data: one hook per rule, and its docstring is generated from the tuples."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import cadresim.loop as loop
from cadresim.rulesmap import RULES

ROOT = Path(__file__).resolve().parents[1]


def test_loop_docstring_is_generated_from_the_hooks() -> None:
    assert loop.describe() in (loop.__doc__ or ""), "regenerate the docstring: cadresim rules --loop"
    odd = (ROOT / "docs" / "odd.md").read_text(encoding="utf-8")
    assert loop.describe() in odd, "docs/odd.md §3: paste `cadresim rules --loop`"


def test_each_hook_is_one_rule_or_bookkeeping() -> None:
    ids = {r.id for r in RULES}
    for phase, hooks in loop.PHASES.items():
        for h in hooks:
            assert h.rule in ids or h.rule == "", f"{phase}: {h.what} names {h.rule!r}"
            assert "," not in h.rule and "–" not in h.rule
            doc = h.fn.__doc__ or ""
            if h.rule:
                assert re.search(rf"\b{h.rule}\b", doc), f"{h.fn.__name__}'s docstring does not name {h.rule}"


def test_every_rule_has_a_hook_or_named_code() -> None:
    for r in RULES:
        assert r.hooks or r.extra, f"{r.id} has no code"


def test_no_behavioural_constant_in_rule_code() -> None:
    """Every behavioural number comes from the scenario: no float literal other than 0 and 1,
    and no integer literal above 12, in model/rules or model/sim.py (structural ones are named
    constants built without literals)."""
    bad = []
    for f in [*sorted((ROOT / "model" / "rules").glob("*.py")), ROOT / "model" / "sim.py"]:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and type(node.value) in (int, float):
                v = node.value
                if (isinstance(v, float) and v not in (0.0, 1.0)) or (isinstance(v, int) and abs(v) > 12):
                    bad.append(f"{f.name}:{node.lineno}: {v}")
    assert not bad, "numbers that belong in model/params.py:\n" + "\n".join(bad)


def test_rules_command_prints_the_loop(capsys) -> None:
    from cadresim.cli import main

    assert main(["rules", "--loop"]) == 0
    assert capsys.readouterr().out.strip() == loop.describe().strip()

"""Generated documents stay in step with the code they describe."""

from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_parameters_doc_is_generated():
    from cadresim.paramdoc import markdown
    from cadresim.params import PARAMS

    text = (DOCS / "parameters.md").read_text(encoding="utf-8")
    assert text == markdown(), "regenerate: python -m cadresim.paramdoc > docs/parameters.md"
    for key in PARAMS:
        assert f"`{key}`" in text


def test_odd_names_every_rule_module_and_rule():
    text = (DOCS / "odd.md").read_text(encoding="utf-8")
    for module in ("cadres", "reserves", "dynamics", "stationed", "assessment", "reporting", "penalties",
                   "rotation", "attention", "elections", "pay"):
        assert f"rules/{module}.py" in text, module
    from cadresim.rulesmap import RULES

    for r in RULES:
        assert r.id in text, r.id

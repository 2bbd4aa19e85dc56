"""The worked-example notebooks run top to bottom, from a directory other than notebooks/, at small sizes.

Each notebook's "parameters" cell reads CADRESIM_NB_QUICK=1 (set by `notebooks/execute.py`'s
`execute(quick=True)`) and shrinks its replicates, samples and budget; its last code cell asserts
the claim its conclusion makes, so a conclusion the numbers no longer support fails here.
"""

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("nb_execute", ROOT / "notebooks" / "execute.py")
nb_execute = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(nb_execute)
NOTEBOOKS = nb_execute.notebooks()


def _outputs(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def test_the_set_is_there():
    names = [p.name[:2] for p in NOTEBOOKS]
    assert names == ["01", "02", "03", "04", "05", "06"], names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_stored_executed(path):
    """What a code host shows: every code cell ran, in order, and the figures are in the file."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    counts = [c.get("execution_count") for c in code]
    assert all(counts) and counts == sorted(counts), f"{path.name}: not stored executed top to bottom: {counts}"
    assert not [o for o in _outputs(nb) if o.output_type == "error"]
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and "CADRESIM_NB_QUICK" in tagged[0].source, "one parameters cell reading CADRESIM_NB_QUICK"
    assert "assert " in code[-1].source, "the last code cell checks the conclusion's claim"
    assert "../" not in "".join(c.source for c in code), "no path relative to notebooks/"
    assert path.stat().st_size < 1_500_000, f"{path.name}: {path.stat().st_size} bytes"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path):
    nb, _ = nb_execute.execute(path, quick=True, cwd=tmp_path, timeout=300)  # raises at a failing cell or assert
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.output_type == "error"]
    warnings = [o.get("text", "") for o in outputs if o.output_type == "stream" and o.get("name") == "stderr"]
    assert not [w for w in warnings if "missing from font" in w or "Glyph" in w], warnings  # CJK rendered
    if any("plots." in c.source for c in nb.cells if c.cell_type == "code"):
        assert any("image/png" in o.get("data", {}) for o in outputs), "figures must display inline"
    assert not list(tmp_path.iterdir()), "the notebook wrote into its working directory"

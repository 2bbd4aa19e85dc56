"""Every yearly column is documented, and docs/outputs.md is generated from that dictionary."""

from pathlib import Path

from cadresim.columns import COLUMNS, markdown
from cadresim.outputs import YEARLY_COLUMNS


def test_every_yearly_column_is_documented():
    missing = [c for c in YEARLY_COLUMNS if c not in COLUMNS]
    assert not missing
    assert not [c for c in COLUMNS if c not in YEARLY_COLUMNS]  # nothing documented that is not written
    assert all(col.unit and col.meaning for col in COLUMNS.values())


def test_outputs_doc_in_step():
    text = (Path(__file__).resolve().parents[1] / "docs" / "outputs.md").read_text(encoding="utf-8")
    assert text == markdown(), "regenerate: python -m cadresim.columns > docs/outputs.md"
    for c in YEARLY_COLUMNS:
        assert f"`{c}`" in text


def test_run_returns_and_cli_writes_snapshots(tmp_path):
    import pandas as pd
    from cadresim import run
    from cadresim.cli import main as cli

    r = run(None, replicates=2, years=4, snapshots=2)
    assert sorted(r.snapshots["year"].unique()) == [2, 4] and sorted(r.snapshots["replicate"].unique()) == [0, 1]
    assert len(r.snapshots) == 2 * 2 * r.scenario["county.villages"]
    out = tmp_path / "r"
    assert cli(["run", "baseline", "--replicates", "2", "--years", "4", "--snapshots", "2", "--set",
                "pay.base_multiple=2", "--out", str(out), "--quiet"]) == 0
    back = pd.read_csv(out / "snapshots.csv")
    assert len(back) == len(r.snapshots) and (out / "snapshots.parquet").exists()
    import json

    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert m["scenario"] == "baseline+pay.base_multiple=2"  # a --set run is never titled 'baseline'
    assert m["overrides"] == {"pay.base_multiple": 2} and m["seed"] and m["replicates"] == 2
    assert "git_commit" in m and "git_dirty" in m and "git_diff_sha1" in m

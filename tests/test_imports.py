"""Start-up cost by content, not time: `cadresim --help` loads no heavy library, and
`cadresim run` loads only what a run uses (no Dask, matplotlib, Optuna, SALib, scikit-learn)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("mesa", "pandas", "numba", "dask", "distributed", "matplotlib", "optuna", "SALib", "sklearn", "scipy",
         "pyarrow", "numpy")
NOT_FOR_RUN = ("dask", "distributed", "matplotlib", "optuna", "SALib", "sklearn")

PROBE = """
import contextlib, io, json, sys
import cadresim.cli
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    try:
        rc = cadresim.cli.main(sys.argv[1:])
    except SystemExit as e:  # argparse's --help exits
        rc = e.code
print(json.dumps({"rc": rc, "out": buf.getvalue()[:200],
                  "top": sorted({m.split('.')[0] for m in sys.modules})}))
"""


def _loaded(*args: str, cwd=None) -> dict:
    p = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120, cwd=cwd)
    assert p.returncode == 0, p.stderr[-2000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_help_loads_no_heavy_library():
    r = _loaded("--help")
    assert r["rc"] == 0 and "usage: cadresim" in r["out"]
    assert [m for m in HEAVY if m in r["top"]] == []


def test_import_cadresim_is_light_until_a_name_is_used():
    code = ("import sys, cadresim; a = {m.split('.')[0] for m in sys.modules}; f = cadresim.sweep; "
            "import cadresim.sweep.design, cadresim.compare; "
            "print(sorted(a & {'mesa', 'pandas', 'numba', 'numpy', 'dask', 'matplotlib'}), callable(cadresim.sweep), "
            "callable(cadresim.compare), cadresim.plots.__name__)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    # nothing heavy on import; the functions stay functions after their submodules are imported
    assert p.stdout.split() == ["[]", "True", "True", "cadresim.plots"]


def test_run_loads_only_what_it_uses(tmp_path):
    r = _loaded("run", "baseline", "--years", "1", "--replicates", "1", "--set", "county.villages=20",
                "--set", "county.townships=2", "--out", str(tmp_path / "r"), "--quiet", cwd=tmp_path)
    assert r["rc"] == 0 and (tmp_path / "r" / "manifest.json").exists()
    assert "mesa" in r["top"] and "pandas" in r["top"]  # it did run the model
    assert [m for m in NOT_FOR_RUN if m in r["top"]] == []

"""Re-execute the worked-example notebooks and store them with their outputs.

    python notebooks/execute.py                    # every notebook, normal sizes, stored in place
    python notebooks/execute.py 04 05              # those whose file name starts with 04 or 05
    python notebooks/execute.py --quick --check    # CI sizes (CADRESIM_NB_QUICK=1), nothing stored

Each notebook reads its sizes (replicates, sample sizes, budget, years) in a cell tagged
"parameters"; ``CADRESIM_NB_QUICK=1`` in the kernel's environment makes them small (what
``tests/test_notebooks.py`` runs). The kernel starts in a fresh temporary directory, so a
notebook that assumes ``notebooks/`` is the working directory fails here as it would for a
user. Run it after a change that moves results (calibration defaults, rules, speed work) so
the stored outputs and the conclusions they print match the code.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
QUICK_ENV = "CADRESIM_NB_QUICK"


def notebooks(prefixes: list[str] | None = None) -> list[Path]:
    """The notebooks in this folder, in order (those whose name starts with one of `prefixes`)."""
    found = sorted(HERE.glob("[0-9][0-9]_*.ipynb"))
    if prefixes:
        found = [p for p in found if any(p.name.startswith(x) for x in prefixes)]
    return found


def execute(path: Path, *, quick: bool = False, cwd: str | Path | None = None,
            timeout: int = 900) -> tuple[nbformat.NotebookNode, float]:
    """Execute notebook `path` top to bottom in a new kernel; return it with its outputs and the wall time.

    `quick` sets CADRESIM_NB_QUICK=1 for the kernel (small sizes); `cwd` is the kernel's working
    directory (default: a new temporary one). Raises `nbclient.exceptions.CellExecutionError` at the
    first failing cell, failed asserts included."""
    nb = nbformat.read(path, as_version=4)
    # MPLBACKEND (CI sets Agg) would stop the kernel from drawing figures inline
    env = {k: v for k, v in os.environ.items() if k not in (QUICK_ENV, "MPLBACKEND")}
    if quick:
        env[QUICK_ENV] = "1"
    with tempfile.TemporaryDirectory(prefix="cadresim_nb_") as tmp:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": str(cwd or tmp)}})
        t0 = time.perf_counter()
        client.execute(env=env)
        return nb, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Re-execute the notebooks and store them with their outputs.")
    ap.add_argument("names", nargs="*", help="file-name prefixes (default: every notebook)")
    ap.add_argument("--quick", action="store_true", help="the CI sizes (CADRESIM_NB_QUICK=1)")
    ap.add_argument("--check", action="store_true", help="execute only; do not store the outputs")
    args = ap.parse_args(argv)
    paths = notebooks(args.names)
    if not paths:
        print(f"no notebook in {HERE} starts with {', '.join(args.names)}", file=sys.stderr)
        return 2
    if args.quick and not args.check:
        print("--quick without --check would store the small-size outputs; add --check", file=sys.stderr)
        return 2
    done = []
    for p in paths:  # stored only when all have run: the figures' footers then name a clean git tree
        nb, wall = execute(p, quick=args.quick)
        done.append((p, nb))
        print(f"{p.name}: {wall:.1f} s", flush=True)
    if not args.check:
        for p, nb in done:
            nbformat.write(nb, p)
        print(f"stored {len(done)} notebook(s) in {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

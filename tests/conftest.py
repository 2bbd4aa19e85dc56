import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cli():
    """Run `cadresim ARGS` in a subprocess; returns CompletedProcess (text)."""

    def _run(*args: str, cwd: Path | None = None, timeout: float = 300):
        return subprocess.run([sys.executable, "-m", "cadresim.cli", *args], capture_output=True, text=True,
                              cwd=cwd or ROOT, timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)})

    return _run

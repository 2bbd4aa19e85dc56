"""The failures cadresim expects, in one place for the library and the command line.

Every class carries the exit status the command line gives it: 2 for bad input (a scenario
or sweep file, an option, a damaged results directory), 1 for the environment (a read-only
or full disk, an output directory another process holds, an unreachable scheduler). The
command line prints ``cadresim COMMAND: error: MESSAGE`` (one line, no traceback unless
``--debug``); library callers catch `CadresimError` or the specific class.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

__all__ = ["CadresimError", "DamagedResultsError", "EnvironmentFailure", "InputError", "OutputLockedError",
           "ScenarioError", "as_expected", "check_int_arg", "environment_failure"]


class CadresimError(Exception):
    """Base of every expected cadresim failure; `exit_status` is what the command line returns."""

    exit_status = 2


class InputError(CadresimError, ValueError):
    """Bad input that is not a scenario value: an option, a path, a Python argument (exit 2)."""


class ScenarioError(InputError):
    """A scenario (file, key or value) that cannot be used; the message says what and where."""

    def __init__(self, source: str, key: str | None, problem: str) -> None:
        self.source, self.key, self.problem = source, key, problem
        where = f"{source}: {key}: " if key else f"{source}: "
        super().__init__(where + problem)


class DamagedResultsError(InputError):
    """A results directory whose files are missing, truncated or not what they claim (exit 2)."""


class EnvironmentFailure(CadresimError):
    """The machine, not the input: read-only or full disk, unreachable scheduler (exit 1)."""

    exit_status = 1


class OutputLockedError(EnvironmentFailure):
    """Another cadresim process is writing into the same output directory (exit 1)."""


_ENV_ERRNOS = {errno.ENOSPC: "disk full", errno.EROFS: "read-only file system", errno.EACCES: "permission denied",
               errno.EPERM: "not permitted", errno.EDQUOT: "disk quota exceeded", errno.EIO: "input/output error"}


def environment_failure(e: OSError, where: str | Path | None = None) -> EnvironmentFailure:
    """An `EnvironmentFailure` for an OSError: one line naming the path and the cause."""
    path = where if where is not None else (e.filename or "")
    if e.errno in _ENV_ERRNOS:
        what = f"cannot write ({_ENV_ERRNOS[e.errno]})"
    elif e.errno:
        what = os.strerror(e.errno)
    else:  # e.g. a connection closed by a Dask scheduler or worker
        what = f"{type(e).__name__}: {' '.join(str(e).split())[:300]}"
    return EnvironmentFailure(f"{path}: {what}" if path else what)


def as_expected(e: BaseException) -> CadresimError | None:
    """The `CadresimError` an exception stands for, or None for a bug (which keeps its traceback).

    Disk errors become `EnvironmentFailure`; unreadable or malformed results files (JSON,
    CSV, Parquet) become `DamagedResultsError`."""
    if isinstance(e, CadresimError):
        return e
    if isinstance(e, OSError) and not isinstance(e, (FileNotFoundError, IsADirectoryError, NotADirectoryError)):
        if isinstance(e, (ConnectionError, TimeoutError)):
            return EnvironmentFailure(f"cannot reach the scheduler or a worker ({type(e).__name__}: {e})")
        return environment_failure(e)
    if isinstance(e, (FileNotFoundError, IsADirectoryError, NotADirectoryError)):
        return InputError(f"{e.filename or ''}: {e.strerror or e}")
    import json

    damaged: tuple[type[BaseException], ...] = (json.JSONDecodeError, UnicodeDecodeError)
    try:
        import pandas as pd

        damaged += (pd.errors.EmptyDataError, pd.errors.ParserError)
    except ImportError:  # pragma: no cover
        pass
    try:
        import pyarrow as pa

        damaged += (pa.ArrowException,)
    except ImportError:  # pragma: no cover
        pass
    if isinstance(e, damaged):
        return DamagedResultsError(f"damaged or unreadable results file ({type(e).__name__}: {e})")
    return None


def check_int_arg(value: object, name: str, lo: int | None = None, hi: int | None = None) -> int:
    """`value` as an int (numpy integers accepted), else TypeError/ValueError naming argument `name`.

    Python API checks: ``run_years("2")`` or ``run_years(1.9)`` is a TypeError, ``run_years(-3)``
    a ValueError, each saying which argument and what was expected."""
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected an integer, got {value!r} ({type(value).__name__})")
    v = int(value)
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        rng = f"≥ {lo}" if hi is None else (f"≤ {hi}" if lo is None else f"in [{lo}, {hi}]")
        raise ValueError(f"{name}: expected an integer {rng}, got {v}")
    return v

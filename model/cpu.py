"""Opt-in: the compiled loops built with this CPU's widest vectors (``CADRESIM_WIDE_VECTORS=1``).

numba leaves the vector width of a compiled loop to LLVM, which on Intel CPUs with AVX-512
prefers 256-bit vectors (a tuning choice from CPUs that slowed their clock for 512-bit work).
With ``CADRESIM_WIDE_VECTORS=1`` in the environment before cadresim is imported, numba is told
to compile for this CPU without that preference (``NUMBA_CPU_NAME`` and ``NUMBA_CPU_FEATURES``:
this CPU's name and features, less ``prefer-256-bit``), so the loops that vectorise — the
keyed generator's Threefry blocks above all — use 512-bit registers. Measured on this
project's 2-core AVX-512 machine: a Threefry block 5.5 → 4.2 ns, a national year 17–25 ms
less (docs/performance.md, change 57).

Nothing computed changes: the loops are compiled without fast-math, so the vector width
changes neither the order nor the rounding of any operation (`tests/test_portability.py`
compares final states bit for bit with and without it, and with numba compiling for a
generic x86-64). On a CPU without AVX-512 (or not x86) nothing is set. Opt-in, because it is set for
the whole process: other numba code in the same process (a notebook's own) is compiled the
same way, and numba compiles everything once more for the new target (its cache keeps both).
An explicit ``NUMBA_CPU_NAME`` or ``NUMBA_CPU_FEATURES`` is left as it is.
"""

from __future__ import annotations

import os
import sys
import warnings

ENV = "CADRESIM_WIDE_VECTORS"
_applied = False  # set when this process's numba target was set here


def wide_vectors_asked() -> bool:
    """Whether ``CADRESIM_WIDE_VECTORS`` asks for the widest vectors: 1 yes, 0 or unset no;
    anything else is warned about and taken as no."""
    raw = os.environ.get(ENV, "0").strip()
    if raw in ("", "0"):
        return False
    if raw == "1":
        return True
    warnings.warn(f"{ENV}={raw!r} is neither 0 nor 1; the compiled loops keep numba's vector width", stacklevel=3)
    return False


def apply_wide_vectors() -> bool:
    """Set numba's CPU target for the widest vectors when ``CADRESIM_WIDE_VECTORS=1`` (called
    when cadresim is imported, before numba is); returns whether it was set."""
    if not wide_vectors_asked():
        return False
    if "NUMBA_CPU_NAME" in os.environ or "NUMBA_CPU_FEATURES" in os.environ:
        return False  # the user's own choice of target stands
    if "numba" in sys.modules:
        warnings.warn(f"{ENV}=1 has no effect: numba was imported before cadresim (import cadresim first, "
                      "or set NUMBA_CPU_NAME and NUMBA_CPU_FEATURES yourself)", stacklevel=3)
        return False
    import llvmlite.binding as llvm  # numba's own LLVM binding; imports no numba

    features = llvm.get_host_cpu_features()
    if not features.get("avx512f", False):  # nothing wider than 256 bits here (or not an x86 CPU,
        return False  # whose LLVM would warn of an unknown feature at every compile)
    global _applied
    os.environ["NUMBA_CPU_NAME"] = llvm.get_host_cpu_name()
    os.environ["NUMBA_CPU_FEATURES"] = features.flatten() + ",-prefer-256-bit"
    _applied = True
    return True


def compute_settings() -> dict[str, object]:
    """How this process computes, for a run's manifest (timings depend on it, results do not):
    threads asked for the threaded loops and the most a loop ran on (1 for a world below
    `compute.PARALLEL_MIN` villages), whether `apply_wide_vectors` set numba's target, and the CPU
    numba compiles for (this machine's unless NUMBA_CPU_NAME names one)."""
    import llvmlite.binding as llvm

    from . import compute

    return {"threads": compute.threads(), "threads_used": compute.threads_used(), "wide_vectors": _applied,
            "numba_cpu": os.environ.get("NUMBA_CPU_NAME") or llvm.get_host_cpu_name()}


__all__ = ["ENV", "apply_wide_vectors", "compute_settings", "wide_vectors_asked"]

"""`cadresim.cpu`: CADRESIM_WIDE_VECTORS=1 sets numba's CPU target (this CPU, less its
preference for 256-bit vectors) before numba is imported; otherwise nothing is set. That the
results are the same bits with it is `tests/test_portability.py`'s."""

from __future__ import annotations

import os
import sys

import llvmlite.binding as llvm
import pytest
from cadresim import cpu


@pytest.fixture
def clean(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for k in ("CADRESIM_WIDE_VECTORS", "NUMBA_CPU_NAME", "NUMBA_CPU_FEATURES"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.delitem(sys.modules, "numba", raising=False)  # as before cadresim's first import
    monkeypatch.setattr(cpu, "_applied", False)  # restored after the test, as the variables are
    return monkeypatch


def test_nothing_is_set_unless_asked(clean: pytest.MonkeyPatch) -> None:
    for value in (None, "0", ""):
        if value is not None:
            clean.setenv("CADRESIM_WIDE_VECTORS", value)
        assert not cpu.apply_wide_vectors()
        assert "NUMBA_CPU_NAME" not in os.environ and "NUMBA_CPU_FEATURES" not in os.environ


def test_asked_sets_this_cpu_without_the_256_bit_preference(clean: pytest.MonkeyPatch) -> None:
    clean.setenv("CADRESIM_WIDE_VECTORS", "1")
    wide = llvm.targets.FeatureMap()  # an AVX-512 CPU, whatever this machine is
    wide.update({"avx2": True, "avx512f": True, "avx512vl": True})
    clean.setattr(llvm, "get_host_cpu_features", lambda: wide)
    assert cpu.apply_wide_vectors()
    assert os.environ["NUMBA_CPU_NAME"] == llvm.get_host_cpu_name()
    assert os.environ["NUMBA_CPU_FEATURES"] == "+avx2,+avx512f,+avx512vl,-prefer-256-bit"
    assert cpu.compute_settings()["wide_vectors"] is True


def test_a_target_the_user_set_is_kept(clean: pytest.MonkeyPatch) -> None:
    clean.setenv("CADRESIM_WIDE_VECTORS", "1")
    clean.setenv("NUMBA_CPU_NAME", "generic")
    assert not cpu.apply_wide_vectors()
    assert os.environ["NUMBA_CPU_NAME"] == "generic" and "NUMBA_CPU_FEATURES" not in os.environ


def test_too_late_or_a_bad_value_is_warned_about_and_sets_nothing(clean: pytest.MonkeyPatch) -> None:
    clean.setenv("CADRESIM_WIDE_VECTORS", "yes")
    with pytest.warns(UserWarning, match="CADRESIM_WIDE_VECTORS='yes' is neither 0 nor 1"):
        assert not cpu.apply_wide_vectors()
    clean.setenv("CADRESIM_WIDE_VECTORS", "1")
    clean.setitem(sys.modules, "numba", object())  # numba imported before cadresim
    with pytest.warns(UserWarning, match="no effect: numba was imported before cadresim"):
        assert not cpu.apply_wide_vectors()
    assert "NUMBA_CPU_NAME" not in os.environ and "NUMBA_CPU_FEATURES" not in os.environ


def test_a_cpu_without_avx512_gets_nothing_set(clean: pytest.MonkeyPatch) -> None:
    """No wider vectors to be had (an older x86, or an ARM CPU whose LLVM would warn of the
    unknown x86 feature at every compile): nothing is set."""
    clean.setenv("CADRESIM_WIDE_VECTORS", "1")
    narrow = llvm.targets.FeatureMap()
    narrow.update({"avx2": True, "fma": True, "avx512f": False})
    clean.setattr(llvm, "get_host_cpu_features", lambda: narrow)
    assert not cpu.apply_wide_vectors()
    assert "NUMBA_CPU_NAME" not in os.environ and "NUMBA_CPU_FEATURES" not in os.environ
    arm = llvm.targets.FeatureMap()
    arm.update({"neon": True})
    clean.setattr(llvm, "get_host_cpu_features", lambda: arm)
    assert not cpu.apply_wide_vectors()
    assert "NUMBA_CPU_NAME" not in os.environ


def test_compute_settings_say_how_this_process_computes(clean: pytest.MonkeyPatch) -> None:
    clean.setenv("CADRESIM_THREADS", "1")
    s = cpu.compute_settings()
    assert s["threads"] == 1 and s["numba_cpu"] == llvm.get_host_cpu_name()
    clean.setenv("NUMBA_CPU_NAME", "generic")
    assert cpu.compute_settings()["numba_cpu"] == "generic"

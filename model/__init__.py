"""cadresim: townships, villages and cadres under grassroots party-organisation rules.

    from cadresim import load_scenario, run, CadreModel
    res = run("baseline", replicates=5)            # tidy yearly DataFrame in res.yearly
    m = CadreModel(load_scenario(), rng=1).run_years(3)
    m.villages.to_list()[0].secretary.ability

The names below are imported on first use (PEP 562), so ``import cadresim`` and
``cadresim --help`` load neither Mesa, pandas, numba, Dask nor matplotlib until a name
that needs them is touched.
"""

import importlib
import sys
import types
from importlib.metadata import PackageNotFoundError, version

from .cpu import apply_wide_vectors

apply_wide_vectors()  # CADRESIM_WIDE_VECTORS=1: numba's target set before numba is imported (cadresim.cpu)

try:
    __version__ = version("cadresim")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.1.0"

# public name -> the module (relative to this package) that defines it
_LAZY: dict[str, str] = {
    "CadreModel": ".sim",
    "DEFAULTS": ".params", "PARAMS": ".params",
    "RunResult": ".runner", "run": ".runner", "run_replicate": ".runner",
    "Scenario": ".scenario", "ScenarioError": ".scenario", "load_scenario": ".scenario",
    "CadresimError": ".errors", "EnvironmentFailure": ".errors", "InputError": ".errors",
    "load_results": ".sweep", "sweep": ".sweep",
    "run_outcomes": ".outcomes",
    "Comparison": ".compare", "compare": ".compare",
    "sensitivity": ".sensitivity",
    "calibrate": ".calibration", "load_targets": ".calibration",
    "set_threads": ".compute",
}
# functions that share their name with a submodule (cadresim.sweep is the function, the
# package is cadresim.sweep too): importing the submodule must not replace the function
_SHADOWED = ("compare", "sensitivity", "sweep")

__all__ = [
    "__version__", "CadreModel", "DEFAULTS", "PARAMS", "RunResult", "Scenario", "ScenarioError",
    "CadresimError", "EnvironmentFailure", "InputError",
    "load_scenario", "run", "run_replicate",
    "load_results", "run_outcomes", "sweep",
    "Comparison", "compare", "plots", "sensitivity", "calibrate", "load_targets", "set_threads",
]


def _load(name: str):
    return getattr(importlib.import_module(_LAZY[name], __name__), name)


def __getattr__(name: str):
    if name in _LAZY:
        value = _load(name)
        if name not in _SHADOWED:
            globals()[name] = value  # later look-ups are plain attribute reads
        return value
    if name == "plots":  # matplotlib itself is imported only when a figure is drawn
        return importlib.import_module(".plots", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def _shadow(name: str) -> property:
    def get(self):
        return _load(name)

    def set_(self, value):  # the import system sets cadresim.<name> = <submodule>: keep the function
        if not isinstance(value, types.ModuleType):
            raise AttributeError(f"cadresim.{name} is read-only")

    return property(get, set_)


class _Package(types.ModuleType):
    """The package's class: `compare`, `sensitivity`, `sweep` are always the functions."""


for _n in _SHADOWED:
    setattr(_Package, _n, _shadow(_n))
sys.modules[__name__].__class__ = _Package
del _n

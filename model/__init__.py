"""cadresim: townships, villages and cadres under grassroots party-organisation rules.

    from cadresim import load_scenario, run, CadreModel
    res = run("baseline", replicates=5)            # tidy yearly DataFrame in res.yearly
    m = CadreModel(load_scenario(), rng=1).run_years(3)
    m.villages.to_list()[0].secretary.ability
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cadresim")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.1.0"

from . import plots  # noqa: E402  (matplotlib is imported only when a figure is drawn)
from .calibration import calibrate, load_targets  # noqa: E402  (Optuna is imported only when calibrate runs)
from .compare import Comparison, compare  # noqa: E402
from .errors import CadresimError, EnvironmentFailure, InputError  # noqa: E402  (model.compare is the function, as model.sweep)
from .outcomes import run_outcomes  # noqa: E402
from .params import DEFAULTS, PARAMS  # noqa: E402
from .runner import RunResult, run, run_replicate  # noqa: E402
from .scenario import Scenario, ScenarioError, load_scenario  # noqa: E402
from .sensitivity import sensitivity  # noqa: E402  (SALib is imported only when indices are computed)
from .sim import CadreModel  # noqa: E402
from .sweep import load_results, sweep  # noqa: E402  (model.sweep is the function; `from cadresim.sweep import design` still works)

__all__ = [
    "__version__", "CadreModel", "DEFAULTS", "PARAMS", "RunResult", "Scenario", "ScenarioError",
    "CadresimError", "EnvironmentFailure", "InputError",
    "load_scenario", "run", "run_replicate",
    "load_results", "run_outcomes", "sweep",
    "Comparison", "compare", "plots", "sensitivity", "calibrate", "load_targets",
]

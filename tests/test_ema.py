"""EMA Workbench drives the model through `run_outcomes` (the optional [ema] extra):
Real/Integer/Categorical parameters, sequential and multiprocessing evaluators, and
identical outcomes for identical experiments. Also: numpy scalars at the boundary."""

import warnings

import numpy as np
import pandas as pd
import pytest
from cadresim import run_outcomes


def test_numpy_scalars_are_python_values():
    kw = dict(run__years=2, attention__budget=0.3, weak__min_dims=2, five_good__enabled=True,
              attention__policy="uniform")
    a = run_outcomes("baseline", seed=np.int64(3), **{k: (np.str_(v) if isinstance(v, str) else np.bool_(v)
                                                          if isinstance(v, bool) else np.int64(v) if isinstance(v, int)
                                                          else np.float32(v)) for k, v in kw.items()})
    b = run_outcomes("baseline", seed=3, **kw)
    assert a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


OUTCOMES = ["weak_share_true_final", "five_good_share_final", "cost_total_yuan_final"]


def _model():
    ema = pytest.importorskip("ema_workbench")
    m = ema.Model("cadresim", function=run_outcomes)
    m.uncertainties = [
        ema.RealParameter("attention__budget", 0.2, 0.5),
        ema.IntegerParameter("weak__min_dims", 1, 3),
        ema.CategoricalParameter("attention__policy", ["classified", "uniform", "worst_first"]),
    ]
    m.constants = [ema.Constant("scenario", "baseline"), ema.Constant("run__years", 3), ema.Constant("seed", 7)]
    m.outcomes = [ema.ScalarOutcome(o) for o in OUTCOMES]
    return ema, m


def test_perform_experiments_sequential_and_multiprocessing_identical():
    ema, model = _model()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.em_framework.samplers import LHSSampler

        exp1, out1 = ema.perform_experiments(model, scenarios=6, evaluator=ema.SequentialEvaluator(model),
                                             uncertainty_sampling=LHSSampler(), uncertainty_sampling_kwargs={"rng": 42})
        with ema.MultiprocessingEvaluator(model, n_processes=2) as ev:
            exp2, out2 = ema.perform_experiments(model, scenarios=6, evaluator=ev, uncertainty_sampling=LHSSampler(),
                                                 uncertainty_sampling_kwargs={"rng": 42})
    cols = ["attention__budget", "weak__min_dims", "attention__policy"]
    pd.testing.assert_frame_equal(exp1[cols].reset_index(drop=True), exp2[cols].reset_index(drop=True))
    assert exp1["attention__policy"].nunique() > 1 and exp1["weak__min_dims"].nunique() > 1
    for o in OUTCOMES:
        assert np.array_equal(out1[o], out2[o]), o
    # and each equals a direct call with the same Python values
    r = exp1.iloc[0]
    direct = run_outcomes("baseline", seed=7, run__years=3, attention__budget=float(r["attention__budget"]),
                          weak__min_dims=int(r["weak__min_dims"]), attention__policy=str(r["attention__policy"]))
    assert out1["weak_share_true_final"][0] == direct["weak_share_true_final"]
    assert np.ptp(out1["weak_share_true_final"]) > 0  # the parameters reached the model

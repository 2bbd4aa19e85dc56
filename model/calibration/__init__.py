"""Calibration: targets as data, statistics of a run, and fitting assumed keys to targets.

    from cadresim import calibrate
    res = calibrate("scenarios/baseline.toml", "scenarios/targets/seed002.toml",
                    keys=["stars.threshold", "five_good.threshold"], budget=64, out="out/calib")
    res.fit            # each target: observed interval, model mean and 90% range, met
"""

from .engine import CalibrationBusy, CalibrationResult, calibrate, default_keys, evaluate, objective, select_keys
from .stats import STATISTICS, Observer, compute, statistic_names
from .targets import Target, TargetsError, TargetSet, load_targets

__all__ = ["calibrate", "CalibrationResult", "CalibrationBusy", "default_keys", "evaluate", "objective",
           "select_keys", "STATISTICS", "Observer", "compute", "statistic_names", "Target", "TargetSet",
           "TargetsError", "load_targets"]

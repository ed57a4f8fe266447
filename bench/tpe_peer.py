"""Optuna's TPESampler as bench/tpe.ts's peer: one JSON command a line on stdin, one JSON reply a line.

{"cmd": "load", "size": n, "trials": [{"params": {...}, "value": v}, ...]}  builds a study of n finished trials
{"cmd": "suggest", "size": n}  times study.ask() over all parameters on that study (TPE's whole suggestion)
{"cmd": "optimize", "function": "branin" | "quadratic", "seeds": s, "trials": t}  the best value of each seeded study
"""
import math
import json
import sys
import time

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.trial import TrialState

optuna.logging.set_verbosity(optuna.logging.ERROR)

DISTRIBUTIONS = {
    "lr": FloatDistribution(1e-5, 1.0, log=True),
    "x": FloatDistribution(-5.0, 5.0),
    "units": IntDistribution(1, 1024, log=True),
    "layers": IntDistribution(1, 8),
    "dropout": FloatDistribution(0.0, 0.5, step=0.05),
    "optimizer": CategoricalDistribution(["sgd", "adam", "rmsprop"]),
}

studies = {}


def branin(trial):
    x = trial.suggest_float("x1", -5, 10)
    y = trial.suggest_float("x2", 0, 15)
    return (y - 5.1 / (4 * math.pi**2) * x * x + 5 / math.pi * x - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x) + 10


def quadratic(trial):
    target = {"a": 1, "b": -2, "c": 0.5, "d": 3}
    return sum((trial.suggest_float(name, -5, 5) - t) ** 2 for name, t in target.items())


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


reply({"ready": True, "optuna": optuna.__version__})
for line in sys.stdin:
    cmd = json.loads(line)
    if cmd["cmd"] == "load":
        # Optuna 5's defaults for one objective (multivariate); no constant liar, as nothing runs.
        sampler = optuna.samplers.TPESampler(seed=1, multivariate=cmd.get("multivariate", True), constant_liar=False)
        study = optuna.create_study(direction="minimize", sampler=sampler)
        study.add_trials(
            [optuna.trial.create_trial(params=t["params"], distributions=DISTRIBUTIONS, value=t["value"]) for t in cmd["trials"]]
        )
        studies[cmd["size"]] = study
        reply({"loaded": cmd["size"]})
    elif cmd["cmd"] == "suggest":
        study = studies[cmd["size"]]
        start = time.perf_counter()
        trial = study.ask(DISTRIBUTIONS)
        ms = (time.perf_counter() - start) * 1000
        # A failed trial is left out of TPE's history, so the next round sees the same one.
        study.tell(trial, state=TrialState.FAIL)
        reply({"ms": ms})
    elif cmd["cmd"] == "optimize":
        objective = branin if cmd["function"] == "branin" else quadratic
        best = []
        for seed in range(1, cmd["seeds"] + 1):
            study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=seed))
            study.optimize(objective, n_trials=cmd["trials"])
            best.append(study.best_value)
        reply({"best": best})

"""SciPy's column of bench/sobol-accuracy.ts: scipy.stats.sobol_indices on the same models.

Reads one JSON request on stdin: {"models": [{"name", "dims", "a"?}], "budgets": [N...],
"seeds": [...], "resamples": R}, and prints, per model and budget, each seed's S1 and ST and the
bootstrap interval (R resamples, 95 %). The TypeScript side holds the analytic values and scores.
Run by bench/sobol-accuracy.ts with the system python3; it needs scipy >= 1.15.
"""
import json
import sys

import numpy as np
import scipy
from scipy import stats


def ishigami(x):
    return np.sin(x[0]) + 7 * np.sin(x[1]) ** 2 + 0.1 * x[2] ** 4 * np.sin(x[0])


def g_function(a):
    a = np.asarray(a, dtype=float)[:, None]

    def f(x):
        return np.prod((np.abs(4 * x - 2) + a) / (1 + a), axis=0)

    return f


def run(model, n, seed, resamples):
    if model["name"] == "ishigami":
        func = ishigami
        dists = [stats.uniform(loc=-np.pi, scale=2 * np.pi)] * 3
    else:
        func = g_function(model["a"])
        dists = [stats.uniform(0, 1)] * model["dims"]
    res = stats.sobol_indices(func=func, n=n, dists=dists, rng=np.random.default_rng(seed))
    out = {"S1": res.first_order.tolist(), "ST": res.total_order.tolist()}
    if resamples > 0:
        boot = res.bootstrap(confidence_level=0.95, n_resamples=resamples)
        out["S1_lo"] = boot.first_order.confidence_interval.low.tolist()
        out["S1_hi"] = boot.first_order.confidence_interval.high.tolist()
        out["ST_lo"] = boot.total_order.confidence_interval.low.tolist()
        out["ST_hi"] = boot.total_order.confidence_interval.high.tolist()
    return out


def main():
    request = json.load(sys.stdin)
    results = {}
    for model in request["models"]:
        for n in request["budgets"]:
            key = f'{model["name"]}:{n}'
            results[key] = [run(model, n, seed, request.get("resamples", 0)) for seed in request["seeds"]]
    json.dump({"scipy": scipy.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()

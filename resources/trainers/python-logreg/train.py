#!/usr/bin/env python3
"""A ParamScope example trainer in plain Python 3 (standard library only) that really learns.

Logistic regression trained by minibatch SGD on a generated, seeded two-class dataset (two
Gaussian clouds), with a train/validation split. Parameters are read from the JSON file named by
PARAMSCOPE_CONFIG (defaults when run alone). Every epoch prints one line of `name=value` pairs;
every step appends a JSON line to PARAMSCOPE_METRICS_FILE when that is set.

Run it alone: `python3 train.py`.
"""
import json
import math
import os
import random
import sys

DEFAULTS = {
    "lr": 0.1,
    "epochs": 10,
    "batch_size": 16,
    "l2": 0.0001,
    "samples": 1000,
    "features": 5,
    "separation": 2.5,
    "val_fraction": 0.2,
    "seed": 0,
}


def read_config():
    cfg = dict(DEFAULTS)
    path = os.environ.get("PARAMSCOPE_CONFIG")
    if path:
        with open(path, encoding="utf-8") as f:
            given = json.load(f)
        print("received " + json.dumps(given, sort_keys=True), flush=True)
        unknown = sorted(set(given) - set(DEFAULTS))
        if unknown:
            sys.exit("python-logreg: unknown parameters in %s: %s" % (path, ", ".join(unknown)))
        cfg.update(given)
    for key in ("epochs", "batch_size", "samples", "features", "seed"):
        cfg[key] = int(cfg[key])
    for key in ("lr", "l2", "separation", "val_fraction"):
        cfg[key] = float(cfg[key])
    if cfg["samples"] < 10 or not 0 < cfg["val_fraction"] < 1:
        sys.exit("python-logreg: need samples >= 10 and 0 < val_fraction < 1")
    return cfg


def make_data(cfg, rng):
    """Two Gaussian clouds of unit variance whose centres are `separation` apart along a random direction."""
    d = cfg["features"]
    direction = [rng.gauss(0, 1) for _ in range(d)]
    norm = math.sqrt(sum(v * v for v in direction)) or 1.0
    half = [cfg["separation"] / 2 * v / norm for v in direction]
    rows = []
    for i in range(cfg["samples"]):
        label = i % 2
        sign = 1 if label else -1
        rows.append(([sign * c + rng.gauss(0, 1) for c in half], label))
    rng.shuffle(rows)
    n_val = max(1, int(round(len(rows) * cfg["val_fraction"])))
    return rows[n_val:], rows[:n_val]


def sigmoid(z):
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    e = math.exp(z)
    return e / (1 + e)


def evaluate(w, b, rows):
    """Mean cross-entropy and accuracy."""
    loss = 0.0
    right = 0
    for x, y in rows:
        p = sigmoid(sum(wi * xi for wi, xi in zip(w, x)) + b)
        p = min(max(p, 1e-12), 1 - 1e-12)
        loss -= math.log(p) if y else math.log(1 - p)
        right += (p >= 0.5) == (y == 1)
    return loss / len(rows), right / len(rows)


def main():
    cfg = read_config()
    rng = random.Random(cfg["seed"])
    train, val = make_data(cfg, rng)
    w = [0.0] * cfg["features"]
    b = 0.0
    metrics_path = os.environ.get("PARAMSCOPE_METRICS_FILE")
    metrics = open(metrics_path, "a", encoding="utf-8") if metrics_path else None
    step = 0

    def report(epoch):
        train_loss, train_acc = evaluate(w, b, train)
        val_loss, val_acc = evaluate(w, b, val)
        print(
            "epoch=%d step=%d train/loss=%.6f train/accuracy=%.4f val/loss=%.6f val/accuracy=%.4f"
            % (epoch, step, train_loss, train_acc, val_loss, val_acc),
            flush=True,
        )

    report(0)  # before any step: chance level
    try:
        for epoch in range(1, cfg["epochs"] + 1):
            rng.shuffle(train)
            for start in range(0, len(train), cfg["batch_size"]):
                batch = train[start:start + cfg["batch_size"]]
                gw = [0.0] * len(w)
                gb = 0.0
                batch_loss = 0.0
                for x, y in batch:
                    p = sigmoid(sum(wi * xi for wi, xi in zip(w, x)) + b)
                    err = p - y
                    for j, xj in enumerate(x):
                        gw[j] += err * xj
                    gb += err
                    q = min(max(p, 1e-12), 1 - 1e-12)
                    batch_loss -= math.log(q) if y else math.log(1 - q)
                n = len(batch)
                w = [wi - cfg["lr"] * (g / n + cfg["l2"] * wi) for wi, g in zip(w, gw)]
                b -= cfg["lr"] * gb / n
                step += 1
                if metrics:
                    weight_norm = math.sqrt(sum(wi * wi for wi in w))
                    metrics.write(json.dumps({"step": step, "train/batch_loss": batch_loss / n, "weight_norm": weight_norm}) + "\n")
                    metrics.flush()
            report(epoch)
    finally:
        if metrics:
            metrics.close()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""NumPy/SciPy reference for the xinrong scorecard engine (SPEC §2 C6, §5.2 P6).

Fits the L2-regularised logistic regression the TypeScript engine fits, on the very same design matrix, which the
TypeScript side exports (no rebuilding here, so both sides see identical input):

    J(b, w) = mean_i [ log(1 + exp(z_i)) - y_i z_i ] + (lambda / 2) * ||w||^2,   z_i = b + x_i . w

with the intercept b unpenalised.

Input: a JSON manifest {"n": rows, "p": columns, "lambda": ..., "x": "<file>", "y": "<file>"} where x holds n*p
float64 little-endian values row-major and y holds n uint8 outcomes (1 = bad). Paths are relative to the manifest.

Output (stdout, one JSON object): {"method", "intercept", "coefficients", "logloss", "auc", "seconds",
"cpu_seconds", "iterations", "gradient_norm", "numpy", "scipy"}; "seconds" (wall) and "cpu_seconds" (all threads)
time the fit only, not reading the files.

Methods: "lbfgs" (default) = scipy.optimize.minimize L-BFGS-B with the analytic gradient, tolerances at the limit
(ftol 0, gtol 1e-10, history 20); "newton" = Newton with the exact Hessian solved by numpy.linalg.solve.

Usage: python3 bench/reference/scorecard_reference.py MANIFEST.json [--method lbfgs|newton]
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import scipy
from scipy.optimize import minimize
from scipy.special import expit
from scipy.stats import rankdata


def load(manifest_path):
    with open(manifest_path) as f:
        m = json.load(f)
    base = os.path.dirname(os.path.abspath(manifest_path))
    n, p = int(m["n"]), int(m["p"])
    x = np.fromfile(os.path.join(base, m["x"]), dtype="<f8")
    y = np.fromfile(os.path.join(base, m["y"]), dtype=np.uint8)
    if x.size != n * p or y.size != n:
        sys.exit(f"design files do not match n={n}, p={p}: x has {x.size} values, y {y.size}")
    return x.reshape(n, p), y.astype(np.float64), float(m.get("lambda", 1e-4))


def objective(X, y, lam):
    n = X.shape[0]

    def f(beta):
        w = beta[1:]
        z = X @ w + beta[0]
        loss = np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * lam * (w @ w)
        r = expit(z) - y
        g = np.empty_like(beta)
        g[0] = r.mean()
        g[1:] = X.T @ r / n + lam * w
        return loss, g

    return f


def fit_lbfgs(X, y, lam):
    f = objective(X, y, lam)
    beta0 = np.zeros(X.shape[1] + 1)
    res = minimize(f, beta0, jac=True, method="L-BFGS-B",
                   options={"ftol": 0.0, "gtol": 1e-10, "maxcor": 20, "maxiter": 100000, "maxfun": 200000})
    return res.x, int(res.nit)


def fit_newton(X, y, lam, tol=1e-10):
    n, p = X.shape
    f = objective(X, y, lam)
    beta = np.zeros(p + 1)
    ybar = min(max(y.mean(), 1e-12), 1 - 1e-12)
    beta[0] = np.log(ybar / (1 - ybar))
    it = 0
    for it in range(1, 101):
        loss, g = f(beta)
        if np.linalg.norm(g) <= tol:
            break
        z = X @ beta[1:] + beta[0]
        mu = expit(z)
        wts = mu * (1 - mu)
        H = np.empty((p + 1, p + 1))
        Xw = X * wts[:, None]
        H[1:, 1:] = X.T @ Xw / n + lam * np.eye(p)
        H[0, 1:] = H[1:, 0] = Xw.sum(axis=0) / n
        H[0, 0] = wts.mean()
        d = np.linalg.solve(H, -g)
        t = 1.0
        while t > 1e-12:
            trial = beta + t * d
            if f(trial)[0] <= loss + 1e-4 * t * (g @ d) or np.linalg.norm(f(trial)[1]) < np.linalg.norm(g):
                beta = trial
                break
            t /= 2
    return beta, it


def auc(score, y):
    """Mann-Whitney U with mid-ranks (ties count one half)."""
    r = rankdata(score)
    n1 = y.sum()
    n0 = y.size - n1
    return float((r[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("manifest")
    ap.add_argument("--method", choices=["lbfgs", "newton"], default="lbfgs")
    args = ap.parse_args()
    X, y, lam = load(args.manifest)
    t, c = time.perf_counter(), time.process_time()
    beta, iterations = (fit_lbfgs if args.method == "lbfgs" else fit_newton)(X, y, lam)
    seconds, cpu_seconds = time.perf_counter() - t, time.process_time() - c
    f = objective(X, y, lam)
    _, g = f(beta)
    z = X @ beta[1:] + beta[0]
    logloss = float(np.mean(np.logaddexp(0.0, z) - y * z))
    print(json.dumps({
        "method": args.method,
        "intercept": float(beta[0]),
        "coefficients": [float(v) for v in beta[1:]],
        "logloss": logloss,
        "auc": auc(z, y),
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "iterations": iterations,
        "gradient_norm": float(np.linalg.norm(g)),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
    }))


if __name__ == "__main__":
    main()

"""A compiled fit called with three data sizes: reduce_retracing relaxes the dims to None,
and n2t.linalg.lstsq(X, y, rcond=None) must read them from tf.shape (linear_regression)."""
import numpy as np


def fit(X, y):
    X_b = np.c_[np.ones_like(X), X, X ** 2]
    theta, residuals, rank, s = np.linalg.lstsq(X_b, y, rcond=None)
    pred = X_b @ theta
    err = np.mean((pred - y) ** 2) + np.sum(np.abs(theta)) * 0.0
    return theta, residuals, rank, err


def main():
    out = {}
    total = 0.0
    for n in (20, 30, 40):
        X = np.linspace(0, 2, n)
        y = 4 + 3 * X - 0.5 * X ** 2 + np.sin(7 * X) * 0.1
        theta, residuals, rank, err = fit(X, y)
        total += float(err)
        out[f"theta{n}"] = theta
        out[f"res{n}"] = residuals
        out[f"rank{n}"] = rank
    out["total"] = total
    return out

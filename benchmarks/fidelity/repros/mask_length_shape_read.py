"""`pos = X[X > 0]; n = pos.shape[0]` in a function --tf-function auto compiled: n is None in the graph (ValueError)."""
import numpy as np


def stats(X):
    pos = X[X > 0]
    n = pos.shape[0]
    m = np.sum(pos) / n
    v = np.sum((pos - m) ** 2) / (n - 1)
    return m, v, np.sqrt(v) + np.exp(-m) * np.tanh(v)


def main():
    X = np.sin(np.arange(40.0) * 0.7)
    return {"r": stats(X)}

"""Per-example gradients of a logistic loss (a comprehension over examples)."""
import numpy as np

SIZES = {"small": (64, 8), "large": (81920, 64)}
# An eager per-example loop is ~1000x NumPy: minutes per call at the large size.
SLOW_LARGE = ("naive", "off")


def make(n, d):
    X = np.sin(np.arange(n * d).reshape(n, d) * 0.03)
    y = (np.cos(np.arange(n) * 0.1) > 0).astype(float)
    w = np.linspace(-0.5, 0.5, d)
    return X, y, w


def grad(w, x, y):
    p = 1.0 / (1.0 + np.exp(-(x @ w)))
    return (p - y) * x


def run(X, y, w):
    g = np.stack([grad(w, X[i], y[i]) for i in range(X.shape[0])])
    norms = np.sqrt(np.sum(g ** 2, axis=1))
    clipped = g / np.maximum(norms, 1.0)[:, None]
    return clipped.mean(axis=0)

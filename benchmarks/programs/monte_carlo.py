"""Monte Carlo estimate of pi with a deterministic low-discrepancy (Weyl) sequence."""
import numpy as np

SIZES = {"small": (1000, 20), "large": (500000, 20)}


def make(n, batches):
    return n, batches


def run(n, batches):
    total = np.zeros(())
    idx = np.arange(n, dtype=np.float64)
    for b in range(batches):
        k = idx + b * n
        x = (k * 0.7548776662466927) % 1.0
        y = (k * 0.5698402909980532) % 1.0
        total = total + np.sum((x * x + y * y) <= 1.0)
    return 4.0 * total / (n * batches)

"""`v = np.zeros(1)` then `v = ... * np.ones(3)` in a compiled loop: the loop variable changes shape (caught at trace time by n2t.function, runs eagerly)."""
import numpy as np


def grow(x, n):
    v = np.zeros(1)
    for i in range(n):
        v = np.sum(v) + x[: i + 1].mean() * np.ones(3)
    return v


def main():
    return {"v": grow(np.linspace(0, 1, 30), 10)}

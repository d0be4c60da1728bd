"""`total = 0; total += x[i]` in a compiled loop: the int64 loop variable would become float64 (TypeError while tracing)."""
import numpy as np


def accumulate(x, n):
    total = 0
    sq = 0
    for i in range(n):
        total += x[i]
        sq = sq + x[i] ** 2
    return total, sq


def main():
    x = np.linspace(0, 1, 30)
    t, s = accumulate(x, 30)
    return {"t": t, "s": s}

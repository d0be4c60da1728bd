"""ufunc extras: out= buffers, np.add.at scatter-add, where=, accumulate/reduce, in-place ufunc chains."""
import numpy as np


def main():
    a = np.arange(6, dtype=float)
    buf = np.empty(6)
    np.multiply(a, 2, out=buf)
    np.add(buf, 1, out=buf)
    np.sqrt(buf, out=buf)

    counts = np.zeros(5)
    idx = np.array([0, 1, 1, 3, 3, 3])
    np.add.at(counts, idx, 1)

    hist = np.zeros(4, dtype=int)
    labels = np.array([0, 2, 2, 1, 3, 0, 2])
    for l in labels:
        hist[l] += 1

    x = np.array([1.0, 0.0, 4.0, 0.0])
    inv = np.divide(1.0, x, out=np.zeros_like(x), where=x != 0)

    prod = np.multiply.reduce(np.array([1, 2, 3, 4]))
    acc = np.add.accumulate(np.array([1, 2, 3, 4]))
    outer = np.subtract.outer(np.arange(3), np.arange(2))

    m = np.arange(9.0).reshape(3, 3)
    np.fill_diagonal(m, -1)
    m[m > 5] = 5
    m *= 2

    y = np.zeros(3)
    y[[0, 0, 2]] += 1  # buffered: only one increment on index 0
    return {"buf": buf, "counts": counts, "hist": hist, "inv": inv, "prod": prod,
            "acc": acc, "outer": outer, "m": m, "y": y}

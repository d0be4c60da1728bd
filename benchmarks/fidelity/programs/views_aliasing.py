"""Views and aliasing: assignment aliases, row views, strided views, reshape views, transposes."""
import numpy as np


def main():
    a = np.arange(10)
    b = a
    b[0] = 99

    M = np.zeros((3, 4))
    row = M[1]
    row += 5
    col = M[:, 2]
    col[:] = -1

    v = np.arange(12)
    evens = v[::2]
    evens *= 10

    r = v.reshape(3, 4)
    r[0, 0] = 1000

    T = np.arange(6.0).reshape(2, 3)
    T.T[0, 1] = 42.0

    c = a.copy()
    c[1] = -5

    grid = np.ones((4, 4))
    inner = grid[1:-1, 1:-1]
    inner[...] = 0

    x = np.arange(5)
    y = x[:]
    y[2] = 77

    return {"a": a, "b": b, "M": M, "row": row, "v": v, "r": r, "T": T, "c": c,
            "grid": grid, "x": x, "same": a is b}

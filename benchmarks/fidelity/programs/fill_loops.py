"""Matrices filled element by element: multiplication table, Hilbert, Pascal, Vandermonde, distances."""
import numpy as np


def main():
    n = 6
    table = np.zeros((n, n), dtype=int)
    for i in range(n):
        for j in range(n):
            table[i, j] = (i + 1) * (j + 1)

    H = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            H[i][j] = 1.0 / (i + j + 1)

    P = np.zeros((n, n), dtype=np.int64)
    P[:, 0] = 1
    for i in range(1, n):
        for j in range(1, i + 1):
            P[i, j] = P[i - 1, j - 1] + P[i - 1, j]

    x = np.array([1.0, 2.0, 3.0, 4.0])
    V = np.ones((len(x), len(x)))
    for k in range(1, len(x)):
        V[:, k] = V[:, k - 1] * x

    pts = np.array([[0, 0], [3, 4], [6, 8], [1, 1]])
    D = np.zeros((len(pts), len(pts)))
    for i, p in enumerate(pts):
        for j, q in enumerate(pts):
            D[i, j] = np.linalg.norm(p - q)

    sq = np.zeros(10)
    for i in range(10):
        sq[i] = i ** 2

    return {"table": table, "H": H, "P": P, "V": V, "D": D, "sq": sq,
            "cond": np.linalg.cond(H)}

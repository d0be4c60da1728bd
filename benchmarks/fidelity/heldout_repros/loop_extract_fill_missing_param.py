"""Repro: a fill loop (M[:, j] = ...) in a function that stays eager is extracted into a
compiled helper under tf_function=auto, but the array being filled is not passed in."""
import numpy as np


def fill_then_iterate(A, tol=1e-3):
    n = A.shape[0]
    M = np.zeros((n, n))
    for j in range(n):
        M[:, j] = A[j] / 3.0
    r = np.ones(n) / n
    for it in range(50):          # `it` is read after the loop, so this function stays eager
        r_new = M @ r
        if np.abs(r_new - r).sum() < tol:
            break
        r = r_new
    return M, it


def main():
    A = np.array([[0.0, 1, 2], [1, 0, 2], [1, 2, 0]])
    M, it = fill_then_iterate(A)
    return {"M": M, "it": it}

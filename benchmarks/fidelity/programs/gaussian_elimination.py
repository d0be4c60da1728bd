"""Gaussian elimination with partial pivoting (row swaps by fancy indexing), back substitution."""
import numpy as np


def gauss_solve(A, b):
    A = A.astype(float)
    b = b.astype(float)
    n = len(b)
    for k in range(n - 1):
        p = np.argmax(np.abs(A[k:, k])) + k
        if p != k:
            A[[k, p]] = A[[p, k]]
            b[[k, p]] = b[[p, k]]
        for i in range(k + 1, n):
            factor = A[i, k] / A[k, k]
            A[i, k:] = A[i, k:] - factor * A[k, k:]
            b[i] -= factor * b[k]
    x = np.zeros(n)
    for i in range(n - 1, -1, -1):
        x[i] = (b[i] - np.dot(A[i, i + 1:], x[i + 1:])) / A[i, i]
    return x, A


def main():
    A = np.array([[2, 1, -1, 3],
                  [-3, -1, 2, 1],
                  [-2, 1, 2, -2],
                  [8, 3, 1, 4]])
    b = np.array([8, -11, -3, 5])
    x, U = gauss_solve(A, b)
    ref = np.linalg.solve(A, b)
    return {"x": x, "U": U, "ref": ref, "residual": np.linalg.norm(A @ x - b), "A_untouched": A}

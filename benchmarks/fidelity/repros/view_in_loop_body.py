"""Views taken and written in the same loop body, and a view that is dead at a later write
(rebound at the top of the next pass: the Householder step of a QR factorisation)."""
import numpy as np


def householder(A):
    R = A.astype(float).copy()
    for k in range(A.shape[1]):
        x = R[k:, k]
        e = np.zeros_like(x)
        e[0] = np.copysign(np.linalg.norm(x), x[0])
        u = (x + e) / np.linalg.norm(x + e)
        R[k:, :] -= 2.0 * np.outer(u, u @ R[k:, :])
    return R


def main():
    M = np.arange(12.0).reshape(3, 4)
    for i in range(3):
        row = M[i]
        row *= i + 1
        row[0] = -i
    A = np.array([[2.0, 1.0], [1.0, 3.0], [0.0, 1.0]])
    return {"M": M, "R": householder(A)}

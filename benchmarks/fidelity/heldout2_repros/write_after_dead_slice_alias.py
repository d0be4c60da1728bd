"""Reported (N2T200): `R[k:, :] -= ...` is refused because `x = R[k:, k]` is a view of R. The
refusal is conservative: x is dead at the write (rebound at the top of the next iteration), so a
functional update would have been exact. Crash: EagerTensor does not support item assignment.
(heldout2/qr_gram_schmidt.py, householder().)"""
import numpy as np


def householder(A):
    m, n = A.shape
    R = A.astype(float).copy()
    for k in range(n):
        x = R[k:, k]
        e = np.zeros_like(x)
        e[0] = np.copysign(np.linalg.norm(x), x[0])
        u = x + e
        u = u / np.linalg.norm(u)
        R[k:, :] -= 2.0 * np.outer(u, u @ R[k:, :])
    return R


def main():
    A = np.array([[2.0, 1.0], [1.0, 3.0], [0.0, 1.0]])
    return {"R": householder(A)}

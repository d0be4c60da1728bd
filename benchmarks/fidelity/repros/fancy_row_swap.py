"""Row swap by fancy indexing on a parameter re-bound by astype (Gaussian elimination): no diagnostic, crashes."""
import numpy as np


def pivot(A, k, p):
    A = A.astype(float)
    A[[k, p]] = A[[p, k]]
    return A


def main():
    A = np.arange(9).reshape(3, 3)
    return {"A": pivot(A, 0, 2)}

"""Rosetta-style linear algebra snippets: Fibonacci by matrix power, determinant, inverse, cross product."""
import numpy as np


def fib_matrix(n):
    F = np.array([[1, 1], [1, 0]], dtype=np.int64)
    return np.linalg.matrix_power(F, n)[0, 1]


def main():
    fibs = [fib_matrix(i) for i in range(1, 20)]
    A = np.array([[4., -2., 1.], [-2., 4., -2.], [1., -2., 4.]])
    L = np.linalg.cholesky(A)
    det = np.linalg.det(A)
    inv = np.linalg.inv(A)
    u = np.array([1, 2, 3])
    v = np.array([4, 5, 6])
    cross = np.cross(u, v)
    dot = np.dot(u, v)
    outer = np.outer(u, v)
    tr = np.trace(outer)
    I = np.eye(3)
    kron = np.kron(np.eye(2), np.array([[1, 2], [3, 4]]))
    q, r = np.linalg.qr(A)
    return {"fibs": np.array(fibs), "L": L, "det": det, "inv": inv, "cross": cross,
            "dot": dot, "tr": tr, "check": np.allclose(A @ inv, I), "kron": kron,
            "qr_prod": q @ r, "norm2": np.linalg.norm(A, 2)}

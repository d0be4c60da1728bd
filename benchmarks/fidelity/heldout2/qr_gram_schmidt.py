"""Numerical linear algebra homework: Gram-Schmidt, Householder QR, power iteration, Rayleigh quotient."""
import numpy as np


def gram_schmidt(A):
    m, n = A.shape
    Q = np.zeros((m, n))
    R = np.zeros((n, n))
    for j in range(n):
        v = A[:, j].copy()
        for i in range(j):
            R[i, j] = Q[:, i] @ A[:, j]
            v -= R[i, j] * Q[:, i]
        R[j, j] = np.linalg.norm(v)
        Q[:, j] = v / R[j, j]
    return Q, R


def householder(A):
    m, n = A.shape
    R = A.astype(float).copy()
    Q = np.eye(m)
    for k in range(n):
        x = R[k:, k]
        e = np.zeros_like(x)
        e[0] = np.copysign(np.linalg.norm(x), x[0])
        u = x + e
        u = u / np.linalg.norm(u)
        R[k:, :] -= 2.0 * np.outer(u, u @ R[k:, :])
        Q[:, k:] -= 2.0 * np.outer(Q[:, k:] @ u, u)
    return Q, R


def power_iteration(A, tol=1e-10, max_iter=1000):
    b = np.ones(A.shape[0])
    lam_old = 0.0
    for it in range(max_iter):
        b = A @ b
        b /= np.linalg.norm(b)
        lam = b @ A @ b
        if abs(lam - lam_old) < tol:
            break
        lam_old = lam
    return lam, b, it


def main():
    np.random.seed(8)
    A = np.random.rand(6, 4)
    Q1, R1 = gram_schmidt(A)
    Q2, R2 = householder(A)
    Qn, Rn = np.linalg.qr(A)
    # normalise signs to compare with numpy
    s = np.sign(np.diag(Rn))
    Qn = Qn * s
    Rn = Rn * s[:, None]
    orth1 = np.linalg.norm(Q1.T @ Q1 - np.eye(4))
    orth2 = np.linalg.norm(Q2.T @ Q2 - np.eye(6))
    S = A.T @ A
    lam, vec, iters = power_iteration(S)
    evals, evecs = np.linalg.eigh(S)
    vec = vec * np.sign(vec[0])
    top = evecs[:, -1] * np.sign(evecs[0, -1])
    # inverse iteration for smallest eigenvalue via solve
    x = np.ones(4)
    for _ in range(50):
        x = np.linalg.solve(S, x)
        x /= np.linalg.norm(x)
    lam_min = x @ S @ x
    detS = np.linalg.det(S)
    print("lambda_max = %.8f (eigh %.8f), iters %d" % (lam, evals[-1], iters))
    return {"Q1": Q1, "R1": R1, "R2_upper": np.triu(R2[:4]), "Qn": Qn, "Rn": Rn,
            "orth1": float(orth1), "orth2": float(orth2), "lam": float(lam),
            "vec": vec, "top": top, "evals": evals, "lam_min": float(lam_min),
            "detS": float(detS), "prod_evals": float(np.prod(evals)),
            "gs_vs_np": float(np.abs(Q1 - Qn).max())}

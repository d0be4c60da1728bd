"""Jacobi, Gauss-Seidel and SOR for a diagonally dominant system; conjugate gradient."""
import numpy as np


def jacobi(A, b, tol=1e-10, max_iter=500):
    x = np.zeros_like(b)
    D = np.diag(A)
    R = A - np.diagflat(D)
    for k in range(max_iter):
        x_new = (b - R @ x) / D
        if np.linalg.norm(x_new - x, np.inf) < tol:
            return x_new, k + 1
        x = x_new
    return x, max_iter


def gauss_seidel(A, b, omega=1.0, tol=1e-10, max_iter=500):
    n = len(b)
    x = np.zeros(n)
    for it in range(max_iter):
        x_old = x.copy()
        for i in range(n):
            s1 = np.dot(A[i, :i], x[:i])
            s2 = np.dot(A[i, i + 1:], x_old[i + 1:])
            x[i] = (1 - omega) * x_old[i] + omega * (b[i] - s1 - s2) / A[i, i]
        if np.allclose(x, x_old, atol=tol, rtol=0.0):
            return x, it + 1
    return x, max_iter


def conjugate_gradient(A, b, tol=1e-12):
    x = np.zeros_like(b)
    r = b - A.dot(x)
    p = r.copy()
    rs_old = r @ r
    residuals = [np.sqrt(rs_old)]
    for i in range(len(b)):
        Ap = A @ p
        alpha = rs_old / (p @ Ap)
        x += alpha * p
        r -= alpha * Ap
        rs_new = r @ r
        residuals.append(np.sqrt(rs_new))
        if np.sqrt(rs_new) < tol:
            break
        p = r + (rs_new / rs_old) * p
        rs_old = rs_new
    return x, np.array(residuals)


def main():
    n = 6
    A = np.diag(np.full(n, 4.0)) + np.diag(np.full(n - 1, -1.0), 1) + np.diag(np.full(n - 1, -1.0), -1)
    A[0, n - 1] = A[n - 1, 0] = 0.5
    b = np.arange(1, n + 1, dtype=float)
    x_exact = np.linalg.solve(A, b)
    xj, kj = jacobi(A, b)
    xg, kg = gauss_seidel(A, b)
    xs, ks = gauss_seidel(A, b, omega=1.1)
    xc, res = conjugate_gradient(A, b)
    print(f"Jacobi {kj} iters, GS {kg}, SOR {ks}, CG {len(res) - 1}")
    print("error norms:", [float(np.linalg.norm(v - x_exact)) for v in (xj, xg, xs, xc)])
    return {"x_exact": x_exact, "xj": xj, "kj": kj, "xg": xg, "kg": kg,
            "xs": xs, "ks": ks, "xc": xc, "cg_residuals": res,
            "cond": np.linalg.cond(A), "det": np.linalg.det(A)}

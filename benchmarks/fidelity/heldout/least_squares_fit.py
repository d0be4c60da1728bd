"""Least squares: polynomial fitting via lstsq, normal equations, QR and SVD; Numerical Python style."""
import numpy as np


def main():
    np.random.seed(123)
    x = np.linspace(-1, 1, 50)
    a, b, c = 1.0, 2.0, 3.0
    y_exact = a + b * x + c * x ** 2
    y = y_exact + np.random.randn(len(x)) * 0.1

    A = np.vstack([x ** 0, x ** 1, x ** 2])
    sol, residuals, rank, sv = np.linalg.lstsq(A.T, y, rcond=None)

    V = np.vander(x, 4, increasing=True)
    coef_ne = np.linalg.solve(V.T @ V, V.T @ y)
    Q, R = np.linalg.qr(V)
    coef_qr = np.linalg.solve(R, Q.T @ y)
    U, s, Vt = np.linalg.svd(V, full_matrices=False)
    coef_svd = Vt.T @ ((U.T @ y) / s)
    coef_pinv = np.linalg.pinv(V) @ y
    coef_poly = np.polyfit(x, y, 3)[::-1]

    fitted = np.polyval(coef_poly[::-1], x)
    ss_res = np.sum((y - fitted) ** 2)
    ss_tot = np.sum((y - y.mean()) ** 2)
    r2 = 1 - ss_res / ss_tot

    # degree selection by held-out error
    idx = np.arange(len(x))
    test = idx % 5 == 0
    errors = []
    for deg in range(1, 8):
        p = np.polyfit(x[~test], y[~test], deg)
        errors.append(np.mean((np.polyval(p, x[test]) - y[test]) ** 2))
    errors = np.array(errors)
    best_deg = int(np.argmin(errors)) + 1
    print("lstsq:", sol, "rank", rank)
    print(f"R^2 = {r2:.5f}, best degree = {best_deg}")
    return {"sol": sol, "residuals": residuals, "rank": int(rank), "sv": sv,
            "coef_ne": coef_ne, "coef_qr": coef_qr, "coef_svd": coef_svd,
            "coef_pinv": coef_pinv, "coef_poly": coef_poly, "r2": r2,
            "errors": errors, "best_deg": best_deg, "cond": s[0] / s[-1]}

"""Numerical Python ch. 7: polynomial interpolation, Runge phenomenon, Chebyshev nodes, Vandermonde."""
import numpy as np


def runge(x):
    return 1.0 / (1.0 + 25.0 * x ** 2)


def vander_fit(x, y):
    V = np.vander(x, increasing=True)
    c = np.linalg.solve(V, y)
    return c


def eval_poly(c, x):
    # Horner, coefficients in increasing order
    result = np.zeros_like(x)
    for coef in c[::-1]:
        result = result * x + coef
    return result


def lagrange_basis(xn, x):
    n = len(xn)
    L = np.ones((n, len(x)))
    for j in range(n):
        for m in range(n):
            if m != j:
                L[j] *= (x - xn[m]) / (xn[j] - xn[m])
    return L


def main():
    xx = np.linspace(-1, 1, 201)
    results = {}
    errs_eq, errs_ch = [], []
    for n in (5, 9, 13):
        xe = np.linspace(-1, 1, n)
        k = np.arange(n)
        xc = np.cos((2 * k + 1) * np.pi / (2 * n))[::-1]
        ce = vander_fit(xe, runge(xe))
        cc = vander_fit(xc, runge(xc))
        errs_eq.append(np.max(np.abs(eval_poly(ce, xx) - runge(xx))))
        errs_ch.append(np.max(np.abs(eval_poly(cc, xx) - runge(xx))))
        results["coef_%d" % n] = cc
    L = lagrange_basis(np.linspace(-1, 1, 6), xx)
    partition = L.sum(axis=0)

    # least squares polynomial fit with noise
    np.random.seed(0)
    xd = np.linspace(0, 1, 30)
    yd = 1 + 2 * xd - 3 * xd ** 2 + 0.05 * np.random.randn(30)
    p = np.polyfit(xd, yd, 2)
    A = np.vstack([np.ones_like(xd), xd, xd ** 2]).T
    beta, res, rank, sv = np.linalg.lstsq(A, yd, rcond=None)
    yfit = np.polyval(p, xd)
    dp = np.polyder(p)
    ip = np.polyint(p)
    area = np.polyval(ip, 1.0) - np.polyval(ip, 0.0)
    roots = np.sort(np.roots(p))
    cond = np.linalg.cond(np.vander(np.linspace(-1, 1, 13)))
    print("max errors equispaced:", ["%.3e" % e for e in errs_eq])
    results.update({"errs_eq": np.array(errs_eq), "errs_ch": np.array(errs_ch),
                    "partition": partition, "p": p, "beta": beta, "res": res,
                    "rank": int(rank), "sv": sv, "yfit": yfit, "dp": dp,
                    "area": float(area), "roots": roots, "log_cond": float(np.log10(cond))})
    return results

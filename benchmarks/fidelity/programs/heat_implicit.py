"""1-D heat equation: explicit FTCS loop, Thomas algorithm, Crank-Nicolson with np.linalg.solve."""
import numpy as np


def thomas(a, b, c, d):
    n = len(d)
    cp = np.zeros(n)
    dp = np.zeros(n)
    x = np.zeros(n)
    cp[0] = c[0] / b[0]
    dp[0] = d[0] / b[0]
    for i in range(1, n):
        denom = b[i] - a[i] * cp[i - 1]
        cp[i] = c[i] / denom if i < n - 1 else 0
        dp[i] = (d[i] - a[i] * dp[i - 1]) / denom
    x[-1] = dp[-1]
    for i in range(n - 2, -1, -1):
        x[i] = dp[i] - cp[i] * x[i + 1]
    return x


def main():
    L, nx, alpha = 1.0, 21, 0.01
    dx = L / (nx - 1)
    dt = 0.4 * dx**2 / alpha
    x = np.linspace(0, L, nx)
    u = np.sin(np.pi * x)
    u_explicit = u.copy()
    for n in range(40):
        u_explicit[1:-1] = u_explicit[1:-1] + alpha * dt / dx**2 * (u_explicit[2:] - 2 * u_explicit[1:-1] + u_explicit[:-2])

    r = alpha * dt / dx**2
    m = nx - 2
    A = np.diag((1 + r) * np.ones(m)) + np.diag(-r / 2 * np.ones(m - 1), 1) + np.diag(-r / 2 * np.ones(m - 1), -1)
    B = np.diag((1 - r) * np.ones(m)) + np.diag(r / 2 * np.ones(m - 1), 1) + np.diag(r / 2 * np.ones(m - 1), -1)
    u_cn = u[1:-1].copy()
    for n in range(40):
        u_cn = np.linalg.solve(A, B @ u_cn)

    a = np.full(m, -r / 2)
    b = np.full(m, 1 + r)
    c = np.full(m, -r / 2)
    u_th = u[1:-1].copy()
    for n in range(20):
        u_th = thomas(a, b, c, B @ u_th)

    exact = np.exp(-alpha * np.pi**2 * 40 * dt) * np.sin(np.pi * x[1:-1])
    return {"u_explicit": u_explicit, "u_cn": u_cn, "u_th": u_th,
            "err_cn": np.max(np.abs(u_cn - exact))}

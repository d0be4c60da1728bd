"""1D heat equation: explicit, implicit (backward Euler) and Crank-Nicolson with tridiagonal matrices."""
import numpy as np


def main():
    L = 1.0
    nx = 51
    x = np.linspace(0, L, nx)
    dx = x[1] - x[0]
    alpha = 1.0
    dt = 0.0005
    nt = 200
    r = alpha * dt / dx ** 2
    u0 = np.sin(np.pi * x) + 0.5 * np.sin(3 * np.pi * x)
    n_in = nx - 2

    # explicit
    u = u0.copy()
    for _ in range(nt):
        u[1:-1] = u[1:-1] + r * (u[2:] - 2 * u[1:-1] + u[:-2])
    u_exp = u.copy()

    # implicit: (I - r*D2) u^{n+1} = u^n
    main_d = (1 + 2 * r) * np.ones(n_in)
    off = -r * np.ones(n_in - 1)
    A = np.diag(main_d) + np.diag(off, 1) + np.diag(off, -1)
    u = u0.copy()
    for _ in range(nt):
        u[1:-1] = np.linalg.solve(A, u[1:-1])
    u_imp = u.copy()

    # Crank-Nicolson
    I = np.eye(n_in)
    D2 = -2 * I + np.eye(n_in, k=1) + np.eye(n_in, k=-1)
    Acn = I - 0.5 * r * D2
    Bcn = I + 0.5 * r * D2
    M = np.linalg.inv(Acn) @ Bcn
    u = u0.copy()
    energy = []
    for n in range(nt):
        u[1:-1] = M @ u[1:-1]
        if n % 20 == 0:
            energy.append(float(np.sum(u ** 2) * dx))
    u_cn = u.copy()

    T = nt * dt
    exact = (np.exp(-np.pi ** 2 * T) * np.sin(np.pi * x)
             + 0.5 * np.exp(-9 * np.pi ** 2 * T) * np.sin(3 * np.pi * x))
    errs = {name: float(np.linalg.norm(v - exact, np.inf))
            for name, v in (("explicit", u_exp), ("implicit", u_imp), ("cn", u_cn))}
    spec_radius = float(np.max(np.abs(np.linalg.eigvals(M))))
    detA = np.linalg.det(A[:5, :5])
    for k, v in errs.items():
        print("%-9s max error = %.2e" % (k, v))
    return {"u_exp": u_exp, "u_imp": u_imp, "u_cn": u_cn, "exact": exact,
            "errs": errs, "energy": energy, "spec_radius": spec_radius,
            "detA": float(detA), "r": r}

"""Mandelbrot and Julia sets (Scipy Lecture Notes exercise) with ogrid/mgrid and escape-time masks."""
import numpy as np


def mandelbrot(h, w, maxit=30):
    y, x = np.ogrid[-1.4:1.4:h * 1j, -2:0.8:w * 1j]
    c = x + y * 1j
    z = c.copy()
    divtime = maxit + np.zeros(z.shape, dtype=int)
    for i in range(maxit):
        z = z ** 2 + c
        diverge = z * np.conj(z) > 2 ** 2
        div_now = diverge & (divtime == maxit)
        divtime[div_now] = i
        z[diverge] = 2
    return divtime


def julia(n, c, maxit=25):
    X, Y = np.mgrid[-1.5:1.5:n * 1j, -1.5:1.5:n * 1j]
    Z = X + 1j * Y
    counts = np.zeros(Z.shape, dtype=np.int32)
    alive = np.ones(Z.shape, dtype=bool)
    for i in range(maxit):
        Z[alive] = Z[alive] ** 2 + c
        escaped = np.abs(Z) > 2
        alive &= ~escaped
        counts[alive] += 1
    return counts


M = mandelbrot(60, 80)
inside = M == 30
area_est = inside.mean() * (2.8 * 2.8)
row_profile = M[30].copy()
hist = np.bincount(M.ravel(), minlength=31)
J = julia(64, -0.8 + 0.156j)
J_sym = bool(np.array_equal(J, J[::-1, ::-1]))
Jstats = (int(J.max()), float(J.mean()))
xs = np.linspace(-2, 0.8, 80)
ys = np.linspace(-1.4, 1.4, 60)
idx = np.argwhere(inside)
cx = float(xs[idx[:, 1]].mean()) if len(idx) else 0.0
bbox_rows = np.nonzero(inside.any(axis=1))[0]
print("Mandelbrot area estimate: %.4f" % area_est)


def main():
    return {"M": M, "area_est": float(area_est), "row_profile": row_profile,
            "hist": hist, "J": J, "J_sym": J_sym, "Jstats": list(Jstats),
            "cx": cx, "bbox_rows": bbox_rows, "n_inside": int(inside.sum())}

"""Mandelbrot set escape counts with boolean masks (complex arithmetic)."""
import numpy as np


def mandelbrot(h, w, maxit=20):
    y, x = np.ogrid[-1.4:1.4:h * 1j, -2:0.8:w * 1j]
    c = x + y * 1j
    z = c
    divtime = maxit + np.zeros(z.shape, dtype=int)

    for i in range(maxit):
        z = z**2 + c
        diverge = z * np.conj(z) > 2**2
        div_now = diverge & (divtime == maxit)
        divtime[div_now] = i
        z[diverge] = 2

    return divtime


def mandel_masked(n=40, maxiter=25):
    xs = np.linspace(-2.0, 1.0, n)
    ys = np.linspace(-1.5, 1.5, n)
    C = xs[np.newaxis, :] + 1j * ys[:, np.newaxis]
    Z = np.zeros_like(C)
    counts = np.zeros(C.shape, dtype=np.int32)
    for k in range(maxiter):
        mask = np.abs(Z) <= 2
        Z[mask] = Z[mask] * Z[mask] + C[mask]
        counts[mask] += 1
    return counts


def main():
    d = mandelbrot(40, 50)
    counts = mandel_masked()
    return {"divtime": d, "counts": counts, "inside": (counts == 25).sum()}

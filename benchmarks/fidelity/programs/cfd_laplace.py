"""CFD Python step 9: Laplace equation, iterate until the L1 norm change is small."""
import numpy as np


def laplace2d(p, y, dx, dy, l1norm_target):
    l1norm = 1
    pn = np.empty_like(p)
    iterations = 0

    while l1norm > l1norm_target:
        pn = p.copy()
        p[1:-1, 1:-1] = ((dy**2 * (pn[1:-1, 2:] + pn[1:-1, 0:-2]) +
                          dx**2 * (pn[2:, 1:-1] + pn[0:-2, 1:-1])) /
                         (2 * (dx**2 + dy**2)))

        p[:, 0] = 0  # p = 0 @ x = 0
        p[:, -1] = y  # p = y @ x = 2
        p[0, :] = p[1, :]  # dp/dy = 0 @ y = 0
        p[-1, :] = p[-2, :]  # dp/dy = 0 @ y = 1
        l1norm = (np.sum(np.abs(p[:]) - np.abs(pn[:])) /
                  np.sum(np.abs(pn[:])))
        iterations += 1

    return p, iterations


def main():
    nx = 13
    ny = 13
    dx = 2 / (nx - 1)
    dy = 2 / (ny - 1)

    p = np.zeros((ny, nx))
    x = np.linspace(0, 2, nx)
    y = np.linspace(0, 1, ny)

    p[:, 0] = 0
    p[:, -1] = y
    p[0, :] = p[1, :]
    p[-1, :] = p[-2, :]

    p, iterations = laplace2d(p, y, dx, dy, 1e-3)
    return {"p": p, "iterations": iterations, "x": x}

"""CFD Python step 10: Poisson equation with point sources, fixed number of iterations."""
import numpy as np


def main():
    nx = 50
    ny = 50
    nt = 100
    xmin, xmax = 0, 2
    ymin, ymax = 0, 1

    dx = (xmax - xmin) / (nx - 1)
    dy = (ymax - ymin) / (ny - 1)

    p = np.zeros((ny, nx))
    pd = np.zeros((ny, nx))
    b = np.zeros((ny, nx))
    x = np.linspace(xmin, xmax, nx)
    y = np.linspace(xmin, xmax, ny)

    b[int(ny / 4), int(nx / 4)] = 100
    b[int(3 * ny / 4), int(3 * nx / 4)] = -100

    for it in range(nt):
        pd = p.copy()
        p[1:-1, 1:-1] = (((pd[1:-1, 2:] + pd[1:-1, :-2]) * dy**2 +
                          (pd[2:, 1:-1] + pd[:-2, 1:-1]) * dx**2 -
                          b[1:-1, 1:-1] * dx**2 * dy**2) /
                         (2 * (dx**2 + dy**2)))
        p[0, :] = 0
        p[ny - 1, :] = 0
        p[:, 0] = 0
        p[:, nx - 1] = 0

    return {"p": p, "pmax": p.max(), "pmin": p.min(), "argmax": np.unravel_index(np.argmax(p), p.shape)}

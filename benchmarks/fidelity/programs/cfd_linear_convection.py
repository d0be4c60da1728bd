"""CFD Python step 1: 1-D linear convection, explicit upwind, element loop."""
import numpy as np


def main():
    nx = 41
    dx = 2 / (nx - 1)
    nt = 10
    dt = .025
    c = 1

    u = np.ones(nx)
    u[int(.5 / dx):int(1 / dx + 1)] = 2
    u0 = u.copy()

    un = np.ones(nx)
    for n in range(nt):
        un = u.copy()
        for i in range(1, nx):
            u[i] = un[i] - c * dt / dx * (un[i] - un[i - 1])

    return {"u0": u0, "u": u, "peak": u.max(), "mass": np.sum(u) * dx}

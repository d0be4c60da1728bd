"""CFD Python step 4: 1-D Burgers' equation with periodic boundaries (vectorised)."""
import numpy as np


def main():
    nx = 101
    nt = 40
    dx = 2 * np.pi / (nx - 1)
    nu = .07
    dt = dx * nu

    x = np.linspace(0, 2 * np.pi, nx)
    t = 0
    phi = np.exp(-x ** 2 / (4 * nu * (t + 1))) + np.exp(-(x - 2 * np.pi) ** 2 / (4 * nu * (t + 1)))
    dphi = (-(-8 * t + 2 * x) * np.exp(-(-4 * t + x) ** 2 / (4 * nu * (t + 1))) / (4 * nu * (t + 1))
            - (-8 * t + 2 * x - 4 * np.pi) * np.exp(-(-4 * t + x - 2 * np.pi) ** 2 / (4 * nu * (t + 1))) / (4 * nu * (t + 1)))
    u = -2 * nu * (dphi / phi) + 4
    u_init = u.copy()

    for n in range(nt):
        un = u.copy()
        u[1:-1] = un[1:-1] - un[1:-1] * dt / dx * (un[1:-1] - un[:-2]) + nu * dt / dx**2 * \
            (un[2:] - 2 * un[1:-1] + un[:-2])
        u[0] = un[0] - un[0] * dt / dx * (un[0] - un[-2]) + nu * dt / dx**2 * \
            (un[1] - 2 * un[0] + un[-2])
        u[-1] = u[0]

    return {"x": x, "u_init": u_init, "u": u}

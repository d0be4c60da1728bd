"""2-D diffusion where the stepping function updates its argument in place and returns nothing."""
import numpy as np


def apply_bc(u):
    u[0, :] = 1.0
    u[-1, :] = 1.0
    u[:, 0] = 1.0
    u[:, -1] = 1.0


def step(u, nu, dt, dx, dy):
    un = u.copy()
    u[1:-1, 1:-1] = (un[1:-1, 1:-1] +
                     nu * dt / dx**2 * (un[1:-1, 2:] - 2 * un[1:-1, 1:-1] + un[1:-1, 0:-2]) +
                     nu * dt / dy**2 * (un[2:, 1:-1] - 2 * un[1:-1, 1:-1] + un[0:-2, 1:-1]))
    apply_bc(u)


def main():
    nx = ny = 31
    nu = .05
    dx = 2 / (nx - 1)
    dy = 2 / (ny - 1)
    sigma = .25
    dt = sigma * dx * dy / nu

    u = np.ones((ny, nx))
    u[int(.5 / dy):int(1 / dy + 1), int(.5 / dx):int(1 / dx + 1)] = 2

    history = []
    for n in range(50):
        step(u, nu, dt, dx, dy)
        if n % 10 == 0:
            history.append(u.max())

    return {"u": u, "history": np.array(history), "center": u[ny // 2, nx // 2]}

"""12 steps to Navier-Stokes, step 7/8: 2D diffusion and 2D Burgers with array slicing."""
import numpy as np


def diffuse(nt, u, dt, dx, dy, nu):
    for n in range(nt + 1):
        un = u.copy()
        u[1:-1, 1:-1] = (un[1:-1, 1:-1] +
                         nu * dt / dx**2 *
                         (un[1:-1, 2:] - 2 * un[1:-1, 1:-1] + un[1:-1, 0:-2]) +
                         nu * dt / dy**2 *
                         (un[2:, 1:-1] - 2 * un[1:-1, 1:-1] + un[0:-2, 1:-1]))
        u[0, :] = 1
        u[-1, :] = 1
        u[:, 0] = 1
        u[:, -1] = 1
    return u


def main():
    nx = ny = 31
    nu = 0.05
    dx = 2 / (nx - 1)
    dy = 2 / (ny - 1)
    sigma = 0.25
    dt = sigma * dx * dy / nu
    x = np.linspace(0, 2, nx)
    y = np.linspace(0, 2, ny)

    u = np.ones((ny, nx))
    u[int(.5 / dy):int(1 / dy + 1), int(.5 / dx):int(1 / dx + 1)] = 2
    u10 = diffuse(10, u.copy(), dt, dx, dy, nu)
    u50 = diffuse(50, u, dt, dx, dy, nu)

    # 2D Burgers
    nt = 40
    nu_b = 0.01
    dt_b = 0.0009 * dx * dy / nu_b
    ub = np.ones((ny, nx))
    vb = np.ones((ny, nx))
    ub[int(.5 / dy):int(1 / dy + 1), int(.5 / dx):int(1 / dx + 1)] = 2
    vb[int(.5 / dy):int(1 / dy + 1), int(.5 / dx):int(1 / dx + 1)] = 2
    for n in range(nt):
        un = ub.copy()
        vn = vb.copy()
        ub[1:-1, 1:-1] = (un[1:-1, 1:-1]
                          - dt_b / dx * un[1:-1, 1:-1] * (un[1:-1, 1:-1] - un[1:-1, 0:-2])
                          - dt_b / dy * vn[1:-1, 1:-1] * (un[1:-1, 1:-1] - un[0:-2, 1:-1])
                          + nu_b * dt_b / dx**2 * (un[1:-1, 2:] - 2 * un[1:-1, 1:-1] + un[1:-1, 0:-2])
                          + nu_b * dt_b / dy**2 * (un[2:, 1:-1] - 2 * un[1:-1, 1:-1] + un[0:-2, 1:-1]))
        vb[1:-1, 1:-1] = (vn[1:-1, 1:-1]
                          - dt_b / dx * un[1:-1, 1:-1] * (vn[1:-1, 1:-1] - vn[1:-1, 0:-2])
                          - dt_b / dy * vn[1:-1, 1:-1] * (vn[1:-1, 1:-1] - vn[0:-2, 1:-1])
                          + nu_b * dt_b / dx**2 * (vn[1:-1, 2:] - 2 * vn[1:-1, 1:-1] + vn[1:-1, 0:-2])
                          + nu_b * dt_b / dy**2 * (vn[2:, 1:-1] - 2 * vn[1:-1, 1:-1] + vn[0:-2, 1:-1]))
        ub[0, :] = ub[-1, :] = ub[:, 0] = ub[:, -1] = 1
        vb[0, :] = vb[-1, :] = vb[:, 0] = vb[:, -1] = 1
    X, Y = np.meshgrid(x, y)
    centroid = (np.sum(X * ub) / np.sum(ub), np.sum(Y * ub) / np.sum(ub))
    print(f"max u after diffusion: {u50.max():.4f}, centroid {centroid}")
    return {"u10": u10, "u50": u50, "ub": ub, "vb": vb,
            "cx": centroid[0], "cy": centroid[1], "peak_idx": int(np.argmax(ub))}

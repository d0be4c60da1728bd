"""2-D Laplace equation solved by Jacobi iteration until the relative L1 change
drops below a target (12 steps to Navier-Stokes, step 9, as a flat script)."""
import os

import numpy as np

SIZE = os.environ.get("N2T_SIZE", "published")
nx, ny, l1norm_target = {
    "published": (31, 31, 1e-4),
    "large": (81, 81, 1e-5),
    "smoke": (31, 31, 1e-2),
}[SIZE]

c = 1
dx = 2 / (nx - 1)
dy = 2 / (ny - 1)

# initial conditions
p = np.zeros((ny, nx))  # create a XxY vector of 0's

# plotting aids
x = np.linspace(0, 2, nx)
y = np.linspace(0, 1, ny)

# boundary conditions
p[:, 0] = 0  # p = 0 @ x = 0
p[:, -1] = y  # p = y @ x = 2
p[0, :] = p[1, :]  # dp/dy = 0 @ y = 0
p[-1, :] = p[-2, :]  # dp/dy = 0 @ y = 1

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

print("converged after %d iterations (l1norm = %g)" % (iterations, l1norm))

RESULT = (p, iterations)

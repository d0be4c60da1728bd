"""2-D wave equation u_tt = c^2 (u_xx + u_yy) on the unit square, fixed edges,
second-order leapfrog in time. A small solver class with step()/run()."""
import os

import numpy as np

SIZE = os.environ.get("N2T_SIZE", "published")
GRID, STEPS = {"published": (101, 200), "large": (801, 80)}[SIZE]


class WaveSolver2D:
    def __init__(self, n, c=1.0, length=1.0, cfl=0.5):
        self.n = n
        self.c = c
        self.dx = length / (n - 1)
        self.dt = cfl * self.dx / c
        self.C2 = (c * self.dt / self.dx) ** 2
        x = np.linspace(0.0, length, n)
        X, Y = np.meshgrid(x, x, indexing="ij")
        # Gaussian pulse in the middle, initially at rest
        self.u = np.exp(-((X - 0.5) ** 2 + (Y - 0.5) ** 2) / 0.005)
        self.u[0, :] = self.u[-1, :] = 0.0
        self.u[:, 0] = self.u[:, -1] = 0.0
        self.u_prev = self.u.copy()
        self.t = 0.0
        self.steps = 0

    def laplacian(self, u):
        lap = np.zeros_like(u)
        lap[1:-1, 1:-1] = (u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2]
                           - 4.0 * u[1:-1, 1:-1])
        return lap

    def step(self):
        u_next = 2.0 * self.u - self.u_prev + self.C2 * self.laplacian(self.u)
        # Dirichlet boundaries
        u_next[0, :] = 0.0
        u_next[-1, :] = 0.0
        u_next[:, 0] = 0.0
        u_next[:, -1] = 0.0
        self.u_prev, self.u = self.u, u_next
        self.t += self.dt
        self.steps += 1

    def energy(self):
        ut = (self.u - self.u_prev) / self.dt
        gx, gy = np.gradient(self.u, self.dx)
        return 0.5 * np.sum(ut ** 2 + self.c ** 2 * (gx ** 2 + gy ** 2)) * self.dx ** 2

    def run(self, nsteps):
        for _ in range(nsteps):
            self.step()
        return self.u


solver = WaveSolver2D(GRID)
e0 = solver.energy()
u_final = solver.run(STEPS)
e1 = solver.energy()

RESULT = (u_final, e0, e1)

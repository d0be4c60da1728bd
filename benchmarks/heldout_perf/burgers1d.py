"""1-D Burgers' equation, explicit finite differences (after "12 steps to Navier-Stokes",
step 4). The lesson builds the initial condition with SymPy; here the derivative of phi
is written out by hand so the script only needs NumPy."""
import os

import numpy

# ---- problem size -------------------------------------------------------------------
SIZE = os.environ.get("N2T_SIZE", "published")
nx, nt = {"published": (101, 100), "large": (401, 800), "smoke": (101, 10)}[SIZE]
# --------------------------------------------------------------------------------------


def ufunc(t, x, nu):
    """Analytical solution u(t, x) = -2 nu phi'/phi + 4 of the saw-tooth problem."""
    e1 = numpy.exp(-(x - 4 * t) ** 2 / (4 * nu * (t + 1)))
    e2 = numpy.exp(-(x - 4 * t - 2 * numpy.pi) ** 2 / (4 * nu * (t + 1)))
    phi = e1 + e2
    phiprime = -(x - 4 * t) / (2 * nu * (t + 1)) * e1 - (x - 4 * t - 2 * numpy.pi) / (
        2 * nu * (t + 1)
    ) * e2
    return -2 * nu * (phiprime / phi) + 4


dx = 2 * numpy.pi / (nx - 1)
nu = 0.07
dt = dx * nu

x = numpy.linspace(0, 2 * numpy.pi, nx)
un = numpy.empty(nx)
t = 0

u = numpy.asarray([ufunc(t, x0, nu) for x0 in x])

for n in range(nt):
    un = u.copy()
    for i in range(1, nx - 1):
        u[i] = un[i] - un[i] * dt / dx * (un[i] - un[i - 1]) + nu * dt / dx**2 * (
            un[i + 1] - 2 * un[i] + un[i - 1]
        )
    u[0] = un[0] - un[0] * dt / dx * (un[0] - un[-2]) + nu * dt / dx**2 * (
        un[1] - 2 * un[0] + un[-2]
    )
    u[-1] = u[0]

u_analytical = numpy.asarray([ufunc(nt * dt, xi, nu) for xi in x])

RESULT = (u, u_analytical)

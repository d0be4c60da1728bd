"""CFD Python steps 1-4: 1D linear convection, nonlinear convection, diffusion, Burgers (module-level script)."""
import numpy as np

nx = 41
dx = 2.0 / (nx - 1)
nt = 25
dt = 0.025
c = 1.0

# Step 1: linear convection with a hat function initial condition
u = np.ones(nx)
u[int(0.5 / dx):int(1 / dx + 1)] = 2
un = np.ones(nx)
for n in range(nt):
    un = u.copy()
    for i in range(1, nx):
        u[i] = un[i] - c * dt / dx * (un[i] - un[i - 1])
u_linear = u.copy()

# Step 2: nonlinear convection, vectorised
u = np.ones(nx)
u[int(0.5 / dx):int(1 / dx + 1)] = 2
for n in range(nt):
    un = u.copy()
    u[1:] = un[1:] - un[1:] * dt / dx * (un[1:] - un[:-1])
u_nonlinear = u.copy()

# Step 3: diffusion
nu = 0.3
sigma = 0.2
dt_d = sigma * dx ** 2 / nu
u = np.ones(nx)
u[int(0.5 / dx):int(1 / dx + 1)] = 2
for n in range(20):
    un = u.copy()
    u[1:-1] = un[1:-1] + nu * dt_d / dx ** 2 * (un[2:] - 2 * un[1:-1] + un[0:-2])
u_diffusion = u.copy()

# Step 4: Burgers equation with periodic BCs (sawtooth analytic IC)
nxb = 101
x = np.linspace(0, 2 * np.pi, nxb)
dxb = 2 * np.pi / (nxb - 1)
nub = 0.07
dtb = dxb * nub


def phi(x, t, nu):
    return (np.exp(-(x - 4 * t) ** 2 / (4 * nu * (t + 1)))
            + np.exp(-(x - 4 * t - 2 * np.pi) ** 2 / (4 * nu * (t + 1))))


def dphi(x, t, nu):
    a = -(-8 * t + 2 * x) * np.exp(-(-4 * t + x) ** 2 / (4 * nu * (t + 1))) / (4 * nu * (t + 1))
    b = -(-8 * t + 2 * x - 4 * np.pi) * np.exp(-(-4 * t + x - 2 * np.pi) ** 2 / (4 * nu * (t + 1))) / (4 * nu * (t + 1))
    return a + b


u = -2 * nub * (dphi(x, 0.0, nub) / phi(x, 0.0, nub)) + 4
u0 = u.copy()
for n in range(60):
    un = u.copy()
    u[1:-1] = (un[1:-1] - un[1:-1] * dtb / dxb * (un[1:-1] - un[:-2])
               + nub * dtb / dxb ** 2 * (un[2:] - 2 * un[1:-1] + un[:-2]))
    u[0] = (un[0] - un[0] * dtb / dxb * (un[0] - un[-2])
            + nub * dtb / dxb ** 2 * (un[1] - 2 * un[0] + un[-2]))
    u[-1] = u[0]
t_end = 60 * dtb
u_analytic = -2 * nub * (dphi(x, t_end, nub) / phi(x, t_end, nub)) + 4
burgers_err = float(np.max(np.abs(u - u_analytic)))
print("Burgers max error: %.5f" % burgers_err)


def main():
    return {"u_linear": u_linear, "u_nonlinear": u_nonlinear,
            "u_diffusion": u_diffusion, "u_burgers": u, "u0": u0,
            "u_analytic": u_analytic, "burgers_err": burgers_err,
            "mass_linear": float(u_linear.sum() * dx)}

"""Time stepping an ODE system: Lotka-Volterra with Euler and RK4, trajectories stored row by row."""
import numpy as np


def f(t, z, a=1.0, b=0.1, c=1.5, d=0.075):
    x, y = z
    return np.array([a * x - b * x * y, -c * y + d * x * y])


def rk4(f, z0, t):
    z = np.zeros((len(t), len(z0)))
    z[0] = z0
    for i in range(len(t) - 1):
        h = t[i + 1] - t[i]
        k1 = f(t[i], z[i])
        k2 = f(t[i] + h / 2, z[i] + h / 2 * k1)
        k3 = f(t[i] + h / 2, z[i] + h / 2 * k2)
        k4 = f(t[i] + h, z[i] + h * k3)
        z[i + 1] = z[i] + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return z


def euler(f, z0, t):
    z = np.zeros((len(t), len(z0)))
    z[0] = z0
    for i in range(len(t) - 1):
        z[i + 1] = z[i] + (t[i + 1] - t[i]) * f(t[i], z[i])
    return z


def main():
    t = np.linspace(0, 5, 41)
    z0 = np.array([10.0, 5.0])
    zr = rk4(f, z0, t)
    ze = euler(f, z0, t)
    # projectile with drag, while loop until it hits the ground
    pos = np.array([0.0, 0.0])
    vel = np.array([10.0, 10.0])
    g = np.array([0.0, -9.81])
    dt = 0.05
    steps = 0
    while pos[1] >= 0:
        vel = vel + (g - 0.1 * vel * np.linalg.norm(vel)) * dt
        pos = pos + vel * dt
        steps += 1
    return {"zr": zr, "ze_end": ze[-1], "steps": steps, "range": pos[0]}

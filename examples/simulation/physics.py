"""Time stepping with slice writes: the 1-D heat equation and a damped spring system."""
import numpy as np


def heat(nx=101, nt=200, alpha=0.25):
    """Explicit finite differences; returns the final temperature profile."""
    u = np.zeros(nx)
    u[nx // 4 : nx // 2] = 1.0
    for _ in range(nt):
        un = u.copy()
        u[1:-1] = un[1:-1] + alpha * (un[2:] - 2.0 * un[1:-1] + un[:-2])
    return u


def springs(n=8, steps=100, dt=0.05):
    """Masses on a line joined by springs, integrated with symplectic Euler."""
    x = np.linspace(0.0, 1.0, n) + 0.05 * np.sin(np.arange(n))
    v = np.zeros(n)
    rest = 1.0 / (n - 1)
    for _ in range(steps):
        stretch = np.diff(x) - rest
        force = np.zeros(n)
        force[:-1] += stretch
        force[1:] -= stretch
        v = 0.99 * v + dt * force * 40.0
        x = x + dt * v
    energy = 0.5 * np.sum(v**2) + 20.0 * np.sum((np.diff(x) - rest) ** 2)
    return x, energy

"""2-D heat equation, explicit finite differences with slice writes."""
import numpy as np

SIZES = {"small": (32, 200), "large": (700, 200)}


def make(n, nt):
    x = np.linspace(0.0, 1.0, n)
    u0 = np.outer(np.sin(np.pi * x), np.sin(np.pi * x))
    return u0, nt


def run(u0, nt):
    u = u0.copy()
    alpha = 0.2
    for n in range(nt):
        un = u.copy()
        u[1:-1, 1:-1] = un[1:-1, 1:-1] + alpha * (
            un[2:, 1:-1] + un[:-2, 1:-1] + un[1:-1, 2:] + un[1:-1, :-2] - 4 * un[1:-1, 1:-1]
        )
        u[0, :] = 0.0
        u[-1, :] = 0.0
    return u

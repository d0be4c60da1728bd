"""Repro: helper writes slices of its array argument and returns it; callers use the return value (CFD diffuse)."""
import numpy as np


def diffuse(nt, u, nu):
    for n in range(nt):
        un = u.copy()
        u[1:-1] = un[1:-1] + nu * (un[2:] - 2 * un[1:-1] + un[:-2])
        u[0] = u[-1] = 1
    return u


def main():
    u = np.ones(8)
    u[3:5] = 2
    u5 = diffuse(5, u.copy(), 0.2)
    u10 = diffuse(10, u, 0.2)
    return {"u5": u5, "u10": u10}

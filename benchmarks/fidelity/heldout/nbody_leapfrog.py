"""Gravitational N-body simulation with leapfrog integration and energy conservation check."""
import numpy as np


def accelerations(pos, mass, G=1.0, softening=0.1):
    x = pos[:, 0:1]
    y = pos[:, 1:2]
    z = pos[:, 2:3]
    dx = x.T - x
    dy = y.T - y
    dz = z.T - z
    inv_r3 = (dx ** 2 + dy ** 2 + dz ** 2 + softening ** 2)
    inv_r3[inv_r3 > 0] = inv_r3[inv_r3 > 0] ** (-1.5)
    ax = G * (dx * inv_r3) @ mass
    ay = G * (dy * inv_r3) @ mass
    az = G * (dz * inv_r3) @ mass
    return np.hstack((ax, ay, az))


def energy(pos, vel, mass, G=1.0, softening=0.1):
    KE = 0.5 * np.sum(mass * vel ** 2)
    dr = pos[:, np.newaxis, :] - pos[np.newaxis, :, :]
    r = np.sqrt((dr ** 2).sum(axis=-1) + softening ** 2)
    inv_r = np.triu(1.0 / r, 1)
    PE = G * np.sum(np.sum(inv_r * mass * mass.T))
    return KE, -PE


def main():
    np.random.seed(17)
    N = 12
    mass = 20.0 * np.ones((N, 1)) / N
    pos = np.random.randn(N, 3)
    vel = np.random.randn(N, 3)
    vel -= np.mean(mass * vel, 0) / np.mean(mass)   # centre-of-mass frame
    acc = accelerations(pos, mass)
    KE0, PE0 = energy(pos, vel, mass)
    dt, Nt = 0.01, 200
    E_hist = np.zeros(Nt + 1)
    E_hist[0] = KE0 + PE0
    com = []
    for i in range(Nt):
        vel += acc * dt / 2.0
        pos += vel * dt
        acc = accelerations(pos, mass)
        vel += acc * dt / 2.0
        KE, PE = energy(pos, vel, mass)
        E_hist[i + 1] = KE + PE
        com.append((mass * pos).sum(axis=0) / mass.sum())
    com = np.array(com)
    drift = np.abs(E_hist - E_hist[0]).max() / abs(E_hist[0])
    print(f"relative energy drift: {drift:.2e}")
    return {"pos": pos, "vel": vel, "E": E_hist, "drift": drift,
            "com_final": com[-1], "momentum": (mass * vel).sum(axis=0)}

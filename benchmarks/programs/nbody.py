"""Gravitational n-body, leapfrog time stepping."""
import numpy as np

SIZES = {"small": (32, 100), "large": (250, 100)}


def make(n, steps):
    i = np.arange(n)
    pos = np.stack([np.cos(i * 0.7), np.sin(i * 1.3), np.cos(i * 0.1)], axis=1) * (1 + i[:, None] / n)
    vel = np.zeros((n, 3))
    mass = 1.0 + (i % 5) / 5.0
    return pos, vel, mass, steps


def run(pos, vel, mass, steps):
    dt = 0.001
    for _ in range(steps):
        diff = pos[None, :, :] - pos[:, None, :]
        dist2 = np.sum(diff ** 2, axis=-1) + 0.01
        inv = dist2 ** -1.5
        acc = np.sum(diff * (inv * mass[None, :])[:, :, None], axis=1)
        vel = vel + dt * acc
        pos = pos + dt * vel
    return pos, vel

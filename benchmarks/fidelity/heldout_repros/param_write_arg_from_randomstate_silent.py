"""Repro: helper mutates its array argument (Ising spin flip); the argument came from a
RandomState method, so it is not known to be an array. No diagnostic at all."""
import numpy as np


def flip(spins, mask):
    spins[mask] *= -1


def simulate(rng):
    spins = rng.choice([-1, 1], size=(3, 3))
    flip(spins, spins > 0)
    return spins


def main():
    rng = np.random.RandomState(0)
    return {"spins": simulate(rng)}

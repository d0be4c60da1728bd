"""Repro (as in ising_metropolis): helper mutates its array argument after calling np.roll on it;
the argument came from a RandomState method, so it is not known to be an array."""
import numpy as np


def sweep(spins):
    nb = np.roll(spins, 1, 0) + np.roll(spins, -1, 0)
    spins[nb > 0] *= -1


def simulate(rng):
    spins = rng.choice([-1, 1], size=(3, 3))
    sweep(spins)
    return spins


def main():
    rng = np.random.RandomState(0)
    return {"spins": simulate(rng)}

#!/usr/bin/env python
# 2D Ising model, Metropolis algorithm with a vectorised checkerboard update.
# Each half-sweep flips, in parallel, the spins of one sublattice that the
# Metropolis criterion accepts (their neighbours all belong to the other one).
import os

import numpy as np

SIZE = os.environ.get("N2T_SIZE", "published")
L, nsweeps = {"published": (64, 500), "large": (256, 150), "smoke": (64, 50)}[SIZE]

J = 1.0
T = 2.269          # close to the critical temperature 2 / ln(1 + sqrt(2))
beta = 1.0 / T

np.random.seed(42)
spins = np.random.choice([-1, 1], size=(L, L))

# checkerboard masks
ii, jj = np.indices((L, L))
black = (ii + jj) % 2 == 0
white = ~black

magnetisation = []
energy = []

for sweep in range(nsweeps):
    for sub in (black, white):
        nn = (np.roll(spins, 1, axis=0) + np.roll(spins, -1, axis=0) +
              np.roll(spins, 1, axis=1) + np.roll(spins, -1, axis=1))
        dE = 2 * J * spins * nn
        accept = (dE <= 0) | (np.random.rand(L, L) < np.exp(-beta * dE))
        flip = sub & accept
        spins[flip] *= -1
    nn = np.roll(spins, 1, axis=0) + np.roll(spins, 1, axis=1)
    E = -J * np.sum(spins * nn) / L**2
    M = np.abs(np.mean(spins))
    magnetisation.append(M)
    energy.append(E)
    if sweep % 100 == 0:
        print("sweep %4d   E/N = %+.4f   |M| = %.4f" % (sweep, E, M))

RESULT = (spins, np.array(magnetisation), np.array(energy))

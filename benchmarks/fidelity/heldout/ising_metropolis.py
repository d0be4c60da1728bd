"""2D Ising model with Metropolis Monte Carlo (checkerboard updates) at a few temperatures."""
import numpy as np


def energy(spins, J=1.0):
    return -J * np.sum(spins * (np.roll(spins, 1, axis=0) + np.roll(spins, 1, axis=1)))


def sweep(spins, beta, rng, checker):
    for parity in (0, 1):
        nb = (np.roll(spins, 1, 0) + np.roll(spins, -1, 0) +
              np.roll(spins, 1, 1) + np.roll(spins, -1, 1))
        dE = 2 * spins * nb
        accept = (dE <= 0) | (rng.random_sample(spins.shape) < np.exp(-beta * dE))
        flip = accept & (checker == parity)
        spins[flip] *= -1


def simulate(L, T, n_sweeps, rng):
    spins = rng.choice([-1, 1], size=(L, L))
    i, j = np.indices((L, L))
    checker = (i + j) % 2
    mags = []
    energies = []
    for s in range(n_sweeps):
        sweep(spins, 1.0 / T, rng, checker)
        if s >= n_sweeps // 2:
            mags.append(abs(spins.mean()))
            energies.append(energy(spins) / L ** 2)
    return spins, np.array(mags), np.array(energies)


def main():
    rng = np.random.RandomState(77)
    L = 16
    temps = np.array([1.5, 2.27, 3.5])
    M = np.zeros(len(temps))
    E = np.zeros(len(temps))
    C = np.zeros(len(temps))
    for k, T in enumerate(temps):
        spins, mags, ens = simulate(L, T, 120, rng)
        M[k] = mags.mean()
        E[k] = ens.mean()
        C[k] = ens.var() * L ** 2 / T ** 2
        print(f"T={T:.2f}: |m|={M[k]:.3f} e={E[k]:.3f}")
    ground = np.ones((L, L), dtype=int)
    return {"M": M, "E": E, "C": C, "ordered_low_T": bool(M[0] > M[-1]),
            "ground_energy": energy(ground) / L ** 2, "last_spins_sum": int(spins.sum()),
            "spins_dtype": str(spins.dtype)}

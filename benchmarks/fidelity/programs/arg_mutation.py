"""Functions that mutate their array arguments (normalise in place, clip with out=, swap rows)."""
import numpy as np


def normalize_(x):
    x -= x.mean(axis=0)
    x /= x.std(axis=0)


def clip_inplace(a, lo, hi):
    np.clip(a, lo, hi, out=a)


def swap_rows(M, i, j):
    tmp = M[i].copy()
    M[i] = M[j]
    M[j] = tmp


def add_noise(arr, scale):
    arr += scale * np.arange(arr.size).reshape(arr.shape)
    return arr


def zero_diagonal(M):
    for i in range(min(M.shape)):
        M[i, i] = 0


def main():
    X = np.arange(12, dtype=float).reshape(4, 3) ** 1.5
    normalize_(X)

    a = np.linspace(-2, 2, 9)
    clip_inplace(a, -1, 1)

    M = np.arange(9.0).reshape(3, 3)
    swap_rows(M, 0, 2)

    N = np.ones((2, 3))
    N2 = add_noise(N, 0.5)

    Z = np.ones((4, 4))
    zero_diagonal(Z)

    data = [np.zeros(3), np.zeros(3)]
    for d in data:
        d += 1

    return {"X": X, "a": a, "M": M, "N": N, "N2": N2, "Z": Z, "data": np.array(data)}

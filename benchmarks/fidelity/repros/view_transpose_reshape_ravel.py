"""Writes through `.T`, `.ravel()` and `.reshape()` views of a C-contiguous array, and
through `a.T[i, j] = v` / `a.flat[k] = v` written inline."""
import numpy as np


def main():
    T = np.arange(6.0).reshape(2, 3)
    Tt = T.T
    Tt[0, 1] = 42.0
    T.T[2, 0] += 1.0
    b = np.arange(12).reshape(3, 4)
    flat = b.ravel()
    flat[::3] = 100
    r = b.reshape(2, 6)
    r[1, 0] = -1
    b.flat[5] = 55
    v = b.view()
    v[2, 3] = 7
    return {"T": T, "Tt": Tt, "b": b, "flat": flat, "r": r, "v": v}

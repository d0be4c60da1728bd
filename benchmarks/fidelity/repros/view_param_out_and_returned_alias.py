"""`np.clip(a, lo, hi, out=a)` on a parameter, and `N2 = add_noise(N)` where `add_noise`
writes into and returns its parameter (so `N2` is `N`): later writes are seen through both."""
import numpy as np


def clip_inplace(a, lo, hi):
    np.clip(a, lo, hi, out=a)


def add_noise(arr, scale):
    arr += scale * np.arange(arr.size).reshape(arr.shape)
    return arr


def main():
    a = np.linspace(-2, 2, 9)
    clip_inplace(a, -1, 1)
    N = np.ones((2, 3))
    N2 = add_noise(N, 0.5)
    N[0, 0] = -7.0
    return {"a": a, "N": N, "N2": N2, "same": N is N2}

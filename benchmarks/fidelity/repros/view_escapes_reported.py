"""A view that escapes into a list, and a row view of an array of unknown rank, cannot be
written back: the writes stay as they are with N2T200 (the converted program raises)."""
import numpy as np


def scale_first_row(M):
    row = M[0]
    M[0, 0] = 5.0
    return row * 2


def main():
    a = np.arange(6.0)
    views = []
    v = a[1:3]
    views.append(v)
    v[0] = 50.0
    return {"a": a, "first": views[0], "r": scale_first_row(np.ones((2, 2)))}

"""Copies are not views: writes into `a.copy()`, `np.array(a)`, `a[[1, 2]]`, `a[a > 2]` and
arithmetic results leave `a` alone."""
import numpy as np


def main():
    a = np.arange(6)
    c = a.copy()
    d = np.array(a)
    f = a[[1, 2]]
    m = a[a > 2]
    g = a * 1
    c[0] = 9
    d[1] = 9
    f[0] = 9
    m[0] = -1
    g[2] += 9
    return {"a": a, "c": c, "d": d, "f": f, "m": m, "g": g}

"""Grid and concatenation helpers: mgrid, ogrid, meshgrid, r_, c_, linspace, arange with float step."""
import numpy as np


def main():
    X, Y = np.mgrid[0:4, 0:3]
    gx, gy = np.mgrid[-1:1:5j, -1:1:5j]
    xs = np.linspace(-1, 1, 7)
    XX, YY = np.meshgrid(xs, xs[:4])
    R = np.sqrt(XX**2 + YY**2)
    r = np.r_[1:4, 0, 0, np.array([7, 8])]
    rf = np.r_[-1:1:5j]
    cc = np.c_[np.array([1, 2, 3]), np.array([4, 5, 6])]
    ar = np.arange(0, 1, 0.1)
    stacked = np.vstack([np.arange(3), np.arange(3) * 2])
    h = np.hstack((np.zeros(2), np.ones(3)))
    tiled = np.tile(np.array([1, 2]), (2, 3))
    rep = np.repeat(np.array([[1, 2], [3, 4]]), 2, axis=0)
    full = np.full((2, 3), 7.5)
    ident = np.identity(3, dtype=int)
    tri = np.tril(np.ones((4, 4))) - np.triu(np.ones((4, 4)), 1)
    concat = np.concatenate([np.arange(2), np.arange(3)])
    return {"X": X, "Y": Y, "gx": gx, "gy": gy, "R": R, "r": r, "rf": rf, "cc": cc,
            "ar": ar, "stacked": stacked, "h": h, "tiled": tiled, "rep": rep, "full": full,
            "ident": ident, "tri": tri, "concat": concat}
